// The service people are measured against (assets as sites) and the choice within reach
// (--min-options): a hand-built study where every answer is known.
#include "roisc/core/error.hpp"
#include "roisc/engine/protected_demand.hpp"
#include "roisc/engine/service.hpp"

#include "../support/study_fixtures.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace roisc;

namespace {

using test::square;

Asset asset(const std::string& id, AssetKind kind, double x, double y, bool illustrative = false, const std::string& layer = "assets") {
    Asset a;
    a.id = a.name = id;
    a.kind = kind;
    a.at = {x, y};
    a.address = id + " street";
    a.illustrative = illustrative;
    a.layer = layer;
    a.town = "Town";
    return a;
}

// One 10 km town. Hotspot H0 at the origin of the pharmacies: 500 m, 800 m, 1500 m and 3000 m
// away (two at the 800 m place: one place). H1 far from all of them.
Study sample() {
    Study s;
    s.name = "Testshire";
    s.towns.push_back({"t", "Town", "town", "", square(-5000, -5000, 10000)});
    s.boundary = s.towns.front();
    s.cohorts = {"all"};
    s.hotspots.push_back({"H0", "Town", {0, 0}, {10}});
    s.hotspots.push_back({"H1", "Town", {4000, -4000}, {20}});
    s.assets.push_back(asset("p500", AssetKind::pharmacy, 500, 0));
    s.assets.push_back(asset("p800a", AssetKind::pharmacy, 0, 800));
    s.assets.push_back(asset("p800b", AssetKind::pharmacy, 0, 800));  // the same place
    s.assets.push_back(asset("p1500", AssetKind::pharmacy, -1500, 0, true));
    s.assets.push_back(asset("p3000", AssetKind::pharmacy, 0, -3000, false, "more"));
    s.assets.push_back(asset("nx", AssetKind::needle_exchange, 100, 0));
    s.assets.push_back(asset("lib", AssetKind::library, 4000, -3900));
    return s;
}

}  // namespace

TEST_CASE("asset filters accept by kind, realness and layer, and describe themselves") {
    const Study s = sample();
    AssetFilter f;
    f.kind = AssetKind::pharmacy;
    CHECK(count_accepted(s.assets, f) == 5);
    f.real_only = true;
    CHECK(count_accepted(s.assets, f) == 4);
    CHECK(f.describe() == "pharmacy, real only");
    CHECK(f.slug() == "pharmacy-real");
    f.layer = "more";
    CHECK(count_accepted(s.assets, f) == 1);
    AssetFilter nx;
    nx.kind = AssetKind::needle_exchange;
    CHECK(count_accepted(s.assets, nx) == 1);
    CHECK(Service{nx}.one() == "a pharmacy with needle exchange");
    AssetFilter hub;
    hub.kind = AssetKind::recovery_hub;
    CHECK(count_accepted(s.assets, hub) == 0);
    CHECK(Service{}.one() == "an eligible meeting");
}

TEST_CASE("asset sites are in a meeting's shape: in person, placed, named, and every one accepted by the default filter") {
    const Study s = sample();
    AssetFilter f;
    f.kind = AssetKind::pharmacy;
    const auto sites = asset_sites(s, f);
    REQUIRE(sites.size() == 5);
    CHECK(sites[0].id == "p500");
    CHECK(sites[0].address == "p500 street");
    CHECK(sites[0].in_study);
    CHECK(sites[4].in_study);
    CHECK(sites[0].place == "Town");
    const MeetingFilter any;
    for (const auto& m : sites) CHECK(any.accepts(m));
    CHECK(sites[0].fellowship_text == "pharmacy");
}

