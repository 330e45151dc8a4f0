// Reading a road network: from layers (GeoPackage, OSM and other vector files) or from a pair of
// node and edge CSV files.
#include "roisc/engine/network.hpp"
#include "roisc/core/text.hpp"

#include "roisc/core/error.hpp"
#include "roisc/io/layer.hpp"
#include "roisc/io/osm.hpp"

#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

namespace fs = std::filesystem;

namespace roisc {

LayerSpec network_layer_spec(const std::string& path, const std::string& class_field) {
    LayerSpec spec;
    spec.name = fs::path(path).stem().string();
    spec.role = Role::network;
    spec.source_as_written = path;
    std::error_code ec;
    const fs::path abs = fs::absolute(path, ec);
    spec.source = ec ? path : abs.string();
    spec.fields["class"] = class_field;
    if (is_osm_file(path)) spec.source_layer = osm_lines_layer;  // ways; the other layers are points and areas
    spec.description = "network named on the command line";
    return spec;
}

namespace {

void add_geometry(NetworkBuilder& builder, const OGRGeometry& g, const std::string& road_class, double maxspeed,
                  int oneway, std::vector<Point>& buf) {
    const auto flat = wkbFlatten(g.getGeometryType());
    if (flat == wkbLineString) {
        const auto& line = *g.toLineString();
        buf.resize(static_cast<std::size_t>(line.getNumPoints()));
        for (int i = 0; i < line.getNumPoints(); ++i) buf[static_cast<std::size_t>(i)] = {line.getX(i), line.getY(i)};
        builder.add_line(buf.data(), buf.size(), road_class, maxspeed, oneway);
    } else if (flat == wkbMultiLineString || flat == wkbGeometryCollection) {
        for (const auto* part : *g.toGeometryCollection()) add_geometry(builder, *part, road_class, maxspeed, oneway, buf);
    } else if (OGR_GT_IsCurve(flat) || flat == wkbMultiCurve) {
        std::unique_ptr<OGRGeometry> linear(g.getLinearGeometry());
        if (linear) add_geometry(builder, *linear, road_class, maxspeed, oneway, buf);
    }
}

std::vector<std::string> split_csv_line(const std::string& line) {
    std::vector<std::string> out;
    std::string cell;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') cell += '"', ++i;
            else if (c == '"') quoted = false;
            else cell += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            out.push_back(cell);
            cell.clear();
        } else if (c != '\r') {
            cell += c;
        }
    }
    out.push_back(cell);
    return out;
}

int column(const std::vector<std::string>& header, const std::string& name) {
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (lower(trim(header[i])) == name) return static_cast<int>(i);
    }
    return -1;
}

double csv_number(const std::string& text, const std::string& path, std::size_t line, const std::string& field) {
    try {
        std::size_t used = 0;
        const double v = std::stod(text, &used);
        if (used == trim(text).size() || used == text.size()) return v;
    } catch (const std::exception&) {
    }
    throw DataError(path + ": line " + std::to_string(line) + ", field '" + field + "': \"" + text +
                    "\" is not a number. Fix the file.");
}

}  // namespace

Network read_network(const std::vector<LayerSpec>& layers, const WorkingCrs& crs) {
    NetworkBuilder builder;
    std::string source;
    int without_class = 0;
    std::vector<Point> buf;
    for (const auto& spec : layers) {
        const Layer layer = read_layer(spec, crs);
        require_usable(layer);
        source += (source.empty() ? "" : " + ") + spec.source_as_written;
        const int other_tags = layer.field_index(osm_other_tags_field);
        for (const auto& f : layer.features) {
            if (!f.geometry) continue;
            const auto road_class = layer.text(f, "class");
            if (!road_class || road_class->empty()) {
                ++without_class;
                continue;
            }
            std::string maxspeed = layer.text(f, "maxspeed").value_or("");
            std::string oneway = layer.text(f, "oneway").value_or("");
            // GDAL's OSM driver keeps these keys in other_tags (hstore text) unless its osmconf.ini gives them fields.
            if (other_tags >= 0 && (maxspeed.empty() || oneway.empty())) {
                if (const auto* text = std::get_if<std::string>(&f.values[static_cast<std::size_t>(other_tags)])) {
                    const auto tags = parse_hstore(*text);
                    if (maxspeed.empty() && tags.count("maxspeed")) maxspeed = tags.at("maxspeed");
                    if (oneway.empty() && tags.count("oneway")) oneway = tags.at("oneway");
                }
            }
            add_geometry(builder, *f.geometry, *road_class, parse_maxspeed_kmh(maxspeed), parse_oneway(oneway), buf);
        }
    }
    Network net = builder.build(source, crs.code);
    net.lines_without_class = without_class;
    return net;
}

bool is_edge_csv(const std::string& path) {
    std::ifstream in(path);
    std::string header;
    if (!in || !std::getline(in, header)) return false;
    const auto cells = split_csv_line(header);
    return column(cells, "u") >= 0 && column(cells, "v") >= 0 && column(cells, "length_m") >= 0;
}

