// Resolving a place typed on the command line: a postcode, a venue's name or lon,lat.
#include "roisc/io/place.hpp"
#include "roisc/core/error.hpp"
#include "roisc/io/manifest.hpp"
#include "roisc/io/study_loader.hpp"

#include <doctest/doctest.h>

using namespace roisc;

TEST_CASE("places: postcodes, venues and lon,lat on the embedded default") {
    const Manifest m = load_manifest(std::string(ROISC_SOURCE_DIR) + "/layers/sandwell/manifest.toml");
    const Study s = load_study(m, {false, true, true});
    const Place council = resolve_place("b693de", m, s);
    CHECK(council.at.x == doctest::Approx(399482).epsilon(1e-6));
    CHECK(council.at.y == doctest::Approx(289566).epsilon(1e-6));
    const Place venue = resolve_place("Oldbury Council House", m, s);
    CHECK(distance(venue.at, council.at) < 1.0);
    const Place lonlat = resolve_place("-2.009061,52.503992", m, s);
    CHECK(distance(lonlat.at, council.at) < 3.0);
    CHECK_THROWS_AS(resolve_place("nowhere at all", m, s), ArgumentError);
    CHECK_THROWS_WITH_AS(resolve_place("library", m, s), doctest::Contains("matches"), ArgumentError);
}
