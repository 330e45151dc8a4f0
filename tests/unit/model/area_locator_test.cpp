#include "roisc/model/study.hpp"

#include <doctest/doctest.h>

#include <ogr_geometry.h>

#include <random>

using namespace roisc;

namespace {

Area area(const std::string& name, const char* wkt) {
    OGRGeometry* g = nullptr;
    REQUIRE(OGRGeometryFactory::createFromWkt(wkt, nullptr, &g) == OGRERR_NONE);
    Area a;
    a.id = a.name = name;
    a.geometry = std::shared_ptr<const OGRGeometry>(g, OGRGeometryDeleter());
    return a;
}

// What town_at answered before the locator: each town in turn, OGR's Contains.
std::string town_by_scan(const Study& s, const Point& p) {
    for (const auto& t : s.towns) {
        if (t.contains(p)) return t.name;
    }
    return "";
}

Study two_towns_and_a_hole() {
    Study s;
    // West and East share the edge x = 10; West has a hole; North overlaps East (the first town in
    // the study's order wins); Islands is a multipolygon.
    s.towns.push_back(area("West", "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 4 2, 4 4, 2 4, 2 2))"));
    s.towns.push_back(area("East", "POLYGON ((10 0, 20 0, 20 10, 10 10, 10 0))"));
    s.towns.push_back(area("North", "POLYGON ((15 5, 25 5, 25 15, 15 15, 15 5))"));
    s.towns.push_back(area("Islands", "MULTIPOLYGON (((30 0, 32 0, 32 2, 30 2, 30 0)), ((34 0, 36 0, 36 2, 34 2, 34 0)))"));
    s.boundary = area("Study", "POLYGON ((0 0, 36 0, 36 15, 0 15, 0 0))");
    return s;
}

}  // namespace

TEST_CASE("the area locator answers as OGR's Contains: edges, holes, overlaps and multipolygons") {
    const Study s = two_towns_and_a_hole();
    CHECK(s.town_at({5, 5}) == "West");
    CHECK(s.town_at({3, 3}).empty());   // in West's hole
    CHECK(s.town_at({2, 3}).empty());   // on the hole's edge: not in West
    CHECK(s.town_at({10, 5}).empty());  // on the shared edge: in neither (contains, not covers)
    CHECK(s.town_at({0, 0}).empty());   // a corner
    CHECK(s.town_at({17, 7}) == "East");  // East and North overlap: the first in the study's order
    CHECK(s.town_at({22, 7}) == "North");
    CHECK(s.town_at({35, 1}) == "Islands");
    CHECK(s.town_at({33, 1}).empty());  // between the islands, inside the envelope
    CHECK(*s.town_index_at({35, 1}) == 3);
    CHECK(s.in_study({33, 1}));
    CHECK_FALSE(s.in_study({36, 5}));  // on the boundary's edge
    CHECK_FALSE(s.in_study({40, 5}));

    // Every point of a grid, on the edges and between them, as the scan answers it.
    for (double x = -1; x <= 37; x += 0.5) {
        for (double y = -1; y <= 16; y += 0.5) {
            const Point p{x, y};
            CHECK_MESSAGE(s.town_at(p) == town_by_scan(s, p), "at " << x << " " << y);
            CHECK_MESSAGE(s.in_study(p) == s.boundary->contains(p), "at " << x << " " << y);
        }
    }
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> ux(-2, 38), uy(-2, 17);
    for (int i = 0; i < 20000; ++i) {
        const Point p{ux(rng), uy(rng)};
        REQUIRE(s.town_at(p) == town_by_scan(s, p));
    }
}

TEST_CASE("the area locator follows the study's areas when they are replaced") {
    Study s = two_towns_and_a_hole();
    CHECK(s.town_at({5, 5}) == "West");
    s.towns.erase(s.towns.begin());  // West gone: a new first town
    CHECK(s.town_at({5, 5}).empty());
    s.towns = {area("Everywhere", "POLYGON ((-100 -100, 100 -100, 100 100, -100 100, -100 -100))")};
    CHECK(s.town_at({5, 5}) == "Everywhere");
    s.boundary.reset();  // without a boundary, the study is its towns
    CHECK(s.in_study({50, 50}));
    CHECK_FALSE(s.in_study({500, 50}));
    const Study copy = s;  // a copy has its own towns and finds the same
    CHECK(copy.town_at({5, 5}) == "Everywhere");
    Study none;
    CHECK(none.town_at({0, 0}).empty());
    CHECK_FALSE(none.in_study({0, 0}));
}
