// Routing on the road network: the routing graph and the multi-source pass, on fixtures and on
// generated grids against an independent Dijkstra.
#include "roisc/io/network_reader.hpp"
#include "roisc/core/crs.hpp"
#include "roisc/core/error.hpp"
#include "roisc/engine/network.hpp"
#include "../support/network_fixtures.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <queue>
#include <random>

using namespace roisc;
using roisc::test::bng;
using roisc::test::node_at;

namespace {

Network fixture(const std::string& name) { return roisc::test::network_fixture(name); }

}  // namespace

TEST_CASE("the routing graph respects the profile's classes and one-way streets") {
    const Network net = fixture("oneway.geojson");
    const Profile drive = load_profile(std::string(ROISC_TEST_DATA) + "/network/drive_test.toml");
    const RoutingGraph g(net, drive);
    CHECK_FALSE(g.symmetric());
    // 5 edges: 3 two-way and 2 one-way.
    CHECK(g.arc_count() == 8);
    for (EdgeId e = 0; e < net.edge_count(); ++e) CHECK(g.speed(e) == doctest::Approx(10.0));
    const RoutingGraph walk(net, builtin_profile(TravelMode::walk));
    CHECK(walk.symmetric());
    CHECK(walk.arc_count() == 10);
    const Network bridge = fixture("footbridge.geojson");
    const RoutingGraph car(bridge, drive);
    int unusable = 0;
    for (EdgeId e = 0; e < bridge.edge_count(); ++e) unusable += car.usable(e) ? 0 : 1;
    CHECK(unusable == 1);  // the footbridge
}

TEST_CASE("the multi-source pass gives every node its nearest seed, both ways round a one-way block") {
    const Network net = fixture("oneway.geojson");
    const Profile drive = load_profile(std::string(ROISC_TEST_DATA) + "/network/drive_test.toml");
    const RoutingGraph g(net, drive);
    const NodeId a = node_at(net, 0, 0), b = node_at(net, 1000, 0), c = node_at(net, 1000, 1000), d = node_at(net, 0, 1000),
                 e = node_at(net, 2000, 0);
    // Time to reach A: from B it is round the block (East Street is one-way away from A).
    const NodeCosts to_a = nearest_seeds(g, {Seed{a, 0, 7}}, true);
    CHECK(to_a.cost[b] == doctest::Approx(300));
    CHECK(to_a.cost[c] == doctest::Approx(200));
    CHECK(to_a.cost[d] == doctest::Approx(100));
    CHECK(to_a.cost[e] == doctest::Approx(400));  // Back Lane runs E -> B only
    CHECK(to_a.source[e] == 7);
    // Time from A: East Street straight to B.
    const NodeCosts from_a = nearest_seeds(g, {Seed{a, 0, 0}}, false);
    CHECK(from_a.cost[b] == doctest::Approx(100));
    CHECK(std::isinf(from_a.cost[e]));  // no way into Back Lane from B
    // Two seeds: each node takes the nearer; a limit leaves further nodes unreached.
    const NodeCosts two = nearest_seeds(g, {Seed{a, 0, 1}, Seed{c, 30, 2}}, true);
    CHECK(two.source[d] == 1);
    CHECK(two.cost[d] == doctest::Approx(100));
    CHECK(two.source[b] == 2);
    CHECK(two.cost[b] == doctest::Approx(130));
    const NodeCosts near = nearest_seeds(g, {Seed{a, 0, 0}}, true, 150);
    CHECK(std::isinf(near.cost[b]));
    CHECK(near.source[b] == no_source);
    CHECK(near.cost[d] == doctest::Approx(100));
}

