// Hostile demand GeoPackages (docs/robustness.md, "Hostile demand layers"): what GDAL reads
// without a word as a plausible wrong value, a damaged file, a blank id, a lying feature count. Read
// through the Arrow stream, feature by feature (ROISC_TEST_NO_ARROW=1) and as whole features, each
// must give the same problems; the CLI comparison of the two ways is tests/cli/hostile.
#include "roisc/core/crs.hpp"
#include "roisc/io/gdal_support.hpp"
#include "roisc/io/layer.hpp"
#include "roisc/io/manifest.hpp"

#include "../support/demand_layers.hpp"
#include "../support/temp_file.hpp"

#include <doctest/doctest.h>
#include <ogrsf_frmts.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

using namespace roisc;

namespace {

// `n` clean points over Sandwell in EPSG:27700: ids "B<60..69> <i>", counts opiate (of `count_type`)
// and alcohol (Integer64).
std::string write_demand(const std::filesystem::path& dir, std::size_t n, OGRFieldType count_type = OFTInteger) {
    ensure_gdal_registered();
    const std::string path = (dir / "demand.gpkg").string();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    DatasetPtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    REQUIRE(ds);
    OGRSpatialReference srs;
    srs.importFromEPSG(27700);
    OGRLayer* layer = ds->CreateLayer("demand", &srs, wkbPoint, nullptr);
    REQUIRE(layer);
    OGRFieldDefn id("postcode", OFTString), a("opiate", count_type), b("alcohol", OFTInteger64);
    for (OGRFieldDefn* f : {&id, &a, &b}) REQUIRE(layer->CreateField(f) == OGRERR_NONE);
    REQUIRE(layer->StartTransaction() == OGRERR_NONE);
    for (std::size_t i = 0; i < n; ++i) {
        OGRFeature f(layer->GetLayerDefn());
        f.SetField(0, ("B" + std::to_string(60 + i % 10) + " " + std::to_string(i)).c_str());
        f.SetField(1, static_cast<int>(i % 7));
        f.SetField(2, static_cast<GIntBig>(i % 5));
        OGRPoint p(395000.5 + (i % 100) * 9.75, 285000.25 + (i / 100) * 10.5);
        f.SetGeometry(&p);
        REQUIRE(layer->CreateFeature(&f) == OGRERR_NONE);
    }
    REQUIRE(layer->CommitTransaction() == OGRERR_NONE);
    return path;
}

void run_sql(const std::string& path, const std::string& sql) {
    DatasetPtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    REQUIRE(ds);
    GdalMessages quiet;
    ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
}

using test::bng;
using test::demand_spec;

struct Readings {
    Layer arrow, by_feature, whole;
};

// The three readings, checked to give the same problems; the Arrow one's is returned first.
Readings read_three_ways(const std::string& path) {
    Readings r;
    r.arrow = read_layer(demand_spec(path), bng(), Keep::demand_rows);
    ::setenv("ROISC_TEST_NO_ARROW", "1", 1);
    r.by_feature = read_layer(demand_spec(path), bng(), Keep::demand_rows);
    ::unsetenv("ROISC_TEST_NO_ARROW");
    r.whole = read_layer(demand_spec(path), bng(), Keep::features);
    CHECK_FALSE(r.by_feature.columnar);
    for (const Layer* other : {&r.by_feature, &r.whole}) {
        REQUIRE(other->problems.size() == r.arrow.problems.size());
        for (std::size_t i = 0; i < r.arrow.problems.size(); ++i) {
            CHECK(describe(*other, other->problems[i]) == describe(r.arrow, r.arrow.problems[i]));
        }
    }
    CHECK(r.by_feature.demand_rows.size() == r.arrow.demand_rows.size());
    CHECK(r.by_feature.demand_counts == r.arrow.demand_counts);
    return r;
}

// The one error's text, as a user reads it.
std::string the_error(const Layer& layer) {
    REQUIRE(layer.error_count() == 1);
    for (const auto& p : layer.problems) {
        if (p.severity == Problem::Severity::error) return describe(layer, p);
    }
    return "";
}

}  // namespace

