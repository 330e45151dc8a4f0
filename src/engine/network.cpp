#include "roisc/engine/network.hpp"
#include "roisc/core/text.hpp"

#include "roisc/core/error.hpp"
#include "roisc/io/layer.hpp"
#include "roisc/io/osm.hpp"

#include <ogr_spatialref.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;

namespace roisc {

// ---------------------------------------------------------------- modes and profiles

const char* to_string(TravelMode mode) {
    switch (mode) {
        case TravelMode::walk: return "walk";
        case TravelMode::cycle: return "cycle";
        case TravelMode::drive: return "drive";
    }
    return "walk";
}

namespace {
std::string number_text(double v, int decimals = 1) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}
}  // namespace

TravelMode travel_mode_from_string(const std::string& text, const std::string& option) {
    const std::string t = lower(trim(text));
    if (t == "walk" || t == "foot" || t == "walking") return TravelMode::walk;
    if (t == "cycle" || t == "bike" || t == "bicycle" || t == "cycling") return TravelMode::cycle;
    if (t == "drive" || t == "car" || t == "driving") return TravelMode::drive;
    throw ArgumentError(option + ": unknown travel mode '" + text + "'. Use walk, cycle or drive.");
}

double Profile::speed_on(const std::string& road_class, double maxspeed_kmh) const {
    const auto it = speeds.find(road_class);
    if (it == speeds.end()) return 0;
    if (use_maxspeed && maxspeed_kmh > 0) return maxspeed_kmh * maxspeed_factor;
    return it->second > 0 ? it->second : speed_kmh;
}

std::string Profile::describe() const {
    std::string s = std::string(to_string(mode)) + " at " + number_text(speed_kmh) + " km/h";
    std::set<double> others;
    for (const auto& [c, v] : speeds) {
        if (v > 0 && v != speed_kmh) others.insert(v);
    }
    if (!others.empty()) {
        s += " (by class: ";
        bool first = true;
        for (const auto& [c, v] : speeds) {
            if (v <= 0 || v == speed_kmh) continue;
            s += std::string(first ? "" : ", ") + c + " " + number_text(v);
            first = false;
        }
        s += ")";
    }
    s += " on " + std::to_string(speeds.size()) + " road classes";
    if (use_maxspeed) s += ", tagged maxspeed × " + number_text(maxspeed_factor, 2);
    s += oneway ? ", one-way respected" : ", one-way ignored";
    return s;
}

namespace {

std::string where(const std::string& source, const toml::source_region& region) {
    return source + (region.begin.line ? ":" + std::to_string(region.begin.line) : "");
}

double positive_number(const toml::table& t, const std::string& key, const std::string& source, double fallback,
                       bool allow_zero = false) {
    const toml::node* node = t.get(key);
    if (!node) return fallback;
    const auto v = node->value<double>();
    if (!v || !std::isfinite(*v) || *v < 0 || (!allow_zero && *v == 0)) {
        throw DataError(where(source, node->source()) + ": `" + key + "` must be a " +
                        (allow_zero ? "number of zero or more" : "positive number") + ". Fix the profile.");
    }
    return *v;
}

std::vector<std::string> strings(const toml::table& t, const std::string& key, const std::string& source) {
    std::vector<std::string> out;
    const toml::node* node = t.get(key);
    if (!node) return out;
    const toml::array* arr = node->as_array();
    if (!arr) throw DataError(where(source, node->source()) + ": `" + key + "` must be a list of strings. Fix the profile.");
    for (const auto& item : *arr) {
        const auto s = item.value<std::string>();
        if (!s) throw DataError(where(source, item.source()) + ": `" + key + "` must hold strings only. Fix the profile.");
        out.push_back(*s);
    }
    return out;
}

}  // namespace

