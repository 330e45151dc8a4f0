// Reading members of the JSON meeting feeds (see json_feed.hpp).
#include "json_feed.hpp"

#include "feed_text.hpp"
#include "roisc/core/error.hpp"
#include "roisc/core/text.hpp"

#include <sstream>

namespace roisc::feeds {

json parse_json_feed(const std::string& text, const std::string& path) {
    try {
        return json::parse(text);
    } catch (const json::parse_error& e) {
        // "[json.exception.parse_error.101] parse error at line 85, column 3: syntax error …"
        std::string what = e.what();
        const auto at = what.find("parse error");
        if (at != std::string::npos) what = what.substr(at);
        throw DataError(path + ": not valid JSON (" + what + "; byte " + std::to_string(e.byte) +
                        "). Fix: correct the file at that position (text after the closing ] of the list is a "
                        "common cause), or fetch the feed again; `python3 -m json.tool " + path +
                        "` shows the same position.");
    }
}

std::optional<std::string> json_text(const json& j) {
    if (j.is_string()) return j.get<std::string>();
    if (j.is_number_integer()) return std::to_string(j.get<long long>());
    if (j.is_number_float()) {
        std::ostringstream s;
        s << j.get<double>();
        return s.str();
    }
    return std::nullopt;
}

std::string json_member_text(const json& obj, const char* key) {
    auto it = obj.find(key);
    if (it == obj.end()) return "";
    return trim(json_text(*it).value_or(""));
}

std::optional<double> json_number(const json& obj, const char* key) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return std::nullopt;
    if (it->is_number()) return it->get<double>();
    if (it->is_string()) return number_from_text(it->get<std::string>());
    return std::nullopt;
}

bool json_present(const json& obj, const char* key) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return false;
    if (it->is_string()) return !trim(it->get<std::string>()).empty();
    return true;
}

}  // namespace roisc::feeds