namespace {

// A jittered grid of side × side junctions with bent ways, gaps, diagonals, one-way streets
// (about one way in six) and a few maxspeeds: enough irregularity for ties to be rare.
Network jittered_grid(int side, std::uint64_t seed) {
    std::mt19937_64 random(seed);
    auto unit = [&] { return static_cast<double>(random() >> 11) * (1.0 / 9007199254740992.0); };
    std::vector<Point> junction(static_cast<std::size_t>(side) * side);
    for (auto& p : junction) p = {0, 0};
    for (int j = 0; j < side; ++j) {
        for (int i = 0; i < side; ++i) {
            junction[static_cast<std::size_t>(j) * side + i] = {400000 + i * 100 + (unit() - 0.5) * 40, 290000 + j * 100 + (unit() - 0.5) * 40};
        }
    }
    NetworkBuilder b;
    for (int horizontal = 0; horizontal < 2; ++horizontal) {
        for (int line = 0; line < side; ++line) {
            for (int k = 0; k + 1 < side; ++k) {
                if (unit() < 0.05) continue;  // a gap
                const Point p = horizontal ? junction[static_cast<std::size_t>(line) * side + k] : junction[static_cast<std::size_t>(k) * side + line];
                const Point q = horizontal ? junction[static_cast<std::size_t>(line) * side + k + 1] : junction[static_cast<std::size_t>(k + 1) * side + line];
                const Point way[] = {p, {(p.x + q.x) / 2 + (unit() - 0.5) * 20, (p.y + q.y) / 2 + (unit() - 0.5) * 20}, q};
                const double r = unit();
                b.add_line(way, 3, line % 7 == 0 ? "primary" : "residential", unit() < 0.1 ? 20 : 0, r < 0.08 ? 1 : r < 0.16 ? -1 : 0);
            }
        }
    }
    for (int j = 0; j + 1 < side; ++j) {
        for (int i = 0; i + 1 < side; ++i) {
            if (unit() >= 0.05) continue;
            const Point d[] = {junction[static_cast<std::size_t>(j) * side + i], junction[static_cast<std::size_t>(j + 1) * side + i + 1]};
            b.add_line(d, 2, "tertiary");
        }
    }
    return b.build("jittered grid", "EPSG:27700");
}

// An independent Dijkstra from the Network's edges (not the routing graph's lists): the least cost
// from every node to `seed` (toward) or from it.
std::vector<double> reference_costs(const Network& net, const RoutingGraph& g, const Seed& seed, bool toward) {
    std::vector<std::vector<std::pair<NodeId, double>>> next(net.node_count());
    for (EdgeId e = 0; e < net.edge_count(); ++e) {
        const auto& edge = net.edge(e);
        if (!g.usable(e) || edge.from == edge.to) continue;
        const double c = edge.length_m / g.speed(e);
        // Searching toward the seed follows arcs backwards.
        if (g.forward(e)) (toward ? next[edge.to] : next[edge.from]).push_back({toward ? edge.from : edge.to, c});
        if (g.backward(e)) (toward ? next[edge.from] : next[edge.to]).push_back({toward ? edge.to : edge.from, c});
    }
    std::vector<double> cost(net.node_count(), std::numeric_limits<double>::infinity());
    using Item = std::pair<double, NodeId>;
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> queue;
    cost[seed.node] = seed.cost;
    queue.push({seed.cost, seed.node});
    while (!queue.empty()) {
        const auto [c, u] = queue.top();
        queue.pop();
        if (c > cost[u]) continue;
        for (const auto& [v, w] : next[u]) {
            if (c + w < cost[v]) cost[v] = c + w, queue.push({c + w, v});
        }
    }
    return cost;
}

}  // namespace

