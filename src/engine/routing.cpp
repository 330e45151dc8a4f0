// Routing over the network: the routing graph (costs per arc for a profile) and the shortest-path
// pass from many seeds at once, split into parts run in parallel and joined.
#include "roisc/engine/network.hpp"

#include "roisc/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <thread>

namespace roisc {

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
