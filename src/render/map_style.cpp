// The map's palette and styles (see map_style.hpp), and the colours and sizes the public map
// interface reports (isochrone bands, hotspot circles).
#include "map_style.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace roisc::render {

namespace detail {

unsigned isochrone_colour(std::size_t band, std::size_t bands) {
    if (bands <= 1) return isochrone_ramp[1];
    const std::size_t n = std::min(bands, isochrone_ramp_size);
    const std::size_t b = std::min(band, n - 1);
    // 2 bands: 1, 3; 3 bands: 0, 2, 4; 4 or more: evenly from 0 to 5.
    if (n == 2) return isochrone_ramp[1 + 2 * b];
    if (n == 3) return isochrone_ramp[2 * b];
    return isochrone_ramp[(b * (isochrone_ramp_size - 1) + (n - 1) / 2) / (n - 1)];
}

const std::vector<FellowshipStyle>& fellowship_styles() {
    static const std::vector<FellowshipStyle> styles = {
        {"NA", "NA (Narcotics Anonymous)", Shape::triangle, vermillion},
        {"AA", "AA (Alcoholics Anonymous)", Shape::circle, blue},
        {"CA", "CA (Cocaine Anonymous)", Shape::diamond, orange},
        {"SMART", "SMART Recovery", Shape::square, bluish_green},
        {"Al-Anon", "Al-Anon (family and friends)", Shape::inverted_triangle, yellow},
        {"Other", "Other fellowship", Shape::cross, reddish_purple},
    };
    return styles;
}

bool same_name(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    }
    return true;
}

const FellowshipStyle& style_for(const std::string& fellowship) {
    for (const auto& s : fellowship_styles()) {
        if (same_name(fellowship, s.key)) return s;
    }
    return fellowship_styles().back();
}

}  // namespace detail

using namespace detail;

unsigned isochrone_band_rgb(std::size_t band, std::size_t bands) {
    const unsigned c = isochrone_colour(band, bands);
    unsigned out = 0;
    for (int shift : {16, 8, 0}) {
        const double channel = static_cast<double>((c >> shift) & 0xFFu);
        const auto v = static_cast<unsigned>(std::lround(channel * isochrone_alpha + 255.0 * (1 - isochrone_alpha)));
        out |= std::min(v, 255u) << shift;
    }
    return out;
}

double hotspot_radius(long long count, long long largest) {
    if (count <= 0 || largest <= 0) return 0;
    constexpr double largest_radius = 18;
    return std::max(2.0, largest_radius * std::sqrt(static_cast<double>(count) / static_cast<double>(largest)));
}

}  // namespace roisc::render
