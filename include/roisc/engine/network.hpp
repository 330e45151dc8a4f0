#pragma once
// The road and footpath network: lines with a road class (OSM `highway`) joined at shared vertices
// into a graph of nodes and edges in the working CRS, per-mode travel profiles (profiles/*.toml),
// and the mode's routing graph (compressed sparse rows of arcs costed in seconds).
// How the travel model uses it: roisc/engine/travel.hpp.
#include "roisc/core/crs.hpp"
#include "roisc/engine/study.hpp"
#include "roisc/io/manifest.hpp"

#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace roisc {

enum class TravelMode { walk, cycle, drive };
const char* to_string(TravelMode mode);
// "walk" | "cycle" | "drive" (also "foot", "bike", "car"). Throws ArgumentError naming `option`.
TravelMode travel_mode_from_string(const std::string& text, const std::string& option = "--mode");

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

// Reads a profile TOML file. A missing file is an ArgumentError; wrong content a DataError naming
// the file, the line and the key.
Profile load_profile(const std::string& path);
// Parses profile text (`source` names it in errors).
Profile parse_profile(const std::string& text, const std::string& source);
// The profile shipped for a mode, as in profiles/<mode>.toml.
Profile builtin_profile(TravelMode mode);
// --profile FILE if given; else ./profiles/<mode>.toml; else the source tree's profiles/<mode>.toml;
// else the built-in profile.
Profile find_profile(TravelMode mode, const std::string& explicit_path = "");

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

// Reads a network layer (role `network`; logical fields class, maxspeed, oneway) into `crs`.
// Several layers are joined where they share vertices. Throws DataError for an unusable layer.
Network read_network(const std::vector<LayerSpec>& layers, const WorkingCrs& crs);
// A LayerSpec for a network file named on the command line, its class in `class_field`.
LayerSpec network_layer_spec(const std::string& path, const std::string& class_field = "highway");
// A node/edge CSV graph (shared/data/roads: node_id,lon,lat and edge_id,u,v,length_m,highway,
// maxspeed,…,geometry_lonlat; an optional oneway column). Lengths are taken as given.
Network read_network_csv(const std::string& nodes_path, const std::string& edges_path, const WorkingCrs& crs);
// True when `path` is an edge CSV of such a graph (its header has u, v and length_m).
bool is_edge_csv(const std::string& path);

// The mode's graph: arcs in both directions where allowed, costed in seconds (or metres).
//
// Stored as one list per node of the usable edges that meet there (compressed sparse rows), each
// entry the edge's other end, its cost and which ways it may be travelled: 12 bytes an entry, and
// a one-way street needs no second copy of the graph for searches the other way. Costs stay
// doubles, so every search is exact. Speeds are kept once per distinct value, not per edge.
class RoutingGraph {
public:
    enum class Cost { seconds, metres };
    RoutingGraph(const Network& network, const Profile& profile, Cost cost = Cost::seconds);

    const Network& network() const { return *network_; }
    std::size_t node_count() const { return begin_.empty() ? 0 : begin_.size() - 1; }
    std::size_t arc_count() const { return arc_count_; }  // directed arcs
    // Metres per second on the edge (0: the mode may not use it); the cost unit's per metre.
    double speed(EdgeId e) const { return wide_speed_.empty() ? speeds_[speed_of_[e]] : wide_speed_[e]; }
    bool forward(EdgeId e) const { return (direction_[e] & 1) != 0; }   // from -> to allowed
    bool backward(EdgeId e) const { return (direction_[e] & 2) != 0; }  // to -> from allowed
    bool usable(EdgeId e) const { return direction_[e] != 0; }
    // Cost of travelling `metres` along edge e.
    double cost(EdgeId e, double metres) const { return metres / speed(e); }

