#include "roisc/core/error.hpp"
#include "roisc/core/units.hpp"

#include <doctest/doctest.h>

using namespace roisc;

TEST_CASE("thresholds carry their unit") {
    CHECK(parse_threshold("800m", "--within").metres() == doctest::Approx(800));
    CHECK(parse_threshold("2km", "--within").metres() == doctest::Approx(2000));
    CHECK(parse_threshold("5mi", "--within").metres() == doctest::Approx(8046.72));
    CHECK(parse_threshold("1.5 mi", "--within").metres() == doctest::Approx(2414.016));
    CHECK(parse_threshold("5MI", "--within").metres() == doctest::Approx(8046.72));
    const Threshold t = parse_threshold("20min", "--within");
    CHECK(t.is_time());
    CHECK(t.seconds() == doctest::Approx(1200));
    CHECK(parse_threshold("1h", "--within").seconds() == doctest::Approx(3600));
}

TEST_CASE("a bare number or an unknown unit is an argument error naming the option") {
    CHECK_THROWS_AS(parse_threshold("5", "--within"), ArgumentError);
    CHECK_THROWS_WITH_AS(parse_threshold("5", "--within"), doctest::Contains("--within"), ArgumentError);
    CHECK_THROWS_WITH_AS(parse_threshold("5ft", "--radius"), doctest::Contains("unknown unit 'ft'"), ArgumentError);
    CHECK_THROWS_AS(parse_threshold("mi", "--within"), ArgumentError);
    CHECK_THROWS_AS(parse_threshold("", "--within"), ArgumentError);
    CHECK_THROWS_AS(parse_threshold("-2km", "--within"), ArgumentError);
    try {
        parse_threshold("5", "--beyond");
    } catch (const Error& e) {
        CHECK(e.exit_code() == ExitCode::arguments);
    }
}

TEST_CASE("distances are formatted in kilometres and miles") {
    CHECK(format_distance(8046.72) == "8.05 km (5.00 mi)");
}
