#include "roisc/io/network_reader.hpp"
#include "roisc/core/crs.hpp"
#include "roisc/core/error.hpp"
#include "roisc/engine/travel.hpp"
#include "roisc/io/manifest.hpp"

#include "../support/shared_data.hpp"
#include "../support/network_fixtures.hpp"

#include <doctest/doctest.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <queue>
#include <random>
#include <set>
#include <sstream>

using namespace roisc;
using roisc::test::bng;
using roisc::test::osm_point;

namespace {

std::shared_ptr<const Network> fixture(const std::string& name) {
    return std::make_shared<const Network>(
        read_network({network_layer_spec(std::string(ROISC_TEST_DATA) + "/network/" + name)}, bng()));
}

Profile test_drive() { return load_profile(std::string(ROISC_TEST_DATA) + "/network/drive_test.toml"); }

// Fixture coordinates are metres from (400000, 290000).
Point at(double x, double y) { return {400000 + x, 290000 + y}; }

constexpr double walk_mps = 4.8 / 3.6;  // 100 m in 75 s

}  // namespace

TEST_CASE("straight and estimate models: the straight line at the mode's speed, times the detour factor") {
    const TravelModel straight = TravelModel::straight(TravelMode::walk);
    const TravelModel estimate = TravelModel::estimate(TravelMode::walk, 1.5);
    const AccessTimes s(straight, {at(0, 0), at(5000, 0)});
    const AccessTimes e(estimate, {at(0, 0), at(5000, 0)});
    const Reach r = s.reach(at(600, 800));
    REQUIRE(r.meeting);
    CHECK(*r.meeting == 0);
    CHECK(r.straight_m == doctest::Approx(1000));
    CHECK(r.seconds == doctest::Approx(750));
    CHECK_FALSE(r.flagged);
    CHECK(e.seconds_to_nearest(at(600, 800)) == doctest::Approx(1125));
    CHECK(e.nearest_meeting(at(4000, 0)) == std::optional<std::size_t>(1));
    CHECK(estimate.describe().find("1.50 detour at 4.8 km/h") != std::string::npos);
    CHECK_THROWS_AS(TravelModel::estimate(TravelMode::walk, 0.9), ArgumentError);
    // No meeting at all: unreachable.
    const AccessTimes none(straight, {});
    CHECK(std::isinf(none.seconds_to_nearest(at(0, 0))));
    CHECK_FALSE(none.nearest_meeting(at(0, 0)));
    // Estimate isochrones are circles of radius speed × time / detour: 10 min, 1.5 → 533.3 m.
    const GeometryPtr circle = e.reachable_area(600);
    const double radius = 600 * walk_mps / 1.5;
    double area = 0;
    if (wkbFlatten(circle->getGeometryType()) == wkbMultiPolygon) area = circle->toMultiPolygon()->get_Area();
    else area = circle->toPolygon()->get_Area();
    CHECK(area == doctest::Approx(2 * M_PI * radius * radius).epsilon(0.01));
}

TEST_CASE("one-way streets: driving times differ by direction, walking ignores them") {
    const auto net = fixture("oneway.geojson");
    const TravelModel drive = TravelModel::network(net, test_drive());
    const TravelModel walk = TravelModel::network(net, builtin_profile(TravelMode::walk));

    // Meeting at B, the east end of one-way East Street (A -> B).
    const AccessTimes to_b(drive, {at(1000, 0)});
    CHECK(to_b.seconds_to_nearest(at(0, 0)) == doctest::Approx(100));
    // 20 m south of East Street's middle: 20 m walked (15 s) then 500 m driven east (50 s).
    const Reach p = to_b.reach(at(500, -20));
    CHECK(p.seconds == doctest::Approx(65));
    CHECK(p.off_network_m == doctest::Approx(20));
    CHECK(p.straight_m == doctest::Approx(std::hypot(500, 20)));

    // Meeting at A: from B it is round the block, 3 km at 10 m/s; from East Street's middle too.
    const AccessTimes to_a(drive, {at(0, 0)});
    CHECK(to_a.seconds_to_nearest(at(1000, 0)) == doctest::Approx(300));
    CHECK(to_a.seconds_to_nearest(at(500, -20)) == doctest::Approx(15 + 50 + 300));
    // Back Lane is tagged oneway=-1: from E you may drive to B ...
    CHECK(to_a.seconds_to_nearest(at(2000, 0)) == doctest::Approx(400));
    // ... but nothing reaches a meeting at E by car.
    const AccessTimes to_e(drive, {at(2000, 0)});
    CHECK(std::isinf(to_e.seconds_to_nearest(at(1000, 0))));
    CHECK_FALSE(to_e.nearest_meeting(at(1000, 0)));
    CHECK(std::isinf(to_e.seconds_to_nearest(at(1500, 0))));  // on Back Lane, but it only leads away from E
    // On foot East Street is two-way: B to A is 1 km, 750 s.
    const AccessTimes walk_to_a(walk, {at(0, 0)});
    CHECK(walk_to_a.seconds_to_nearest(at(1000, 0)) == doctest::Approx(750));
}

