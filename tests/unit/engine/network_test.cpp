#include "roisc/core/crs.hpp"
#include "roisc/core/error.hpp"
#include "roisc/engine/network.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
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
