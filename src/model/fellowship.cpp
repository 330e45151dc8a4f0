#include "roisc/model/fellowship.hpp"

#include "roisc/core/text.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

namespace roisc {

namespace {

struct Names {
    Fellowship fellowship;
    const char* name;
    const char* full;
    std::vector<const char*> aliases;  // written as keys: lower case letters and digits only
};

const std::vector<Names>& vocabulary() {
    static const std::vector<Names> v = {
        {Fellowship::AA, "AA", "Alcoholics Anonymous", {"aa", "alcoholicsanonymous"}},
        {Fellowship::NA, "NA", "Narcotics Anonymous", {"na", "narcoticsanonymous"}},
        {Fellowship::CA, "CA", "Cocaine Anonymous", {"ca", "cocaineanonymous"}},
        {Fellowship::SMART, "SMART", "SMART Recovery", {"smart", "smartrecovery"}},
        {Fellowship::AlAnon, "Al-Anon", "Al-Anon Family Groups", {"alanon", "alanonfamilygroups", "alanonfamilies"}},
        {Fellowship::Other, "Other", "another fellowship", {"other"}},
    };
    return v;
}

const Names& names_of(Fellowship f) {
    for (const auto& n : vocabulary()) {
        if (n.fellowship == f) return n;
    }
    return vocabulary().back();
}

// Lower-case letters and digits only, so "Al-Anon", "al anon" and "ALANON" are one key.
std::string key_of(std::string_view text) {
    std::string k;
    for (char c : text) {
        if (std::isalnum(static_cast<unsigned char>(c))) k += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return k;
}

std::optional<Fellowship> from_key(const std::string& key) {
    if (key.empty()) return std::nullopt;
    for (const auto& n : vocabulary()) {
        for (const char* a : n.aliases) {
            if (key == a) return n.fellowship;
        }
    }
    // The start of a full name ("narcotics"), when only one full name starts so.
    if (key.size() < 5) return std::nullopt;
    std::optional<Fellowship> found;
    for (const auto& n : vocabulary()) {
        for (const char* a : n.aliases) {
            const std::string alias = a;
            if (alias.size() > key.size() && alias.compare(0, key.size(), key) == 0) {
                if (found && *found != n.fellowship) return std::nullopt;
                found = n.fellowship;
            }
        }
    }
    return found;
}

}  // namespace

const char* to_string(Fellowship f) { return names_of(f).name; }
const char* full_name(Fellowship f) { return names_of(f).full; }

const std::vector<Fellowship>& all_fellowships() {
    static const std::vector<Fellowship> all = [] {
        std::vector<Fellowship> out;
        for (const auto& n : vocabulary()) out.push_back(n.fellowship);
        return out;
    }();
    return all;
}

std::optional<Fellowship> fellowship_from_text(std::string_view text) {
    // "Narcotics Anonymous (NA)": the name and its bracketed short name must agree.
    const auto open = text.find('(');
    const auto close = text.rfind(')');
    if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
        const auto outer = from_key(key_of(std::string(text.substr(0, open)) + std::string(text.substr(close + 1))));
        const auto inner = from_key(key_of(text.substr(open + 1, close - open - 1)));
        if (outer && inner && *outer == *inner) return outer;
        return std::nullopt;
    }
    return from_key(key_of(text));
}

std::optional<Fellowship> closest_fellowship(std::string_view text) {
    const std::string key = key_of(text);
    if (key.empty()) return std::nullopt;
    std::optional<Fellowship> best;
    std::size_t best_distance = 0;
    bool best_same_start = false;
    for (const auto& n : vocabulary()) {
        for (const char* a : n.aliases) {
            const std::string alias = a;
            const std::size_t d = edit_distance(key, alias);
            const bool same_start = alias[0] == key[0];
            // Closer wins; at equal distance a name with the same first letter ("naa": NA, not AA).
            if (!best || d < best_distance || (d == best_distance && same_start && !best_same_start)) {
                best = n.fellowship;
                best_distance = d;
                best_same_start = same_start;
            }
        }
    }
    // Close enough to be a slip: up to a third of the longer word, at least one edit.
    const std::size_t allowed = std::max<std::size_t>(1, key.size() / 3);
    if (best && best_distance <= allowed) return best;
    return std::nullopt;
}

std::string known_fellowships_text() {
    std::string out;
    for (const auto& n : vocabulary()) {
        if (!out.empty()) out += ", ";
        out += n.name;
        if (n.fellowship != Fellowship::Other) out += std::string(" (") + n.full + ")";
    }
    return out;
}

std::string UnknownFellowship::message() const {
    std::string m = "'" + text + "' is not a fellowship roisc knows. Known: " + known_fellowships_text() + ".";
    if (const auto near = closest_fellowship(text)) m += std::string(" Did you mean ") + to_string(*near) + "?";
    return m;
}

FellowshipSet::FellowshipSet(std::vector<Fellowship> members) {
    for (Fellowship f : all_fellowships()) {
        if (std::find(members.begin(), members.end(), f) != members.end()) members_.push_back(f);
    }
}

FellowshipSet FellowshipSet::parse(std::string_view text) {
    std::vector<Fellowship> members;
    std::string part;
    auto take = [&] {
        const std::string trimmed = key_of(part).empty() ? std::string() : part;
        if (!trimmed.empty()) {
            const auto f = fellowship_from_text(trimmed);
            if (!f) {
                const auto first = trimmed.find_first_not_of(' ');
                const auto last = trimmed.find_last_not_of(' ');
                throw UnknownFellowship{trimmed.substr(first, last - first + 1)};
            }
            members.push_back(*f);
        }
        part.clear();
    };
    for (char c : text) {
        if (c == ',' || c == ';') {
            take();
        } else {
            part += c;
        }
    }
    take();
    return FellowshipSet(std::move(members));
}

bool FellowshipSet::contains(Fellowship f) const {
    return members_.empty() || std::find(members_.begin(), members_.end(), f) != members_.end();
}

std::string FellowshipSet::text() const {
    std::string out;
    for (std::size_t i = 0; i < members_.size(); ++i) {
        if (i > 0) out += i + 1 == members_.size() ? " or " : ", ";
        out += to_string(members_[i]);
    }
    return out;
}

}  // namespace roisc
