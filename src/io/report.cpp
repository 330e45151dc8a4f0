#include "roisc/io/report.hpp"

#include "roisc/core/error.hpp"
#include "roisc/model/fellowship.hpp"
#include "roisc/model/palette.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace roisc {

namespace {

using json = nlohmann::ordered_json;

std::string hex(unsigned colour) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%06X", colour & 0xFFFFFFu);
    return buf;
}

// Text as HTML content or an attribute value.
std::string esc(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

// JSON placed inside a <script> element: '<', '>' and '&' only occur inside JSON strings, where
// their \u escapes mean the same, so no "</script>" or "<!--" can end the element early.
std::string script_safe(const std::string& json_text) {
    std::string out;
    out.reserve(json_text.size());
    for (char c : json_text) {
        if (c == '<') out += "\\u003c";
        else if (c == '>') out += "\\u003e";
        else if (c == '&') out += "\\u0026";
        else out += c;
    }
    return out;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string metadata_value(const Metadata& metadata, const std::string& key) {
    for (const auto& [k, v] : metadata) {
        if (k == key) return v;
    }
    return "";
}

// ---------------------------------------------------------------------------------------------
// Symbols: the printed map's, drawn as small inline SVG for the legend and the meetings' markers.

std::string shape_svg(palette::Shape shape, unsigned colour, int size) {
    const std::string fill = hex(colour), ink = hex(palette::ink);
    std::string body;
    switch (shape) {
        case palette::Shape::triangle: body = "<polygon points=\"8,1.5 15,14.5 1,14.5\""; break;
        case palette::Shape::circle: body = "<circle cx=\"8\" cy=\"8\" r=\"6.5\""; break;
        case palette::Shape::square: body = "<rect x=\"2\" y=\"2\" width=\"12\" height=\"12\""; break;
        case palette::Shape::diamond: body = "<polygon points=\"8,0.8 15.2,8 8,15.2 0.8,8\""; break;
        case palette::Shape::inverted_triangle: body = "<polygon points=\"1,1.5 15,1.5 8,14.5\""; break;
        case palette::Shape::cross:
            body = "<polygon points=\"5.5,1 10.5,1 10.5,5.5 15,5.5 15,10.5 10.5,10.5 10.5,15 5.5,15 5.5,10.5 1,10.5 1,5.5 5.5,5.5\"";
            break;
    }
    const std::string n = std::to_string(size);
    return "<svg class=\"sym\" width=\"" + n + "\" height=\"" + n + "\" viewBox=\"0 0 16 16\" aria-hidden=\"true\">" + body +
           " fill=\"" + fill + "\" stroke=\"" + ink + "\" stroke-width=\"1\"/></svg>";
}

std::string area_swatch(const palette::AreaSymbol& s) {
    return "<svg class=\"sym\" width=\"22\" height=\"16\" viewBox=\"0 0 22 16\" aria-hidden=\"true\"><rect x=\"1.5\" y=\"1.5\" "
           "width=\"19\" height=\"13\" fill=\"" + (s.fill_opacity > 0 ? hex(s.fill) : std::string("none")) + "\" fill-opacity=\"" +
           json(s.fill_opacity).dump() + "\" stroke=\"" + hex(s.outline) + "\" stroke-width=\"" + (s.dashed_outline ? "2" : "1.5") +
           "\"" + (s.dashed_outline ? " stroke-dasharray=\"4 3\"" : "") + "/></svg>";
}

std::string hotspot_swatch() {
    const std::string fill = hex(palette::hotspot_fill), line = hex(palette::hotspot_outline);
    return "<svg class=\"sym\" width=\"34\" height=\"16\" viewBox=\"0 0 34 16\" aria-hidden=\"true\"><circle cx=\"8\" cy=\"8\" "
           "r=\"6.5\" fill=\"" + fill + "\" fill-opacity=\"" + json(palette::hotspot_opacity).dump() + "\" stroke=\"" + line +
           "\"/><circle cx=\"26\" cy=\"8\" r=\"4.5\" fill=\"none\" stroke=\"" + line + "\" stroke-width=\"1.5\"/></svg>";
}

std::string venue_swatch() {
    return "<svg class=\"sym\" width=\"18\" height=\"18\" viewBox=\"0 0 18 18\" aria-hidden=\"true\"><circle cx=\"9\" cy=\"9\" r=\"7.5\" "
           "fill=\"" + hex(palette::new_venue_fill) + "\" stroke=\"" + hex(palette::ink) + "\" stroke-width=\"0.8\"/><circle cx=\"9\" "
           "cy=\"9\" r=\"6.5\" fill=\"none\" stroke=\"" + hex(palette::new_venue_outline) + "\" stroke-width=\"1.5\"/><text x=\"9\" "
           "y=\"12.5\" text-anchor=\"middle\" font-size=\"10\" font-weight=\"bold\" fill=\"" + hex(palette::white) +
           "\">1</text></svg>";
}

// Leaflet's path options for an area symbol.
json area_style(const palette::AreaSymbol& s, double weight) {
    json j;
    j["color"] = hex(s.outline);
    j["weight"] = weight;
    j["opacity"] = 1;
    j["fill"] = s.fill_opacity > 0;
    if (s.fill_opacity > 0) {
        j["fillColor"] = hex(s.fill);
        j["fillOpacity"] = s.fill_opacity;
    }
    if (s.dashed_outline) j["dashArray"] = "6 4";
    return j;
}

// One layer as the page's script draws it, and its switcher entry.
struct MapLayer {
    json spec;            // kind, style, fields shown as hidden when null, the GeoJSON
    std::string swatch;   // legend symbol (SVG)
    std::string label;    // legend text
    std::string note;     // a line under it
    bool shown = true;
    std::size_t features = 0;
};

std::string count_words(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

// The GeoJSON of `layer` in WGS84, with no metadata block (the page has it once).
std::string layer_geojson(const OutputLayer& layer, const WorkingCrs& crs) { return geojson_text(layer, crs, {}); }

int field_index(const OutputLayer& layer, const std::string& name) {
    for (std::size_t i = 0; i < layer.fields.size(); ++i) {
        if (layer.fields[i].name == name) return static_cast<int>(i);
    }
    return -1;
}

// A layer's entries for the map: one, or for meetings one per fellowship present, in legend order.
std::vector<MapLayer> map_layers(const ReportLayer& r, const WorkingCrs& crs) {
    const OutputLayer& layer = *r.layer;
    std::vector<MapLayer> out;
    auto base = [&](const std::string& kind) {
        MapLayer m;
        m.spec["name"] = layer.name;    // the switch's name; meetings: one per fellowship
        m.spec["layer"] = layer.name;   // the layer its features come from (docs/outputs.md)
        m.spec["title"] = layer.title;
        m.spec["kind"] = kind;
        m.spec["counts"] = r.counts;
        m.label = r.legend;
        m.shown = r.shown;
        m.features = layer.features.size();
        return m;
    };
    auto finish = [&](MapLayer m, const OutputLayer& data) {
        m.spec["geojson"] = "@GEOJSON@";  // replaced by the layer's text as written, see spec_text()
        m.spec["_data"] = layer_geojson(data, crs);
        m.features = data.features.size();
        out.push_back(std::move(m));
    };
    switch (layer.style) {
        case LayerStyle::meetings: {
            const int f = field_index(layer, "fellowship");
            for (const auto& symbol : palette::fellowship_symbols) {
                OutputLayer part = layer;
                part.features.clear();
                for (const auto& feature : layer.features) {
                    Fellowship fellowship = Fellowship::Other;
                    if (f >= 0 && static_cast<std::size_t>(f) < feature.values.size()) {
                        if (const auto* s = std::get_if<std::string>(&feature.values[static_cast<std::size_t>(f)])) {
                            fellowship = fellowship_from_text(*s).value_or(Fellowship::Other);
                        }
                    }
                    if (fellowship == symbol.fellowship) part.features.push_back(feature);
                }
                if (part.features.empty()) continue;
                MapLayer m = base("meetings");
                const bool crowded = layer.features.size() > report_max_features && !r.first_shown.empty();
                const std::string name = to_string(symbol.fellowship);
                if (crowded && std::find(r.first_shown.begin(), r.first_shown.end(), name) == r.first_shown.end()) m.shown = false;
                m.spec["name"] = layer.name + "_" + to_string(symbol.fellowship);
                m.spec["icon"] = shape_svg(symbol.shape, symbol.colour, 16);
                m.swatch = shape_svg(symbol.shape, symbol.colour, 16);
                m.label = std::string(symbol.legend) + " meetings";
                m.note = count_words(part.features.size(), "meeting", "meetings") + " with a place";
                if (crowded && !m.shown) m.note += "; switched off at first, as a page of " + count_words(layer.features.size(), "meeting", "meetings") + " draws slowly: tick to show";
                finish(std::move(m), part);
            }
            return out;
        }
        case LayerStyle::assets: {
            // One switchable layer per kind, as the directory's legend and QGIS style have them.
            const int k = field_index(layer, "kind");
            for (const auto& symbol : palette::asset_symbols) {
                OutputLayer part = layer;
                part.features.clear();
                for (const auto& feature : layer.features) {
                    AssetKind kind = AssetKind::other;
                    if (k >= 0 && static_cast<std::size_t>(k) < feature.values.size()) {
                        if (const auto* s = std::get_if<std::string>(&feature.values[static_cast<std::size_t>(k)])) {
                            kind = asset_kind_from_text(*s).value_or(AssetKind::other);
                        }
                    }
                    if (kind == symbol.kind) part.features.push_back(feature);
                }
                if (part.features.empty()) continue;
                MapLayer m = base("meetings");  // drawn as the meetings are: a symbol per point
                m.spec["name"] = layer.name + "_" + to_string(symbol.kind);
                m.spec["icon"] = shape_svg(symbol.shape, symbol.colour, 12);
                m.swatch = shape_svg(symbol.shape, symbol.colour, 12);
                m.label = symbol.legend;
                m.note = count_words(part.features.size(), "place", "places");
                m.shown = r.shown && symbol.shape == palette::Shape::square;  // recovery support first; public venues on demand
                finish(std::move(m), part);
            }
            return out;
        }
        case LayerStyle::hotspots: {
            MapLayer m = base("hotspots");
            m.spec["size"] = layer.size_field;
            m.spec["label"] = layer.label_field;
            json st;
            st["color"] = hex(palette::hotspot_outline);
            st["weight"] = 1;
            st["fillColor"] = hex(palette::hotspot_fill);
            st["fillOpacity"] = palette::hotspot_opacity;
            m.spec["style"] = st;
            m.swatch = hotspot_swatch();
            m.note = count_words(layer.features.size(), "hotspot", "hotspots") +
                     "; circle area in proportion to the published count, a hollow ring where it is hidden";
            finish(std::move(m), layer);
            return out;
        }
        case LayerStyle::venues: {
            MapLayer m = base("venues");
            m.spec["label"] = layer.label_field;
            m.swatch = venue_swatch();
            m.note = count_words(layer.features.size(), "venue", "venues") + ", numbered in pick order";
            finish(std::move(m), layer);
            return out;
        }
        default: {
            palette::AreaSymbol symbol = palette::area_outline;
            double weight = 1.5;
            if (layer.style == LayerStyle::coverage) symbol = palette::coverage, weight = 1;
            if (layer.style == LayerStyle::gap) symbol = palette::gap, weight = 1;
            if (layer.style == LayerStyle::catchments) symbol = palette::catchment, weight = 2;
            MapLayer m = base("area");
            m.spec["label"] = layer.label_field;
            m.spec["style"] = area_style(symbol, weight);
            m.swatch = area_swatch(symbol);
            m.note = count_words(layer.features.size(), "area", "areas");
            finish(std::move(m), layer);
            return out;
        }
    }
}

// A layer's spec as JSON text, its GeoJSON spliced in as written (fixed decimals, one feature a line).
std::string spec_text(const MapLayer& m) {
    json spec = m.spec;
    const std::string data = spec["_data"].get<std::string>();
    spec.erase("_data");
    spec["shown"] = m.shown;
    const std::string text = spec.dump(-1, ' ', false, json::error_handler_t::replace);
    const std::string placeholder = "\"@GEOJSON@\"";
    const auto at = text.find(placeholder);
    std::string g = data;
    while (!g.empty() && g.back() == '\n') g.pop_back();
    return text.substr(0, at) + g + text.substr(at + placeholder.size());
}

// ---------------------------------------------------------------------------------------------
// Tables

std::string marker_of(const Metadata& metadata) {
    const std::string m = metadata_value(metadata, "disclosure_marker");
    return m.empty() ? "*" : m;
}

// A cell: a disclosure marker ("*", "97+*") is explained to screen readers and on hover.
std::string cell_html(const std::string& text, const std::string& marker, bool numeric) {
    const bool hidden = !marker.empty() && text.size() >= marker.size() &&
                        text.compare(text.size() - marker.size(), marker.size(), marker) == 0;
    const std::string cls = numeric ? " class=\"num\"" : "";
    if (!hidden) return "<td" + cls + ">" + esc(text) + "</td>";
    const std::string what = text == marker ? "hidden by disclosure control"
                                            : "the published part of a sum that leaves hidden counts out";
    return "<td" + cls + "><abbr title=\"" + esc(what) + "\">" + esc(text) + "</abbr></td>";
}

std::string table_html(const std::string& id, const std::string& data_name, const std::string& caption,
                       const std::vector<std::string>& columns, const std::vector<bool>& numeric,
                       const std::vector<std::vector<std::string>>& rows, const std::string& marker) {
    std::ostringstream h;
    h << "<div class=\"table-wrap\"><table class=\"sortable\" id=\"" << esc(id) << "\" data-table=\"" << esc(data_name) << "\">\n"
      << "<caption>" << esc(caption) << " <span class=\"rows\">(" << count_words(rows.size(), "row", "rows")
      << "; select a heading to sort)</span></caption>\n<thead><tr>";
    for (std::size_t c = 0; c < columns.size(); ++c) {
        h << "<th scope=\"col\"" << (numeric[c] ? " class=\"num\"" : "") << " aria-sort=\"none\"><button type=\"button\">"
          << esc(columns[c]) << "</button></th>";
    }
    h << "</tr></thead>\n<tbody>\n";
    for (const auto& row : rows) {
        h << "<tr>";
        for (std::size_t c = 0; c < columns.size(); ++c) h << cell_html(c < row.size() ? row[c] : "", marker, numeric[c]);
        h << "</tr>\n";
    }
    h << "</tbody></table></div>\n";
    return h.str();
}

std::string summary_table_html(const std::string& id, const ReportTable& t, const std::string& marker) {
    std::vector<std::string> columns;
    std::vector<bool> numeric;
    for (const auto& c : t.table->columns()) {
        columns.push_back(c.name);
        numeric.push_back(c.numeric || c.align == Table::Align::right);
    }
    return table_html(id, t.id, t.title, columns, numeric, t.table->rows(), marker);
}

// A layer's attribute table as its CSV has it, hidden counts shown as the marker.
std::string layer_table_html(const std::string& id, const ReportLayer& r, const std::string& marker) {
    const OutputLayer& layer = *r.layer;
    std::vector<std::string> columns{"id"};
    std::vector<bool> numeric{false};
    for (const auto& f : layer.fields) {
        columns.push_back(f.name);
        numeric.push_back(f.type == OutputField::Type::integer || f.type == OutputField::Type::real);
    }
    const int hidden_field = field_index(layer, "suppressed_counts");
    const std::set<std::string> counts(r.counts.begin(), r.counts.end());
    std::vector<std::vector<std::string>> rows;
    for (const auto& feature : layer.features) {
        std::set<std::string> hidden;
        if (hidden_field >= 0 && static_cast<std::size_t>(hidden_field) < feature.values.size()) {
            if (const auto* s = std::get_if<std::string>(&feature.values[static_cast<std::size_t>(hidden_field)])) {
                std::stringstream names(*s);
                for (std::string n; std::getline(names, n, ',');) hidden.insert(n);
            }
        }
        std::vector<std::string> row{feature.id};
        for (std::size_t k = 0; k < layer.fields.size(); ++k) {
            const FieldValue v = k < feature.values.size() ? feature.values[k] : FieldValue{};
            const bool null = std::holds_alternative<std::monostate>(v);
            const std::string& name = layer.fields[k].name;
            if (null && (hidden.count(name) || counts.count(name))) {
                row.push_back(marker);
            } else {
                row.push_back(layer_cell_text(v, layer.fields[k].type));
            }
        }
        rows.push_back(std::move(row));
    }
    return table_html(id, layer.name, r.partial.empty() ? layer.title : layer.title + ". " + r.partial, columns, numeric, rows, marker);
}

// ---------------------------------------------------------------------------------------------
// How the results were made

const std::vector<std::pair<std::string, std::string>>& method_labels() {
    static const std::vector<std::pair<std::string, std::string>> labels = {
        {"query", "Query"},
        {"study", "Study area"},
        {"model", "Travel model"},
        {"working_crs", "Working coordinate system"},
        {"manifest", "Layer manifest"},
        {"disclosure_policy", "Disclosure control"},
        {"disclosure_method", "Disclosure method"},
        {"roisc_version", "roisc version"},
    };
    return labels;
}

std::string method_html(const ReportSection& s) {
    std::ostringstream h;
    h << "<dl class=\"method\">\n";
    std::set<std::string> shown{"sources", "disclosure_note"};
    for (const auto& [key, label] : method_labels()) {
        const std::string v = metadata_value(s.metadata, key);
        if (v.empty()) continue;
        shown.insert(key);
        h << "<dt>" << esc(label) << "</dt><dd>" << (key == "query" ? "<code>" + esc(v) + "</code>" : esc(v)) << "</dd>\n";
    }
    const std::string sources = metadata_value(s.metadata, "sources");
    if (!sources.empty()) {
        h << "<dt>Sources and their dates</dt><dd><ul class=\"sources\">";
        std::size_t start = 0;
        while (start <= sources.size()) {
            const auto end = sources.find("; ", start);
            const std::string one = sources.substr(start, end == std::string::npos ? std::string::npos : end - start);
            if (!one.empty()) h << "<li>" << esc(one) << "</li>";
            if (end == std::string::npos) break;
            start = end + 2;
        }
        h << "</ul></dd>\n";
    }
    for (const auto& [k, v] : s.metadata) {
        if (shown.count(k) || v.empty()) continue;
        h << "<dt>" << esc(k) << "</dt><dd>" << esc(v) << "</dd>\n";
    }
    h << "</dl>\n";
    return h.str();
}

// ---------------------------------------------------------------------------------------------
// The page

const char* const page_css = R"CSS(
:root { --ink: @INK@; --grey: @GREY@; --line: #B3B3B3; --focus: @BLUE@; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.45 "DejaVu Sans", Verdana, Arial, sans-serif; color: var(--ink); background: #FFFFFF; }
header, main, footer { max-width: 76rem; margin: 0 auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 1rem 0 0.25rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 0.5rem; border-top: 3px solid var(--ink); padding-top: 0.75rem; }
h3 { font-size: 1.1rem; margin: 1.5rem 0 0.5rem; }
p, li, dd { max-width: 60rem; }
.lede, .credits, .rows, .note { color: var(--grey); }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #FFFFFF; padding: 0.5rem; z-index: 2000; }
.map-block { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
.map { flex: 1 1 36rem; height: 34rem; min-width: 18rem; border: 1px solid var(--line); background: #FFFFFF; }
.layers { flex: 0 1 22rem; margin: 0; border: 1px solid var(--line); padding: 0.5rem 0.75rem; }
.layers legend { font-weight: bold; padding: 0 0.25rem; }
.layers ul { list-style: none; margin: 0; padding: 0; }
.layers li { margin: 0.35rem 0; }
.layers label { display: flex; gap: 0.4rem; align-items: center; cursor: pointer; }
.layers input { width: 1.1rem; height: 1.1rem; margin: 0; flex: none; }
.layers .sym { flex: none; }
.layers .note { display: block; font-size: 0.85rem; margin-left: 1.5rem; }
input:focus-visible, button:focus-visible, .map:focus-visible, a:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.credits { font-size: 0.8rem; margin: 0.25rem 0 0; }
.table-wrap { overflow-x: auto; margin: 0.5rem 0 1.25rem; }
table { border-collapse: collapse; font-size: 0.9rem; }
caption { text-align: left; font-weight: bold; padding: 0.25rem 0; }
caption .rows { font-weight: normal; }
th, td { border-bottom: 1px solid var(--line); padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th.num, td.num { text-align: right; }
th button { font: inherit; font-weight: bold; color: var(--ink); background: none; border: 0; padding: 0; cursor: pointer; text-align: inherit; }
th[aria-sort="ascending"] button::after { content: " \25B2"; }
th[aria-sort="descending"] button::after { content: " \25BC"; }
abbr { text-decoration: underline dotted; cursor: help; }
.method dt { font-weight: bold; margin-top: 0.5rem; }
.method dd { margin-left: 1rem; overflow-wrap: anywhere; }
.disclosure { border-left: 4px solid var(--ink); padding-left: 0.75rem; }
.roisc-icon { background: none; border: 0; }
.roisc-pick { display: block; width: 24px; height: 24px; border-radius: 50%; background: @VERMILLION@; color: #FFFFFF;
  border: 2px solid #FFFFFF; box-shadow: 0 0 0 1px @INK@; font: bold 13px/20px "DejaVu Sans", Verdana, sans-serif; text-align: center; }
.popup-table { border-collapse: collapse; font-size: 0.8rem; }
.popup-table caption { font-size: 0.85rem; max-width: 18rem; }
.popup-table th { font-weight: normal; color: var(--grey); padding-right: 0.75rem; }
.popup-table th, .popup-table td { border-bottom: 1px solid #E0E0E0; padding: 0.1rem 0.3rem; }
@media print {
  body { font-size: 10pt; }
  header, main, footer { max-width: none; padding: 0; }
  .skip, .leaflet-control-container, noscript { display: none; }
  h2 { break-before: page; }
  section:first-of-type h2 { break-before: auto; }
  .map-block { display: block; break-inside: avoid; }
  .map { height: 15cm; width: 100%; border: 1px solid #000000; }
  .layers { margin-top: 0.3cm; }
  .table-wrap { overflow: visible; }
  tr { break-inside: avoid; }
  th button::after { content: "" !important; }
  abbr { text-decoration: none; }
}
)CSS";

const char* const page_js = R"JS(
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("roisc-data").textContent);
  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  // Each feature's published fields; a count hidden by disclosure control shows the marker.
  function popup(feature, spec, marker) {
    var props = feature.properties || {};
    var hidden = {};
    String(props.suppressed_counts || "").split(",").forEach(function (n) { if (n) hidden[n] = true; });
    spec.counts.forEach(function (n) { hidden[n] = hidden[n] || props[n] === null; });
    var table = document.createElement("table");
    table.className = "popup-table";
    var caption = table.createCaption();
    caption.textContent = spec.title;
    function row(name, value, title) {
      var tr = table.insertRow();
      var th = document.createElement("th");
      th.scope = "row";
      th.textContent = name;
      tr.appendChild(th);
      var td = tr.insertCell();
      if (title) {
        var abbr = document.createElement("abbr");
        abbr.title = title;
        abbr.textContent = value;
        td.appendChild(abbr);
      } else {
        td.textContent = value;
      }
    }
    row("id", feature.id);
    Object.keys(props).forEach(function (name) {
      var v = props[name];
      if (v === null && hidden[name]) row(name, marker, "hidden by disclosure control");
      else if (v !== null && v !== "") row(name, String(v));
    });
    return table;
  }
  function hotspotLayer(spec, marker) {
    var max = 0;
    spec.geojson.features.forEach(function (f) {
      var v = f.properties[spec.size];
      if (typeof v === "number" && v > max) max = v;
    });
    return L.geoJSON(spec.geojson, {
      pointToLayer: function (f, latlng) {
        var v = f.properties[spec.size];
        var style = L.extend({}, spec.style);
        if (typeof v === "number" && max > 0) {
          style.radius = Math.max(3, 16 * Math.sqrt(v / max));
        } else {
          style.radius = 5; style.fill = false; style.weight = 2;
        }
        return L.circleMarker(latlng, style);
      }
    });
  }
  function iconLayer(spec, html) {
    return L.geoJSON(spec.geojson, {
      pointToLayer: function (f, latlng) {
        return L.marker(latlng, {
          icon: L.divIcon({ className: "roisc-icon", html: html(f), iconSize: [24, 24], iconAnchor: [12, 12] }),
          keyboard: true, title: String(f.properties[spec.label] || f.properties.meeting || f.id)
        });
      }
    });
  }
  function buildLayer(spec, marker) {
    var layer;
    if (spec.kind === "hotspots") layer = hotspotLayer(spec, marker);
    else if (spec.kind === "meetings") layer = iconLayer(spec, function () { return spec.icon; });
    else if (spec.kind === "venues") layer = iconLayer(spec, function (f) {
      return '<span class="roisc-pick">' + esc(f.properties[spec.label]) + "</span>";
    });
    else layer = L.geoJSON(spec.geojson, { style: function () { return spec.style; } });
    layer.eachLayer(function (l) {
      var f = l.feature;
      l.bindPopup(function () { return popup(f, spec, marker); }, { maxWidth: 360 });
      var name = spec.label && f.properties[spec.label] !== null ? f.properties[spec.label] : (f.properties.meeting || f.id);
      // Leaflet puts a tooltip's text in as HTML: escaped, as every text the data brings.
      if (spec.kind !== "venues") l.bindTooltip(esc(String(name)), { sticky: spec.kind === "area" });
    });
    return layer;
  }
  data.sections.forEach(function (section, s) {
    var el = document.getElementById(section.map);
    if (!el) return;
    var map = L.map(el, { attributionControl: false, zoomSnap: 0.25 });
    if (data.tiles) L.tileLayer(data.tiles, { maxZoom: 19 }).addTo(map);
    var bounds = L.latLngBounds([]), outer = L.latLngBounds([]);
    section.layers.forEach(function (spec, i) {
      var layer = buildLayer(spec, section.marker);
      // The study's layers frame the map; meetings far outside it are there to pan to.
      if (layer.getLayers().length) (spec.kind === "meetings" ? outer : bounds).extend(layer.getBounds());
      if (spec.shown) layer.addTo(map);
      var box = document.getElementById("layer-" + s + "-" + i);
      if (box) box.addEventListener("change", function () {
        if (box.checked) map.addLayer(layer); else map.removeLayer(layer);
      });
    });
    if (!bounds.isValid()) bounds = outer;
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [8, 8] });
    else map.setView([0, 0], 2);
    el.setAttribute("data-ready", "true");
  });
  // Sortable tables: numbers (and "97+*", "45%") by value, text alphabetically; hidden counts last.
  function key(text) {
    var t = text.trim();
    var m = /^-?[0-9]+(\.[0-9]+)?/.exec(t);
    return m ? { n: parseFloat(m[0]), t: t } : { n: null, t: t };
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      th.querySelector("button").addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows).map(function (r, i) {
          return { row: r, key: key(r.cells[col].textContent), i: i };
        });
        var numeric = rows.some(function (r) { return r.key.n !== null; });
        rows.sort(function (a, b) {
          var c = 0;
          if (numeric) {
            if (a.key.n === null || b.key.n === null) return (a.key.n === null) - (b.key.n === null) || a.i - b.i;
            c = a.key.n - b.key.n;
          } else {
            c = a.key.t.localeCompare(b.key.t);
          }
          return (ascending ? c : -c) || a.i - b.i;
        });
        rows.forEach(function (r) { body.appendChild(r.row); });
      });
    });
  });
})();
)JS";

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
    return text;
}

}  // namespace

