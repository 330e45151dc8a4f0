#include "roisc/io/osm.hpp"

#include <doctest/doctest.h>

using namespace roisc;

TEST_CASE("OpenStreetMap files are told by their extension") {
    CHECK(is_osm_file("roads.osm"));
    CHECK(is_osm_file("/data/west-midlands-latest.osm.pbf"));
    CHECK(is_osm_file("ROADS.OSM.PBF"));
    CHECK_FALSE(is_osm_file("roads.geojson"));
    CHECK_FALSE(is_osm_file("osm_roads.csv"));
    CHECK_FALSE(is_osm_file("pbf"));
}

TEST_CASE("other_tags: hstore text as GDAL's OSM driver writes it") {
    const auto tags = parse_hstore(R"("oneway"=>"yes","maxspeed"=>"20 mph","description"=>"a \"quiet\" street, => 20 mph")");
    REQUIRE(tags.size() == 3);
    CHECK(tags.at("oneway") == "yes");
    CHECK(tags.at("maxspeed") == "20 mph");
    CHECK(tags.at("description") == "a \"quiet\" street, => 20 mph");  // quotes, commas and arrows inside values
    CHECK(hstore_value(R"("oneway"=>"-1")", "oneway") == std::optional<std::string>("-1"));
    CHECK_FALSE(hstore_value(R"("oneway"=>"-1")", "maxspeed"));
    // Spaces around the arrow and commas, a backslash, NULL values.
    const auto spaced = parse_hstore(R"( "a" => "1" , "b"=>NULL, "c\\d"=>"x\\y" )");
    CHECK(spaced.size() == 2);
    CHECK(spaced.at("a") == "1");
    CHECK(spaced.at("c\\d") == "x\\y");
    CHECK(parse_hstore("").empty());
    // Broken text: what could be read before it went wrong, no throw.
    const auto broken = parse_hstore(R"("highway"=>"path","oneway"=>"ye)");
    CHECK(broken.size() == 1);
    CHECK(broken.at("highway") == "path");
    CHECK(parse_hstore("not hstore at all").empty());
}