TEST_CASE("a GeoPackage value against its column's type is judged as it is, not as GDAL's conversion") {
    test::ScratchDir dir("demand_hostile_types");
    std::string sql, expected;
    OGRFieldType count_type = OFTInteger;
    SUBCASE("text in an integer column (GDAL: 0)") {
        sql = "UPDATE demand SET opiate = 'seven' WHERE fid = 4500";
        expected = "feature 4500 (id \"B69 4499\"), field 'opiate': \"seven\" is not a whole number.";
    }
    SUBCASE("a fraction in an integer column (GDAL: 2)") {
        sql = "UPDATE demand SET alcohol = 2.5 WHERE fid = 7";
        expected = "feature 7 (id \"B66 6\"), field 'alcohol': \"2.5\" is not a whole number.";
    }
    SUBCASE("a blob in an integer column (GDAL: 0)") {
        sql = "UPDATE demand SET opiate = X'0102' WHERE fid = 100";
        expected = "field 'opiate': \"X'0102'\" is not a whole number.";
    }
    SUBCASE("2^32 + 7 in a 32-bit integer column (GDAL: 7)") {
        sql = "UPDATE demand SET opiate = 4294967303 WHERE fid = 4460";
        expected = "field 'opiate': \"4294967303\" is too large for a count of people";
    }
    SUBCASE("text in a real column (GDAL: 0.0)") {
        count_type = OFTReal;
        sql = "UPDATE demand SET opiate = 'seven' WHERE fid = 4401";
        expected = "field 'opiate': \"seven\" is not a whole number.";
    }
    const std::string path = write_demand(dir.path, 4600, count_type);
    run_sql(path, sql);
    const Readings r = read_three_ways(path);
    CHECK_FALSE(r.arrow.columnar);
    CHECK_FALSE(r.arrow.usable());
    CHECK(the_error(r.arrow).find(expected) != std::string::npos);
}

TEST_CASE("numeric text SQLite stored as a number in an integer column is read, through the Arrow stream") {
    test::ScratchDir dir("demand_hostile_numeric_text");
    const std::string path = write_demand(dir.path, 4600);
    run_sql(path, "UPDATE demand SET opiate = ' 6 ' WHERE fid = 4402");  // the column's affinity makes it 6
    const Readings r = read_three_ways(path);
    CHECK(r.arrow.columnar);
    CHECK(r.arrow.usable());
    CHECK(r.arrow.demand_counts[2 * 4401] == 6);
}

TEST_CASE("a damaged GeoPackage is an error naming where the reading stopped, and never hangs") {
    test::ScratchDir dir("demand_hostile_damaged");
    const std::string path = write_demand(dir.path, 12000);
    {
        // Three pages a third of the way in overwritten: GDAL 3.6's Arrow stream then handed out
        // empty batches for ever, and the per-feature loop stopped there as if at the end.
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekg(0, std::ios::end);
        const auto size = static_cast<long long>(f.tellg());
        f.seekp(size * 3 / 10 / 4096 * 4096);
        for (int i = 0; i < 3 * 4096; ++i) f.put(static_cast<char>((i * 151 + 7) % 256));
    }
    const auto start = std::chrono::steady_clock::now();
    const Readings r = read_three_ways(path);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(60));
    CHECK_FALSE(r.arrow.columnar);
    CHECK_FALSE(r.arrow.usable());
    const std::string error = the_error(r.arrow);
    CHECK(error.find("reading stopped after ") != std::string::npos);
    CHECK(error.find("before the end of the layer: ") != std::string::npos);
    CHECK(error.find("malformed") != std::string::npos);
    CHECK(error.find("PRAGMA integrity_check") != std::string::npos);
}

TEST_CASE("a blank id is an empty id, whichever way the layer is read") {
    test::ScratchDir dir("demand_hostile_blank_id");
    const std::string path = write_demand(dir.path, 4600);
    std::string id;
    SUBCASE("empty") { id = ""; }
    SUBCASE("spaces") { id = "   "; }
    run_sql(path, "UPDATE demand SET postcode = '" + id + "' WHERE fid = 4100");
    const Readings r = read_three_ways(path);
    CHECK_FALSE(r.arrow.usable());
    CHECK(the_error(r.arrow).find("feature 4100 (id \"" + id + "\"), field 'postcode': the id is empty.") != std::string::npos);
}

TEST_CASE("a GeoPackage whose cached feature count lies is read whole, without reserving what it claims") {
    test::ScratchDir dir("demand_hostile_count");
    const std::string path = write_demand(dir.path, 4600);
    run_sql(path, "UPDATE gpkg_ogr_contents SET feature_count = 9000000000000000000 WHERE table_name = 'demand'");
    const Readings r = read_three_ways(path);
    CHECK(r.arrow.columnar);
    CHECK(r.arrow.usable());
    CHECK(r.arrow.demand_rows.size() == 4600);
}
