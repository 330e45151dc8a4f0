#include "roisc/io/styles.hpp"

#include "roisc/model/palette.hpp"

#include <cstdio>
#include <sstream>

namespace roisc {

namespace {

std::string xml_escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '"': out += "&quot;"; break;
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '\'': out += "&apos;"; break;
            default: out += c;
        }
    }
    return out;
}

// QGIS's "r,g,b,a" for a palette colour at an opacity.
std::string qgis_colour(unsigned rgb, double opacity = 1.0) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%u,%u,%u,%d", (rgb >> 16) & 0xFFu, (rgb >> 8) & 0xFFu, rgb & 0xFFu,
                  static_cast<int>(opacity * 255.0 + 0.5));
    return buf;
}

std::string option(const std::string& name, const std::string& value) {
    return "<Option type=\"QString\" name=\"" + name + "\" value=\"" + xml_escape(value) + "\"/>";
}

std::string symbol_open(const char* type, int index) {
    return std::string("<symbol type=\"") + type + "\" name=\"" + std::to_string(index) +
           "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">";
}

std::string fill_symbol(const palette::AreaSymbol& area, const char* outline_width, int index = 0) {
    return symbol_open("fill", index) + "<layer class=\"SimpleFill\" enabled=\"1\" pass=\"0\" locked=\"0\"><Option type=\"Map\">" +
           option("color", qgis_colour(area.fill, area.fill_opacity)) + option("outline_color", qgis_colour(area.outline)) +
           option("outline_style", area.dashed_outline ? "dash" : "solid") + option("outline_width", outline_width) +
           option("outline_width_unit", "MM") + option("style", area.fill_opacity > 0 ? "solid" : "no") +
           "</Option></layer></symbol>";
}

// A circle whose area follows the published count; suppressed (null) counts get a small hollow ring.
std::string hotspot_symbol(const std::string& size_field) {
    const std::string fill = qgis_colour(palette::hotspot_fill, palette::hotspot_opacity);
    return symbol_open("marker", 0) +
           "<layer class=\"SimpleMarker\" enabled=\"1\" pass=\"0\" locked=\"0\"><Option type=\"Map\">" +
           option("name", "circle") + option("color", fill) + option("outline_color", qgis_colour(palette::hotspot_outline)) +
           option("outline_width", "0.3") + option("size", "2") + option("size_unit", "MM") +
           "</Option><data_defined_properties><Option type=\"Map\">" + option("name", "") +
           "<Option type=\"Map\" name=\"properties\">"
           "<Option type=\"Map\" name=\"size\"><Option type=\"bool\" name=\"active\" value=\"true\"/>" +
           option("expression", "coalesce(1.5 + sqrt(\"" + size_field + "\") * 0.9, 2)") +
           "<Option type=\"int\" name=\"type\" value=\"3\"/></Option>"
           "<Option type=\"Map\" name=\"fillColor\"><Option type=\"bool\" name=\"active\" value=\"true\"/>" +
           option("expression", "if(\"" + size_field + "\" IS NULL, '255,255,255,0', '" + fill + "')") +
           "<Option type=\"int\" name=\"type\" value=\"3\"/></Option>"
           "</Option>" +
           option("type", "collection") + "</Option></data_defined_properties></layer></symbol>";
}

// QGIS's simple marker for a palette shape; the inverted triangle is a triangle turned round.
std::string marker_layer(palette::Shape shape, const std::string& colour, const std::string& outline,
                         const std::string& outline_width, const std::string& size) {
    const char* name = "circle";
    const char* angle = "0";
    switch (shape) {
        case palette::Shape::triangle: name = "triangle"; break;
        case palette::Shape::circle: name = "circle"; break;
        case palette::Shape::square: name = "square"; break;
        case palette::Shape::diamond: name = "diamond"; break;
        case palette::Shape::inverted_triangle: name = "triangle", angle = "180"; break;
        case palette::Shape::cross: name = "cross_fill"; break;
    }
    return "<layer class=\"SimpleMarker\" enabled=\"1\" pass=\"0\" locked=\"0\"><Option type=\"Map\">" + option("name", name) +
           option("angle", angle) + option("color", colour) + option("outline_color", outline) +
           option("outline_width", outline_width) + option("size", size) + option("size_unit", "MM") + "</Option></layer>";
}

std::string single(const std::string& symbol) {
    return "<renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\"><symbols>" +
           symbol + "</symbols></renderer-v2>";
}

std::string categorized(const std::string& field, const std::string& categories, const std::string& symbols) {
    return "<renderer-v2 type=\"categorizedSymbol\" attr=\"" + xml_escape(field) +
           "\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\"><categories>" + categories +
           "</categories><symbols>" + symbols + "</symbols></renderer-v2>";
}

