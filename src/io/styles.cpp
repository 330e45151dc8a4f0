#include "roisc/io/styles.hpp"

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

std::string option(const std::string& name, const std::string& value) {
    return "<Option type=\"QString\" name=\"" + name + "\" value=\"" + xml_escape(value) + "\"/>";
}

std::string fill_symbol(const std::string& colour, const std::string& outline, const std::string& alpha) {
    return "<symbol type=\"fill\" name=\"0\" alpha=\"" + alpha + "\" clip_to_extent=\"1\" force_rhr=\"0\">"
           "<layer class=\"SimpleFill\" enabled=\"1\" pass=\"0\" locked=\"0\"><Option type=\"Map\">" +
           option("color", colour) + option("outline_color", outline) + option("outline_style", "solid") +
           option("outline_width", "0.4") + option("outline_width_unit", "MM") + option("style", "solid") +
           "</Option></layer></symbol>";
}

// A circle whose area follows the published count; suppressed (null) counts get a small hollow ring.
std::string hotspot_symbol(const std::string& size_field) {
    return "<symbol type=\"marker\" name=\"0\" alpha=\"0.85\" clip_to_extent=\"1\" force_rhr=\"0\">"
           "<layer class=\"SimpleMarker\" enabled=\"1\" pass=\"0\" locked=\"0\"><Option type=\"Map\">" +
           option("name", "circle") + option("color", "213,94,0,255") + option("outline_color", "60,60,60,255") +
           option("outline_width", "0.3") + option("size", "2") + option("size_unit", "MM") +
           "</Option><data_defined_properties><Option type=\"Map\">" + option("name", "") +
           "<Option type=\"Map\" name=\"properties\">"
           "<Option type=\"Map\" name=\"size\"><Option type=\"bool\" name=\"active\" value=\"true\"/>" +
           option("expression", "coalesce(1.5 + sqrt(\"" + size_field + "\") * 0.9, 2)") +
           "<Option type=\"int\" name=\"type\" value=\"3\"/></Option>"
           "<Option type=\"Map\" name=\"fillColor\"><Option type=\"bool\" name=\"active\" value=\"true\"/>" +
           option("expression", "if(\"" + size_field + "\" IS NULL, '255,255,255,0', '213,94,0,255')") +
           "<Option type=\"int\" name=\"type\" value=\"3\"/></Option>"
           "</Option>" +
           option("type", "collection") + "</Option></data_defined_properties></layer></symbol>";
}

std::string marker_symbol(const std::string& shape, const std::string& colour, const std::string& size) {
    return "<symbol type=\"marker\" name=\"0\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
           "<layer class=\"SimpleMarker\" enabled=\"1\" pass=\"0\" locked=\"0\"><Option type=\"Map\">" +
           option("name", shape) + option("color", colour) + option("outline_color", "35,35,35,255") +
           option("outline_width", "0.3") + option("size", size) + option("size_unit", "MM") +
           "</Option></layer></symbol>";
}

std::string single(const std::string& symbol) {
    return "<renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\"><symbols>" +
           symbol + "</symbols></renderer-v2>";
}

// One category per fellowship: NA triangles, AA circles, CA diamonds, SMART squares.
std::string meetings_renderer() {
    struct Cat {
        const char* value;
        const char* shape;
        const char* colour;
    };
    const Cat cats[] = {{"NA", "triangle", "0,114,178,255"},
                        {"AA", "circle", "0,158,115,255"},
                        {"CA", "diamond", "204,121,167,255"},
                        {"SMART", "square", "240,228,66,255"}};
    std::string categories, symbols;
    int i = 0;
    for (const auto& c : cats) {
        categories += "<category value=\"" + std::string(c.value) + "\" label=\"" + c.value + "\" symbol=\"" +
                      std::to_string(i) + "\" render=\"true\"/>";
        std::string s = marker_symbol(c.shape, c.colour, "3");
        s.replace(s.find("name=\"0\""), 8, "name=\"" + std::to_string(i) + "\"");
        symbols += s;
        ++i;
    }
    return "<renderer-v2 type=\"categorizedSymbol\" attr=\"fellowship\" symbollevels=\"0\" enableorderby=\"0\" "
           "forceraster=\"0\"><categories>" +
           categories + "</categories><symbols>" + symbols + "</symbols></renderer-v2>";
}

std::string labeling(const std::string& field) {
    if (field.empty()) return "";
    return "<labeling type=\"simple\"><settings calloutType=\"simple\"><text-style fieldName=\"" + xml_escape(field) +
           "\" fontFamily=\"DejaVu Sans\" fontSize=\"9\" textColor=\"20,20,20,255\" isExpression=\"0\">"
           "<text-buffer bufferDraw=\"1\" bufferSize=\"1\" bufferColor=\"255,255,255,255\"/></text-style>"
           "<placement placement=\"1\"/></settings></labeling>";
}

}  // namespace

std::string qgis_style(LayerStyle style, const std::string& label_field, const std::string& size_field) {
    std::string renderer;
    switch (style) {
        case LayerStyle::coverage: renderer = single(fill_symbol("86,180,233,255", "0,114,178,255", "0.35")); break;
        case LayerStyle::gap: renderer = single(fill_symbol("230,159,0,255", "150,90,0,255", "0.45")); break;
        case LayerStyle::hotspots: renderer = single(hotspot_symbol(size_field)); break;
        case LayerStyle::meetings: renderer = meetings_renderer(); break;
        case LayerStyle::venues: renderer = single(marker_symbol("star", "0,158,115,255", "4")); break;
        case LayerStyle::outline: renderer = single(fill_symbol("255,255,255,0", "60,60,60,255", "1")); break;
        case LayerStyle::none: renderer = ""; break;
    }
    std::ostringstream qml;
    qml << "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        << "<qgis version=\"3.28.0\" styleCategories=\"Symbology|Labeling\">\n"
        << renderer << "\n"
        << labeling(label_field) << "\n"
        << "</qgis>\n";
    return qml.str();
}

}  // namespace roisc
