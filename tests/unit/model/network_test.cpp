// The road network as data: travel modes, OSM tag values, the travel profiles and the builder that
// joins lines into a graph.
#include "roisc/core/error.hpp"
#include "roisc/model/network.hpp"

#include <doctest/doctest.h>

using namespace roisc;

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

TEST_CASE("the built-in profiles: who may use which class, and at what speed") {
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

TEST_CASE("profile mistakes are data errors naming the source, the line and the key") {
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
