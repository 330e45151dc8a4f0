#include "roisc/core/units.hpp"
#include "roisc/core/text.hpp"

#include "roisc/core/error.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <string>

namespace roisc {

Threshold parse_threshold(std::string_view text, std::string_view option) {
    std::string s;
    for (char c : text) {
        if (!std::isspace(static_cast<unsigned char>(c))) s += c;
    }
    const std::string hint = " Write a number with its unit, e.g. 800m, 2km, 5mi or 20min.";
    if (s.empty()) {
        throw ArgumentError(std::string(option) + ": empty value." + hint);
    }
    std::size_t pos = 0;
    while (pos < s.size() && (std::isdigit(static_cast<unsigned char>(s[pos])) || s[pos] == '.')) ++pos;
    const std::string number = s.substr(0, pos);
    const std::string unit = lower(s.substr(pos));
    double value = 0;
    try {
        std::size_t used = 0;
        value = std::stod(number, &used);
        if (used != number.size()) throw std::invalid_argument(number);
    } catch (const std::exception&) {
        throw ArgumentError(std::string(option) + ": '" + std::string(text) + "' does not start with a number." + hint);
    }
    if (!std::isfinite(value) || value < 0) {
        throw ArgumentError(std::string(option) + ": '" + std::string(text) + "' must be zero or more." + hint);
    }
    Threshold t;
    t.text = std::string(text);
    if (unit.empty()) {
        throw ArgumentError(std::string(option) + ": '" + std::string(text) + "' has no unit." + hint);
    } else if (unit == "m") {
        t.value = value;
    } else if (unit == "km") {
        t.value = value * 1000.0;
    } else if (unit == "mi" || unit == "mile" || unit == "miles") {
        t.value = value * metres_per_mile;
    } else if (unit == "s" || unit == "sec" || unit == "secs" || unit == "seconds") {
        t.kind = Threshold::Kind::time;
        t.value = value;
    } else if (unit == "min" || unit == "mins" || unit == "minutes") {
        t.kind = Threshold::Kind::time;
        t.value = value * 60.0;
    } else if (unit == "h" || unit == "hr" || unit == "hours") {
        t.kind = Threshold::Kind::time;
        t.value = value * 3600.0;
    } else {
        throw ArgumentError(std::string(option) + ": unknown unit '" + unit + "' in '" + std::string(text) + "'." + hint);
    }
    return t;
}

std::string format_distance(double metres) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f km (%.2f mi)", metres / 1000.0, metres / metres_per_mile);
    return buf;
}

}  // namespace roisc
