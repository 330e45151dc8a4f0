// Compact demand layers are read through GDAL's Arrow stream when every row is plainly clean, and
// feature by feature otherwise (src/io/demand_columns.hpp). Either way the layer must come out the
// same as the per-feature reading of Keep::features gives it: the same rows, points to the bit,
// counts, order and extent for clean data, and the same problems for dirty data.
#include "roisc/core/crs.hpp"
#include "roisc/io/gdal_support.hpp"
#include "roisc/io/layer.hpp"
#include "roisc/io/manifest.hpp"

#include "../support/demand_layers.hpp"
#include "../support/temp_file.hpp"

#include <doctest/doctest.h>
#include <ogrsf_frmts.h>

#include <cstring>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

using namespace roisc;
namespace fs = std::filesystem;

namespace {

enum class Shape { point, none, empty, two_points, point_z };

struct Row {
    std::optional<std::string> id;
    std::vector<std::optional<double>> counts;  // written as the table's count type
    double x = 0, y = 0;
    Shape shape = Shape::point;
    std::string note = "kept";
};

struct Table {
    std::string driver = "GPKG";
    int epsg = 27700;
    OGRFieldType count_type = OFTInteger;
    OGRFieldType id_type = OFTString;
    std::vector<Row> rows;
};

// `n` clean rows around Sandwell, in EPSG:27700 or 4326 (else 4326 moved to `epsg`).
std::vector<Row> clean_rows(int n, int epsg) {
    OGRSpatialReference wgs84, target;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    target.importFromEPSG(epsg);
    target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&wgs84, &target));
    std::vector<Row> rows;
    for (int i = 0; i < n; ++i) {
        Row r;
        r.id = "B" + std::to_string(60 + i % 10) + " " + std::to_string(i);
        r.counts = {double(i % 7), double((i * 13) % 11)};
        if (epsg == 27700) {
            r.x = 395000.5 + (i % 120) * 9.75, r.y = 285000.25 + (i / 120) * 10.5;
        } else {
            r.x = -2.05 + (i % 120) * 0.00013, r.y = 52.48 + (i / 120) * 0.00011;
            if (epsg != 4326) REQUIRE(ct->Transform(1, &r.x, &r.y));
        }
        rows.push_back(r);
    }
    return rows;
}

// A point given in longitude/latitude, in EPSG:`epsg`.
std::pair<double, double> from_lonlat(double lon, double lat, int epsg) {
    OGRSpatialReference wgs84, target;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    target.importFromEPSG(epsg);
    target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&wgs84, &target));
    REQUIRE(ct->Transform(1, &lon, &lat));
    return {lon, lat};
}

std::string write_table(const fs::path& dir, const std::string& name, const Table& t) {
    ensure_gdal_registered();
    const std::string ext = t.driver == "GPKG" ? ".gpkg" : t.driver == "GeoJSON" ? ".geojson" : ".fgb";
    const std::string path = (dir / (name + ext)).string();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(t.driver.c_str());
    REQUIRE(driver != nullptr);
    DatasetPtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    REQUIRE(ds);
    OGRSpatialReference srs;
    srs.importFromEPSG(t.epsg);
    const bool any_shape = t.driver != "FlatGeobuf";
    OGRLayer* layer = ds->CreateLayer(name.c_str(), &srs, any_shape ? wkbUnknown : wkbPoint, nullptr);
    REQUIRE(layer != nullptr);
    OGRFieldDefn id("postcode", t.id_type), a("opiate", t.count_type), b("alcohol", t.count_type), note("note", OFTString);
    for (OGRFieldDefn* f : {&id, &a, &b, &note}) REQUIRE(layer->CreateField(f) == OGRERR_NONE);
    layer->StartTransaction();
    for (const Row& r : t.rows) {
        OGRFeature f(layer->GetLayerDefn());
        if (r.id) {
            if (t.id_type == OFTString) f.SetField(0, r.id->c_str());
            else f.SetField(0, static_cast<GIntBig>(std::stoll(*r.id)));
        } else {
            f.SetFieldNull(0);
        }
        for (int c = 0; c < 2; ++c) {
            if (!r.counts[c]) f.SetFieldNull(1 + c);
            else if (t.count_type == OFTReal) f.SetField(1 + c, *r.counts[c]);
            else f.SetField(1 + c, static_cast<GIntBig>(*r.counts[c]));
        }
        f.SetField(3, r.note.c_str());
        switch (r.shape) {
            case Shape::point: f.SetGeometry(std::make_unique<OGRPoint>(r.x, r.y).get()); break;
            case Shape::none: break;
            case Shape::empty: f.SetGeometry(std::make_unique<OGRPoint>().get()); break;
            case Shape::point_z: f.SetGeometry(std::make_unique<OGRPoint>(r.x, r.y, 0.0).get()); break;
            case Shape::two_points: {
                OGRMultiPoint mp;
                mp.addGeometry(std::make_unique<OGRPoint>(r.x, r.y).get());
                mp.addGeometry(std::make_unique<OGRPoint>(r.x + 100, r.y).get());
                f.SetGeometry(&mp);
                break;
            }
        }
        REQUIRE(layer->CreateFeature(&f) == OGRERR_NONE);
    }
    layer->CommitTransaction();
    return path;
}