TEST_CASE("a meeting part-way along an edge is reached along that edge, in the allowed direction") {
    const auto net = fixture("oneway.geojson");
    const TravelModel drive = TravelModel::network(net, test_drive());
    // Meetings 10 m off East Street at 800 m and at 200 m from A.
    const AccessTimes ahead(drive, {at(800, 10)});
    // From 500 m: 15 s walk, 300 m east (30 s), 10 m walk (7.5 s).
    CHECK(ahead.seconds_to_nearest(at(500, -20)) == doctest::Approx(52.5));
    const AccessTimes behind(drive, {at(200, 10)});
    // Behind on a one-way street: 50 s to B, 300 s round the block to A, 20 s to the meeting.
    CHECK(behind.seconds_to_nearest(at(500, -20)) == doctest::Approx(15 + 50 + 300 + 20 + 7.5));
    const Snap s = drive.snap(at(200, 10));
    CHECK(s.found);
    CHECK_FALSE(s.flagged);
    CHECK(s.off_network_m == doctest::Approx(10));
    CHECK(s.on_edge.x == doctest::Approx(400200));
    CHECK(s.on_edge.y == doctest::Approx(290000));
}

TEST_CASE("a disconnected island cannot reach the meeting, and is not flagged") {
    const auto net = fixture("island.geojson");
    const TravelModel walk = TravelModel::network(net, builtin_profile(TravelMode::walk));
    const AccessTimes times(walk, {at(0, 2000)});
    CHECK(times.seconds_to_nearest(at(1000, 2000)) == doctest::Approx(750));
    const Reach island = times.reach(at(500, 3000));
    CHECK(std::isinf(island.seconds));
    CHECK_FALSE(island.meeting);
    CHECK_FALSE(island.flagged);
    CHECK(times.unplaced_meetings().empty());
    // The island's nodes are unreached.
    int unreached = 0;
    for (double c : times.node_times().cost) unreached += std::isinf(c) ? 1 : 0;
    CHECK(unreached == 2);
}

TEST_CASE("a footbridge only walkers (and cyclists pushing) can use") {
    const auto net = fixture("footbridge.geojson");
    const TravelModel walk = TravelModel::network(net, builtin_profile(TravelMode::walk));
    const TravelModel drive = TravelModel::network(net, test_drive());
    const TravelModel cycle = TravelModel::network(net, builtin_profile(TravelMode::cycle));
    const std::vector<Point> meeting = {at(1000, 100)};  // the north end of the footbridge
    const AccessTimes w(walk, meeting), d(drive, meeting), c(cycle, meeting);
    // From the south end: 100 m over the footbridge on foot ...
    CHECK(w.seconds_to_nearest(at(1000, 0)) == doctest::Approx(75));
    // ... 1 km east, over the road bridge and 1 km back by car (2.1 km at 10 m/s) ...
    CHECK(d.seconds_to_nearest(at(1000, 0)) == doctest::Approx(210));
    // ... and pushing a bicycle over the footbridge at 4.8 km/h beats 2.1 km at 15 km/h.
    CHECK(c.seconds_to_nearest(at(1000, 0)) == doctest::Approx(75));
    // 40 m off the south road at x = 1500: the car does not snap to the footbridge.
    CHECK(w.seconds_to_nearest(at(1500, 40)) == doctest::Approx((40 + 500 + 100) / walk_mps));
    CHECK(d.seconds_to_nearest(at(1500, 40)) == doctest::Approx(40 / walk_mps + 160));
}

TEST_CASE("a place far from any edge is flagged, not snapped across the canal") {
    const auto net = fixture("footbridge.geojson");
    const TravelModel walk = TravelModel::network(net, builtin_profile(TravelMode::walk));
    const AccessTimes times(walk, {at(1000, 100)});
    // 300 m north of North Road: beyond the 250 m limit.
    const Reach far = times.reach(at(1000, 400));
    CHECK(far.flagged);
    CHECK(times.flagged(at(1000, 400)));
    CHECK(std::isinf(far.seconds));
    CHECK_FALSE(far.meeting);
    CHECK(far.off_network_m == doctest::Approx(300));
    // 200 m away: snapped, the leg walked (150 s) and reported.
    const Reach near = times.reach(at(1000, 300));
    CHECK_FALSE(near.flagged);
    CHECK(near.seconds == doctest::Approx(150));
    CHECK(near.off_network_m == doctest::Approx(200));
    // A meeting beyond the limit is left out and said to be.
    const AccessTimes left_out(walk, {at(1000, 100), at(0, 700)});
    REQUIRE(left_out.unplaced_meetings().size() == 1);
    CHECK(left_out.unplaced_meetings()[0] == 1);
    // With a wider limit the far place is reached: 300 m walked to the road, where the meeting is.
    Profile wide = builtin_profile(TravelMode::walk);
    wide.snap_limit_m = 350;
    const AccessTimes wider(TravelModel::network(net, wide), {at(1000, 100)});
    CHECK(wider.seconds_to_nearest(at(1000, 400)) == doctest::Approx(225));
}

