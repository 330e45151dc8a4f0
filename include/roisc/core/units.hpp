#pragma once
// Thresholds on the command line carry their unit: 800m, 2km, 5mi, 20min. A bare number is an error.
#include <string>
#include <string_view>

namespace roisc {

struct Threshold {
    enum class Kind { distance, time };
    Kind kind = Kind::distance;
    double value = 0;      // metres for distance, seconds for time
    std::string text;      // as the user wrote it, for reports

    bool is_distance() const { return kind == Kind::distance; }
    bool is_time() const { return kind == Kind::time; }
    double metres() const { return value; }
    double seconds() const { return value; }
};

// Parses "800m", "2km", "5mi", "1.5 mi", "30s", "20min", "1h". Throws ArgumentError naming `option`.
Threshold parse_threshold(std::string_view text, std::string_view option);

constexpr double metres_per_mile = 1609.344;

// "8.05 km (5.00 mi)"-style human formatting.
std::string format_distance(double metres);

}  // namespace roisc
