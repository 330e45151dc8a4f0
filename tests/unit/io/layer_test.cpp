#include "roisc/core/error.hpp"
#include "roisc/io/gdal_support.hpp"
#include "roisc/io/layer.hpp"
#include "roisc/io/manifest.hpp"

#include "../support/shared_data.hpp"

#include <doctest/doctest.h>
#include <gdal_utils.h>

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace roisc;
namespace fs = std::filesystem;

namespace {

const Layer& layer_named(const LoadedLayers& loaded, const std::string& name) {
    const Layer* l = loaded.find(name);
    REQUIRE(l != nullptr);
    return *l;
}

OGRPoint point_of(const Feature& f) {
    REQUIRE(f.geometry);
    OGRPoint p;
    f.geometry->Centroid(&p);
    return p;
}

// Converts a vector file with GDAL's own ogr2ogr, so each driver's reader is exercised for real.
void translate(const std::string& from, const std::string& to, const std::string& driver) {
    ensure_gdal_registered();
    GDALDatasetH src = GDALOpenEx(from.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    REQUIRE(src != nullptr);
    char* argv[] = {const_cast<char*>("-f"), const_cast<char*>(driver.c_str()), nullptr};
    GDALVectorTranslateOptions* opts = GDALVectorTranslateOptionsNew(argv, nullptr);
    int usage_error = 0;
    GDALDatasetH out = GDALVectorTranslate(to.c_str(), nullptr, 1, &src, opts, &usage_error);
    GDALVectorTranslateOptionsFree(opts);
    REQUIRE(out != nullptr);
    GDALClose(out);
    GDALClose(src);
}

}  // namespace

TEST_CASE("layers are read into the working CRS whatever CRS each source is in") {
    const Manifest m = load_manifest(std::string(ROISC_TEST_DATA) + "/layers/manifest.toml");
    const LoadedLayers loaded = read_layers(m);
    CHECK(loaded.crs.code == "EPSG:27700");  // auto: the data lie in Great Britain

    const Layer& towns = layer_named(loaded, "towns");
    CHECK(towns.usable());
    CHECK(towns.source_crs == "EPSG:4326");
    CHECK(towns.features.size() == 2);
    CHECK(towns.text(towns.features[0], "name").value() == "North Town");
    CHECK(towns.text(towns.features[0], "id").value() == "north");
    // -2.03..-2.00 E, 52.48..52.52 N is about 2 km wide and 4.4 km tall in BNG.
    CHECK(towns.extent.max_x - towns.extent.min_x == doctest::Approx(2035).epsilon(0.02));
    CHECK(towns.extent.max_y - towns.extent.min_y == doctest::Approx(4450).epsilon(0.02));

    const Layer& venues = layer_named(loaded, "venues");
    CHECK(venues.usable());
    CHECK(venues.source_crs == "EPSG:27700");
    REQUIRE(venues.features.size() == 2);
    CHECK(venues.features[0].where == "line 2");
    const OGRPoint council = point_of(venues.features[0]);
    CHECK(council.getX() == doctest::Approx(399482));
    CHECK(council.getY() == doctest::Approx(289566));
    CHECK(venues.text(venues.features[0], "hours_mon").value() == "09:00-17:00");
    CHECK_FALSE(venues.text(venues.features[1], "hours_mon").has_value());  // empty CSV cell
}

TEST_CASE("GeoPackage, Shapefile and FlatGeobuf sources read the same as GeoJSON") {
    const fs::path dir = fs::temp_directory_path() / "roisc-layer-formats";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string towns = std::string(ROISC_TEST_DATA) + "/layers/towns.geojson";
    translate(towns, (dir / "towns.gpkg").string(), "GPKG");
    translate(towns, (dir / "towns.shp").string(), "ESRI Shapefile");
    translate(towns, (dir / "towns.fgb").string(), "FlatGeobuf");
    std::ofstream(dir / "manifest.toml") << "[study]\ncrs = \"EPSG:27700\"\n"
                                            "[layers.json]\nrole = \"areas\"\nsource = \"" << towns << "\"\nfields = { id = \"code\" }\n"
                                            "[layers.gpkg]\nrole = \"areas\"\nsource = \"towns.gpkg\"\nfields = { id = \"code\" }\n"
                                            "[layers.shp]\nrole = \"areas\"\nsource = \"towns.shp\"\nfields = { id = \"code\" }\n"
                                            "[layers.fgb]\nrole = \"areas\"\nsource = \"towns.fgb\"\nfields = { id = \"code\" }\n";
    const LoadedLayers loaded = read_layers(load_manifest((dir / "manifest.toml").string()));
    const Layer& reference = layer_named(loaded, "json");
    for (const char* name : {"gpkg", "shp", "fgb"}) {
        CAPTURE(name);
        const Layer& l = layer_named(loaded, name);
        CHECK(l.usable());
        REQUIRE(l.features.size() == 2);
        CHECK(l.text(l.features[1], "name").value() == "South Town");
        CHECK(l.extent.min_x == doctest::Approx(reference.extent.min_x).epsilon(1e-9));
        CHECK(l.extent.max_y == doctest::Approx(reference.extent.max_y).epsilon(1e-9));
    }
}

TEST_CASE("problems are recorded with where, field and fix") {
    const std::string bad = std::string(ROISC_TEST_DATA) + "/bad/";
    const WorkingCrs bng = choose_working_crs("EPSG:27700", std::nullopt);
    auto read = [&](const std::string& name) {
        const Manifest m = load_manifest(bad + name + "/manifest.toml");
        return read_layer(m.layers.front(), bng);
    };
    SUBCASE("duplicate ids") {
        const Layer l = read("duplicate_ids");
        REQUIRE(l.error_count() == 1);
        CHECK(l.problems[0].code == "duplicate_id");
        CHECK(l.problems[0].where == "feature 3 (id \"library-oldbury\")");
        CHECK(l.problems[0].field == "venue_id");
    }
    SUBCASE("a self-intersecting polygon is repaired and counted, not dropped") {
        const Layer l = read("self_intersecting_polygon");
        CHECK(l.usable());
        CHECK(l.repaired == 1);
        REQUIRE(l.features.size() == 1);
        CHECK(l.features[0].geometry->IsValid());
        CHECK(l.warning_count() == 1);
    }
    SUBCASE("swapped coordinates are caught, not placed in the sea") {
        const Layer l = read("swapped_latlon");
        CHECK(l.error_count() == 2);
        CHECK(l.problems[0].code == "swapped_coordinates");
        CHECK(l.features.empty());
    }
    SUBCASE("non-UTF-8 text") {
        const Layer l = read("non_utf8_name");
        REQUIRE(l.error_count() == 1);
        CHECK(l.problems[0].code == "not_utf8");
        CHECK(l.problems[0].where == "line 3");
        CHECK(l.problems[0].field == "name");
    }
    SUBCASE("a missing file") {
        const Layer l = read("missing_file");
        CHECK(l.problems.at(0).code == "source_missing");
        CHECK_THROWS_AS(require_usable(l), DataError);
    }
}

TEST_CASE("Sandwell's 24 wards read from the shared data, each in one piece") {
    if (!test::shared_data_available("boundaries/sandwell_wards_2013.geojson")) return;
    const WorkingCrs bng = choose_working_crs("EPSG:27700", std::nullopt);
    LayerSpec spec;
    spec.name = "wards";
    spec.role = Role::areas;
    spec.source = spec.source_as_written = test::shared_data("boundaries/sandwell_wards_2013.geojson");
    spec.fields = {{"id", "WD13CD"}, {"name", "WD13NM"}};
    const Layer wards = read_layer(spec, bng);
    CHECK(wards.usable());
    CHECK(wards.features.size() == 24);
    double area = 0;
    for (const auto& f : wards.features) area += f.geometry->toPolygon()->get_Area();
    CHECK(area / 1e6 == doctest::Approx(85.60).epsilon(0.005));  // SOURCE.md: Sandwell 85.60 km²
}

TEST_CASE("the full Code-Point file reprojects within 2 m of the coordinates it states") {
    if (!test::shared_data_available("postcodes/postcodes_B_DY_WS_WV_2014.csv")) return;
    // Read the WGS84 columns and reproject to BNG; compare with the eastings/northings stated beside them.
    const WorkingCrs bng = choose_working_crs("EPSG:27700", std::nullopt);
    LayerSpec spec;
    spec.name = "codepoint";
    spec.role = Role::postcodes;
    spec.source = spec.source_as_written = test::shared_data("postcodes/postcodes_B_DY_WS_WV_2014.csv");
    spec.crs = "EPSG:4326";
    spec.x_field = "longitude";
    spec.y_field = "latitude";
    const Layer l = read_layer(spec, bng);
    CHECK(l.usable());
    REQUIRE(l.features.size() == 72055);
    const int e = l.field_index("easting"), n = l.field_index("northing");
    REQUIRE(e >= 0);
    double worst = 0;
    std::string worst_postcode;
    for (const auto& f : l.features) {
        const auto* p = f.geometry->toPoint();
        const double de = p->getX() - std::stod(std::get<std::string>(f.values[e]));
        const double dn = p->getY() - std::stod(std::get<std::string>(f.values[n]));
        const double d = std::hypot(de, dn);
        if (d > worst) worst = d, worst_postcode = *l.text(f, "postcode");
    }
    CAPTURE(worst_postcode);
    CHECK(worst < 2.0);
}