TEST_CASE("the nearest of several meetings, and every meeting within a time of one place") {
    const auto net = fixture("footbridge.geojson");
    const TravelModel walk = TravelModel::network(net, builtin_profile(TravelMode::walk));
    const std::vector<Point> meetings = {at(2000, 100), at(1000, 100), at(0, 0)};
    const AccessTimes times(walk, meetings);
    CHECK(times.nearest_meeting(at(1200, 0)) == std::optional<std::size_t>(1));  // 200 + 100 m
    CHECK(times.seconds_to_nearest(at(1200, 0)) == doctest::Approx(300 / walk_mps));
    CHECK(times.nearest_meeting(at(300, 0)) == std::optional<std::size_t>(2));
    CHECK(times.nearest_meeting(at(2000, 60)) == std::optional<std::size_t>(0));
    const auto within = meetings_within(walk, at(1000, 0), meetings, 900);
    REQUIRE(within.size() == 3);
    CHECK(within[0].meeting == 1);
    CHECK(within[0].seconds == doctest::Approx(75));
    CHECK(within[1].meeting == 2);
    CHECK(within[1].seconds == doctest::Approx(750));
    CHECK(within[2].meeting == 0);
    CHECK(within[2].seconds == doctest::Approx(825));
    CHECK(meetings_within(walk, at(1000, 0), meetings, 800).size() == 2);
}

TEST_CASE("within a time of one place: the forward search agrees with the multi-source pass, one-way streets included") {
    const auto net = fixture("oneway.geojson");
    const TravelModel drive = TravelModel::network(net, test_drive());
    // Corners A (0,0), B (1000,0), C (1000,1000), D (0,1000) and E (2000,0); East Street A -> B one way.
    const std::vector<Point> meetings = {at(0, 0), at(1000, 0), at(1000, 1000), at(0, 1000), at(2000, 0), at(500, 10)};
    const Point from = at(1000, 0);  // B
    const TripsFrom trips = trips_from(drive, from, meetings, 3600);
    CHECK_FALSE(trips.flagged);
    CHECK(trips.off_network_m == doctest::Approx(0));
    CHECK(trips.unplaced.empty());
    // E is only reachable away from it (Back Lane is oneway=-1), so it is not listed.
    REQUIRE(trips.reached.size() == 5);
    // Each time equals the multi-source pass run from that meeting alone (time *to* it, reversed arcs).
    for (const auto& t : trips.reached) {
        CAPTURE(t.meeting);
        const AccessTimes alone(drive, {meetings[t.meeting]});
        CHECK(t.seconds == doctest::Approx(alone.seconds_to_nearest(from)).epsilon(1e-12));
        CHECK(t.straight_m == doctest::Approx(distance(from, meetings[t.meeting])));
    }
    // Quickest first: B itself, then C (100 s), D (200 s), A (300 s), then 10 m off East Street
    // at 500 m: round the block to A, 50 s along, 7.5 s walked.
    CHECK(trips.reached[0].meeting == 1);
    CHECK(trips.reached[0].seconds == doctest::Approx(0));
    CHECK(trips.reached[1].meeting == 2);
    CHECK(trips.reached[1].seconds == doctest::Approx(100));
    CHECK(trips.reached[2].meeting == 3);
    CHECK(trips.reached[3].meeting == 0);
    CHECK(trips.reached[3].seconds == doctest::Approx(300));
    CHECK(trips.reached[4].meeting == 5);
    CHECK(trips.reached[4].seconds == doctest::Approx(300 + 50 + 7.5));
    // The cut-off: within 250 s only B, C and D.
    CHECK(trips_from(drive, from, meetings, 250).reached.size() == 3);
    // Walking ignores the one-way: A is 1 km, 750 s, straight along East Street.
    const TravelModel walk = TravelModel::network(net, builtin_profile(TravelMode::walk));
    const auto on_foot = trips_from(walk, from, {at(0, 0)}, 3600);
    REQUIRE(on_foot.reached.size() == 1);
    CHECK(on_foot.reached[0].seconds == doctest::Approx(750));
}

