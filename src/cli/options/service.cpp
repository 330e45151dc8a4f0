#include "service.hpp"

#include "roisc/core/error.hpp"
#include "roisc/core/text.hpp"
#include "thresholds.hpp"

#include <map>
#include <vector>

namespace roisc::cli {

namespace {

std::vector<std::string> split(const std::string& text, char sep) {
    // Empty pieces are kept ("a,", ":"), so they can be refused.
    std::vector<std::string> out(1);
    for (char c : text) {
        if (c == sep) out.emplace_back();
        else out.back() += c;
    }
    for (auto& piece : out) piece = trim(piece);
    return out;
}

// A kind by its name, label or alias, or their plural (pharmacies, hubs, cafés).
std::optional<AssetKind> kind_of(const std::string& text) {
    if (auto k = asset_kind_from_text(text)) return k;
    const std::string t = lower(text);
    if (t.size() > 3 && t.compare(t.size() - 3, 3, "ies") == 0) {
        if (auto k = asset_kind_from_text(t.substr(0, t.size() - 3) + "y")) return k;
    }
    if (t.size() > 1 && t.back() == 's') return asset_kind_from_text(t.substr(0, t.size() - 1));
    return std::nullopt;
}

// The vocabulary's one nesting: a pharmacy with a needle exchange is a kind of pharmacy.
std::optional<AssetKind> parent_of(AssetKind kind) {
    if (kind == AssetKind::needle_exchange) return AssetKind::pharmacy;
    return std::nullopt;
}

const char* const grammar = "Write meetings, or an asset kind with optional qualifiers: pharmacies, libraries, hubs, "
                            "pharmacies:needle_exchange, library:real, pharmacy:layer=assets.";

}  // namespace

std::string ordinal(int n) {
    const int tens = n % 100, ones = n % 10;
    const char* suffix = (tens >= 11 && tens <= 13) ? "th" : ones == 1 ? "st" : ones == 2 ? "nd" : ones == 3 ? "rd" : "th";
    return std::to_string(n) + suffix;
}

std::string kinds_present(const Study& study) {
    std::map<AssetKind, int> n;
    for (const auto& a : study.assets) ++n[a.kind];
    std::string out;
    for (AssetKind k : all_asset_kinds()) {
        if (n.count(k)) out += (out.empty() ? "" : ", ") + std::string(to_string(k)) + " " + std::to_string(n[k]);
    }
    return out.empty() ? "none" : out;
}

Service parse_service(const std::string& text, const std::string& option, const Study* study) {
    const std::string t = trim(text);
    Service service;
    if (is_meetings(t)) return service;
    const auto colon = t.find(':');
    const std::string kind_text = trim(t.substr(0, colon));
    if (is_meetings(kind_text)) {
        throw ArgumentError(option + " " + shown(t) + ": meetings take no qualifier here; choose them with --fellowship, "
                            "--type, --when and --include-online.");
    }
    const auto kind = kind_of(kind_text);
    if (!kind) {
        std::string m = option + " " + shown(t) + ": " + UnknownAssetKind{kind_text}.message();
        if (study) m += " This study's assets: " + kinds_present(*study) + ".";
        throw ArgumentError(m + " " + grammar);
    }
    AssetFilter filter;
    filter.kind = *kind;
    if (colon != std::string::npos) {
        for (const auto& q : split(t.substr(colon + 1), ',')) {
            const std::string lq = lower(q);
            if (lq.empty()) throw ArgumentError(option + " " + shown(t) + ": an empty qualifier after ':' or ','. " + grammar);
            if (lq == "real") {
                filter.real_only = true;
            } else if (lq.rfind("layer=", 0) == 0) {
                filter.layer = trim(q.substr(6));
                if (filter.layer.empty()) throw ArgumentError(option + " " + shown(t) + ": layer= needs a layer name. " + grammar);
            } else if (const auto sub = kind_of(q)) {
                if (parent_of(*sub) != *kind) {
                    throw ArgumentError(option + " " + shown(t) + ": '" + shown(q) + "' is not a kind of " + label(*kind) +
                                        " (only pharmacy:needle_exchange nests). Measure it on its own: " + option + " " +
                                        to_string(*sub) + ".");
                }
                filter.kind = *sub;
            } else {
                std::string m = option + " " + shown(t) + ": '" + shown(q) + "' is not a qualifier. A qualifier is a sub-kind "
                                "(needle_exchange), real, or layer=NAME.";
                if (const auto near = closest_asset_kind(q)) m += std::string(" Did you mean ") + to_string(*near) + "?";
                throw ArgumentError(m + " " + grammar);
            }
        }
    }
    service.assets = filter;
    return service;
}

// An empty --of or --for (`--of ""`, a query file's `of = ""`) names nothing: not the default.
const CLI::Validator named_service(
    [](std::string& value) {
        return trim(value).empty() ? std::string("an empty value names no service: give meetings or a kind, e.g. "
                                                 "pharmacies, libraries, hubs")
                                   : std::string();
    },
    "");

void ServiceOptions::declare_of(CLI::App& app) {
    app.add_option("--of", text,
                   "The service people are measured against: meetings (default), or an asset kind with optional "
                   "qualifiers: pharmacies, libraries, hubs, pharmacies:needle_exchange, library:real, "
                   "pharmacy:layer=NAME")
        ->type_name("SERVICE")
        ->check(named_service);
}

bool is_meetings(const std::string& text) {
    const std::string t = lower(trim(text));
    return t.empty() || t == "meetings" || t == "meeting";
}

void ServiceOptions::declare_min_options(CLI::App& app) {
    add_count(app, "--min-options", min_options,
              "Count a hotspot as reached only when at least N distinct places of the service are within reach (a "
              "choice of where to go, e.g. for anonymity); default 1. Distances only");
}

void ServiceOptions::check_min_options(const Threshold& reach, const std::string& option) const {
    if (min_options > 1 && reach.is_time()) {
        throw ArgumentError("--min-options " + std::to_string(min_options) + " with " + option + " " + reach.text +
                            ": a choice of places is counted by straight-line distance only. Give " + option +
                            " as a distance (e.g. 1mi), or drop --min-options.");
    }
}

std::string ServiceOptions::name_part(const Service& service) const {
    std::string s = service.meetings() ? "" : service.assets->slug();
    if (min_options > 1) s += (s.empty() ? "" : "-") + std::string("min") + std::to_string(min_options);
    return s;
}

std::string ServiceOptions::reached(const Service& service, const std::string& meeting_filter) const {
    if (service.meetings()) {
        if (min_options > 1) return "at least " + std::to_string(min_options) + " options (eligible meetings: " + meeting_filter + "; distinct places)";
        return "an eligible meeting (" + meeting_filter + ")";
    }
    if (min_options > 1) return "at least " + std::to_string(min_options) + " options (" + service.assets->describe() + "; distinct places)";
    return service.one() + (service.assets->real_only || !service.assets->layer.empty() ? " (" + service.assets->describe() + ")" : "");
}

Metadata ServiceOptions::metadata(const Service& service) const {
    Metadata m;
    if (!service.meetings()) m.push_back({"service", service.assets->describe() + " (--of " + text + ")"});
    if (min_options > 1) {
        m.push_back({"min_options", std::to_string(min_options) + " distinct places within reach; nearest fields and distances are those of the " +
                                        ordinal(min_options) + " nearest place"});
    }
    return m;
}

bool ServiceOptions::meetings() const { return is_meetings(text); }

void ServiceOptions::check(const MeetingOptions& meetings, const std::string& option) const {
    refuse_meeting_options(meetings, option, text);
}

void refuse_meeting_options(const MeetingOptions& meetings, const std::string& option, const std::string& text) {
    if (is_meetings(text)) return;
    std::vector<std::string> given;
    if (!meetings.fellowship.empty()) given.push_back("--fellowship");
    if (!meetings.types.empty()) given.push_back("--type");
    if (!meetings.when.empty()) given.push_back("--when");
    if (meetings.include_online) given.push_back("--include-online");
    if (given.empty()) return;
    std::string list;
    for (const auto& g : given) list += (list.empty() ? "" : ", ") + g;
    throw ArgumentError(list + (given.size() == 1 ? " only applies" : " only apply") + " to meetings, and " + option + " " + text + " measures " +
                        shown(text) + ", not meetings (opening hours are not a filter). Drop " + list +
                        ", or drop " + option + " to measure meetings.");
}

Service measure_against(Study& study, const Manifest& manifest, const std::string& text, const std::string& option,
                        bool none_is_an_answer) {
    const Service service = parse_service(text, option, &study);
    if (service.meetings()) return service;
    const AssetFilter& filter = *service.assets;
    if (!filter.layer.empty()) {
        std::string names;
        bool found = false;
        for (const LayerSpec* spec : manifest.with_role(Role::assets)) {
            names += (names.empty() ? "" : ", ") + spec->name;
            found = found || spec->name == filter.layer;
        }
        if (!found) {
            throw ArgumentError(option + " " + shown(text) + ": the manifest has no assets layer '" + shown(filter.layer) +
                                "'. Its assets layers: " + (names.empty() ? std::string("none") : names) + ".");
        }
    }
    if (count_accepted(study.assets, filter) == 0 && !none_is_an_answer) {
        throw DataError(manifest.path + ": " + option + " " + shown(text) + ": no asset of the study is a " + filter.describe() +
                        ", so nothing can be measured (everyone would count as beyond reach). This study's assets: " +
                        kinds_present(study) + ". Add the " + to_string(filter.kind) +
                        " features to a layer of role assets, or measure another kind.");
    }
    study.meetings = asset_sites(study, filter);
    return service;
}

}  // namespace roisc::cli
