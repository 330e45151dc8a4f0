#include "roisc/io/network_reader.hpp"
#include "roisc/core/crs.hpp"
#include "roisc/core/error.hpp"
#include "roisc/engine/network.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <queue>
#include <random>
#include <set>

using namespace roisc;

namespace {

const WorkingCrs& bng() {
    static const WorkingCrs crs = choose_working_crs("EPSG:27700", std::nullopt);
    return crs;
}

Network fixture(const std::string& name) {
    return read_network({network_layer_spec(std::string(ROISC_TEST_DATA) + "/network/" + name)}, bng());
}

// A node's id by where it is (fixture coordinates are whole metres from 400000, 290000).
NodeId node_at(const Network& net, double x, double y) {
    for (NodeId n = 0; n < net.node_count(); ++n) {
        if (std::fabs(net.node(n).x - (400000 + x)) < 1e-6 && std::fabs(net.node(n).y - (290000 + y)) < 1e-6) return n;
    }
    FAIL("no node at " << x << ", " << y);
    return no_node;
}

}  // namespace

TEST_CASE("travel modes are read from their names") {
    CHECK(travel_mode_from_string("walk") == TravelMode::walk);
    CHECK(travel_mode_from_string("Bike") == TravelMode::cycle);
    CHECK(travel_mode_from_string("car") == TravelMode::drive);
    CHECK_THROWS_AS(travel_mode_from_string("bus"), ArgumentError);
}

TEST_CASE("maxspeed and oneway tags are parsed as OSM writes them") {
    CHECK(parse_maxspeed_kmh("30") == doctest::Approx(30));
    CHECK(parse_maxspeed_kmh("40 mph") == doctest::Approx(64.37376));
    CHECK(parse_maxspeed_kmh("50 km/h") == doctest::Approx(50));
    CHECK(parse_maxspeed_kmh("UK:nsl_single") == doctest::Approx(96.56064));
    CHECK(parse_maxspeed_kmh("signals") == 0);
    CHECK(parse_maxspeed_kmh("") == 0);
    CHECK(parse_oneway("yes") == 1);
    CHECK(parse_oneway("-1") == -1);
    CHECK(parse_oneway("no") == 0);
    CHECK(parse_oneway("") == 0);
}

TEST_CASE("the shipped profile files hold the same values as the built-in profiles") {
    for (TravelMode mode : {TravelMode::walk, TravelMode::cycle, TravelMode::drive}) {
        CAPTURE(to_string(mode));
        const Profile file = load_profile(std::string(ROISC_SOURCE_DIR) + "/profiles/" + to_string(mode) + ".toml");
        const Profile built = builtin_profile(mode);
        CHECK(file.mode == mode);
        CHECK(file.speed_kmh == built.speed_kmh);
        CHECK(file.speeds == built.speeds);
        CHECK(file.use_maxspeed == built.use_maxspeed);
        CHECK(file.maxspeed_factor == built.maxspeed_factor);
        CHECK(file.oneway == built.oneway);
        CHECK(file.implied_oneway == built.implied_oneway);
        CHECK(file.off_network_speed_kmh == built.off_network_speed_kmh);
        CHECK(file.snap_limit_m == built.snap_limit_m);
        CHECK(file.detour_factor == built.detour_factor);
        CHECK(file.estimate_speed_kmh == built.estimate_speed_kmh);
    }
    const Profile walk = builtin_profile(TravelMode::walk);
    CHECK(walk.speed_kmh == 4.8);
    CHECK(walk.allows("footway"));
    CHECK_FALSE(walk.allows("motorway"));
    CHECK_FALSE(walk.allows("motorway_link"));
    const Profile drive = builtin_profile(TravelMode::drive);
    CHECK(drive.oneway);
    CHECK_FALSE(drive.allows("footway"));
    CHECK(drive.speed_on("residential", 0) == 24);
    CHECK(drive.speed_on("primary", 64.0) == doctest::Approx(51.2));  // maxspeed × 0.8
    CHECK(drive.speed_on("footway", 0) == 0);
}