Profile parse_profile(const std::string& text, const std::string& source) {
    toml::table root;
    try {
        root = toml::parse(text, source);
    } catch (const toml::parse_error& e) {
        throw DataError(where(source, e.source()) + ": not valid TOML: " + std::string(e.description()) +
                        ". Fix the profile (see profiles/walk.toml).");
    }
    static const std::set<std::string> known = {"mode", "speed_kmh", "speeds", "classes", "use_maxspeed",
                                                "maxspeed_factor", "oneway", "implied_oneway", "off_network_speed_kmh",
                                                "snap_limit_m", "detour_factor", "estimate_speed_kmh"};
    for (const auto& [key, node] : root) {
        if (!known.count(std::string(key.str()))) {
            throw DataError(where(source, node.source()) + ": unknown key `" + std::string(key.str()) +
                            "`. Known keys: mode, speed_kmh, classes, [speeds], use_maxspeed, maxspeed_factor, oneway, "
                            "implied_oneway, off_network_speed_kmh, snap_limit_m, detour_factor, estimate_speed_kmh.");
        }
    }
    Profile p;
    p.source = source;
    const toml::node* mode = root.get("mode");
    const auto mode_text = mode ? mode->value<std::string>() : std::nullopt;
    if (!mode_text) throw DataError(source + ": `mode` (walk, cycle or drive) is required. Fix the profile.");
    try {
        p.mode = travel_mode_from_string(*mode_text, "mode");
    } catch (const ArgumentError& e) {
        throw DataError(where(source, mode->source()) + ": " + e.what());
    }
    p.speed_kmh = positive_number(root, "speed_kmh", source, p.speed_kmh);
    p.off_network_speed_kmh = positive_number(root, "off_network_speed_kmh", source, p.off_network_speed_kmh);
    p.snap_limit_m = positive_number(root, "snap_limit_m", source, p.snap_limit_m, true);
    p.maxspeed_factor = positive_number(root, "maxspeed_factor", source, p.maxspeed_factor);
    p.detour_factor = positive_number(root, "detour_factor", source, p.detour_factor);
    p.estimate_speed_kmh = positive_number(root, "estimate_speed_kmh", source, p.speed_kmh);
    if (p.detour_factor < 1.0) {
        throw DataError(where(source, root.get("detour_factor")->source()) +
                        ": `detour_factor` is below 1, shorter than the straight line. Fix the profile.");
    }
    for (const char* key : {"use_maxspeed", "oneway"}) {
        if (const toml::node* node = root.get(key)) {
            const auto v = node->value<bool>();
            if (!v) throw DataError(where(source, node->source()) + ": `" + key + "` must be true or false. Fix the profile.");
            (std::string(key) == "oneway" ? p.oneway : p.use_maxspeed) = *v;
        }
    }
    p.implied_oneway = strings(root, "implied_oneway", source);
    const auto classes = strings(root, "classes", source);
    if (classes.empty()) {
        throw DataError(source + ": `classes` must list the road classes (OSM highway values) the mode may use. Fix the profile.");
    }
    for (const auto& c : classes) p.speeds[c] = 0;
    if (const toml::node* node = root.get("speeds")) {
        const toml::table* speeds = node->as_table();
        if (!speeds) throw DataError(where(source, node->source()) + ": `speeds` must be a table of class = km/h. Fix the profile.");
        for (const auto& [key, value] : *speeds) {
            const std::string c(key.str());
            if (!p.speeds.count(c)) {
                throw DataError(where(source, value.source()) + ": [speeds] gives a speed for `" + c +
                                "`, which is not in `classes`. Add it to classes or remove the speed.");
            }
            const auto v = value.value<double>();
            if (!v || *v <= 0) throw DataError(where(source, value.source()) + ": the speed of `" + c + "` must be a positive number of km/h.");
            p.speeds[c] = *v;
        }
    }
    return p;
}

Profile load_profile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ArgumentError("profile '" + path + "' not found. Give a profile TOML file (see profiles/walk.toml).");
    std::stringstream buf;
    buf << in.rdbuf();
    return parse_profile(buf.str(), path);
}