using test::bng;
using test::demand_spec;

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// Reads the layer both ways and checks that the compact reading matches the per-feature one.
// Returns the compact reading.
Layer read_both_ways(const LayerSpec& spec) {
    Layer compact = read_layer(spec, bng(), Keep::demand_rows);
    const Layer full = read_layer(spec, bng(), Keep::features);
    REQUIRE(compact.problems.size() == full.problems.size());
    for (std::size_t i = 0; i < full.problems.size(); ++i) {
        const Problem& a = compact.problems[i];
        const Problem& b = full.problems[i];
        INFO("problem " << i << ": " << b.code << " at " << b.where << ": " << b.message);
        CHECK(a.severity == b.severity);
        CHECK(a.code == b.code);
        CHECK(a.where == b.where);
        CHECK(a.field == b.field);
        CHECK(a.message == b.message);
        CHECK(a.fix == b.fix);
    }
    if (!full.usable()) return compact;
    // The per-feature reading's located features, as compact rows.
    std::size_t row = 0, unlocated = 0;
    REQUIRE(compact.demand_counts.size() == compact.demand_rows.size() * spec.cohorts.size());
    for (const Feature& f : full.features) {
        if (!f.geometry) {
            ++unlocated;
            continue;
        }
        REQUIRE(row < compact.demand_rows.size());
        const DemandRow& r = compact.demand_rows[row];
        CHECK(r.id == full.text(f, "id").value());
        const Point at = representative_point(*f.geometry);
        CHECK(same_bits(r.at.x, at.x));
        CHECK(same_bits(r.at.y, at.y));
        for (std::size_t c = 0; c < spec.cohorts.size(); ++c) {
            CHECK(compact.demand_counts[row * spec.cohorts.size() + c] == full.integer(f, spec.cohorts[c]).value());
        }
        ++row;
    }
    CHECK(row == compact.demand_rows.size());
    CHECK(compact.features.size() == unlocated);
    CHECK(compact.without_geometry == full.without_geometry);
    CHECK(compact.extent.empty == full.extent.empty);
    CHECK(same_bits(compact.extent.min_x, full.extent.min_x));
    CHECK(same_bits(compact.extent.min_y, full.extent.min_y));
    CHECK(same_bits(compact.extent.max_x, full.extent.max_x));
    CHECK(same_bits(compact.extent.max_y, full.extent.max_y));
    return compact;
}