std::string category(const std::string& value, const std::string& label, int index) {
    return "<category value=\"" + xml_escape(value) + "\" label=\"" + xml_escape(label) + "\" symbol=\"" +
           std::to_string(index) + "\" render=\"true\"/>";
}

// One category per fellowship of the vocabulary, in the map's colours and shapes.
std::string meetings_renderer() {
    std::string categories, symbols;
    int i = 0;
    for (const auto& s : palette::fellowship_symbols) {
        categories += category(to_string(s.fellowship), s.legend, i);
        symbols += symbol_open("marker", i) +
                   marker_layer(s.shape, qgis_colour(s.colour), qgis_colour(palette::ink), "0.3", "3.2") + "</symbol>";
        ++i;
    }
    return categorized("fellowship", categories, symbols);
}

// One category per asset kind, in the palette's colours and shapes.
std::string assets_renderer() {
    std::string categories, symbols;
    int i = 0;
    for (const auto& s : palette::asset_symbols) {
        categories += category(to_string(s.kind), s.legend, i);
        symbols += symbol_open("marker", i) +
                   marker_layer(s.shape, qgis_colour(s.colour), qgis_colour(palette::ink), "0.3", "2.4") + "</symbol>";
        ++i;
    }
    return categorized("kind", categories, symbols);
}

// One category per time, shortest first, on the map's isochrone ramp.
std::string isochrones_renderer(const std::vector<std::string>& times) {
    std::string categories, symbols;
    for (std::size_t i = 0; i < times.size(); ++i) {
        const palette::AreaSymbol band{palette::isochrone_colour(i, times.size()), palette::isochrone_opacity,
                                       palette::isochrone_outline};
        categories += category(times[i], "Within " + times[i], static_cast<int>(i));
        symbols += fill_symbol(band, "0.15", static_cast<int>(i));
    }
    return categorized("time", categories, symbols);
}

// How labels sit: beside a point, over an area's centre, or along an area's outline.
enum class LabelPlacement { point, centre, outline };

std::string labeling(const std::string& field, LabelPlacement placement) {
    if (field.empty()) return "";
    // Points: placement 6 (cartographic, around the point) keeps the marker visible. Areas: 1 (over
    // the centroid), or 2 (along the outline) where a point sits at the centre (a catchment's venue),
    // and not an obstacle, so point labels inside them are not dropped.
    return "<labeling type=\"simple\"><settings calloutType=\"simple\"><text-style fieldName=\"" + xml_escape(field) +
           "\" fontFamily=\"DejaVu Sans\" fontSize=\"9\" textColor=\"20,20,20,255\" isExpression=\"0\">"
           "<text-buffer bufferDraw=\"1\" bufferSize=\"1\" bufferColor=\"255,255,255,255\"/></text-style>" +
           std::string(placement == LabelPlacement::point ? "<placement placement=\"6\" dist=\"1\" distUnits=\"MM\"/>"
                       : placement == LabelPlacement::centre ? "<placement placement=\"1\"/><rendering obstacle=\"0\"/>"
                                                             : "<placement placement=\"2\" placementFlags=\"10\"/><rendering obstacle=\"0\"/>") +
           "</settings></labeling>";
}

}  // namespace

std::string qgis_style(LayerStyle style, const std::string& label_field, const std::string& size_field,
                       const std::vector<std::string>& categories) {
    std::string renderer;
    bool points = false, outline = false;
    switch (style) {
        case LayerStyle::coverage: renderer = single(fill_symbol(palette::coverage, "0.4")); break;
        case LayerStyle::gap: renderer = single(fill_symbol(palette::gap, "0.4")); break;
        case LayerStyle::hotspots: renderer = single(hotspot_symbol(size_field)), points = true; break;
        case LayerStyle::meetings: renderer = meetings_renderer(), points = true; break;
        case LayerStyle::assets: renderer = assets_renderer(), points = true; break;
        case LayerStyle::venues:
            renderer = single(symbol_open("marker", 0) +
                              marker_layer(palette::Shape::circle, qgis_colour(palette::new_venue_fill),
                                           qgis_colour(palette::new_venue_outline), "0.4", "4.5") +
                              "</symbol>");
            points = true;
            break;
        case LayerStyle::catchments: renderer = single(fill_symbol(palette::catchment, "0.5")), outline = true; break;
        case LayerStyle::isochrones: renderer = isochrones_renderer(categories); break;
        case LayerStyle::outline: renderer = single(fill_symbol(palette::area_outline, "0.4")); break;
        case LayerStyle::none: renderer = ""; break;
    }
    std::ostringstream qml;
    qml << "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        << "<qgis version=\"3.22.0\" styleCategories=\"Symbology|Labeling\">\n"
        << renderer << "\n"
        << labeling(label_field, points ? LabelPlacement::point : outline ? LabelPlacement::outline : LabelPlacement::centre) << "\n"
        << "</qgis>\n";
    return qml.str();
}

}  // namespace roisc
