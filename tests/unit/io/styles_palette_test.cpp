// The QGIS styles (.qml and GeoPackage layer_styles, both from qgis_style) and the map renderer
// must show every category in the same colour: this reads the colours back out of the QML text and
// compares them with what the renderer draws.
#include "roisc/io/styles.hpp"
#include "roisc/model/palette.hpp"
#include "roisc/render/map.hpp"

#include "../render/map_style.hpp"  // the renderer's own fellowship styles (src/render)

#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <regex>
#include <string>
#include <vector>

namespace {

using roisc::LayerStyle;
using roisc::qgis_style;
namespace palette = roisc::palette;
namespace detail = roisc::render::detail;

struct QmlColour {
    unsigned rgb = 0;
    double opacity = 1;
};

QmlColour parse_colour(const std::string& text) {
    unsigned r = 0, g = 0, b = 0, a = 0;
    REQUIRE(std::sscanf(text.c_str(), "%u,%u,%u,%u", &r, &g, &b, &a) == 4);
    return {(r << 16) | (g << 8) | b, a / 255.0};
}

// The value of every <Option name="NAME" value="…"/> in order.
std::vector<std::string> options(const std::string& qml, const std::string& name) {
    std::vector<std::string> out;
    const std::regex re("name=\"" + name + "\" value=\"([^\"]*)\"");
    for (std::sregex_iterator it(qml.begin(), qml.end(), re), end; it != end; ++it) out.push_back((*it)[1]);
    return out;
}

// category value -> symbol index
std::map<std::string, int> categories(const std::string& qml) {
    std::map<std::string, int> out;
    const std::regex re("<category value=\"([^\"]*)\" label=\"[^\"]*\" symbol=\"([0-9]+)\"");
    for (std::sregex_iterator it(qml.begin(), qml.end(), re), end; it != end; ++it) out[(*it)[1]] = std::stoi((*it)[2]);
    return out;
}

unsigned rgb_of(const detail::Rgb& c) {
    auto ch = [](double v) { return static_cast<unsigned>(std::lround(v * 255)); };
    return (ch(c.r) << 16) | (ch(c.g) << 8) | ch(c.b);
}

bool near(unsigned a, unsigned b, int tolerance = 1) {
    for (int shift : {16, 8, 0}) {
        if (std::abs(static_cast<int>((a >> shift) & 0xFFu) - static_cast<int>((b >> shift) & 0xFFu)) > tolerance) return false;
    }
    return true;
}

}  // namespace

TEST_CASE("every fellowship has a QGIS category in the map's colour and shape") {
    const std::string qml = qgis_style(LayerStyle::meetings);
    const auto cats = categories(qml);
    const auto colours = options(qml, "color");
    const auto shapes = options(qml, "name");
    const auto angles = options(qml, "angle");
    CHECK(cats.size() == roisc::all_fellowships().size());
    for (roisc::Fellowship f : roisc::all_fellowships()) {
        const std::string name = roisc::to_string(f);
        CAPTURE(name);
        REQUIRE(cats.count(name));
        const auto i = static_cast<std::size_t>(cats.at(name));
        REQUIRE(i < colours.size());
        const QmlColour c = parse_colour(colours[i]);
        // The renderer's colour for meetings of this fellowship.
        CHECK(c.rgb == rgb_of(detail::style_for(name).colour));
        CHECK(c.opacity == 1.0);
        const char* shape = "";
        const char* angle = "0";
        switch (detail::style_for(name).shape) {
            case palette::Shape::triangle: shape = "triangle"; break;
            case palette::Shape::circle: shape = "circle"; break;
            case palette::Shape::square: shape = "square"; break;
            case palette::Shape::diamond: shape = "diamond"; break;
            case palette::Shape::inverted_triangle: shape = "triangle", angle = "180"; break;
            case palette::Shape::cross: shape = "cross_fill"; break;
        }
        // shapes[0] is the empty data-defined name of none; marker names follow the symbol order.
        std::vector<std::string> marker_names;
        for (const auto& s : shapes) {
            if (!s.empty()) marker_names.push_back(s);
        }
        REQUIRE(i < marker_names.size());
        CHECK(marker_names[i] == shape);
        CHECK(angles[i] == angle);
    }
}

