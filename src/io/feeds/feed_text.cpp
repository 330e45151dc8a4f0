// Small text helpers the meeting feed readers share (see feed_text.hpp).
#include "feed_text.hpp"

#include "roisc/core/text.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>

namespace roisc::feeds {

std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string in_quotes(const std::string& s) { return "\"" + s + "\""; }

std::vector<std::string> split_any(const std::string& text, const std::string& separators) {
    std::vector<std::string> out;
    std::string piece;
    for (char c : text) {
        if (separators.find(c) != std::string::npos) {
            if (!trim(piece).empty()) out.push_back(trim(piece));
            piece.clear();
        } else {
            piece += c;
        }
    }
    if (!trim(piece).empty()) out.push_back(trim(piece));
    return out;
}

std::string join_nonempty(const std::vector<std::string>& parts, const std::string& sep) {
    std::string out;
    for (const auto& p : parts) {
        const std::string t = trim(p);
        if (!t.empty()) out += (out.empty() ? "" : sep) + t;
    }
    return out;
}

std::optional<double> number_from_text(const std::string& text) {
    const std::string s = trim(text);
    if (s.empty()) return std::nullopt;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (!end || *end != '\0' || !std::isfinite(v)) return std::nullopt;
    return v;
}

std::optional<long long> integer_from_text(const std::string& text) {
    const std::string s = trim(text);
    if (s.empty()) return std::nullopt;
    char* end = nullptr;
    const long long v = std::strtoll(s.c_str(), &end, 10);
    if (!end || *end != '\0') return std::nullopt;
    return v;
}

}  // namespace roisc::feeds
