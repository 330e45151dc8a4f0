#pragma once
// Routing on the network: the mode's routing graph (compressed sparse rows of arcs costed in
// seconds) and the multi-source search every travel time comes from. How the travel model uses it:
// roisc/engine/travel.hpp.
#include "roisc/model/network.hpp"

#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

namespace roisc {

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
