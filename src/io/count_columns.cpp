// Breakdown count columns: header keys and their aliases (see roisc/io/count_columns.hpp).
#include "roisc/io/count_columns.hpp"

#include "roisc/core/error.hpp"
#include "roisc/core/text.hpp"

#include <cctype>
#include <set>

namespace roisc {

namespace {

// Words ahead of a value that only say which group it is in ("Sex: male", "Age band 18-24").
const std::vector<std::pair<std::string, std::vector<std::string>>> group_prefixes = {
    {"sex", {"sex", "gender"}},
    {"age", {"age_band", "age_group", "age", "aged"}},
    {"ethnicity", {"ethnic_group", "ethnicity", "ethnic"}},
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string words(const std::string& raw) {
    std::string out;
    for (char c : raw) {
        const unsigned char u = static_cast<unsigned char>(c);
        if (std::isalnum(u)) {
            out += static_cast<char>(std::tolower(u));
        } else if (c == '+') {
            if (!out.empty() && out.back() != '_') out += '_';
            out += "plus_";
        } else if (c == '&') {
            if (!out.empty() && out.back() != '_') out += '_';
            out += "and_";
        } else if (!out.empty() && out.back() != '_') {
            out += '_';
        }
    }
    while (!out.empty() && out.back() == '_') out.pop_back();
    return out;
}

bool starts_with(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
        s.replace(at, from.size(), to);
    }
    return s;
}

}  // namespace

std::string count_column_key(const std::string& header, const std::string& group) {
    std::string k = words(header);
    // Drop the group's own words from the front: any group's when none is given.
    for (const auto& [name, prefixes] : group_prefixes) {
        if (!group.empty() && words(group) != name) {
            bool own = false;
            for (const auto& p : prefixes) own = own || words(group) == p;
            if (!own) continue;
        }
        for (const auto& p : prefixes) {
            if (k.size() > p.size() && starts_with(k, p + "_")) {
                k = k.substr(p.size() + 1);
                break;
            }
        }
    }
    if (!group.empty()) {
        const std::string g = words(group);
        if (k.size() > g.size() && starts_with(k, g + "_")) k = k.substr(g.size() + 1);
    }
    // Age bands: "18_to_24" -> "18_24", "65_and_over" / "65_over" / "65_plus" -> "65_plus".
    std::string out;
    for (std::size_t i = 0; i < k.size(); ++i) {
        if (k.compare(i, 4, "_to_") == 0 && i > 0 && is_digit(k[i - 1]) && i + 4 < k.size() && is_digit(k[i + 4])) {
            out += '_';
            i += 3;
            continue;
        }
        out += k[i];
    }
    for (const char* over : {"_and_over", "_and_older", "_or_over", "_over", "_years_plus", "_plus"}) {
        const std::string o = over;
        if (out.size() > o.size() && out.compare(out.size() - o.size(), o.size(), o) == 0 &&
            is_digit(out[out.size() - o.size() - 1])) {
            out = out.substr(0, out.size() - o.size()) + "_plus";
            break;
        }
    }
    out = replace_all(out, "_years", "");
    if (out == "males" || out == "men") out = "male";
    if (out == "females" || out == "women") out = "female";
    return out;
}

std::string breakdown_kind_of(const std::string& header) {
    const std::string raw = words(header);
    for (const auto& [name, prefixes] : group_prefixes) {
        for (const auto& p : prefixes) {
            if (starts_with(raw, p + "_")) return name;
        }
    }
    const std::string k = count_column_key(header);
    if (k == "male" || k == "female") return "sex";
    // "18_24", "65_plus", "under_18"
    std::size_t i = 0;
    if (starts_with(k, "under_")) i = 6;
    const std::size_t digits_from = i;
    while (i < k.size() && is_digit(k[i])) ++i;
    if (i > digits_from) {
        const std::string rest = k.substr(i);
        if (rest.empty() && digits_from > 0) return "age";
        if (rest == "_plus") return "age";
        if (rest.size() > 1 && rest[0] == '_') {
            bool all = true;
            for (std::size_t j = 1; j < rest.size(); ++j) all = all && is_digit(rest[j]);
            if (all) return "age";
        }
    }
    for (const char* e : {"white", "black", "asian", "mixed", "chinese", "other_ethnic"}) {
        if (k == e || starts_with(k, std::string(e) + "_")) return "ethnicity";
    }
    return "";
}

bool is_not_stated(const std::string& key) {
    static const std::set<std::string> keys = {"unknown", "not_stated", "not_known", "missing", "not_recorded",
                                               "prefer_not_to_say", "declined"};
    return keys.count(key) > 0;
}

BreakdownSpec parse_breakdown_spec(const std::string& text, const std::string& option) {
    const auto eq = text.find('=');
    const std::string example = " (e.g. sex=male,female or age=18-24,25-34,35-49,50+)";
    if (eq == std::string::npos || trim(text.substr(0, eq)).empty()) {
        throw ArgumentError(option + " '" + text + "': write NAME=COLUMN,COLUMN,…" + example + ".");
    }
    BreakdownSpec spec;
    spec.name = words(trim(text.substr(0, eq)));
    std::set<std::string> seen;
    const std::string list = text.substr(eq + 1) + ",";
    for (std::size_t from = 0, comma; (comma = list.find(',', from)) != std::string::npos; from = comma + 1) {
        const std::string c = trim(list.substr(from, comma - from));
        if (c.empty()) throw ArgumentError(option + " '" + text + "': an empty column name" + example + ".");
        if (!seen.insert(count_column_key(c, spec.name)).second) {
            throw ArgumentError(option + " '" + text + "': column '" + c + "' is given twice.");
        }
        spec.columns.push_back(c);
    }
    if (spec.columns.size() < 2) {
        throw ArgumentError(option + " '" + text + "': a breakdown needs two columns or more" + example + ".");
    }
    return spec;
}

int find_count_column(const std::vector<std::string>& headers, const std::string& group, const std::string& column,
                      const std::string& where) {
    const std::string want = count_column_key(column, group);
    int hit = -1;
    for (std::size_t i = 0; i < headers.size(); ++i) {
        if (count_column_key(headers[i], group) != want) continue;
        if (hit >= 0) {
            throw DataError(where + ": columns '" + trim(headers[static_cast<std::size_t>(hit)]) + "' and '" +
                            trim(headers[i]) + "' both count " + group + " '" + column +
                            "'. Fix: keep one of them, or rename the other.");
        }
        hit = static_cast<int>(i);
    }
    return hit;
}

}  // namespace roisc