bool has_problem(const Layer& layer, const std::string& code) {
    for (const auto& p : layer.problems) {
        if (p.code == code) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("clean demand layers are read through the Arrow stream, the same as feature by feature") {
    test::ScratchDir dir("demand_columns_clean");
    // 10,000 points: more than two of the 4,096-point blocks that are moved to the working CRS at once.
    SUBCASE("GeoPackage in EPSG:27700") {
        Table t;
        t.rows = clean_rows(10000, 27700);
        const Layer l = read_both_ways(demand_spec(write_table(dir.path, "bng", t)));
        CHECK(l.columnar);
        CHECK(l.demand_rows.size() == 10000);
        CHECK(l.demand_rows[4097].id == "B67 4097");
        CHECK(l.demand_counts[2 * 4097 + 1] == (4097 * 13) % 11);
    }
    SUBCASE("GeoPackage with features deleted and rewritten (gaps in the feature ids)") {
        Table t;
        t.rows = clean_rows(6000, 27700);
        const std::string path = write_table(dir.path, "edited", t);
        {
            DatasetPtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
            REQUIRE(ds);
            OGRLayer* layer = ds->GetLayer(0);
            for (GIntBig fid : {1, 17, 4096, 4097, 5999}) REQUIRE(layer->DeleteFeature(fid) == OGRERR_NONE);
            std::unique_ptr<OGRFeature> f(layer->GetFeature(3000));
            REQUIRE(f);
            f->SetField("opiate", 6);
            REQUIRE(layer->SetFeature(f.get()) == OGRERR_NONE);
        }
        const Layer l = read_both_ways(demand_spec(path));
        CHECK(l.columnar);
        CHECK(l.demand_rows.size() == 5995);
    }
    SUBCASE("GeoPackage in EPSG:4326") {
        Table t;
        t.epsg = 4326;
        t.rows = clean_rows(5000, 4326);
        const Layer l = read_both_ways(demand_spec(write_table(dir.path, "lonlat", t)));
        CHECK(l.columnar);
        CHECK(l.demand_rows.size() == 5000);
    }
    SUBCASE("GeoPackage in Web Mercator, moved to British National Grid a block at a time") {
        Table t;
        t.epsg = 3857;
        t.rows = clean_rows(9000, 3857);
        const Layer l = read_both_ways(demand_spec(write_table(dir.path, "mercator", t)));
        CHECK(l.columnar);
        CHECK(l.demand_rows.size() == 9000);
    }
    SUBCASE("GeoJSON") {
        Table t;
        t.driver = "GeoJSON";
        t.epsg = 4326;
        t.rows = clean_rows(300, 4326);
        const Layer l = read_both_ways(demand_spec(write_table(dir.path, "json", t)));
        CHECK(l.columnar);
        CHECK(l.demand_rows.size() == 300);
    }
    SUBCASE("FlatGeobuf") {
        Table t;
        t.driver = "FlatGeobuf";
        t.rows = clean_rows(300, 27700);
        const Layer l = read_both_ways(demand_spec(write_table(dir.path, "fgb", t)));
        CHECK(l.columnar);
        CHECK(l.demand_rows.size() == 300);
    }
    SUBCASE("a point just inside the working CRS's area (with its margin): checked on its own") {
        Table t;
        t.rows = clean_rows(5000, 27700);
        // British National Grid's area of use ends at 49.75°N; a degree beyond it is still allowed.
        std::tie(t.rows[4500].x, t.rows[4500].y) = from_lonlat(-4.0, 48.77, 27700);
        const Layer l = read_both_ways(demand_spec(write_table(dir.path, "edge", t)));
        CHECK(l.columnar);
        CHECK(l.usable());
    }
    SUBCASE("whole-number ids") {
        Table t;
        t.id_type = OFTInteger64;
        t.rows = clean_rows(200, 27700);
        for (std::size_t i = 0; i < t.rows.size(); ++i) t.rows[i].id = std::to_string(1000 + i);
        const Layer l = read_both_ways(demand_spec(write_table(dir.path, "numbered", t)));
        CHECK(l.columnar);
        CHECK(l.demand_rows[3].id == "1003");
    }
}

TEST_CASE("a clean layer the Arrow stream does not take is read feature by feature, to the same rows") {
    test::ScratchDir dir("demand_columns_fallback");
    Table t;
    t.rows = clean_rows(6000, 27700);
    SUBCASE("a MultiPoint of one point") {
        const std::string path = write_table(dir.path, "plain", t);
        const Layer plain = read_both_ways(demand_spec(path));
        CHECK(plain.columnar);
        {
            // Feature 5001 rewritten as a MultiPoint holding its one point: the loop takes the point.
            DatasetPtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
            REQUIRE(ds);
            OGRLayer* layer = ds->GetLayer(0);
            std::unique_ptr<OGRFeature> f(layer->GetFeature(5001));
            REQUIRE(f);
            OGRMultiPoint mp;
            mp.addGeometry(f->GetGeometryRef());
            f->SetGeometry(&mp);
            REQUIRE(layer->SetFeature(f.get()) == OGRERR_NONE);
        }
        const Layer multi = read_both_ways(demand_spec(path));
        CHECK_FALSE(multi.columnar);
        // The loop and the stream agree on every row of the same points.
        REQUIRE(multi.demand_rows.size() == plain.demand_rows.size());
        for (std::size_t i = 0; i < plain.demand_rows.size(); ++i) {
            CHECK(multi.demand_rows[i].id == plain.demand_rows[i].id);
            CHECK(same_bits(multi.demand_rows[i].at.x, plain.demand_rows[i].at.x));
            CHECK(same_bits(multi.demand_rows[i].at.y, plain.demand_rows[i].at.y));
        }
        CHECK(multi.demand_counts == plain.demand_counts);
    }
    SUBCASE("counts in a real column, all whole") {
        t.count_type = OFTReal;
        const Layer l = read_both_ways(demand_spec(write_table(dir.path, "real", t)));
        CHECK_FALSE(l.columnar);
        CHECK(l.usable());
        CHECK(l.demand_rows.size() == 6000);
    }
    SUBCASE("a point with a z") {
        t.rows[10].shape = Shape::point_z;
        const Layer l = read_both_ways(demand_spec(write_table(dir.path, "z", t)));
        CHECK_FALSE(l.columnar);
        CHECK(l.usable());
    }
    SUBCASE("a feature without a location") {
        t.rows[4100].shape = Shape::none;
        const Layer l = read_both_ways(demand_spec(write_table(dir.path, "none", t)));
        CHECK_FALSE(l.columnar);
        CHECK(l.usable());
        CHECK(l.without_geometry == 1);
        CHECK(has_problem(l, "no_geometry"));
    }
    SUBCASE("an empty point") {
        t.rows[4100].shape = Shape::empty;
        const Layer l = read_both_ways(demand_spec(write_table(dir.path, "empty", t)));
        CHECK_FALSE(l.columnar);
        CHECK(l.without_geometry == 1);
    }
}

TEST_CASE("a dirty demand layer gives the problems the per-feature reading gives") {
    test::ScratchDir dir("demand_columns_dirty");
    Table t;
    t.rows = clean_rows(5000, 27700);
    std::string expected;
    SUBCASE("a null count") {
        t.rows[4500].counts[1] = std::nullopt;
        expected = "missing_value";
    }
    SUBCASE("a null id") {
        t.rows[20].id = std::nullopt;
        expected = "missing_value";
    }
    SUBCASE("a negative count") {
        t.rows[3].counts[0] = -2;
        expected = "wrong_type";
    }
    SUBCASE("a count too large for people") {
        t.rows[3].counts[0] = 10'000'001;
        expected = "too_large";
    }
    SUBCASE("a real count column holding 2.5") {
        t.count_type = OFTReal;
        t.rows[4999].counts[0] = 2.5;
        expected = "wrong_type";
    }
    SUBCASE("a duplicate id") {
        t.rows[4200].id = t.rows[7].id;
        expected = "duplicate_id";
    }
    SUBCASE("an id that is not UTF-8") {
        t.rows[9].id = std::string("B69 \xe9t\xe9");
        expected = "not_utf8";
    }
    SUBCASE("another text field that is not UTF-8") {
        t.rows[4096].note = std::string("caf\xe9");
        expected = "not_utf8";
    }
    SUBCASE("a MultiPoint of two points") {
        t.rows[100].shape = Shape::two_points;
        expected = "wrong_geometry";
    }
    SUBCASE("a point far outside the working CRS's area") {
        t.rows[4097].x = 5.0e6;
        expected = "out_of_range";
    }
    SUBCASE("a point just outside the working CRS's area (with its margin)") {
        std::tie(t.rows[4500].x, t.rows[4500].y) = from_lonlat(-4.0, 48.73, 27700);
        expected = "out_of_range";
    }
    SUBCASE("degrees in a layer declared EPSG:27700") {
        t.rows = clean_rows(500, 4326);
        expected = "degrees_in_projected_crs";
    }
    SUBCASE("longitude and latitude swapped in EPSG:4326") {
        t.epsg = 4326;
        t.rows = clean_rows(500, 4326);
        std::swap(t.rows[42].x, t.rows[42].y);
        expected = "swapped_coordinates";
    }
    SUBCASE("a place far away in EPSG:4326") {
        t.epsg = 4326;
        t.rows = clean_rows(500, 4326);
        t.rows[7].x = 100.0;
        expected = "out_of_range";
    }
    const Layer l = read_both_ways(demand_spec(write_table(dir.path, "dirty", t)));
    CHECK_FALSE(l.columnar);
    CHECK_FALSE(l.usable());
    CHECK(has_problem(l, expected));
}