namespace {

// The same text as profiles/<mode>.toml (a unit test checks they agree).
const char* const builtin_walk = R"(mode = "walk"
speed_kmh = 4.8
off_network_speed_kmh = 4.8
snap_limit_m = 250
oneway = false
detour_factor = 1.31
estimate_speed_kmh = 4.8
classes = ["footway", "path", "pedestrian", "steps", "living_street", "residential", "service", "unclassified",
           "tertiary", "tertiary_link", "secondary", "secondary_link", "primary", "primary_link", "trunk",
           "trunk_link", "cycleway", "bridleway", "track", "road", "corridor", "crossing"]
)";

const char* const builtin_cycle = R"(mode = "cycle"
speed_kmh = 15
off_network_speed_kmh = 4.8
snap_limit_m = 250
oneway = true
detour_factor = 1.31
estimate_speed_kmh = 15
classes = ["cycleway", "living_street", "residential", "service", "unclassified", "tertiary", "tertiary_link",
           "secondary", "secondary_link", "primary", "primary_link", "trunk", "trunk_link", "road", "track",
           "bridleway", "path", "footway", "pedestrian"]
[speeds]
cycleway = 16
track = 10
bridleway = 10
path = 10
footway = 4.8
pedestrian = 4.8
)";

const char* const builtin_drive = R"(mode = "drive"
speed_kmh = 30
off_network_speed_kmh = 4.8
snap_limit_m = 250
oneway = true
implied_oneway = ["motorway"]
use_maxspeed = true
maxspeed_factor = 0.8
detour_factor = 1.33
estimate_speed_kmh = 30
classes = ["motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link", "secondary",
           "secondary_link", "tertiary", "tertiary_link", "unclassified", "residential", "living_street",
           "service", "road"]
[speeds]
motorway = 96
motorway_link = 56
trunk = 64
trunk_link = 48
primary = 48
primary_link = 40
secondary = 40
secondary_link = 32
tertiary = 36
tertiary_link = 30
unclassified = 30
residential = 24
living_street = 10
service = 15
road = 24
)";

// The source tree's copy, found beside the embedded manifest (layers/sandwell/manifest.toml).
std::string source_tree_profiles() {
#ifdef ROISC_DEFAULT_MANIFEST
    return fs::path(ROISC_DEFAULT_MANIFEST).parent_path().parent_path().parent_path().append("profiles").string();
#else
    return "";
#endif
}

}  // namespace

Profile builtin_profile(TravelMode mode) {
    const char* text = mode == TravelMode::walk ? builtin_walk : mode == TravelMode::cycle ? builtin_cycle : builtin_drive;
    Profile p = parse_profile(text, std::string("built-in ") + to_string(mode) + " profile");
    p.source = "built-in";
    return p;
}

Profile find_profile(TravelMode mode, const std::string& explicit_path) {
    if (!explicit_path.empty()) {
        Profile p = load_profile(explicit_path);
        if (p.mode != mode) {
            throw ArgumentError("--profile " + explicit_path + " is a " + to_string(p.mode) + " profile, but --mode is " +
                                to_string(mode) + ". Give a profile for that mode, or change --mode.");
        }
        return p;
    }
    const std::string name = std::string(to_string(mode)) + ".toml";
    std::error_code ec;
    for (const fs::path& dir : {fs::path("profiles"), fs::path(source_tree_profiles())}) {
        if (dir.empty()) continue;
        const fs::path candidate = dir / name;
        if (fs::exists(candidate, ec)) return load_profile(candidate.string());
    }
    return builtin_profile(mode);
}

double parse_maxspeed_kmh(std::string_view text) {
    const std::string t = lower(trim(text));
    if (t.empty()) return 0;
    // UK national speed limits as OSM writes them.
    if (t == "national" || t == "uk:nsl_single" || t == "gb:nsl_single") return 60 * 1.609344;
    if (t == "uk:nsl_dual" || t == "gb:nsl_dual" || t == "uk:motorway" || t == "gb:motorway") return 70 * 1.609344;
    std::size_t pos = 0;
    while (pos < t.size() && (std::isdigit(static_cast<unsigned char>(t[pos])) || t[pos] == '.')) ++pos;
    if (pos == 0) return 0;
    double v = 0;
    try {
        v = std::stod(t.substr(0, pos));
    } catch (const std::exception&) {
        return 0;
    }
    const std::string unit = trim(t.substr(pos));
    if (unit.empty() || unit == "km/h" || unit == "kmh" || unit == "kph") return v;
    if (unit == "mph") return v * 1.609344;
    if (unit == "knots") return v * 1.852;
    return 0;
}