TEST_CASE("within a time of one place: a place beyond the snap limit is flagged; far meetings are listed") {
    const auto net = fixture("footbridge.geojson");
    const TravelModel walk = TravelModel::network(net, builtin_profile(TravelMode::walk));
    const std::vector<Point> meetings = {at(1000, 100), at(0, 700)};  // the second is 600 m from any path
    const TripsFrom far = trips_from(walk, at(1000, 400), meetings, 3600);
    CHECK(far.flagged);
    CHECK(far.off_network_m == doctest::Approx(300));
    CHECK(far.reached.empty());
    const TripsFrom near = trips_from(walk, at(1000, 300), meetings, 3600);
    CHECK_FALSE(near.flagged);
    CHECK(near.off_network_m == doctest::Approx(200));
    REQUIRE(near.unplaced.size() == 1);
    CHECK(near.unplaced[0] == 1);
    REQUIRE(near.reached.size() == 1);
    CHECK(near.reached[0].seconds == doctest::Approx(150));  // 200 m walked to the road, where the meeting is
    // The estimate model snaps nothing: straight line × detour at the mode's speed.
    const TravelModel estimate = TravelModel::estimate(TravelMode::walk, 1.31);
    const TripsFrom est = trips_from(estimate, at(0, 0), {at(300, 400), at(3000, 4000)}, 1200);
    CHECK_FALSE(est.flagged);
    REQUIRE(est.reached.size() == 1);
    CHECK(est.reached[0].seconds == doctest::Approx(500 * 1.31 / walk_mps));
    CHECK(est.reached[0].straight_m == doctest::Approx(500));
}

TEST_CASE("an OpenStreetMap file through GDAL's OSM driver: one-way streets and maxspeed from other_tags") {
    // The block: n1 (SW), n2 (SE), n3 (NE), n4 (NW); East Street n1 -> n2 one way at 20 mph, High
    // Street 30 mph, a footway from n1 south to n5, and a canal with no highway tag.
    const Point n1 = osm_point(-2.0, 52.5), n2 = osm_point(-1.99, 52.5), n3 = osm_point(-1.99, 52.506),
                n4 = osm_point(-2.0, 52.506), n5 = osm_point(-2.0, 52.494);
    const auto net = fixture("oneway.osm");
    CHECK(net->edge_count() == 5);
    CHECK(net->node_count() == 5);
    CHECK(net->lines_without_class == 1);  // the canal
    int tagged = 0;
    for (EdgeId e = 0; e < net->edge_count(); ++e) {
        const auto& edge = net->edge(e);
        const Point a = net->node(edge.from), b = net->node(edge.to);
        if (distance(a, n1) < 1e-6 && distance(b, n2) < 1e-6) {  // East Street, drawn n1 -> n2
            ++tagged;
            CHECK(edge.oneway == 1);
            CHECK(edge.maxspeed_kmh == doctest::Approx(20 * 1.609344));
            CHECK(edge.length_m == doctest::Approx(distance(n1, n2)).epsilon(1e-12));
        }
        if (distance(a, n3) < 1e-6 && distance(b, n4) < 1e-6) {  // High Street
            ++tagged;
            CHECK(edge.oneway == 0);
            CHECK(edge.maxspeed_kmh == doctest::Approx(30 * 1.609344));
        }
    }
    CHECK(tagged == 2);

    const Profile drive_profile = builtin_profile(TravelMode::drive);
    REQUIRE(drive_profile.use_maxspeed);
    const double factor = drive_profile.maxspeed_factor;
    const double mph20 = 20 * 1.609344 * factor / 3.6, mph30 = 30 * 1.609344 * factor / 3.6;  // m/s
    const double residential = drive_profile.speed_on("residential", 0) / 3.6;
    const TravelModel drive = TravelModel::network(net, drive_profile);
    // Times on tagged streets agree to a millionth: the network keeps maxspeed as a float.
    constexpr double float_speed = 1e-6;
    // With the one-way: n1 to n2 along East Street at 20 mph × the factor.
    const AccessTimes to_n2(drive, {n2});
    CHECK(to_n2.seconds_to_nearest(n1) == doctest::Approx(distance(n1, n2) / mph20).epsilon(float_speed));
    // Against it: n2 to n1 round the block, Station Road, High Street at 30 mph × the factor, Church Lane.
    const double round_the_block = distance(n2, n3) / residential + distance(n3, n4) / mph30 + distance(n4, n1) / residential;
    const AccessTimes to_n1(drive, {n1});
    CHECK(to_n1.seconds_to_nearest(n2) == doctest::Approx(round_the_block).epsilon(float_speed));
    const auto trips = trips_from(drive, n2, {n1, n4}, 3600);
    REQUIRE(trips.reached.size() == 2);
    CHECK(trips.reached[0].meeting == 1);
    CHECK(trips.reached[0].seconds == doctest::Approx(distance(n2, n3) / residential + distance(n3, n4) / mph30).epsilon(float_speed));
    CHECK(trips.reached[1].seconds == doctest::Approx(round_the_block).epsilon(float_speed));
    // Cars may not use the footway: n5 is 667 m from any road they may use, so it is flagged.
    CHECK(trips_from(drive, n5, {n2}, 3600).flagged);
    // On foot: the footway, then East Street against its one-way, at 4.8 km/h.
    const TravelModel walk = TravelModel::network(net, builtin_profile(TravelMode::walk));
    const auto walked = trips_from(walk, n5, {n2}, 3600);
    REQUIRE(walked.reached.size() == 1);
    CHECK(walked.reached[0].seconds == doctest::Approx((distance(n5, n1) + distance(n1, n2)) / walk_mps).epsilon(1e-9));
    CHECK(AccessTimes(walk, {n5}).seconds_to_nearest(n2) == doctest::Approx(walked.reached[0].seconds).epsilon(1e-12));
}

