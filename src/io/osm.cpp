#include "roisc/io/osm.hpp"

#include <cctype>

namespace roisc {

namespace {

bool ends_with_nocase(std::string_view s, std::string_view tail) {
    if (s.size() < tail.size()) return false;
    for (std::size_t i = 0; i < tail.size(); ++i) {
        const auto a = static_cast<unsigned char>(s[s.size() - tail.size() + i]);
        if (std::tolower(a) != tail[i]) return false;
    }
    return true;
}

// Reads a double-quoted hstore string at `i` (on the opening quote); leaves `i` after the closing one.
bool quoted(std::string_view text, std::size_t& i, std::string& out) {
    out.clear();
    if (i >= text.size() || text[i] != '"') return false;
    for (++i; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\\' && i + 1 < text.size()) {
            out += text[++i];
        } else if (c == '"') {
            ++i;
            return true;
        } else {
            out += c;
        }
    }
    return false;  // no closing quote
}

void skip_spaces(std::string_view text, std::size_t& i) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
}

}  // namespace

bool is_osm_file(std::string_view path) { return ends_with_nocase(path, ".osm") || ends_with_nocase(path, ".pbf"); }

std::map<std::string, std::string> parse_hstore(std::string_view text) {
    std::map<std::string, std::string> tags;
    std::size_t i = 0;
    std::string key, value;
    while (true) {
        skip_spaces(text, i);
        if (!quoted(text, i, key)) break;
        skip_spaces(text, i);
        if (text.substr(i, 2) != "=>") break;
        i += 2;
        skip_spaces(text, i);
        if (text.substr(i, 4) == "NULL") {
            i += 4;
        } else if (quoted(text, i, value)) {
            tags[key] = value;
        } else {
            break;
        }
        skip_spaces(text, i);
        if (i >= text.size() || text[i] != ',') break;
        ++i;
    }
    return tags;
}

std::optional<std::string> hstore_value(std::string_view text, std::string_view key) {
    const auto tags = parse_hstore(text);
    const auto it = tags.find(std::string(key));
    if (it == tags.end()) return std::nullopt;
    return it->second;
}

}  // namespace roisc