int parse_oneway(std::string_view text) {
    const std::string t = lower(trim(text));
    if (t == "yes" || t == "true" || t == "1") return 1;
    if (t == "-1" || t == "reverse") return -1;
    return 0;
}

// ---------------------------------------------------------------- the network

std::vector<Point> Network::shape(EdgeId e) const {
    std::vector<Point> out;
    out.push_back(nodes_[edges_[e].from]);
    out.insert(out.end(), inner_begin(e), inner_end(e));
    out.push_back(nodes_[edges_[e].to]);
    return out;
}

double Network::drawn_length(EdgeId e) const {
    double len = 0;
    Point prev = nodes_[edges_[e].from];
    for (const Point* p = inner_begin(e); p != inner_end(e); ++p) {
        len += distance(prev, *p);
        prev = *p;
    }
    return len + distance(prev, nodes_[edges_[e].to]);
}

double Network::total_length_m() const {
    double t = 0;
    for (const auto& e : edges_) t += e.length_m;
    return t;
}

std::size_t Network::memory_bytes() const {
    std::size_t classes = 0;
    for (const auto& c : classes_) classes += sizeof c + c.capacity();
    return nodes_.capacity() * sizeof(Point) + edges_.capacity() * sizeof(Edge) +
           shape_begin_.capacity() * sizeof(std::uint32_t) + shape_.capacity() * sizeof(Point) + classes;
}

std::uint16_t NetworkBuilder::class_id(std::string_view name) {
    const auto it = class_ids_.find(name);
    if (it != class_ids_.end()) return it->second;
    if (classes_.size() >= 65535) throw DataError("the network has more than 65,535 road classes; check the class field.");
    const auto id = static_cast<std::uint16_t>(classes_.size());
    classes_.emplace_back(name);
    class_ids_.emplace(std::string(name), id);
    return id;
}

void NetworkBuilder::add_line(const Point* points, std::size_t count, std::string_view road_class, double maxspeed_kmh,
                              int oneway) {
    if (count < 2) return;
    vertices_.insert(vertices_.end(), points, points + count);
    line_begin_.push_back(static_cast<std::uint32_t>(vertices_.size()));
    line_class_.push_back(class_id(road_class));
    line_maxspeed_.push_back(static_cast<float>(maxspeed_kmh));
    line_oneway_.push_back(static_cast<std::int8_t>(oneway));
    line_length_.push_back(-1);
}

void NetworkBuilder::add_edge(const Point* points, std::size_t count, double length_m, std::string_view road_class,
                              double maxspeed_kmh, int oneway) {
    if (count < 2) return;
    add_line(points, count, road_class, maxspeed_kmh, oneway);
    line_length_.back() = length_m;
}

namespace {

// Position along a Hilbert curve over a 2^16 grid: numbering nodes in this order keeps neighbours
// close in memory, which is what makes the shortest-path pass fast on large networks.
std::uint64_t hilbert(std::uint32_t x, std::uint32_t y) {
    constexpr std::uint32_t n = 1u << 16;
    std::uint64_t d = 0;
    for (std::uint32_t s = n / 2; s > 0; s /= 2) {
        const std::uint32_t rx = (x & s) ? 1 : 0;
        const std::uint32_t ry = (y & s) ? 1 : 0;
        d += static_cast<std::uint64_t>(s) * s * ((3 * rx) ^ ry);
        if (ry == 0) {
            if (rx == 1) {
                x = n - 1 - x;
                y = n - 1 - y;
            }
            std::swap(x, y);
        }
    }
    return d;
}

}  // namespace

