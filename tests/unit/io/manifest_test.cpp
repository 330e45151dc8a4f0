#include "roisc/core/error.hpp"
#include "../support/temp_file.hpp"
#include "roisc/io/manifest.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

using namespace roisc;
namespace fs = std::filesystem;

namespace {
// Writes a manifest into a fresh temporary folder and returns its path.
std::string write_manifest(const std::string& name, const std::string& text) {
    const fs::path dir = fs::temp_directory_path() / ("roisc-manifest-" + name + "-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path path = dir / "manifest.toml";
    std::ofstream(path) << text;
    return path.string();
}
}  // namespace

TEST_CASE("the fixture manifest maps fields and resolves sources beside it") {
    const Manifest m = load_manifest(std::string(ROISC_TEST_DATA) + "/layers/manifest.toml");
    CHECK(m.study_name == "Fixture");
    CHECK(m.crs == "auto");
    REQUIRE(m.layers.size() == 2);
    CHECK(m.layers[0].name == "towns");  // order as written, not alphabetical
    CHECK(m.layers[1].name == "venues");
    const LayerSpec& venues = m.layers[1];
    CHECK(venues.role == Role::venues);
    CHECK(venues.source_field("id") == "venue_id");
    CHECK(venues.source_field("name") == "name");
    CHECK(venues.x_field.value() == "easting");
    CHECK(fs::path(venues.source).is_absolute());
    CHECK(fs::path(venues.source).filename() == "venues_bng.csv");
    CHECK(m.with_role(Role::areas).size() == 1);
}

TEST_CASE("the embedded Sandwell manifest names the nine layers") {
    const Manifest m = load_manifest(std::string(ROISC_SOURCE_DIR) + "/layers/sandwell/manifest.toml");
    CHECK(m.study_name == "Sandwell");
    CHECK(m.crs == "EPSG:27700");
    CHECK(m.layers.size() == 9);
    CHECK(m.with_role(Role::areas).size() == 3);
    CHECK(m.with_role(Role::assets).size() == 1);
    CHECK(m.with_role(Role::stops).size() == 1);
    CHECK(m.with_role(Role::demand).size() == 1);
    CHECK(m.find("hotspots")->cohorts.size() == 4);
}

TEST_CASE("manifest errors name the line and the key") {
    CHECK_THROWS_WITH_AS(load_manifest(write_manifest("role", "[layers.a]\nrole = \"towns\"\nsource = \"a.geojson\"\n")),
                         doctest::Contains("manifest.toml:2: layer 'a': unknown role 'towns'"), DataError);
    CHECK_THROWS_WITH_AS(load_manifest(write_manifest("nosource", "[layers.a]\nrole = \"areas\"\n")),
                         doctest::Contains("has no 'source'"), DataError);
    CHECK_THROWS_WITH_AS(
        load_manifest(write_manifest("badfield", "[layers.a]\nrole = \"areas\"\nsource = \"a.geojson\"\n"
                                                 "fields = { colour = \"c\" }\n")),
        doctest::Contains("'colour' is not a field of role areas"), DataError);
    CHECK_THROWS_WITH_AS(load_manifest(write_manifest("xy", "[layers.a]\nrole = \"venues\"\nsource = \"a.csv\"\nx = \"e\"\n")),
                         doctest::Contains("give both x and y"), DataError);
    CHECK_THROWS_WITH_AS(load_manifest(write_manifest("empty", "[study]\nname = \"x\"\n")),
                         doctest::Contains("names no layers"), DataError);
    CHECK_THROWS_WITH_AS(
        load_manifest(write_manifest("boundary", "[study]\nboundary = \"nope\"\n[layers.a]\nrole = \"areas\"\nsource = \"a.geojson\"\n")),
        doctest::Contains("boundary = \"nope\" must name an areas layer"), DataError);
    CHECK_THROWS_WITH_AS(load_manifest(write_manifest("key", "[layers.a]\nrole = \"areas\"\nsource = \"a.geojson\"\ncolour = 1\n")),
                         doctest::Contains("unknown key 'colour'"), DataError);
}

TEST_CASE("a missing manifest is an argument error, not a data error") {
    CHECK_THROWS_AS(load_manifest("/nonexistent/manifest.toml"), ArgumentError);
}

TEST_CASE("connection strings are not resolved as paths") {
    const Manifest m = load_manifest(write_manifest(
        "pg", "[layers.a]\nrole = \"areas\"\nsource = \"PG:dbname=roisc host=localhost\"\nlayer = \"towns\"\n"));
    CHECK(m.layers[0].source == "PG:dbname=roisc host=localhost");
    CHECK_FALSE(m.layers[0].is_file());
    CHECK(m.layers[0].source_layer.value() == "towns");
}
