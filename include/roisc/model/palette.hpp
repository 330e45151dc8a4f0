#pragma once
// The one palette and symbol set of roisc's outputs: the printed maps (src/render) and the QGIS
// styles (.qml files and GeoPackage layer_styles, src/io/styles.cpp) both draw from here, so a
// thing has one colour wherever it is shown. Colours are Okabe and Ito's, told apart with the
// common colour-vision deficiencies; each fellowship also has its own marker shape, so the
// categories survive greyscale printing. docs/outputs.md lists them.
#include "roisc/model/asset.hpp"
#include "roisc/model/fellowship.hpp"

#include <cstddef>

namespace roisc::palette {

// Okabe and Ito's palette (0xRRGGBB).
constexpr unsigned orange = 0xE69F00;
constexpr unsigned sky_blue = 0x56B4E9;
constexpr unsigned bluish_green = 0x009E73;
constexpr unsigned yellow = 0xF0E442;
constexpr unsigned blue = 0x0072B2;
constexpr unsigned vermillion = 0xD55E00;
constexpr unsigned reddish_purple = 0xCC79A7;
// Neutrals.
constexpr unsigned white = 0xFFFFFF;
constexpr unsigned ink = 0x1A1A1A;        // text, the study boundary, marker outlines
constexpr unsigned grey = 0x4D4D4D;       // secondary text, isochrone band edges
constexpr unsigned town_line = 0x666666;  // town and area outlines
constexpr unsigned outside_fill = 0xECECEC;  // land beyond the study area (maps only)

// A filled area: its fill at an opacity, and its outline (none when `outline_opacity` is 0).
struct AreaSymbol {
    unsigned fill;
    double fill_opacity;  // 0: not filled
    unsigned outline;
    bool dashed_outline = false;
};

// Land within reach of an eligible meeting (coverage_areas).
constexpr AreaSymbol coverage{sky_blue, 0.3, blue};
// Land beyond reach (gap_areas).
constexpr AreaSymbol gap{orange, 0.45, 0x965A00};
// A new venue's catchment (new_catchments): outlined in the new venues' colour, dashed.
constexpr AreaSymbol catchment{vermillion, 0.0, vermillion, true};
// Towns and other areas given for context: outline only.
constexpr AreaSymbol area_outline{white, 0.0, town_line};

// Demand (gap_hotspots, the hotspots layer): circles with area in proportion to the published
// count; a suppressed count is one fixed-size hollow ring, whatever its size.
constexpr unsigned hotspot_fill = reddish_purple;
constexpr double hotspot_opacity = 0.78;
constexpr unsigned hotspot_outline = 0x7A3B63;
// Demand summed in a grid (a national map, src/render): a sequential ramp from light (few people)
// to dark, ColorBrewer's RdPu (its 7 classes less the two palest, which vanish on the gap areas'
// orange tint), ending near the hotspots' reddish purple; drawn opaque.
constexpr unsigned hotspot_ramp[] = {0xFCC5C0, 0xFA9FB5, 0xF768A1, 0xC51B8A, 0x7A0177};
constexpr std::size_t hotspot_ramp_size = sizeof hotspot_ramp / sizeof hotspot_ramp[0];
// The colour of class `cls` (0: the fewest people) of `classes`: fewer classes keep the ends.
constexpr unsigned hotspot_class_colour(std::size_t cls, std::size_t classes) {
    if (classes <= 1) return hotspot_ramp[2];
    const std::size_t n = classes < hotspot_ramp_size ? classes : hotspot_ramp_size;
    const std::size_t c = cls < n - 1 ? cls : n - 1;
    return hotspot_ramp[(c * (hotspot_ramp_size - 1) + (n - 1) / 2) / (n - 1)];
}

// New venues chosen by roisc rank: their pick number on a vermillion disc ringed in white.
constexpr unsigned new_venue_fill = vermillion;
constexpr unsigned new_venue_outline = white;

// Isochrone bands: a sequential ramp from dark (the shortest time) to light (yellow-green-blue,
// after ColorBrewer's YlGnBu), translucent so the areas and their outlines show through.
constexpr unsigned isochrone_ramp[] = {0x253494, 0x2C7FB8, 0x41B6C4, 0x7FCDBB, 0xA1DAB4, 0xD9F0A3};
constexpr std::size_t isochrone_ramp_size = sizeof isochrone_ramp / sizeof isochrone_ramp[0];
constexpr double isochrone_opacity = 0.65;
constexpr unsigned isochrone_outline = grey;

// The colour of band `band` (0: the shortest time) of `bands`: spread over the ramp so that few
// bands stay far apart; further than 6 repeat the lightest.
constexpr unsigned isochrone_colour(std::size_t band, std::size_t bands) {
    if (bands <= 1) return isochrone_ramp[1];
    const std::size_t n = bands < isochrone_ramp_size ? bands : isochrone_ramp_size;
    const std::size_t b = band < n - 1 ? band : n - 1;
    // 2 bands: 1, 3; 3 bands: 0, 2, 4; 4 or more: evenly from 0 to 5.
    if (n == 2) return isochrone_ramp[1 + 2 * b];
    if (n == 3) return isochrone_ramp[2 * b];
    return isochrone_ramp[(b * (isochrone_ramp_size - 1) + (n - 1) / 2) / (n - 1)];
}

// `colour` at `opacity` over white (0xRRGGBB), as a map shows it over the study area.
constexpr unsigned over_white(unsigned colour, double opacity) {
    unsigned out = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
        const double channel = static_cast<double>((colour >> shift) & 0xFFu);
        const auto v = static_cast<unsigned>(channel * opacity + 255.0 * (1 - opacity) + 0.5);
        out |= (v > 255u ? 255u : v) << shift;
    }
    return out;
}