Network NetworkBuilder::build(std::string source, std::string crs) {
    Network net;
    net.source = std::move(source);
    net.crs = std::move(crs);
    net.classes_ = classes_;
    net.lines_read = static_cast<int>(line_count());
    const std::size_t nv = vertices_.size();
    if (nv == 0) return net;

    // Vertices within the same centimetre are one vertex.
    double min_x = vertices_[0].x, min_y = vertices_[0].y, max_x = min_x, max_y = min_y;
    for (const auto& p : vertices_) {
        min_x = std::min(min_x, p.x), min_y = std::min(min_y, p.y);
        max_x = std::max(max_x, p.x), max_y = std::max(max_y, p.y);
    }
    if ((max_x - min_x) * 100 > 4e9 || (max_y - min_y) * 100 > 4e9) {
        throw DataError(net.source + ": the network spans more than 40,000 km; is it in a projected CRS in metres?");
    }
    std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed(nv);
    for (std::size_t i = 0; i < nv; ++i) {
        const auto kx = static_cast<std::uint64_t>(std::llround((vertices_[i].x - min_x) * 100));
        const auto ky = static_cast<std::uint64_t>(std::llround((vertices_[i].y - min_y) * 100));
        keyed[i] = {(kx << 32) | ky, static_cast<std::uint32_t>(i)};
    }
    std::sort(keyed.begin(), keyed.end());
    std::vector<std::uint32_t> uid(nv);
    std::vector<std::uint32_t> first_of;  // uid -> a vertex
    for (std::size_t i = 0; i < nv; ++i) {
        if (i == 0 || keyed[i].first != keyed[i - 1].first) first_of.push_back(keyed[i].second);
        uid[keyed[i].second] = static_cast<std::uint32_t>(first_of.size() - 1);
    }
    std::vector<std::pair<std::uint64_t, std::uint32_t>>().swap(keyed);

    // A vertex is a node where a line ends or where lines meet (used twice or more).
    const std::size_t nu = first_of.size();
    std::vector<std::uint8_t> uses(nu, 0);
    std::vector<std::uint8_t> is_node(nu, 0);
    const std::size_t nl = line_count();
    for (std::size_t l = 0; l < nl; ++l) {
        const std::uint32_t b = line_begin_[l], e = line_begin_[l + 1];
        is_node[uid[b]] = is_node[uid[e - 1]] = 1;
        if (line_length_[l] >= 0) continue;  // a given edge is not split
        for (std::uint32_t j = b; j < e; ++j) {
            if (j > b && uid[j] == uid[j - 1]) continue;
            if (uses[uid[j]] < 2) ++uses[uid[j]];
        }
    }
    std::vector<std::pair<std::uint64_t, std::uint32_t>> node_order;
    const double span = std::max({max_x - min_x, max_y - min_y, 1.0});
    for (std::uint32_t u = 0; u < nu; ++u) {
        if (!is_node[u] && uses[u] < 2) continue;
        const Point& p = vertices_[first_of[u]];
        const auto hx = static_cast<std::uint32_t>(std::min(65535.0, (p.x - min_x) / span * 65535.0));
        const auto hy = static_cast<std::uint32_t>(std::min(65535.0, (p.y - min_y) / span * 65535.0));
        node_order.push_back({hilbert(hx, hy), u});
    }
    std::sort(node_order.begin(), node_order.end());
    std::vector<NodeId> node_of(nu, no_node);
    net.nodes_.reserve(node_order.size());
    for (const auto& [h, u] : node_order) {
        node_of[u] = static_cast<NodeId>(net.nodes_.size());
        net.nodes_.push_back(vertices_[first_of[u]]);
    }
    std::vector<std::pair<std::uint64_t, std::uint32_t>>().swap(node_order);
    std::vector<std::uint8_t>().swap(uses);

    // Split lines at nodes.
    net.edges_.reserve(nl);
    net.shape_.reserve(nv / 4);
    std::vector<Point> inner;
    for (std::size_t l = 0; l < nl; ++l) {
        const std::uint32_t b = line_begin_[l], e = line_begin_[l + 1];
        const bool given = line_length_[l] >= 0;
        NodeId from = node_of[uid[b]];
        Point prev = net.nodes_[from];
        double length = 0;
        inner.clear();
        for (std::uint32_t j = b + 1; j < e; ++j) {
            if (uid[j] == uid[j - 1]) continue;
            const NodeId here = node_of[uid[j]];
            const bool last = j + 1 == e;
            const Point p = here != no_node ? net.nodes_[here] : vertices_[j];
            length += distance(prev, p);
            prev = p;
            if (here != no_node && (last || !given)) {
                if (from != here || length > 0) {
                    Network::Edge edge;
                    edge.from = from;
                    edge.to = here;
                    edge.length_m = given ? line_length_[l] : length;
                    edge.maxspeed_kmh = line_maxspeed_[l];
                    edge.road_class = line_class_[l];
                    edge.oneway = line_oneway_[l];
                    if (from != here || !inner.empty()) {
                        net.edges_.push_back(edge);
                        net.shape_.insert(net.shape_.end(), inner.begin(), inner.end());
                        net.shape_begin_.push_back(static_cast<std::uint32_t>(net.shape_.size()));
                    }
                }
                from = here;
                length = 0;
                inner.clear();
            } else {
                inner.push_back(p);
            }
        }
    }
    return net;
}

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