    // Arcs into node n (for "time to" searches: `node` is where the arc starts) and out of it (for
    // "time from" searches: `node` is where it ends).
    struct Arc {
        double cost;
        NodeId node;
    };
    // One entry of a node's list: the other end in the low 30 bits, and two flags.
    struct Entry {
        static constexpr std::uint32_t into = 1u << 30;  // the arc other end -> this node is allowed
        static constexpr std::uint32_t out = 1u << 31;   // the arc this node -> other end is allowed
        static constexpr std::uint32_t node_mask = into - 1;
        std::uint32_t cost_bits[2];  // the double cost, as two words so that an entry takes 12 bytes
        std::uint32_t node_flags;
        double cost() const {
            double c;
            std::memcpy(&c, cost_bits, sizeof c);
            return c;
        }
        NodeId node() const { return node_flags & node_mask; }
    };
    // The entries of one node whose arc runs the asked way.
    class Arcs {
    public:
        class iterator {
        public:
            iterator(const Entry* at, const Entry* end, std::uint32_t flag) : at_(at), end_(end), flag_(flag) { skip(); }
            Arc operator*() const { return {at_->cost(), at_->node()}; }
            iterator& operator++() {
                ++at_;
                skip();
                return *this;
            }
            bool operator!=(const iterator& other) const { return at_ != other.at_; }
            bool operator==(const iterator& other) const { return at_ == other.at_; }

        private:
            void skip() {
                while (at_ != end_ && !(at_->node_flags & flag_)) ++at_;
            }
            const Entry* at_;
            const Entry* end_;
            std::uint32_t flag_;
        };
        Arcs(const Entry* first, const Entry* last, std::uint32_t flag) : first_(first), last_(last), flag_(flag) {}
        iterator begin() const { return {first_, last_, flag_}; }
        iterator end() const { return {last_, last_, flag_}; }

    private:
        const Entry* first_;
        const Entry* last_;
        std::uint32_t flag_;
    };
    Arcs arcs_into(NodeId n) const { return {entries_.data() + begin_[n], entries_.data() + begin_[n + 1], Entry::into}; }
    Arcs arcs_out_of(NodeId n) const { return {entries_.data() + begin_[n], entries_.data() + begin_[n + 1], Entry::out}; }
    // Every entry of node n, both ways (a search checks the flag itself).
    const Entry* entries_begin(NodeId n) const { return entries_.data() + begin_[n]; }
    const Entry* entries_end(NodeId n) const { return entries_.data() + begin_[n + 1]; }
    bool symmetric() const { return symmetric_; }  // every arc has its reverse
    // Bytes held by the lists and the per-edge speeds and directions (for benchmarks and sizing).
    std::size_t memory_bytes() const;

private:
    const Network* network_;
    std::vector<double> speeds_;             // distinct speeds
    std::vector<std::uint16_t> speed_of_;    // edge -> index into speeds_
    std::vector<double> wide_speed_;         // edge -> speed, only when there are too many distinct speeds
    std::vector<std::uint8_t> direction_;
    std::vector<std::uint32_t> begin_;       // node_count + 1 offsets into entries_
    std::vector<Entry> entries_;
    std::size_t arc_count_ = 0;
    bool symmetric_ = true;
};
static_assert(sizeof(RoutingGraph::Entry) == 12, "a routing graph entry takes 12 bytes");

// One search seed: start at `node` having already spent `cost`, for source `source`.
struct Seed {
    NodeId node = 0;
    double cost = 0;
    std::uint32_t source = 0;
};
constexpr std::uint32_t no_source = std::numeric_limits<std::uint32_t>::max();

// Multi-source Dijkstra (a radix heap on the bits of the costs, which only grow): for every node the least cost to (when
// `toward_seeds`) or from the seeds, and which seed's source gave it. Nodes costing more than
// `limit` are left at infinity. The nodes can be split over `threads` (0: the machine's cores for
// graphs of 400,000 nodes or more, else one): each settles a range of nodes, and one more search
// joins them; the costs are the same to the bit whatever the number of threads.
// Between seeds at exactly the same cost, which one a node takes is not specified.
struct NodeCosts {
    std::vector<double> cost;            // +inf: not reached
    std::vector<std::uint32_t> source;   // no_source: not reached
};
NodeCosts nearest_seeds(const RoutingGraph& graph, const std::vector<Seed>& seeds, bool toward_seeds = true,
                        double limit = std::numeric_limits<double>::infinity(), unsigned threads = 0);

}  // namespace roisc