// Meetings: one colour and one marker shape per fellowship.
enum class Shape { triangle, circle, square, diamond, inverted_triangle, cross };

struct FellowshipSymbol {
    Fellowship fellowship;
    const char* legend;
    Shape shape;
    unsigned colour;
};

// In legend order (NA first: the plan's question); every fellowship of the vocabulary has one.
constexpr FellowshipSymbol fellowship_symbols[] = {
    {Fellowship::NA, "NA (Narcotics Anonymous)", Shape::triangle, vermillion},
    {Fellowship::AA, "AA (Alcoholics Anonymous)", Shape::circle, blue},
    {Fellowship::CA, "CA (Cocaine Anonymous)", Shape::diamond, orange},
    {Fellowship::SMART, "SMART Recovery", Shape::square, bluish_green},
    {Fellowship::AlAnon, "Al-Anon (family and friends)", Shape::inverted_triangle, yellow},
    {Fellowship::Other, "Other fellowship", Shape::cross, reddish_purple},
};

constexpr const FellowshipSymbol& symbol_for(Fellowship f) {
    for (const auto& s : fellowship_symbols) {
        if (s.fellowship == f) return s;
    }
    return fellowship_symbols[5];
}

// Community assets (roisc directory): squares for recovery support, circles for the public
// venues, so the two groups part at a glance; the colours tell the kinds apart within each group.
// Drawn with an ink outline, smaller than meetings, so a meeting at a library stays visible.
struct AssetSymbol {
    AssetKind kind;
    const char* legend;
    Shape shape;
    unsigned colour;
};

constexpr AssetSymbol asset_symbols[] = {
    {AssetKind::recovery_hub, "Recovery hub", Shape::square, vermillion},
    {AssetKind::recovery_cafe, "Recovery café", Shape::square, orange},
    {AssetKind::drop_in, "Drop-in", Shape::square, yellow},
    {AssetKind::employability, "Employability support", Shape::square, sky_blue},
    {AssetKind::volunteering, "Volunteering", Shape::square, bluish_green},
    {AssetKind::treatment_service, "Drug and alcohol treatment service", Shape::square, blue},
    {AssetKind::needle_exchange, "Pharmacy with needle exchange", Shape::diamond, reddish_purple},
    {AssetKind::housing_support, "Housing support", Shape::square, grey},
    {AssetKind::family_support, "Family and carers' support", Shape::square, white},
    {AssetKind::pharmacy, "Pharmacy", Shape::circle, reddish_purple},
    {AssetKind::library, "Library", Shape::circle, sky_blue},
    {AssetKind::gp_practice, "GP practice", Shape::circle, bluish_green},
    {AssetKind::community_centre, "Community centre", Shape::circle, yellow},
    {AssetKind::place_of_worship, "Place of worship", Shape::circle, white},
    {AssetKind::council, "Council building", Shape::circle, grey},
    {AssetKind::other, "Other asset", Shape::cross, ink},
};

constexpr const AssetSymbol& symbol_for(AssetKind k) {
    for (const auto& s : asset_symbols) {
        if (s.kind == k) return s;
    }
    return asset_symbols[sizeof asset_symbols / sizeof asset_symbols[0] - 1];
}

}  // namespace roisc::palette