TEST_CASE("areas, hotspots, new venues and isochrone bands are the map's colours in QGIS") {
    SUBCASE("gap land shows over white as the map's gap fill") {
        const QmlColour c = parse_colour(options(qgis_style(LayerStyle::gap), "color").at(0));
        CHECK(near(palette::over_white(c.rgb, c.opacity), roisc::render::gap_fill_rgb));
        CHECK(c.rgb == palette::gap.fill);
    }
    SUBCASE("coverage: the fill the map shades reach with, the outline its reach circles are drawn in") {
        const std::string qml = qgis_style(LayerStyle::coverage);
        const QmlColour fill = parse_colour(options(qml, "color").at(0));
        CHECK(fill.rgb == palette::coverage.fill);
        CHECK(std::abs(fill.opacity - palette::coverage.fill_opacity) < 0.01);
        CHECK(parse_colour(options(qml, "outline_color").at(0)).rgb == palette::coverage.outline);
    }
    SUBCASE("new venues and their catchments: the map's pick colour") {
        CHECK(parse_colour(options(qgis_style(LayerStyle::venues, "rank"), "color").at(0)).rgb == roisc::render::pick_fill_rgb);
        const std::string catchments = qgis_style(LayerStyle::catchments, "venue");
        CHECK(parse_colour(options(catchments, "outline_color").at(0)).rgb == roisc::render::pick_fill_rgb);
        CHECK(options(catchments, "outline_style").at(0) == "dash");
        CHECK(parse_colour(options(catchments, "color").at(0)).opacity == 0.0);
    }
    SUBCASE("hotspots: the map's proportional circles") {
        const std::string qml = qgis_style(LayerStyle::hotspots, "hotspot", "people");
        const QmlColour fill = parse_colour(options(qml, "color").at(0));
        CHECK(fill.rgb == rgb_of(detail::hotspot_fill));
        CHECK(std::abs(fill.opacity - palette::hotspot_opacity) < 0.01);
        CHECK(parse_colour(options(qml, "outline_color").at(0)).rgb == rgb_of(detail::hotspot_line));
    }
    SUBCASE("isochrone bands: each time the colour its band has in the map's legend") {
        for (std::size_t n = 1; n <= 6; ++n) {
            std::vector<std::string> times;
            for (std::size_t i = 0; i < n; ++i) times.push_back(std::to_string(10 * (i + 1)) + "min");
            const std::string qml = qgis_style(LayerStyle::isochrones, "", "people", times);
            const auto cats = categories(qml);
            const auto colours = options(qml, "color");
            REQUIRE(cats.size() == n);
            for (std::size_t i = 0; i < n; ++i) {
                CAPTURE(n);
                CAPTURE(i);
                const QmlColour c = parse_colour(colours.at(static_cast<std::size_t>(cats.at(times[i]))));
                CHECK(near(palette::over_white(c.rgb, c.opacity), roisc::render::isochrone_band_rgb(i, n)));
            }
        }
    }
}

TEST_CASE("labels: points beside their marker, areas no obstacle to them") {
    for (LayerStyle s : {LayerStyle::hotspots, LayerStyle::venues, LayerStyle::meetings}) {
        const std::string qml = qgis_style(s, "name");
        CHECK(qml.find("placement=\"6\"") != std::string::npos);
    }
    for (LayerStyle s : {LayerStyle::coverage, LayerStyle::gap, LayerStyle::catchments, LayerStyle::outline}) {
        const std::string qml = qgis_style(s, "name");
        CHECK(qml.find("<rendering obstacle=\"0\"/>") != std::string::npos);
    }
}