TEST_CASE("isochrones follow the reachable parts of edges, partly reachable ends included") {
    const auto net = fixture("footbridge.geojson");
    const TravelModel walk = TravelModel::network(net, builtin_profile(TravelMode::walk));
    const AccessTimes times(walk, {at(1000, 100)});
    // 150 s on foot = 200 m: North Road 800..1200, the footbridge, South Road 900..1100.
    const GeometryPtr area = times.reachable_area(150, 10);
    REQUIRE(area);
    auto inside = [&](double x, double y) {
        OGRPoint p(400000 + x, 290000 + y);
        return area->Contains(&p) != 0;
    };
    CHECK(inside(1000, 100));
    CHECK(inside(1190, 100));
    CHECK_FALSE(inside(1215, 100));
    CHECK(inside(805, 100));
    CHECK_FALSE(inside(785, 100));
    CHECK(inside(1000, 50));
    CHECK(inside(1090, 0));
    CHECK_FALSE(inside(1115, 0));
    CHECK_FALSE(inside(2000, 50));
    CHECK_FALSE(inside(500, 50));  // not a hull: the canal between the roads is left out
    // Pieces of no length are dropped: within 0 s nothing is reachable.
    CHECK(times.reachable_area(0, 10)->IsEmpty());
}

TEST_CASE("the land reached from one place: a circle by estimate, the roads on a two-way network, none one-way") {
    // Estimate: a circle of speed × time / detour around the place (10 min, 1.5 -> 533 m).
    const GeometryPtr circle = area_reached_from(TravelModel::estimate(TravelMode::walk, 1.5), at(0, 0), 600);
    REQUIRE(circle);
    const double radius = 600 * walk_mps / 1.5;
    CHECK(circle->toPolygon()->get_Area() == doctest::Approx(M_PI * radius * radius).epsilon(0.01));
    OGRPoint near_edge(400000 + radius - 5, 290000), beyond(400000 + radius + 5, 290000);
    CHECK(circle->Contains(&near_edge));
    CHECK_FALSE(circle->Contains(&beyond));
    // Walking on the footbridge network (two-way): the same land as the search toward the place.
    const auto bridge = fixture("footbridge.geojson");
    const TravelModel walk = TravelModel::network(bridge, builtin_profile(TravelMode::walk));
    const GeometryPtr roads = area_reached_from(walk, at(1000, 100), 150, 10);
    REQUIRE(roads);
    OGRPoint on_road(401190, 290100), past_reach(401215, 290100);
    CHECK(roads->Contains(&on_road));
    CHECK_FALSE(roads->Contains(&past_reach));
    // Driving with one-way streets: outward differs from inward, so it is not drawn.
    const auto oneway = fixture("oneway.geojson");
    CHECK_FALSE(area_reached_from(TravelModel::network(oneway, test_drive()), at(0, 0), 600));
}

TEST_CASE("every model states its model, mode, speeds and detour factor") {
    const auto net = fixture("footbridge.geojson");
    const TravelModel walk = TravelModel::network(net, builtin_profile(TravelMode::walk));
    std::map<std::string, std::string> meta;
    for (const auto& [k, v] : walk.metadata()) meta[k] = v;
    CHECK(meta["travel_model"] == "network");
    CHECK(meta["travel_mode"] == "walk");
    CHECK(meta["speed_kmh"] == "4.80");
    CHECK(meta["detour_factor"] == "1.00");
    CHECK(meta["snap_limit_m"] == "250");
    CHECK(meta.count("network"));
    CHECK(walk.describe().find("walk at 4.8 km/h") != std::string::npos);
    std::map<std::string, std::string> est;
    for (const auto& [k, v] : TravelModel::estimate(builtin_profile(TravelMode::walk)).metadata()) est[k] = v;
    CHECK(est["travel_model"] == "estimate");
    CHECK(est["detour_factor"] == "1.31");
}

TEST_CASE("durations for tables") {
    CHECK(format_duration(754.4) == "12 min 34 s");
    CHECK(format_duration(3930) == "1 h 05 min");
}

// ---------------------------------------------------------------- the real West Bromwich and Smethwick roads