Network read_network_csv(const std::string& nodes_path, const std::string& edges_path, const WorkingCrs& crs) {
    OGRSpatialReference wgs84, target;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    target.SetFromUserInput(crs.code.c_str());
    target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> to_working(OGRCreateCoordinateTransformation(&wgs84, &target));
    if (!to_working) throw RuntimeFailure("cannot transform from EPSG:4326 to " + crs.code);

    auto open = [](const std::string& path) {
        auto in = std::make_unique<std::ifstream>(path);
        if (!*in) throw ArgumentError("network file '" + path + "' not found.");
        return in;
    };
    // Nodes.
    auto nodes_in = open(nodes_path);
    std::string line;
    std::getline(*nodes_in, line);
    const auto nh = split_csv_line(line);
    const int c_id = column(nh, "node_id"), c_lon = column(nh, "lon"), c_lat = column(nh, "lat");
    if (c_id < 0 || c_lon < 0 || c_lat < 0) {
        throw DataError(nodes_path + ": line 1: the header needs node_id, lon and lat. Fix the file.");
    }
    std::map<long long, Point> node_at;
    std::size_t n = 1;
    while (std::getline(*nodes_in, line)) {
        ++n;
        if (trim(line).empty()) continue;
        const auto cells = split_csv_line(line);
        if (static_cast<int>(cells.size()) <= std::max({c_id, c_lon, c_lat})) {
            throw DataError(nodes_path + ": line " + std::to_string(n) + ": too few columns. Fix the file.");
        }
        double x = csv_number(cells[c_lon], nodes_path, n, "lon"), y = csv_number(cells[c_lat], nodes_path, n, "lat");
        to_working->Transform(1, &x, &y);
        node_at[static_cast<long long>(csv_number(cells[c_id], nodes_path, n, "node_id"))] = {x, y};
    }
    // Edges.
    auto edges_in = open(edges_path);
    std::getline(*edges_in, line);
    const auto eh = split_csv_line(line);
    const int c_u = column(eh, "u"), c_v = column(eh, "v"), c_len = column(eh, "length_m");
    int c_class = column(eh, "highway");
    if (c_class < 0) c_class = column(eh, "class");
    const int c_max = column(eh, "maxspeed"), c_one = column(eh, "oneway"), c_geom = column(eh, "geometry_lonlat");
    if (c_u < 0 || c_v < 0 || c_len < 0 || c_class < 0) {
        throw DataError(edges_path + ": line 1: the header needs u, v, length_m and highway (or class). Fix the file.");
    }
    NetworkBuilder builder;
    std::vector<Point> pts;
    n = 1;
    while (std::getline(*edges_in, line)) {
        ++n;
        if (trim(line).empty()) continue;
        const auto cells = split_csv_line(line);
        auto cell = [&](int c) { return c >= 0 && c < static_cast<int>(cells.size()) ? cells[c] : std::string(); };
        const long long u = static_cast<long long>(csv_number(cell(c_u), edges_path, n, "u"));
        const long long v = static_cast<long long>(csv_number(cell(c_v), edges_path, n, "v"));
        const auto pu = node_at.find(u), pv = node_at.find(v);
        if (pu == node_at.end() || pv == node_at.end()) {
            throw DataError(edges_path + ": line " + std::to_string(n) + ": node " + std::to_string(pu == node_at.end() ? u : v) +
                            " is not in " + nodes_path + ". Fix the files.");
        }
        pts.clear();
        pts.push_back(pu->second);
        const std::string geometry = cell(c_geom);
        if (!geometry.empty()) {
            // "lon lat;lon lat;…": the inner vertices give the shape; the ends are the nodes.
            std::vector<Point> g;
            std::stringstream ss(geometry);
            std::string pair;
            while (std::getline(ss, pair, ';')) {
                double x = 0, y = 0;
                if (std::sscanf(pair.c_str(), "%lf %lf", &x, &y) != 2) {
                    throw DataError(edges_path + ": line " + std::to_string(n) + ", field 'geometry_lonlat': \"" + pair +
                                    "\" is not \"lon lat\". Fix the file.");
                }
                to_working->Transform(1, &x, &y);
                g.push_back({x, y});
            }
            if (g.size() >= 2 && distance(g.front(), pv->second) < distance(g.front(), pu->second)) {
                std::reverse(g.begin(), g.end());
            }
            for (std::size_t i = 1; i + 1 < g.size(); ++i) pts.push_back(g[i]);
        }
        pts.push_back(pv->second);
        builder.add_edge(pts.data(), pts.size(), csv_number(cell(c_len), edges_path, n, "length_m"), cell(c_class),
                         parse_maxspeed_kmh(cell(c_max)), parse_oneway(cell(c_one)));
    }
    return builder.build(edges_path, crs.code);
}

}  // namespace roisc