// ---------------------------------------------------------------- routing

RoutingGraph::RoutingGraph(const Network& network, const Profile& profile, Cost cost) : network_(&network) {
    const std::size_t ne = network.edge_count(), nn = network.node_count();
    if (nn > Entry::node_mask) {
        throw DataError(network.source + ": the network has more than " + std::to_string(Entry::node_mask) +
                        " nodes, more than a routing graph can hold.");
    }
    direction_.assign(ne, 0);
    speed_of_.assign(ne, 0);
    speeds_.assign(1, 0.0);  // index 0: not usable
    std::vector<double> class_speed(network.classes().size());
    std::vector<std::uint8_t> class_implied(network.classes().size(), 0);
    for (std::size_t c = 0; c < network.classes().size(); ++c) {
        const std::string& name = network.classes()[c];
        class_speed[c] = profile.speed_on(name, 0);
        for (const auto& i : profile.implied_oneway) {
            if (i == name) class_implied[c] = 1;
        }
    }
    // Few distinct speeds (one per class, and per tagged maxspeed): an index per edge, not a double.
    std::map<double, std::uint16_t> speed_index{{0.0, 0}};
    auto index_of = [&](double mps) -> std::uint16_t {
        const auto it = speed_index.find(mps);
        if (it != speed_index.end()) return it->second;
        if (speeds_.size() > std::numeric_limits<std::uint16_t>::max()) return 0;
        const auto i = static_cast<std::uint16_t>(speeds_.size());
        speeds_.push_back(mps);
        speed_index.emplace(mps, i);
        return i;
    };
    std::vector<double> edge_speed(ne, 0);  // while building
    bool too_many = false;
    for (EdgeId e = 0; e < ne; ++e) {
        const auto& edge = network.edge(e);
        const double kmh = edge.maxspeed_kmh > 0 && class_speed[edge.road_class] > 0
                               ? profile.speed_on(network.class_name(edge.road_class), edge.maxspeed_kmh)
                               : class_speed[edge.road_class];
        if (kmh <= 0) continue;
        edge_speed[e] = cost == Cost::metres ? 1.0 : kmh / 3.6;
        if (!too_many) {
            speed_of_[e] = index_of(edge_speed[e]);
            too_many = speed_of_[e] == 0;
        }
        int oneway = profile.oneway ? edge.oneway : 0;
        if (profile.oneway && oneway == 0 && class_implied[edge.road_class]) oneway = 1;
        direction_[e] = oneway == 0 ? 3 : oneway > 0 ? 1 : 2;
        if (oneway != 0) symmetric_ = false;
    }
    if (too_many) {
        wide_speed_ = std::move(edge_speed);
        std::vector<std::uint16_t>().swap(speed_of_);
        speeds_.assign(1, 0.0);
    } else {
        std::vector<double>().swap(edge_speed);
    }

    // Each usable edge is listed at both its ends, with the ways it may be travelled.
    begin_.assign(nn + 1, 0);
    for (EdgeId e = 0; e < ne; ++e) {
        const auto& edge = network.edge(e);
        if (!direction_[e] || edge.from == edge.to) continue;
        ++begin_[edge.from + 1];
        ++begin_[edge.to + 1];
    }
    for (std::size_t i = 0; i < nn; ++i) begin_[i + 1] += begin_[i];
    entries_.resize(begin_[nn]);
    std::vector<std::uint32_t> at(begin_.begin(), begin_.end() - 1);
    auto put = [&](NodeId here, NodeId other, double c, bool into, bool out) {
        Entry& entry = entries_[at[here]++];
        std::memcpy(entry.cost_bits, &c, sizeof c);
        entry.node_flags = other | (into ? Entry::into : 0) | (out ? Entry::out : 0);
    };
    for (EdgeId e = 0; e < ne; ++e) {
        const auto& edge = network.edge(e);
        if (!direction_[e] || edge.from == edge.to) continue;
        const double c = this->cost(e, edge.length_m);
        put(edge.from, edge.to, c, backward(e), forward(e));
        put(edge.to, edge.from, c, forward(e), backward(e));
        arc_count_ += (forward(e) ? 1 : 0) + (backward(e) ? 1 : 0);
    }
}