namespace {

struct CsvGraph {
    std::map<long long, Point> node;  // working CRS
    struct Edge {
        long long u, v;
        double csv_length, drawn_length;
        std::string highway;
        std::vector<Point> shape;
    };
    std::vector<Edge> edges;
};

std::vector<std::string> cells(const std::string& line) {
    std::vector<std::string> out;
    std::stringstream ss(line);
    std::string c;
    while (std::getline(ss, c, ',')) out.push_back(c);
    if (!line.empty() && line.back() == ',') out.emplace_back();
    return out;
}

// Read independently of roisc's reader: the published nodes and edges, projected with PROJ.
CsvGraph read_csv_graph() {
    OGRSpatialReference wgs84, target;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    target.importFromEPSG(27700);
    target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> t(OGRCreateCoordinateTransformation(&wgs84, &target));
    auto project = [&](double lon, double lat) {
        t->Transform(1, &lon, &lat);
        return Point{lon, lat};
    };
    CsvGraph g;
    std::ifstream nodes(test::shared_data("roads/osm_roads_smethwick_westbromwich_nodes.csv"));
    std::string line;
    std::getline(nodes, line);
    while (std::getline(nodes, line)) {
        const auto c = cells(line);
        g.node[std::stoll(c[0])] = project(std::stod(c[1]), std::stod(c[2]));
    }
    std::ifstream edges(test::shared_data("roads/osm_roads_smethwick_westbromwich_edges.csv"));
    std::getline(edges, line);
    while (std::getline(edges, line)) {
        const auto c = cells(line);
        CsvGraph::Edge e{std::stoll(c[1]), std::stoll(c[2]), std::stod(c[3]), 0, c[5], {}};
        std::stringstream ss(c[11]);
        std::string pair;
        while (std::getline(ss, pair, ';')) {
            double lon = 0, lat = 0;
            std::sscanf(pair.c_str(), "%lf %lf", &lon, &lat);
            e.shape.push_back(project(lon, lat));
        }
        for (std::size_t i = 1; i < e.shape.size(); ++i) e.drawn_length += distance(e.shape[i - 1], e.shape[i]);
        g.edges.push_back(std::move(e));
    }
    return g;
}

// Nodes of the CSV graph on at least one edge the profile allows.
std::set<long long> walkable_nodes(const CsvGraph& g, const Profile& profile) {
    std::set<long long> out;
    for (const auto& e : g.edges) {
        if (profile.allows(e.highway)) out.insert(e.u), out.insert(e.v);
    }
    return out;
}

// A plain Dijkstra (binary heap, lazy deletion) on the CSV graph, walking where the profile allows.
// Seeds: node -> metres already walked. Returns metres to the nearest seed.
std::map<long long, double> reference_metres(const CsvGraph& g, const Profile& profile, bool drawn,
                                             const std::map<long long, double>& seeds) {
    std::map<long long, std::vector<std::pair<long long, double>>> adj;
    for (const auto& e : g.edges) {
        if (!profile.allows(e.highway)) continue;
        const double len = drawn ? e.drawn_length : e.csv_length;
        adj[e.u].push_back({e.v, len});
        adj[e.v].push_back({e.u, len});
    }
    std::map<long long, double> dist;
    using Item = std::pair<double, long long>;
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> queue;
    for (const auto& [n, d] : seeds) {
        if (!dist.count(n) || d < dist[n]) dist[n] = d, queue.push({d, n});
    }
    while (!queue.empty()) {
        const auto [d, u] = queue.top();
        queue.pop();
        if (d > dist[u]) continue;
        for (const auto& [v, len] : adj[u]) {
            if (!dist.count(v) || d + len < dist[v]) dist[v] = d + len, queue.push({d + len, v});
        }
    }
    return dist;
}

// Brute force: the nearest point of any walkable CSV edge to p, as seeds at both ends.
std::map<long long, double> reference_snap(const CsvGraph& g, const Profile& profile, const Point& p, double& leg) {
    double best = std::numeric_limits<double>::infinity();
    std::map<long long, double> seeds;
    for (const auto& e : g.edges) {
        if (!profile.allows(e.highway)) continue;
        double along = 0;
        for (std::size_t i = 1; i < e.shape.size(); ++i) {
            const Point a = e.shape[i - 1], b = e.shape[i];
            const double dx = b.x - a.x, dy = b.y - a.y, len = std::hypot(dx, dy);
            double t = len > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / (len * len) : 0;
            t = std::max(0.0, std::min(1.0, t));
            const double d = std::hypot(a.x + t * dx - p.x, a.y + t * dy - p.y);
            if (d < best) {
                best = d;
                seeds = {{e.u, along + t * len}};
                const double rest = e.drawn_length - along - t * len;
                if (!seeds.count(e.v) || rest < seeds[e.v]) seeds[e.v] = rest;
            }
            along += len;
        }
    }
    leg = best;
    return seeds;
}

}  // namespace