TEST_CASE("the multi-source pass matches an independent Dijkstra per seed, on any number of threads") {
    const Network net = jittered_grid(70, 6);
    const RoutingGraph g(net, builtin_profile(TravelMode::drive));
    REQUIRE_FALSE(g.symmetric());
    const std::size_t n = g.node_count();
    REQUIRE(n > 4000);
    // 15 seeds part-way along their edges (a cost already spent), one of them twice.
    std::mt19937_64 random(7);
    std::vector<Seed> seeds;
    for (std::uint32_t i = 0; i < 15; ++i) seeds.push_back({static_cast<NodeId>(random() % n), static_cast<double>(random() % 600) / 7.0, i});
    seeds.push_back({seeds[3].node, seeds[3].cost + 5, 3});
    for (const bool toward : {true, false}) {
        CAPTURE(toward);
        std::vector<std::vector<double>> per_seed;
        for (const auto& s : seeds) per_seed.push_back(reference_costs(net, g, s, toward));
        const NodeCosts one = nearest_seeds(g, seeds, toward, std::numeric_limits<double>::infinity(), 1);
        std::size_t reached = 0, checked = 0;
        for (NodeId v = 0; v < n; ++v) {
            double best = std::numeric_limits<double>::infinity();
            for (const auto& c : per_seed) best = std::min(best, c[v]);
            CHECK(one.cost[v] == best);  // exact: the same sums
            if (std::isinf(best)) {
                CHECK(one.source[v] == no_source);
                continue;
            }
            ++reached;
            // The seed it names is one that gives that cost.
            REQUIRE(one.source[v] < 15);
            bool gives = false;
            for (std::size_t k = 0; k < seeds.size(); ++k) gives = gives || (seeds[k].source == one.source[v] && per_seed[k][v] == best);
            CHECK(gives);
            ++checked;
        }
        CHECK(reached > n * 9 / 10);
        CHECK(checked == reached);
        // Split over 2, 3 and 8 threads: the same costs to the bit, and each source one that gives them.
        for (const unsigned threads : {2u, 3u, 8u}) {
            CAPTURE(threads);
            const NodeCosts split = nearest_seeds(g, seeds, toward, std::numeric_limits<double>::infinity(), threads);
            std::size_t same = 0, right_source = 0;
            for (NodeId v = 0; v < n; ++v) {
                same += split.cost[v] == one.cost[v] ? 1 : 0;
                if (split.source[v] == one.source[v]) {
                    ++right_source;
                } else if (split.source[v] < 15) {
                    for (std::size_t k = 0; k < seeds.size(); ++k) {
                        if (seeds[k].source == split.source[v] && per_seed[k][v] == one.cost[v]) {
                            ++right_source;
                            break;
                        }
                    }
                }
            }
            CHECK(same == n);
            CHECK(right_source == n);
        }
        // A limit: the same on both sides of it, whatever the threads.
        const double limit = 300;
        for (const unsigned threads : {1u, 2u, 5u}) {
            const NodeCosts near = nearest_seeds(g, seeds, toward, limit, threads);
            std::size_t agree = 0;
            for (NodeId v = 0; v < n; ++v) {
                agree += (one.cost[v] <= limit ? near.cost[v] == one.cost[v] : std::isinf(near.cost[v]) && near.source[v] == no_source) ? 1 : 0;
            }
            CHECK(agree == n);
        }
    }
}

TEST_CASE("the routing graph lists each usable edge at both ends, with the ways it may be travelled") {
    const Network net = jittered_grid(20, 3);
    const RoutingGraph g(net, builtin_profile(TravelMode::drive));
    std::size_t into = 0, out = 0;
    for (NodeId v = 0; v < g.node_count(); ++v) {
        for (const auto& arc : g.arcs_into(v)) {
            ++into;
            CHECK(arc.cost > 0);
            CHECK(arc.node < g.node_count());
        }
        for (const auto& arc : g.arcs_out_of(v)) {
            (void)arc;
            ++out;
        }
    }
    CHECK(into == g.arc_count());
    CHECK(out == g.arc_count());
    std::size_t expected = 0, one_way = 0;
    for (EdgeId e = 0; e < net.edge_count(); ++e) {
        if (net.edge(e).from == net.edge(e).to) continue;
        expected += (g.forward(e) ? 1 : 0) + (g.backward(e) ? 1 : 0);
        one_way += g.forward(e) != g.backward(e) ? 1 : 0;
        // A speed per class (and per tagged maxspeed) is kept once, and read back per edge.
        if (g.usable(e)) CHECK(g.cost(e, net.edge(e).length_m) == net.edge(e).length_m / g.speed(e));
    }
    CHECK(g.arc_count() == expected);
    CHECK(one_way > 10);
    CHECK(g.memory_bytes() < net.edge_count() * 30 + g.node_count() * 8);
}