std::size_t RoutingGraph::memory_bytes() const {
    return speeds_.capacity() * sizeof(double) + speed_of_.capacity() * sizeof(std::uint16_t) +
           wide_speed_.capacity() * sizeof(double) + direction_.capacity() + begin_.capacity() * sizeof(std::uint32_t) +
           entries_.capacity() * sizeof(Entry);
}

namespace {

// A radix heap: Dijkstra pops costs that never decrease, so entries can be kept in buckets by the
// highest bit in which they differ from the last cost popped, and only the lowest non-empty bucket
// is ever sorted out. Non-negative doubles order as their bit patterns do, so the keys stay exact.
class RadixHeap {
public:
    bool empty() const { return size_ == 0; }
    void push(double cost, NodeId node) {
        const std::uint64_t key = bits(cost);
        buckets_[bucket(key)].push_back({key, node});
        ++size_;
    }
    // The entry with the least key (ties in no particular order).
    std::pair<double, NodeId> pop() {
        if (buckets_[0].empty()) {
            std::size_t i = 1;
            while (buckets_[i].empty()) ++i;
            std::uint64_t least = buckets_[i][0].key;
            for (const auto& e : buckets_[i]) least = std::min(least, e.key);
            last_ = least;
            for (const auto& e : buckets_[i]) buckets_[bucket(e.key)].push_back(e);
            buckets_[i].clear();
        }
        const Entry e = buckets_[0].back();
        buckets_[0].pop_back();
        --size_;
        double cost = 0;
        std::memcpy(&cost, &e.key, sizeof cost);
        return {cost, e.node};
    }

private:
    struct Entry {
        std::uint64_t key;
        NodeId node;
    };
    static std::uint64_t bits(double cost) {
        std::uint64_t key = 0;
        std::memcpy(&key, &cost, sizeof key);
        return key;
    }
    std::size_t bucket(std::uint64_t key) const {
        return key == last_ ? 0 : 64 - static_cast<std::size_t>(__builtin_clzll(key ^ last_));
    }
    std::vector<Entry> buckets_[65];
    std::uint64_t last_ = 0;
    std::size_t size_ = 0;
};

}  // namespace