TEST_CASE("options within reach count distinct places; min-options marks coverage and the n-th nearest") {
    Study s = sample();
    AssetFilter f;
    f.kind = AssetKind::pharmacy;
    s.meetings = asset_sites(s, f);
    const MeetingIndex index(s.meetings);
    const MeetingFilter any;
    // Within 1 km of H0: the 500 m place and the 800 m place (two pharmacies, one place).
    auto o = options_within(s, index, any, 1000, 2);
    CHECK(o[0].count == 2);
    REQUIRE(o[0].nth);
    CHECK(o[0].nth->distance == doctest::Approx(800));
    CHECK(o[1].count == 0);
    // H1's second nearest place lies beyond the reach: found by widening.
    REQUIRE(o[1].nth);
    const double d1 = std::hypot(4000 - 0, -4000 + 3000);   // p3000 is nearest to H1
    const double d2 = std::hypot(4000 - 500, -4000 - 0);    // then p500
    CHECK(d1 < d2);
    CHECK(o[1].nth->distance == doctest::Approx(d2));

    // Three options within 1 km: H0 has two places, so it is not reached; within 1.6 km it is.
    o = options_within(s, index, any, 1000, 3);
    CHECK(o[0].count == 2);
    REQUIRE(o[0].nth);
    CHECK(o[0].nth->distance == doctest::Approx(1500));
    std::vector<HotspotAccess> access = assess_access(s, index, any, 1000);
    CHECK(access[0].covered);
    require_options(access, o, 3);
    CHECK_FALSE(access[0].covered);
    CHECK(access[0].nearest->distance == doctest::Approx(1500));
    access = assess_access(s, index, any, 1600);
    require_options(access, options_within(s, index, any, 1600, 3), 3);
    CHECK(access[0].covered);
    CHECK_FALSE(access[1].covered);

    // More options than places anywhere: no n-th place, nobody reached.
    o = options_within(s, index, any, 1.0e6, 5);
    CHECK(o[0].count == 4);
    CHECK_FALSE(o[0].nth);
    access = assess_access(s, index, any, 1.0e6);
    require_options(access, o, 5);
    CHECK_FALSE(access[0].covered);
    CHECK_FALSE(access[0].nearest);

    // n = 1 is today's answer, unchanged.
    access = assess_access(s, index, any, 600);
    const auto before = access;
    require_options(access, options_within(s, index, any, 600, 1), 1);
    CHECK(access[0].covered == before[0].covered);
    CHECK(access[0].nearest->distance == doctest::Approx(500));

    CHECK_THROWS_AS(options_within(s, index, any, 1000, 0), QueryError);
    CHECK_THROWS_AS(options_within(s, index, any, std::nan(""), 2), QueryError);
    CHECK_THROWS_AS(require_options(access, o, 0), QueryError);
}

TEST_CASE("the land within reach of n places is the overlap of n circles") {
    Study s;
    s.name = "Two";
    s.towns.push_back({"t", "Town", "town", "", square(-5000, -5000, 10000)});
    MeetingFilter any;
    auto site = [](const std::string& id, double x) {
        Meeting m;
        m.id = m.name = id;
        m.at = Point{x, 0};
        return m;
    };
    // Two circles of 1 km whose centres are 1 km apart: the lens has area 2r²acos(d/2r) - (d/2)√(4r²-d²).
    s.meetings = {site("a", 0), site("b", 1000), site("a-again", 0)};
    const double r = 1000, d = 1000;
    const double lens = 2 * r * r * std::acos(d / (2 * r)) - (d / 2) * std::sqrt(4 * r * r - d * d);
    const GeometryPtr one = coverage_area_n(s, any, r, 1);
    const GeometryPtr two = coverage_area_n(s, any, r, 2);
    const GeometryPtr three = coverage_area_n(s, any, r, 3);  // two places only: no land
    auto area = [](const OGRGeometry* g) {
        const auto flat = wkbFlatten(g->getGeometryType());
        if (flat == wkbPolygon) return g->toPolygon()->get_Area();
        if (flat == wkbMultiPolygon) return g->toMultiPolygon()->get_Area();
        return 0.0;
    };
    CHECK(area(two.get()) == doctest::Approx(lens).epsilon(0.01));
    CHECK(area(one.get()) == doctest::Approx(2 * M_PI * r * r - lens).epsilon(0.01));
    CHECK(three->IsEmpty());
}
