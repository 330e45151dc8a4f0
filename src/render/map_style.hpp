#pragma once
// The map's palette and styles: colours (Okabe and Ito's palette, tints, the isochrone ramp) and
// the symbol each fellowship's meetings are drawn with. Internal to src/render.
#include "roisc/model/palette.hpp"
#include "roisc/render/map.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace roisc::render::detail {

constexpr double pi = 3.14159265358979323846;

struct Rgb {
    double r, g, b;
};
constexpr Rgb hex(unsigned v) {
    return {((v >> 16) & 0xFFu) / 255.0, ((v >> 8) & 0xFFu) / 255.0, (v & 0xFFu) / 255.0};
}

// The palette is roisc's one palette (roisc/model/palette.hpp), shared with the QGIS styles.
constexpr Rgb orange = hex(palette::orange);
constexpr Rgb sky_blue = hex(palette::sky_blue);
constexpr Rgb bluish_green = hex(palette::bluish_green);
constexpr Rgb yellow = hex(palette::yellow);
constexpr Rgb blue = hex(palette::blue);
constexpr Rgb vermillion = hex(palette::vermillion);
constexpr Rgb reddish_purple = hex(palette::reddish_purple);
constexpr Rgb black = hex(0x000000);
constexpr Rgb white = hex(palette::white);
constexpr Rgb outside_fill = hex(palette::outside_fill);  // land beyond the study area
constexpr Rgb ink = hex(palette::ink);
constexpr Rgb grey = hex(palette::grey);
constexpr Rgb town_line = hex(palette::town_line);
constexpr Rgb hotspot_fill = hex(palette::hotspot_fill);
constexpr Rgb hotspot_line = hex(palette::hotspot_outline);

constexpr double isochrone_alpha = palette::isochrone_opacity;
constexpr unsigned isochrone_colour(std::size_t band, std::size_t bands) { return palette::isochrone_colour(band, bands); }

using Shape = palette::Shape;

struct FellowshipStyle {
    const char* key;
    const char* legend;
    Shape shape;
    Rgb colour;
};
const std::vector<FellowshipStyle>& fellowship_styles();
// Names compared ignoring ASCII case.
bool same_name(const std::string& a, const std::string& b);
// The fellowship's style; "Other" for a fellowship not listed.
const FellowshipStyle& style_for(const std::string& fellowship);

}  // namespace roisc::render::detail