namespace {

// A node's neighbour across the boundary of its part, reached at `cost` for `source`.
struct Crossing {
    NodeId node;
    std::uint32_t source;
    double cost;
};

// Dijkstra over the nodes [lo, hi) only, from the heap's entries. Arcs leaving the range are not
// followed but kept in `crossings` (once per arc, from its settled end), for the pass that joins the parts.
void settle(const RoutingGraph& graph, NodeCosts& r, RadixHeap& heap, std::uint32_t way, double limit, NodeId lo, NodeId hi,
            std::vector<Crossing>* crossings) {
    double* const cost = r.cost.data();
    std::uint32_t* const source = r.source.data();
    while (!heap.empty()) {
        const auto [cu, u] = heap.pop();
        if (cu > cost[u]) continue;  // a stale entry: u was reached more cheaply since
        const std::uint32_t su = source[u];
        for (const auto* entry = graph.entries_begin(u), *last = graph.entries_end(u); entry != last; ++entry) {
            if (!(entry->node_flags & way)) continue;
            const double c = cu + entry->cost();
            const NodeId v = entry->node();
            if (v < lo || v >= hi) {
                if (c <= limit) crossings->push_back({v, su, c});
                continue;
            }
            if (c < cost[v] && c <= limit) {
                cost[v] = c;
                source[v] = su;
                heap.push(c, v);
            }
        }
    }
}

bool usable_seed(const Seed& s, std::size_t n, double limit) { return s.node < n && s.cost >= 0 && s.cost <= limit; }

}  // namespace

NodeCosts nearest_seeds(const RoutingGraph& graph, const std::vector<Seed>& seeds, bool toward_seeds, double limit,
                        unsigned threads) {
    const std::size_t n = graph.node_count();
    const std::uint32_t way = toward_seeds ? RoutingGraph::Entry::into : RoutingGraph::Entry::out;
    if (threads == 0) {
        // Small graphs are not worth a thread: each part a few hundred thousand nodes at least.
        threads = static_cast<unsigned>(
            std::min<std::size_t>(std::max(1u, std::thread::hardware_concurrency()), std::max<std::size_t>(1, n / 200000)));
    }
    threads = static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(threads, n)));
    NodeCosts r;
    if (threads <= 1) {
        r.cost.assign(n, std::numeric_limits<double>::infinity());
        r.source.assign(n, no_source);
        RadixHeap heap;
        for (const auto& s : seeds) {
            if (!usable_seed(s, n, limit) || s.cost >= r.cost[s.node]) continue;
            r.cost[s.node] = s.cost;
            r.source[s.node] = s.source;
            heap.push(s.cost, s.node);
        }
        settle(graph, r, heap, way, limit, 0, static_cast<NodeId>(n), nullptr);
        return r;
    }

    // On several cores: the nodes are numbered along a Hilbert curve, so ranges of node ids are
    // compact areas. Each thread settles one range from the seeds inside it, keeping the arcs that
    // leave it; then one search from the improvements those arcs bring corrects every node whose
    // nearest seed lies in another range. Within a range every arc is already tight, so only
    // improvements need spreading, and the result is the exact least cost (to the bit: the same
    // sums along the same paths).
    r.cost.resize(n);
    r.source.resize(n);
    std::vector<std::vector<Crossing>> crossings(threads);
    auto part = [&](unsigned k) {
        const auto lo = static_cast<NodeId>(n * k / threads), hi = static_cast<NodeId>(n * (k + 1) / threads);
        std::fill(r.cost.begin() + lo, r.cost.begin() + hi, std::numeric_limits<double>::infinity());
        std::fill(r.source.begin() + lo, r.source.begin() + hi, no_source);
        RadixHeap heap;
        for (const auto& s : seeds) {
            if (s.node < lo || s.node >= hi || !usable_seed(s, n, limit) || s.cost >= r.cost[s.node]) continue;
            r.cost[s.node] = s.cost;
            r.source[s.node] = s.source;
            heap.push(s.cost, s.node);
        }
        settle(graph, r, heap, way, limit, lo, hi, &crossings[k]);
    };
    std::vector<std::thread> workers;
    for (unsigned k = 1; k < threads; ++k) workers.emplace_back(part, k);
    part(0);
    for (auto& w : workers) w.join();

    RadixHeap heap;
    for (const auto& list : crossings) {
        for (const auto& c : list) {
            if (c.cost < r.cost[c.node]) {
                r.cost[c.node] = c.cost;
                r.source[c.node] = c.source;
                heap.push(c.cost, c.node);
            }
        }
    }
    settle(graph, r, heap, way, limit, 0, static_cast<NodeId>(n), nullptr);
    return r;
}

}  // namespace roisc
