#include "roisc/model/asset.hpp"

#include "roisc/core/text.hpp"

#include <algorithm>
#include <cctype>

namespace roisc {

namespace {

struct KindNames {
    AssetKind kind;
    const char* name;
    const char* label;
    std::vector<const char*> aliases;  // written as keys: lower-case letters and digits only
};

const std::vector<KindNames>& vocabulary() {
    static const std::vector<KindNames> v = {
        {AssetKind::recovery_hub, "recovery_hub", "recovery hub", {"recoveryhub", "hub", "recoverycentre", "recoverycenter"}},
        {AssetKind::recovery_cafe, "recovery_cafe", "recovery café",
         {"recoverycafe", "cafe", "communitycafe", "bumpingspace"}},
        {AssetKind::drop_in, "drop_in", "drop-in", {"dropin", "dropins", "dropinsession"}},
        {AssetKind::employability, "employability", "employability support",
         {"employability", "employabilitysupport", "employment", "employmentsupport", "jobsupport", "training"}},
        {AssetKind::volunteering, "volunteering", "volunteering", {"volunteering", "volunteer", "volunteers"}},
        {AssetKind::treatment_service, "treatment_service", "drug and alcohol treatment service",
         {"treatmentservice", "treatment", "drugandalcoholservice", "drugandalcoholtreatmentservice", "treatmentprovider"}},
        {AssetKind::needle_exchange, "needle_exchange", "pharmacy with needle exchange",
         {"needleexchange", "pharmacywithneedleexchange", "pharmacyneedleexchange", "nsp", "needleandsyringeprogramme",
          "needleandsyringeprogram", "syringeexchange"}},
        {AssetKind::housing_support, "housing_support", "housing support", {"housingsupport", "housing"}},
        {AssetKind::family_support, "family_support", "family and carers' support",
         {"familysupport", "familyandcarerssupport", "carerssupport", "familiesandcarers"}},
        {AssetKind::library, "library", "library", {"library", "libraries", "publiclibrary"}},
        {AssetKind::pharmacy, "pharmacy", "pharmacy", {"pharmacy", "chemist", "communitypharmacy", "pharmacies"}},
        {AssetKind::gp_practice, "gp_practice", "GP practice", {"gppractice", "gp", "gpsurgery", "surgery", "medicalcentre"}},
        {AssetKind::community_centre, "community_centre", "community centre",
         {"communitycentre", "communitycenter", "communityhall", "resourcecentre"}},
        {AssetKind::place_of_worship, "place_of_worship", "place of worship",
         {"placeofworship", "church", "mosque", "gurdwara", "temple", "synagogue", "chapel"}},
        {AssetKind::council, "council", "council building", {"council", "councilbuilding", "councilhouse", "councilservice"}},
        {AssetKind::other, "other", "other", {"other"}},
    };
    return v;
}

const KindNames& names_of(AssetKind k) {
    for (const auto& n : vocabulary()) {
        if (n.kind == k) return n;
    }
    return vocabulary().back();
}

// Lower-case letters and digits; "é" as "e", so "Café" and "cafe" are one key.
std::string key_of(std::string_view text) {
    std::string k;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == 0xC3 && i + 1 < text.size() && (static_cast<unsigned char>(text[i + 1]) == 0xA9 ||
                                                 static_cast<unsigned char>(text[i + 1]) == 0x89)) {
            k += 'e';
            ++i;
        } else if (std::isalnum(c)) {
            k += static_cast<char>(std::tolower(c));
        }
    }
    return k;
}

}  // namespace

const char* to_string(AssetKind kind) { return names_of(kind).name; }
const char* label(AssetKind kind) { return names_of(kind).label; }

const std::vector<AssetKind>& all_asset_kinds() {
    static const std::vector<AssetKind> all = [] {
        std::vector<AssetKind> out;
        for (const auto& n : vocabulary()) out.push_back(n.kind);
        return out;
    }();
    return all;
}

std::optional<AssetKind> asset_kind_from_text(std::string_view text) {
    const std::string key = key_of(text);
    if (key.empty()) return std::nullopt;
    for (const auto& n : vocabulary()) {
        if (key == key_of(n.name) || key == key_of(n.label)) return n.kind;
        for (const char* a : n.aliases) {
            if (key == a) return n.kind;
        }
    }
    return std::nullopt;
}

std::optional<AssetKind> closest_asset_kind(std::string_view text) {
    const std::string key = key_of(text);
    if (key.empty()) return std::nullopt;
    std::optional<AssetKind> best;
    std::size_t best_distance = 0;
    for (const auto& n : vocabulary()) {
        std::vector<std::string> keys = {key_of(n.name), key_of(n.label)};
        for (const char* a : n.aliases) keys.emplace_back(a);
        for (const auto& k : keys) {
            const std::size_t d = edit_distance(key, k);
            if (!best || d < best_distance) best = n.kind, best_distance = d;
        }
    }
    const std::size_t allowed = std::max<std::size_t>(1, key.size() / 3);
    if (best && best_distance <= allowed) return best;
    return std::nullopt;
}

std::string known_asset_kinds_text() {
    std::string out;
    for (const auto& n : vocabulary()) out += (out.empty() ? "" : ", ") + std::string(n.name);
    return out;
}

std::string UnknownAssetKind::message() const {
    std::string m = "'" + shown(text) + "' is not an asset kind roisc knows. Known: " + known_asset_kinds_text() + ".";
    if (const auto near = closest_asset_kind(text)) m += std::string(" Did you mean ") + to_string(*near) + "?";
    return m;
}

std::optional<std::vector<WeeklySlot>> parse_sessions(std::string_view text, std::string* problem) {
    std::vector<WeeklySlot> out;
    std::string piece;
    auto fail = [&](const std::string& why) {
        if (problem) *problem = why;
        return std::nullopt;
    };
    std::vector<std::string> pieces;
    for (char c : std::string(text) + ";") {
        if (c == ';') {
            if (!trim(piece).empty()) pieces.push_back(trim(piece));
            piece.clear();
        } else {
            piece += c;
        }
    }
    for (const auto& p : pieces) {
        const std::string wanted = "session '" + shown(p) + "' is not a day and times such as \"Wed 10:00-14:00\"";
        const auto space = p.find(' ');
        if (space == std::string::npos) return fail(wanted);
        const auto day = weekday_from_name(p.substr(0, space));
        const std::string times = trim(p.substr(space + 1));
        const auto dash = times.find('-');
        if (!day || dash == std::string::npos) return fail(wanted);
        const auto start = parse_clock_12_or_24(trim(times.substr(0, dash)), false);
        const auto end = parse_clock_12_or_24(trim(times.substr(dash + 1)), true);
        if (!start || !end) return fail(wanted);
        out.push_back(WeeklySlot::from_clock(*day, *start, *end));
    }
    return out;
}

}  // namespace roisc
