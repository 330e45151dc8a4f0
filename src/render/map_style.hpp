#pragma once
// The map's palette and styles: colours (Okabe and Ito's palette, tints, the isochrone ramp) and
// the symbol each fellowship's meetings are drawn with. Internal to src/render.
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

// Okabe and Ito's palette: told apart with the common colour-vision deficiencies and in grey.
constexpr Rgb orange = hex(0xE69F00);
constexpr Rgb sky_blue = hex(0x56B4E9);
constexpr Rgb bluish_green = hex(0x009E73);
constexpr Rgb yellow = hex(0xF0E442);
constexpr Rgb blue = hex(0x0072B2);
constexpr Rgb vermillion = hex(0xD55E00);
constexpr Rgb reddish_purple = hex(0xCC79A7);
constexpr Rgb black = hex(0x000000);
// Tints and neutrals.
constexpr Rgb white = hex(0xFFFFFF);
constexpr Rgb gap_fill = hex(gap_fill_rgb);
constexpr Rgb outside_fill = hex(0xECECEC);  // land beyond the study area
constexpr Rgb coverage_fill = hex(0xCFE8F7);  // sky blue, lightened: land within reach
constexpr Rgb ink = hex(0x1A1A1A);
constexpr Rgb grey = hex(0x4D4D4D);
constexpr Rgb town_line = hex(0x666666);
constexpr Rgb hotspot_line = hex(0x7A3B63);

// Isochrone bands: a sequential ramp from dark (the shortest time) to light (yellow-green-blue,
// after ColorBrewer's YlGnBu), translucent so the study area and its outlines show through.
constexpr unsigned isochrone_ramp[] = {0x253494, 0x2C7FB8, 0x41B6C4, 0x7FCDBB, 0xA1DAB4, 0xD9F0A3};
constexpr std::size_t isochrone_ramp_size = sizeof isochrone_ramp / sizeof isochrone_ramp[0];
constexpr double isochrone_alpha = 0.65;
unsigned isochrone_colour(std::size_t band, std::size_t bands);

enum class Shape { triangle, circle, square, diamond, inverted_triangle, cross };

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
