// The map's palette and styles (see map_style.hpp), and the colours and sizes the public map
// interface reports (isochrone bands, hotspot circles).
#include "map_style.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace roisc::render {

namespace detail {

const std::vector<FellowshipStyle>& fellowship_styles() {
    static const std::vector<FellowshipStyle> styles = [] {
        std::vector<FellowshipStyle> out;
        for (const auto& s : palette::fellowship_symbols) out.push_back({to_string(s.fellowship), s.legend, s.shape, hex(s.colour)});
        return out;
    }();
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
    return palette::over_white(isochrone_colour(band, bands), isochrone_alpha);
}

double hotspot_radius(long long count, long long largest) {
    if (count <= 0 || largest <= 0) return 0;
    constexpr double largest_radius = 18;
    return std::max(2.0, largest_radius * std::sqrt(static_cast<double>(count) / static_cast<double>(largest)));
}

}  // namespace roisc::render
