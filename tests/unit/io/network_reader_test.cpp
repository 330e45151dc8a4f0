// Reading the road network and the travel profiles from files: line layers (joined at shared
// vertices), node/edge CSV graphs, and profiles/*.toml.
#include "roisc/io/network_reader.hpp"
#include "roisc/core/crs.hpp"
#include "roisc/core/error.hpp"
#include "../support/network_fixtures.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <set>

using namespace roisc;
using roisc::test::bng;
using roisc::test::node_at;

namespace {

Network fixture(const std::string& name) { return roisc::test::network_fixture(name); }

}  // namespace

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
}

TEST_CASE("a profile file that is missing, or for another mode, is an argument error") {
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