std::string leaflet_dir() {
    const char* env = std::getenv("ROISC_LEAFLET_DIR");
    return env && *env ? env : "/usr/share/javascript/leaflet";
}

LeafletAssets load_leaflet(const std::string& dir) {
    const fs::path d(dir);
    // The minified script when the package has it: a third of the size, the same library.
    const fs::path js = fs::exists(d / "leaflet.min.js") ? d / "leaflet.min.js" : d / "leaflet.js";
    const fs::path css = d / "leaflet.css";
    for (const fs::path& p : {js, css}) {
        if (!fs::is_regular_file(p)) {
            throw RuntimeFailure("--report needs the Leaflet map library, and " + p.string() +
                                 " is missing. Install Debian's libjs-leaflet (apt-get install libjs-leaflet, or "
                                 "scripts/install-deps.sh), or set ROISC_LEAFLET_DIR to a folder holding leaflet.js "
                                 "and leaflet.css.");
        }
    }
    LeafletAssets a;
    a.dir = d.string();
    a.js = read_file(js);
    a.css = read_file(css);
    if (a.js.find("L.") == std::string::npos && a.js.find(".L=") == std::string::npos && a.js.find("L = ") == std::string::npos) {
        throw RuntimeFailure(js.string() + " does not look like Leaflet: reinstall libjs-leaflet, or point ROISC_LEAFLET_DIR at "
                             "a folder holding Leaflet's leaflet.js and leaflet.css.");
    }
    // A source map is fetched by a browser whose developer tools are open: drop the reference.
    static const std::regex source_map(R"(\n?//# sourceMappingURL=[^\n]*)");
    static const std::regex css_map(R"(/\*# sourceMappingURL=[^*]*\*/)");
    a.js = std::regex_replace(a.js, source_map, "");
    a.css = std::regex_replace(a.css, css_map, "");
    // Leaflet's own images (layer control, default marker) are never shown: no reference to load.
    static const std::regex url(R"(url\([^)]*\))");
    a.css = std::regex_replace(a.css, url, "none");
    static const std::regex version(R"(version\s*=\s*"([0-9][0-9A-Za-z.+-]*)\")");
    std::smatch m;
    if (std::regex_search(a.js, m, version)) a.version = m[1];
    if (a.js.find("</script") != std::string::npos || a.js.find("</SCRIPT") != std::string::npos) {
        throw RuntimeFailure(js.string() + " holds \"</script\" and cannot be inlined in a page.");
    }
    return a;
}

