#pragma once
// The road and footpath network as data: lines with a road class (OSM `highway`) joined at shared
// vertices into a graph of nodes and edges in the working CRS, and the per-mode travel profiles
// (profiles/*.toml) that say how each mode moves on it. Reading them from files: io/network_reader.hpp;
// routing on them: engine/network.hpp.
#include "roisc/core/geometry.hpp"

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace roisc {

enum class TravelMode { walk, cycle, drive };
const char* to_string(TravelMode mode);
// "walk" | "cycle" | "drive" (also "foot", "bike", "car"). Throws ArgumentError naming `option`.
TravelMode travel_mode_from_string(const std::string& text, const std::string& option = "the travel mode");

// How one mode moves on the network. Read from a small TOML file users can edit (profiles/walk.toml,
// cycle.toml, drive.toml); the built-in profiles hold the same values as those files.
struct Profile {
    TravelMode mode = TravelMode::walk;
    std::string source = "built-in";        // the file it was read from, or "built-in"
    double speed_kmh = 4.8;                  // on an allowed class without its own speed
    std::map<std::string, double> speeds;    // allowed class -> km/h (0: speed_kmh)
    bool use_maxspeed = false;               // a tagged maxspeed (× maxspeed_factor) replaces the class speed
    double maxspeed_factor = 1.0;
    bool oneway = false;                     // respect oneway tags
    std::vector<std::string> implied_oneway; // classes one-way without a tag (OSM: motorway)
    double off_network_speed_kmh = 4.8;      // the leg from a point to its edge is walked
    double snap_limit_m = 250;               // points further from any usable edge are flagged
    double detour_factor = 1.0;              // estimate model: network distance / straight line
    double estimate_speed_kmh = 4.8;         // estimate model: the speed along the detoured line

    bool allows(const std::string& road_class) const { return speeds.count(road_class) > 0; }
    // km/h on an edge of this class; `maxspeed_kmh` <= 0 when untagged. 0 for a class not allowed.
    double speed_on(const std::string& road_class, double maxspeed_kmh) const;
    // "walk at 4.8 km/h on 20 classes (not motorway, motorway_link, …)" for reports.
    std::string describe() const;
};

// Parses profile text (`source` names it in errors).
Profile parse_profile(const std::string& text, const std::string& source);
// The profile shipped for a mode, as in profiles/<mode>.toml.
Profile builtin_profile(TravelMode mode);
// "40 mph" -> 64.37, "30" -> 30, "50 km/h" -> 50, "UK:nsl_single" -> 96.56; 0 when not a speed.
double parse_maxspeed_kmh(std::string_view text);
// OSM oneway tag: +1 along the line, -1 against it, 0 both ways.
int parse_oneway(std::string_view text);

using NodeId = std::uint32_t;
using EdgeId = std::uint32_t;
constexpr NodeId no_node = std::numeric_limits<NodeId>::max();

// The graph: nodes where lines share a vertex (or end), edges between them with their shape.
class Network {
public:
    struct Edge {
        NodeId from = 0, to = 0;
        double length_m = 0;        // along the shape, in the working CRS (or as given by a CSV graph)
        float maxspeed_kmh = 0;     // 0: untagged
        std::uint16_t road_class = 0;
        std::int8_t oneway = 0;     // +1 from->to only, -1 to->from only, 0 both (as tagged)
    };

    std::size_t node_count() const { return nodes_.size(); }
    std::size_t edge_count() const { return edges_.size(); }
    const Point& node(NodeId n) const { return nodes_[n]; }
    const Edge& edge(EdgeId e) const { return edges_[e]; }
    const std::string& class_name(std::uint16_t c) const { return classes_[c]; }
    const std::vector<std::string>& classes() const { return classes_; }
    // The edge's vertices from `from` to `to`, ends included.
    std::vector<Point> shape(EdgeId e) const;
    // Vertices between the ends (none for a straight edge).
    const Point* inner_begin(EdgeId e) const { return shape_.data() + shape_begin_[e]; }
    const Point* inner_end(EdgeId e) const { return shape_.data() + shape_begin_[e + 1]; }
    // Length of the shape as drawn (equals length_m unless a CSV graph gave its own lengths).
    double drawn_length(EdgeId e) const;

    std::string source;   // what it was read from, for reports
    std::string crs;      // the working CRS code
    int lines_read = 0;
    int lines_without_class = 0;  // left out: no road class
    double total_length_m() const;
    // Bytes held by the nodes, edges and shapes (for benchmarks and sizing).
    std::size_t memory_bytes() const;

private:
    friend class NetworkBuilder;
    std::vector<Point> nodes_;
    std::vector<Edge> edges_;
    std::vector<std::uint32_t> shape_begin_{0};  // edge_count + 1 offsets into shape_
    std::vector<Point> shape_;
    std::vector<std::string> classes_;
};

// Collects lines, then joins them into a Network: vertices within 1 cm are the same vertex; a
// vertex is a node when it ends a line or is used more than once; lines are split at nodes.
class NetworkBuilder {
public:
    void add_line(const Point* points, std::size_t count, std::string_view road_class, double maxspeed_kmh = 0,
                  int oneway = 0);
    // An edge whose ends and length are given (node/edge CSV graphs): `points` from its first to its
    // last vertex; lines added this way are not split.
    void add_edge(const Point* points, std::size_t count, double length_m, std::string_view road_class,
                  double maxspeed_kmh = 0, int oneway = 0);
    std::size_t line_count() const { return line_begin_.size() - 1; }
    Network build(std::string source, std::string crs);

private:
    std::uint16_t class_id(std::string_view name);
    std::vector<Point> vertices_;
    std::vector<std::uint32_t> line_begin_{0};
    std::vector<std::uint16_t> line_class_;
    std::vector<float> line_maxspeed_;
    std::vector<std::int8_t> line_oneway_;
    std::vector<double> line_length_;  // < 0: measure it
    std::vector<std::string> classes_;
    std::map<std::string, std::uint16_t, std::less<>> class_ids_;
};

}  // namespace roisc