TEST_CASE("profile mistakes are data errors naming the file, the line and the key") {
    CHECK_THROWS_WITH_AS(parse_profile("mode = \"walk\"\nspeed = 5\nclasses = [\"path\"]\n", "p.toml"),
                         doctest::Contains("p.toml:2: unknown key `speed`"), DataError);
    CHECK_THROWS_WITH_AS(parse_profile("mode = \"walk\"\nclasses = [\"path\"]\n[speeds]\nfootway = 4\n", "p.toml"),
                         doctest::Contains("`footway`, which is not in `classes`"), DataError);
    CHECK_THROWS_WITH_AS(parse_profile("mode = \"walk\"\nspeed_kmh = -1\nclasses = [\"path\"]\n", "p.toml"),
                         doctest::Contains("p.toml:2: `speed_kmh` must be a positive number"), DataError);
    CHECK_THROWS_WITH_AS(parse_profile("mode = \"walk\"\n", "p.toml"), doctest::Contains("`classes`"), DataError);
    CHECK_THROWS_WITH_AS(parse_profile("mode = \"tram\"\nclasses = [\"path\"]\n", "p.toml"),
                         doctest::Contains("p.toml:1"), DataError);
    CHECK_THROWS_AS(parse_profile("mode = \n", "p.toml"), DataError);
    CHECK_THROWS_AS(load_profile("/nonexistent/walk.toml"), ArgumentError);
    CHECK_THROWS_AS(find_profile(TravelMode::walk, std::string(ROISC_TEST_DATA) + "/network/drive_test.toml"), ArgumentError);
}

TEST_CASE("lines are joined into nodes at shared vertices and split there") {
    const Network net = fixture("footbridge.geojson");
    // Six junctions and ends; the bend of the road bridge at (2000, 50) is not a node.
    CHECK(net.node_count() == 6);
    CHECK(net.edge_count() == 6);
    CHECK(net.lines_read == 4);
    CHECK(net.lines_without_class == 1);
    CHECK(net.total_length_m() == doctest::Approx(4200));
    const NodeId south = node_at(net, 1000, 0), north = node_at(net, 1000, 100);
    bool bridge = false;
    for (EdgeId e = 0; e < net.edge_count(); ++e) {
        const auto& edge = net.edge(e);
        if (net.class_name(edge.road_class) == "footway") {
            bridge = true;
            CHECK(std::set<NodeId>{edge.from, edge.to} == std::set<NodeId>{south, north});
            CHECK(edge.length_m == doctest::Approx(100));
        }
        if (net.inner_end(e) - net.inner_begin(e) == 1) {
            CHECK(net.inner_begin(e)->y == doctest::Approx(290050));  // the road bridge keeps its bend
            CHECK(edge.length_m == doctest::Approx(100));
        }
    }
    CHECK(bridge);
}

TEST_CASE("a builder joins vertices within a centimetre and drops repeated vertices") {
    NetworkBuilder b;
    const Point a[] = {{0, 0}, {0, 0}, {100, 0}, {200, 0}};
    const Point c[] = {{100.004, 0.003}, {100, 100}};  // meets the first line at (100, 0)
    b.add_line(a, 4, "residential");
    b.add_line(c, 2, "residential");
    const Network net = b.build("test", "EPSG:27700");
    CHECK(net.node_count() == 4);
    CHECK(net.edge_count() == 3);
    CHECK(net.total_length_m() == doctest::Approx(300).epsilon(1e-4));
}

TEST_CASE("a node/edge CSV graph keeps its lengths, its classes and its shapes") {
    const std::string dir = std::string(ROISC_TEST_DATA) + "/network/";
    CHECK(is_edge_csv(dir + "edges.csv"));
    CHECK_FALSE(is_edge_csv(dir + "nodes.csv"));
    const Network net = read_network_csv(dir + "nodes.csv", dir + "edges.csv", bng());
    REQUIRE(net.node_count() == 3);
    REQUIRE(net.edge_count() == 2);
    double total = 0;
    for (EdgeId e = 0; e < net.edge_count(); ++e) {
        const auto& edge = net.edge(e);
        total += edge.length_m;
        if (net.class_name(edge.road_class) == "residential") {
            CHECK(edge.length_m == 700.0);  // as given, not measured
            CHECK(net.inner_end(e) - net.inner_begin(e) == 1);
            CHECK(edge.maxspeed_kmh == doctest::Approx(32.18688));
            CHECK(net.drawn_length(e) == doctest::Approx(680).epsilon(0.02));
        }
    }
    CHECK(total == 1900.0);
}

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