std::string tile_origin(const std::string& url_template) {
    static const std::regex shape(R"(^(https?)://([A-Za-z0-9.{}-]+)(:[0-9]+)?(/[^\s"'<>\\]*)?$)");
    std::smatch m;
    if (!std::regex_match(url_template, m, shape)) {
        throw ArgumentError("--tiles: '" + url_template + "' is not a tile URL template: give http(s)://host/path with {z}, "
                            "{x} and {y}, e.g. https://tile.example.org/{z}/{x}/{y}.png");
    }
    for (const char* part : {"{z}", "{x}", "{y}"}) {
        if (url_template.find(part) == std::string::npos) {
            throw ArgumentError("--tiles: '" + url_template + "' has no " + part +
                                ": a tile URL template names the zoom, column and row as {z}, {x} and {y}.");
        }
    }
    std::string host = m[2];
    host = replace_all(host, "{s}", "*");  // subdomains a, b, c
    if (host.find('{') != std::string::npos) {
        throw ArgumentError("--tiles: only {s} may stand in the host of '" + url_template + "'.");
    }
    return std::string(m[1]) + "://" + host + std::string(m[3]);
}

std::string report_html(const ReportPage& page, const LeafletAssets& leaflet) {
    std::ostringstream h;
    const std::string version = page.sections.empty() ? "" : metadata_value(page.sections.front().metadata, "roisc_version");
    std::string policy = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";
    if (!page.tiles.empty()) policy += " " + tile_origin(page.tiles);
    policy += "; base-uri 'none'; form-action 'none'";
    std::string css = page_css;
    css = replace_all(css, "@INK@", hex(palette::ink));
    css = replace_all(css, "@GREY@", hex(palette::grey));
    css = replace_all(css, "@BLUE@", hex(palette::blue));
    css = replace_all(css, "@VERMILLION@", hex(palette::vermillion));

    h << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"" << esc(policy) << "\">\n"
      << "<meta name=\"generator\" content=\"roisc " << esc(version) << "\">\n"
      << "<title>" << esc(page.title) << "</title>\n"
      << "<style>\n/* Leaflet " << esc(leaflet.version) << " stylesheet, (c) Vladimir Agafonkin, CloudMade; BSD 2-Clause licence */\n"
      << leaflet.css << "\n</style>\n<style>" << css << "</style>\n</head>\n<body>\n";
    h << "<a class=\"skip\" href=\"#tables-0\">Skip the map: go to the tables, which give the same results as text</a>\n";
    h << "<header>\n<h1 id=\"page-title\">" << esc(page.title) << "</h1>\n<p class=\"lede\">Made with roisc " << esc(version)
      << ". This page works offline: the map library and the data are inside it"
      << (page.tiles.empty() ? ", and it loads nothing from the network." : "; only the basemap tiles are loaded from the network.")
      << "</p>\n</header>\n<main>\n";

    json data_sections = json::array();
    std::ostringstream data_layers;  // the sections' layer specs, spliced into the data below
    std::vector<std::string> section_specs;
    for (std::size_t s = 0; s < page.sections.size(); ++s) {
        const ReportSection& section = page.sections[s];
        const std::string marker = marker_of(section.metadata);
        const std::string sid = std::to_string(s);
        // A page of one section has its title as the page's heading: not said twice.
        const bool one = page.sections.size() == 1;
        h << "<section id=\"section-" << sid << "\" aria-labelledby=\"" << (one ? "page-title" : "title-" + sid) << "\">\n";
        if (!one) h << "<h2 id=\"title-" << sid << "\">" << esc(section.title) << "</h2>\n";
        for (const auto& line : section.summary) h << "<p>" << esc(line) << "</p>\n";

        std::vector<MapLayer> layers;
        for (const auto& r : section.layers) {
            if (!r.layer) continue;
            for (auto& m : map_layers(r, section.crs)) {
                if (!r.partial.empty()) m.note += (m.note.empty() ? "" : ". ") + r.partial;
                layers.push_back(std::move(m));
            }
        }
        h << "<div class=\"map-block\">\n<div id=\"map-" << sid << "\" class=\"map\" role=\"region\" tabindex=\"0\" aria-label=\"Map: "
          << esc(section.title) << ". The tables below give the same results as text.\"></div>\n"
          << "<fieldset class=\"layers\"><legend>Layers and legend</legend>\n<ul>\n";
        // Top layer first, as a reader scans a legend.
        for (std::size_t i = layers.size(); i-- > 0;) {
            const MapLayer& m = layers[i];
            const std::string id = "layer-" + sid + "-" + std::to_string(i);
            h << "<li><label for=\"" << id << "\"><input type=\"checkbox\" id=\"" << id << "\" data-layer=\""
              << esc(m.spec["name"].get<std::string>()) << "\"" << (m.shown ? " checked" : "") << ">" << m.swatch << "<span>"
              << esc(m.label) << "</span></label>";
            if (!m.note.empty()) h << "<span class=\"note\">" << esc(m.note) << "</span>";
            h << "</li>\n";
        }
        h << "</ul>\n</fieldset>\n</div>\n";
        if (!page.attribution.empty()) h << "<p class=\"credits\">" << esc(page.attribution) << "</p>\n";
        if (!page.tiles.empty()) {
            h << "<p class=\"credits\">Basemap tiles from " << esc(tile_origin(page.tiles))
              << " (chosen with --tiles; see its terms for the credit it asks for).</p>\n";
        }
        h << "<noscript><p>The map needs JavaScript; the tables below give the same results.</p></noscript>\n";

        h << "<h3 id=\"tables-" << sid << "\">Tables</h3>\n";
        int t = 0;
        for (const auto& table : section.tables) {
            if (table.table) h << summary_table_html("table-" + sid + "-" + std::to_string(t++), table, marker);
        }
        for (const ReportLayer& r : section.layers) {
            if (r.table && r.layer) h << layer_table_html("table-" + sid + "-" + std::to_string(t++), r, marker);
        }
        h << "<h3>How these results were made</h3>\n";
        const std::string note = metadata_value(section.metadata, "disclosure_note");
        if (!note.empty()) h << "<p class=\"disclosure\">" << esc(note) << "</p>\n";
        h << method_html(section) << "</section>\n";

        std::string spec = "{\"map\":\"map-" + sid + "\",\"marker\":" + json(marker).dump() + ",\"layers\":[\n";
        for (std::size_t i = 0; i < layers.size(); ++i) spec += spec_text(layers[i]) + (i + 1 < layers.size() ? ",\n" : "\n");
        spec += "]}";
        section_specs.push_back(spec);
    }
    h << "</main>\n<footer>\n<p class=\"lede\">Map drawn with Leaflet " << esc(leaflet.version)
      << " ((c) Vladimir Agafonkin, CloudMade; BSD 2-Clause licence), included in this page.</p>\n</footer>\n";

    std::string data = "{\"tiles\":" + (page.tiles.empty() ? std::string("null") : json(page.tiles).dump()) + ",\"sections\":[\n";
    for (std::size_t s = 0; s < section_specs.size(); ++s) data += section_specs[s] + (s + 1 < section_specs.size() ? ",\n" : "\n");
    data += "]}";
    h << "<script type=\"application/json\" id=\"roisc-data\">\n" << script_safe(data) << "\n</script>\n";
    h << "<script>\n/* Leaflet " << esc(leaflet.version)
      << ", (c) 2010-2019 Vladimir Agafonkin, (c) 2010-2011 CloudMade; BSD 2-Clause licence */\n"
      << leaflet.js << "\n</script>\n";
    h << "<script>" << page_js << "</script>\n</body>\n</html>\n";
    return h.str();
}

void write_report(const std::string& path, const ReportPage& page, const LeafletAssets& leaflet) {
    write_text(path, report_html(page, leaflet));
}

}  // namespace roisc