TEST_CASE("real roads: walking times on the CSV graph agree with a reference Dijkstra to the second") {
    if (!test::shared_data_available("roads/osm_roads_smethwick_westbromwich_edges.csv")) return;
    const CsvGraph g = read_csv_graph();
    const Profile walk = builtin_profile(TravelMode::walk);
    auto net = std::make_shared<const Network>(
        read_network_csv(test::shared_data("roads/osm_roads_smethwick_westbromwich_nodes.csv"),
                         test::shared_data("roads/osm_roads_smethwick_westbromwich_edges.csv"), bng()));
    const TravelModel model = TravelModel::network(net, walk);
    // Three meetings at nodes spread over the two towns.
    const std::vector<long long> ids = {100, 5000, 12000};
    std::vector<Point> meetings;
    std::map<long long, double> seeds;
    for (long long id : ids) meetings.push_back(g.node.at(id)), seeds[id] = 0;
    const AccessTimes times(model, meetings);
    const auto ref = reference_metres(g, walk, false, seeds);
    const auto walkable = walkable_nodes(g, walk);
    int compared = 0, unreachable = 0;
    double worst = 0;
    for (const auto& [id, p] : g.node) {
        if (!walkable.count(id)) continue;  // motorway-only nodes: a walker snaps elsewhere
        const auto it = ref.find(id);
        const double mine = times.seconds_to_nearest(p);
        if (it == ref.end()) {
            ++unreachable;
            CHECK(std::isinf(mine));
            continue;
        }
        const double expected = it->second / walk_mps;
        worst = std::max(worst, std::fabs(mine - expected));
        ++compared;
    }
    MESSAGE("CSV graph: " << compared << " nodes compared, " << unreachable << " unreachable, worst difference " << worst << " s");
    CHECK(compared > 13000);
    CHECK(worst < 0.5);
    CHECK(worst < 1e-6);  // same lengths, same arithmetic: equal
}

TEST_CASE("real roads: the network built from the OSM GeoJSON gives the same walking times as the CSV graph") {
    if (!test::shared_data_available("roads/osm_roads_west_bromwich_town.geojson")) return;
    if (!test::shared_data_available("roads/osm_roads_smethwick_westbromwich_edges.csv")) return;
    const CsvGraph g = read_csv_graph();
    const Profile walk = builtin_profile(TravelMode::walk);
    auto net = std::make_shared<const Network>(read_network(
        {network_layer_spec(test::shared_data("roads/osm_roads_west_bromwich_town.geojson")),
         network_layer_spec(test::shared_data("roads/osm_roads_smethwick_town.geojson"))},
        bng()));
    CHECK(net->node_count() == g.node.size());  // the same junctions as the published graph
    const TravelModel model = TravelModel::network(net, walk);
    // The two AA meetings of the illustrative layer inside these towns, and Sandwell Council House
    // in Oldbury is outside; plus West Bromwich bus station. None is at a node.
    OGRSpatialReference wgs84, target;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    target.importFromEPSG(27700);
    target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> t(OGRCreateCoordinateTransformation(&wgs84, &target));
    std::vector<Point> meetings;
    for (auto [lon, lat] : {std::pair{-1.971288, 52.494831}, std::pair{-2.005249, 52.519981}, std::pair{-1.9950, 52.5180}}) {
        t->Transform(1, &lon, &lat);
        meetings.push_back({lon, lat});
    }
    const AccessTimes times(model, meetings);
    CHECK(times.unplaced_meetings().empty());
    // Reference: brute-force snap of each meeting, then a plain Dijkstra over drawn lengths.
    std::map<long long, double> seeds;
    for (const auto& m : meetings) {
        double leg = 0;
        for (const auto& [n, d] : reference_snap(g, walk, m, leg)) {
            if (!seeds.count(n) || d + leg < seeds[n]) seeds[n] = d + leg;
        }
    }
    const auto ref = reference_metres(g, walk, true, seeds);
    const auto walkable = walkable_nodes(g, walk);
    int compared = 0, over_a_second = 0;
    double worst = 0;
    for (const auto& [id, p] : g.node) {
        if (!walkable.count(id)) continue;
        const auto it = ref.find(id);
        const double mine = times.seconds_to_nearest(p);
        if (it == ref.end()) {
            CHECK(std::isinf(mine));
            continue;
        }
        const double diff = std::fabs(mine - it->second / walk_mps);
        worst = std::max(worst, diff);
        over_a_second += diff >= 1.0 ? 1 : 0;
        ++compared;
    }
    MESSAGE("GeoJSON network: " << compared << " nodes compared, worst difference " << worst << " s");
    CHECK(compared > 13000);
    CHECK(over_a_second == 0);
    CHECK(worst < 0.5);
}

