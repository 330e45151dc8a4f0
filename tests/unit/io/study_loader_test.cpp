// The same engine serves any area: Walsall's real wards and postcode sectors with a manifest only
// (tests/data/walsall/), no code change.
#include "roisc/io/study_loader.hpp"
#include "roisc/engine/access.hpp"
#include "roisc/io/place.hpp"
#include "roisc/io/manifest.hpp"

#include "../support/run_roisc.hpp"
#include "../support/shared_data.hpp"

#include <doctest/doctest.h>

using namespace roisc;

TEST_CASE("Walsall with a manifest only: layers, places and coverage work") {
    if (!test::shared_data_available("boundaries/neighbours/walsall_wards_2013.geojson")) return;
    const std::string manifest_path = std::string(ROISC_TEST_DATA) + "/walsall/manifest.toml";
    const Manifest m = load_manifest(manifest_path);
    const Study s = load_study(m, {true, true, false});
    CHECK(s.name == "Walsall");
    CHECK(s.crs.code == "EPSG:27700");  // chosen automatically: the data lie in Great Britain
    CHECK(s.towns.size() == 20);        // Walsall's 20 wards report as the areas
    CHECK(s.towns_level == "ward");
    REQUIRE(s.hotspots.size() == 10);
    for (const auto& h : s.hotspots) CHECK_FALSE(h.town.empty());  // every made-up hotspot lies in a ward
    int na_in_walsall = 0;
    for (const auto& meeting : s.meetings) {
        if (meeting.fellowship == Fellowship::NA && meeting.in_study) ++na_in_walsall;
    }
    CHECK(na_in_walsall == 3);  // the illustrative Moxley, Darlaston and Lichfield Street meetings

    const Place ws11 = resolve_place("WS1 1", m, s);
    CHECK(ws11.at.x == doctest::Approx(401408));
    CHECK(ws11.at.y == doctest::Approx(298603));

    const test::RoiscRun r = test::run_roisc(manifest_path, {"--format", "csv", "coverage", "-f", "NA", "--within", "1mi", "--no-files"});
    CHECK(r.code == 0);
    CHECK(r.out.rfind("ward,hotspots,people,covered,not_covered,covered_share", 0) == 0);
    CHECK(r.out.find("Walsall,10,399,") != std::string::npos);
}
