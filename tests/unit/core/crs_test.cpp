#include "roisc/core/crs.hpp"
#include "roisc/core/error.hpp"

#include <doctest/doctest.h>

using namespace roisc;

TEST_CASE("auto picks British National Grid for data in Great Britain") {
    const LonLatBox sandwell{-2.10, 52.46, -1.92, 52.58};
    const WorkingCrs crs = choose_working_crs("auto", sandwell);
    CHECK(crs.code == "EPSG:27700");
    CHECK(crs.area_of_use.contains(-2.0, 52.5));
}

TEST_CASE("auto picks the UTM zone of the data elsewhere") {
    CHECK(choose_working_crs("auto", LonLatBox{13.3, 52.4, 13.5, 52.6}).code == "EPSG:32633");   // Berlin
    CHECK(choose_working_crs("auto", LonLatBox{151.1, -33.95, 151.3, -33.8}).code == "EPSG:32756");  // Sydney
    CHECK(choose_working_crs("auto", LonLatBox{-6.4, 53.2, -6.1, 53.45}).code == "EPSG:32629");    // Dublin
    CHECK(utm_epsg_for(-2.0, 52.5) == 32630);
    CHECK(utm_epsg_for(179.9, 10) == 32660);
}

TEST_CASE("a working CRS must be projected and in metres") {
    CHECK(choose_working_crs("EPSG:27700", std::nullopt).name.find("British National Grid") != std::string::npos);
    CHECK_THROWS_WITH_AS(choose_working_crs("EPSG:4326", std::nullopt), doctest::Contains("not projected"), DataError);
    CHECK_THROWS_AS(choose_working_crs("EPSG:999999", std::nullopt), DataError);
    CHECK_THROWS_WITH_AS(choose_working_crs("EPSG:2230", std::nullopt), doctest::Contains("not in metres"), DataError);
}

TEST_CASE("Great Britain's islands are in, Ireland is out") {
    CHECK(choose_working_crs("auto", LonLatBox{-1.3, 60.1, -1.0, 60.5}).code == "EPSG:27700");  // Shetland
    CHECK(choose_working_crs("auto", LonLatBox{-7.5, 57.0, -7.2, 57.5}).code == "EPSG:27700");  // Outer Hebrides
    CHECK(choose_working_crs("auto", LonLatBox{-5.7, 50.05, -5.0, 50.4}).code == "EPSG:27700");  // Cornwall
    CHECK(choose_working_crs("auto", LonLatBox{-5.97, 54.55, -5.87, 54.63}).code == "EPSG:32630");  // Belfast
}