TEST_CASE("real roads: within a time of one place agrees with a reference Dijkstra and with the multi-source pass") {
    if (!test::shared_data_available("roads/osm_roads_west_bromwich_town.geojson")) return;
    if (!test::shared_data_available("roads/osm_roads_smethwick_westbromwich_edges.csv")) return;
    const CsvGraph g = read_csv_graph();
    const Profile walk = builtin_profile(TravelMode::walk);
    auto net = std::make_shared<const Network>(read_network(
        {network_layer_spec(test::shared_data("roads/osm_roads_west_bromwich_town.geojson")),
         network_layer_spec(test::shared_data("roads/osm_roads_smethwick_town.geojson"))},
        bng()));
    const TravelModel model = TravelModel::network(net, walk);
    // From West Bromwich bus station to the two AA meetings of the illustrative layer in these towns
    // and to a spread of junctions of the published graph.
    const Point from = osm_point(-1.9950, 52.5180);
    std::vector<Point> meetings = {osm_point(-1.971288, 52.494831), osm_point(-2.005249, 52.519981)};
    for (long long id : {100LL, 2500LL, 5000LL, 7500LL, 12000LL}) meetings.push_back(g.node.at(id));
    const TripsFrom trips = trips_from(model, from, meetings, 4 * 3600.0);
    CHECK_FALSE(trips.flagged);
    CHECK(trips.unplaced.empty());
    // Reference: brute-force snaps, a plain Dijkstra from the place over drawn lengths.
    double leg = 0;
    std::map<long long, double> seeds;
    for (const auto& [n, d] : reference_snap(g, walk, from, leg)) seeds[n] = d + leg;
    const auto ref = reference_metres(g, walk, true, seeds);
    std::map<std::size_t, double> expected;
    for (std::size_t i = 0; i < meetings.size(); ++i) {
        double mleg = 0;
        double best = std::numeric_limits<double>::infinity();
        for (const auto& [n, d] : reference_snap(g, walk, meetings[i], mleg)) {
            if (ref.count(n)) best = std::min(best, ref.at(n) + d);
        }
        if (std::isfinite(best)) expected[i] = (best + mleg) / walk_mps;
    }
    REQUIRE(trips.reached.size() == expected.size());
    double worst = 0, worst_pass = 0;
    for (const auto& t : trips.reached) {
        CAPTURE(t.meeting);
        REQUIRE(expected.count(t.meeting));
        worst = std::max(worst, std::fabs(t.seconds - expected[t.meeting]));
        // The engine's other computation: the multi-source pass toward that meeting alone.
        worst_pass = std::max(worst_pass, std::fabs(t.seconds - AccessTimes(model, {meetings[t.meeting]}).seconds_to_nearest(from)));
    }
    MESSAGE("within from the bus station: " << trips.reached.size() << " meetings, worst difference " << worst
                                            << " s from the reference, " << worst_pass << " s from the multi-source pass");
    CHECK(trips.reached.size() >= 6);
    CHECK(worst < 0.5);
    CHECK(worst_pass < 1e-6);
}

TEST_CASE("snapping finds the nearest point of any usable edge, as a search of every segment does") {
    // Winding ways of several segments over a 3 km square, some motorway (not walkable), some
    // sharing nodes; places anywhere, including on nodes (where edges tie) and far outside.
    std::mt19937_64 random(11);
    auto unit = [&] { return static_cast<double>(random() >> 11) * (1.0 / 9007199254740992.0); };
    NetworkBuilder b;
    std::vector<Point> ends;
    for (int i = 0; i < 400; ++i) {
        std::vector<Point> way;
        Point p = ends.empty() || unit() < 0.5 ? at(unit() * 3000, unit() * 3000) : ends[random() % ends.size()];
        way.push_back(p);
        const int n = 2 + static_cast<int>(random() % 6);
        for (int k = 0; k < n; ++k) {
            p = {p.x + (unit() - 0.5) * 300, p.y + (unit() - 0.5) * 300};
            way.push_back(p);
        }
        ends.push_back(p);
        b.add_line(way.data(), way.size(), unit() < 0.15 ? "motorway" : "residential");
    }
    const auto net = std::make_shared<const Network>(b.build("winding ways", "EPSG:27700"));
    const TravelModel model = TravelModel::network(net, builtin_profile(TravelMode::walk));
    const RoutingGraph& g = *model.routing();
    std::vector<Point> places;
    for (int i = 0; i < 3000; ++i) places.push_back(at(unit() * 4000 - 500, unit() * 4000 - 500));
    for (NodeId v = 0; v < net->node_count(); v += 7) places.push_back(net->node(v));
    places.push_back(at(20000, -9000));
    int compared = 0;
    for (const auto& p : places) {
        // Every segment of every usable edge; the lowest (edge, segment) wins a tie.
        double best = std::numeric_limits<double>::infinity();
        EdgeId best_edge = 0;
        Point best_point;
        for (EdgeId e = 0; e < net->edge_count(); ++e) {
            if (!g.usable(e)) continue;
            const std::vector<Point> shape = net->shape(e);
            for (std::size_t i = 0; i + 1 < shape.size(); ++i) {
                const Point a = shape[i], c = shape[i + 1];
                const double dx = c.x - a.x, dy = c.y - a.y, len2 = dx * dx + dy * dy;
                const double t = len2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0) : 0.0;
                const double x = a.x + t * dx - p.x, y = a.y + t * dy - p.y;
                const double d = std::sqrt(x * x + y * y);
                if (d < best) best = d, best_edge = e, best_point = {a.x + t * dx, a.y + t * dy};
            }
        }
        const Snap s = model.snap(p);
        REQUIRE(s.found);
        CHECK(s.off_network_m == best);
        CHECK(s.edge == best_edge);
        CHECK(s.on_edge.x == best_point.x);
        CHECK(s.on_edge.y == best_point.y);
        CHECK(s.flagged == (best > 250));
        ++compared;
    }
    CHECK(compared > 3000);
}
