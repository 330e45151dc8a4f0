// A large GeoPackage layer's R-tree is packed in bulk (src/io/geopackage_rtree.cpp) where GDAL 3.6
// would fill it row by row. The file must be one GDAL, QGIS and SQLite treat exactly like one GDAL
// indexed: the same schema, triggers and extension row, the same index entries, SQLite's own check
// passing, spatial filters answering as a scan would, edits keeping the index right.
#include "roisc/io/gdal_support.hpp"
#include "roisc/io/output.hpp"

#include "../support/study_fixtures.hpp"
#include "../support/temp_file.hpp"

#include <doctest/doctest.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace roisc;

namespace {

constexpr double west = 400000, south = 300000, east = 410000, north = 310000;

struct Box {
    double min_x, min_y, max_x, max_y;
};

// A point layer of `n` features (n ≥ the bulk threshold): random points, a cluster on one spot,
// points on every edge of the extent, some with no geometry and some empty.
OutputLayer points_layer(std::size_t n) {
    OutputLayer layer;
    layer.name = "points";
    layer.title = "random points";
    layer.fields = {{"n", OutputField::Type::integer}};
    std::mt19937_64 random(15);
    std::uniform_real_distribution<double> x(west, east), y(south, north);
    for (std::size_t i = 0; i < n; ++i) {
        OutputFeature f;
        f.id = "p" + std::to_string(i);
        f.values = {static_cast<long long>(i)};
        if (i % 9973 == 5) {
            // no geometry
        } else if (i % 9973 == 7) {
            f.geometry = std::make_shared<OGRPoint>();  // empty
        } else if (i % 1000 == 3) {
            f.geometry = std::make_shared<OGRPoint>(404000.123456, 305000.654321);  // the same spot, many times
        } else if (i % 1000 == 4) {
            const double edge[4][2] = {{west, y(random)}, {east, y(random)}, {x(random), south}, {x(random), north}};
            const auto& e = edge[(i / 1000) % 4];
            f.geometry = std::make_shared<OGRPoint>(e[0], e[1]);
        } else {
            f.geometry = std::make_shared<OGRPoint>(x(random), y(random));
        }
        layer.features.push_back(std::move(f));
    }
    return layer;
}

// Small squares, written as multipolygons (polygons are promoted), some of two parts.
OutputLayer squares_layer(std::size_t n) {
    OutputLayer layer;
    layer.name = "squares";
    layer.title = "small squares";
    layer.fields = {{"n", OutputField::Type::integer}};
    std::mt19937_64 random(16);
    std::uniform_real_distribution<double> x(west, east - 50), y(south, north - 50), side(1, 20);
    for (std::size_t i = 0; i < n; ++i) {
        OutputFeature f;
        f.id = "s" + std::to_string(i);
        f.values = {static_cast<long long>(i)};
        const double x0 = x(random), y0 = y(random), s = side(random);
        if (i % 50 == 0) {
            auto m = std::make_shared<OGRMultiPolygon>();
            m->addGeometry(test::square(x0, y0, s).get());
            m->addGeometry(test::square(x0 + 25, y0 + 25, s).get());
            f.geometry = m;
        } else {
            f.geometry = test::square(x0, y0, s);
        }
        layer.features.push_back(std::move(f));
    }
    return layer;
}

WorkingCrs british_grid() {
    WorkingCrs crs;
    crs.code = "EPSG:27700";
    crs.name = "OSGB36 / British National Grid";
    return crs;
}

// The rows of a native SQL query, each row's fields joined by '|', runs of whitespace made one space.
std::vector<std::string> rows(GDALDataset& ds, const std::string& sql) {
    std::vector<std::string> out;
    OGRLayer* result = ds.ExecuteSQL(sql.c_str(), nullptr, nullptr);
    REQUIRE_MESSAGE(result != nullptr, sql);
    for (auto& f : *result) {
        std::string row;
        for (int i = 0; i < f->GetFieldCount(); ++i) {
            if (i) row += '|';
            row += f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "NULL";
        }
        std::string normal;
        for (char c : row) {
            const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
            if (space && (normal.empty() || normal.back() == ' ')) continue;
            normal += space ? ' ' : c;
        }
        out.push_back(normal);
    }
    ds.ReleaseResultSet(result);
    return out;
}

std::string one(GDALDataset& ds, const std::string& sql) {
    const auto r = rows(ds, sql);
    REQUIRE(r.size() == 1);
    return r[0];
}

DatasetPtr open(const std::string& path, bool update = false) {
    ensure_gdal_registered();
    DatasetPtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | (update ? GDAL_OF_UPDATE : 0), nullptr, nullptr, nullptr));
    REQUIRE_MESSAGE(ds != nullptr, path);
    return ds;
}

// The fids a spatial filter on `box` returns (GDAL asks the R-tree, then checks each geometry).
std::set<GIntBig> filtered(OGRLayer& layer, const Box& b) {
    layer.SetSpatialFilterRect(b.min_x, b.min_y, b.max_x, b.max_y);
    std::set<GIntBig> fids;
    for (auto& f : layer) fids.insert(f->GetFID());
    layer.SetSpatialFilter(nullptr);
    return fids;
}

bool meets(const OGRGeometry& g, const Box& b) {
    OGREnvelope e;
    g.getEnvelope(&e);
    return e.MaxX >= b.min_x && e.MinX <= b.max_x && e.MaxY >= b.min_y && e.MinY <= b.max_y;
}

// Each feature's parts' envelopes, read once, for answering boxes by brute force.
using Shapes = std::vector<std::pair<GIntBig, std::vector<OGREnvelope>>>;

Shapes shapes_of(OGRLayer& layer) {
    Shapes shapes;
    layer.ResetReading();
    for (auto& f : layer) {
        const OGRGeometry* g = f->GetGeometryRef();
        if (!g || g->IsEmpty()) continue;
        std::vector<OGREnvelope> parts;
        auto add = [&](const OGRGeometry& part) {
            parts.emplace_back();
            part.getEnvelope(&parts.back());
        };
        if (const auto* collection = dynamic_cast<const OGRGeometryCollection*>(g)) {
            for (const OGRGeometry* part : *collection) add(*part);
        } else {
            add(*g);
        }
        shapes.emplace_back(f->GetFID(), std::move(parts));
    }
    return shapes;
}

// The fids whose geometry meets `box`: a point or an axis-aligned square meets it when its envelope
// does; a multipolygon when one of its squares does.
std::set<GIntBig> scanned(const Shapes& shapes, const Box& b) {
    std::set<GIntBig> fids;
    for (const auto& [fid, parts] : shapes) {
        for (const OGREnvelope& e : parts) {
            if (e.MaxX >= b.min_x && e.MinX <= b.max_x && e.MaxY >= b.min_y && e.MinY <= b.max_y) {
                fids.insert(fid);
                break;
            }
        }
    }
    return fids;
}

std::set<GIntBig> scanned(OGRLayer& layer, const Box& b) {
    return scanned(shapes_of(layer), b);
}

std::vector<Box> random_boxes(std::size_t n) {
    std::mt19937_64 random(17);
    std::uniform_real_distribution<double> x(west - 500, east), y(south - 500, north), size(1, 1500);
    std::vector<Box> boxes;
    for (std::size_t i = 0; i < n; ++i) {
        const double x0 = x(random), y0 = y(random);
        boxes.push_back({x0, y0, x0 + size(random), y0 + size(random)});
    }
    // Edges exactly on data: the extent's border, the repeated spot, a box of zero size on it.
    boxes.push_back({west, south, west, north});
    boxes.push_back({east, south, east + 1, north});
    boxes.push_back({west, north, east, north});
    boxes.push_back({404000.123456, 305000.654321, 404000.123456, 305000.654321});
    boxes.push_back({404000.123456, 305000, 404100, 305000.654321});
    return boxes;
}

std::string bytes_of(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

bool gdal_fills_row_by_row() {
    return std::atoi(GDALVersionInfo("VERSION_NUM")) < 3070000;
}

struct Written {
    test::ScratchDir dir{"geopackage_rtree"};
    OutputLayer points = points_layer(geopackage_bulk_index_min_features + 1234);
    OutputLayer squares = squares_layer(geopackage_bulk_index_min_features);
    std::string path = (dir.path / "bulk.gpkg").string();
    Written() { write_geopackage(path, {&points, &squares}, british_grid(), {{"source", "test"}}); }
};

// Written once for the cases that only read it (writing 100,000 features takes a second or two).
const Written& written() {
    static const Written w;
    return w;
}

std::size_t non_empty(const OutputLayer& layer) {
    std::size_t n = 0;
    for (const auto& f : layer.features) n += f.geometry && !f.geometry->IsEmpty();
    return n;
}

}  // namespace

TEST_CASE("a large GeoPackage layer's bulk R-tree passes SQLite's check and holds every non-empty geometry") {
    const Written& w = written();
    DatasetPtr ds = open(w.path);
    CHECK(one(*ds, "SELECT rtreecheck('rtree_points_geom')") == "ok");
    CHECK(one(*ds, "SELECT rtreecheck('rtree_squares_geom')") == "ok");
    CHECK(one(*ds, "SELECT count(*) FROM rtree_points_geom_rowid") == std::to_string(non_empty(w.points)));
    CHECK(one(*ds, "SELECT count(*) FROM rtree_squares_geom_rowid") == std::to_string(w.squares.features.size()));
    CHECK(one(*ds, "PRAGMA integrity_check") == "ok");
    if (gdal_fills_row_by_row()) {
        // Ours, packed: leaves full to within one cell (51 a node for 4 KiB pages), where row-by-row
        // inserts leave them about two thirds full.
        const std::size_t n = non_empty(w.points), leaves = (n + 50) / 51;
        CHECK(one(*ds, "SELECT count(DISTINCT nodeno) FROM rtree_points_geom_rowid") == std::to_string(leaves));
    }
}

TEST_CASE("GDAL reports the bulk-built index and its spatial filters return exactly what a scan finds") {
    const Written& w = written();
    DatasetPtr ds = open(w.path);
    for (const std::string name : {"points", "squares"}) {
        CAPTURE(name);
        OGRLayer* layer = ds->GetLayerByName(name.c_str());
        REQUIRE(layer != nullptr);
        CHECK(layer->TestCapability(OLCFastSpatialFilter));
        CHECK(one(*ds, "SELECT HasSpatialIndex('" + name + "', 'geom')") == "1");
        const Shapes shapes = shapes_of(*layer);
        std::size_t found = 0;
        for (const Box& b : random_boxes(200)) {
            CAPTURE(b.min_x);
            CAPTURE(b.min_y);
            CAPTURE(b.max_x);
            CAPTURE(b.max_y);
            const auto expected = scanned(shapes, b);
            CHECK(filtered(*layer, b) == expected);
            found += expected.size();
        }
        CHECK(found > 1000);  // the boxes do find things
    }
}

TEST_CASE("the bulk-built index has the schema, triggers, extension row and entries of GDAL's own") {
    const Written& w = written();
    // The same layers copied by GDAL (fids kept), which indexes them itself, row by row.
    const std::string gdal_path = (w.dir.path / "gdal.gpkg").string();
    std::filesystem::remove(gdal_path);
    {
        DatasetPtr ours = open(w.path);
        DatasetPtr copy(GetGDALDriverManager()->GetDriverByName("GPKG")->Create(gdal_path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        REQUIRE(copy != nullptr);
        for (const char* name : {"points", "squares"}) REQUIRE(copy->CopyLayer(ours->GetLayerByName(name), name) != nullptr);
    }
    DatasetPtr ours = open(w.path), gdal = open(gdal_path);
    const std::string schema = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name LIKE 'rtree%' OR name LIKE 'gpkg_extensions' "
                               "ORDER BY name";
    const auto our_schema = rows(*ours, schema);
    CHECK(our_schema == rows(*gdal, schema));
    CHECK(our_schema.size() == 2 * (4 + 6) + 1);  // per layer: the table, 3 shadow tables, 6 triggers
    const std::string extension = "SELECT * FROM gpkg_extensions WHERE extension_name = 'gpkg_rtree_index' ORDER BY table_name";
    CHECK(rows(*ours, extension) == rows(*gdal, extension));
    CHECK(rows(*ours, extension).size() == 2);
    for (const char* name : {"points", "squares"}) {
        const std::string entries = std::string("SELECT * FROM rtree_") + name + "_geom ORDER BY id";
        CHECK(rows(*ours, entries) == rows(*gdal, entries));  // the same float32 boxes, rounded outward alike
    }
}

TEST_CASE("edits through GDAL keep the bulk-built index right") {
    const Written& original = written();
    struct {
        const OutputLayer& points;
        std::string path;
    } w{original.points, (original.dir.path / "edited.gpkg").string()};
    std::filesystem::copy_file(original.path, w.path, std::filesystem::copy_options::overwrite_existing);
    GIntBig added = 0;
    const GIntBig deleted = 10, moved = 20;
    OGRPoint deleted_at, moved_from;
    {
        DatasetPtr ds = open(w.path, true);
        OGRLayer* layer = ds->GetLayerByName("points");
        REQUIRE(layer != nullptr);
        std::unique_ptr<OGRFeature> d(layer->GetFeature(deleted)), m(layer->GetFeature(moved));
        REQUIRE(d != nullptr);
        REQUIRE(m != nullptr);
        deleted_at = *d->GetGeometryRef()->toPoint();
        moved_from = *m->GetGeometryRef()->toPoint();
        OGRFeature f(layer->GetLayerDefn());
        f.SetGeometryDirectly(new OGRPoint(420000, 320000));
        REQUIRE(layer->CreateFeature(&f) == OGRERR_NONE);
        added = f.GetFID();
        REQUIRE(layer->DeleteFeature(deleted) == OGRERR_NONE);
        m->SetGeometryDirectly(new OGRPoint(421000, 321000));
        REQUIRE(layer->SetFeature(m.get()) == OGRERR_NONE);
    }
    DatasetPtr ds = open(w.path);
    CHECK(one(*ds, "SELECT rtreecheck('rtree_points_geom')") == "ok");
    CHECK(one(*ds, "SELECT count(*) FROM rtree_points_geom_rowid") == std::to_string(non_empty(w.points)));
    OGRLayer* layer = ds->GetLayerByName("points");
    CHECK(filtered(*layer, {419999, 319999, 420001, 320001}) == std::set<GIntBig>{added});
    CHECK(filtered(*layer, {420999, 320999, 421001, 321001}) == std::set<GIntBig>{moved});
    const Box old_spot{moved_from.getX(), moved_from.getY(), moved_from.getX(), moved_from.getY()};
    const Box gone{deleted_at.getX(), deleted_at.getY(), deleted_at.getX(), deleted_at.getY()};
    CHECK(filtered(*layer, old_spot).count(moved) == 0);
    CHECK(filtered(*layer, gone).count(deleted) == 0);
    CHECK(filtered(*layer, old_spot) == scanned(*layer, old_spot));
}

TEST_CASE("the same layers give the same GeoPackage bytes twice") {
    const Written& w = written();
    const std::string again = (w.dir.path / "again.gpkg").string();
    write_geopackage(again, {&w.points, &w.squares}, british_grid(), {{"source", "test"}});
    CHECK(bytes_of(again) == bytes_of(w.path));
}

TEST_CASE("a bulk-built index that fails its check is replaced by GDAL's own, never kept") {
    ::setenv("ROISC_TEST_BREAK_RTREE", "1", 1);
    test::ScratchDir dir("geopackage_rtree_fallback");
    const OutputLayer points = points_layer(geopackage_bulk_index_min_features);
    const std::string path = (dir.path / "fallback.gpkg").string();
    std::vector<std::string> said;  // what --debug prints
    on_write_detail([&said](const std::string& what) { said.push_back(what); });
    write_geopackage(path, {&points}, british_grid(), {});
    on_write_detail(nullptr);
    ::unsetenv("ROISC_TEST_BREAK_RTREE");
    if (gdal_fills_row_by_row()) {
        REQUIRE(said.size() == 1);
        CHECK(said[0].find(path + ", layer points: spatial index of " + std::to_string(non_empty(points)) + " features built by GDAL") == 0);
        CHECK(said[0].find("rtreecheck") != std::string::npos);
        CHECK(said[0].find('\n') == std::string::npos);
    }
    DatasetPtr ds = open(path);
    CHECK(one(*ds, "SELECT rtreecheck('rtree_points_geom')") == "ok");
    CHECK(one(*ds, "SELECT count(*) FROM rtree_points_geom_rowid") == std::to_string(non_empty(points)));
    CHECK(rows(*ds, "SELECT * FROM gpkg_extensions WHERE extension_name = 'gpkg_rtree_index'").size() == 1);
    CHECK(rows(*ds, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rtree_points_geom_%'").size() == 6);
    OGRLayer* layer = ds->GetLayerByName("points");
    const Box b{402000, 302000, 403000, 303500};
    CHECK(filtered(*layer, b) == scanned(*layer, b));
    CHECK(!std::filesystem::exists(path + "-journal"));
    if (gdal_fills_row_by_row()) {
        // GDAL's tree, not a packed one: its leaves are far from full.
        const std::size_t packed_leaves = (non_empty(points) + 50) / 51;
        CHECK(std::stoul(one(*ds, "SELECT count(DISTINCT nodeno) FROM rtree_points_geom_rowid")) > packed_leaves + packed_leaves / 10);
    }
}

TEST_CASE("a large layer with few or no geometries gets a valid index of just those") {
    test::ScratchDir dir("geopackage_rtree_sparse");
    OutputLayer few = points_layer(geopackage_bulk_index_min_features), none = points_layer(geopackage_bulk_index_min_features);
    few.name = "few";
    none.name = "none";
    for (std::size_t i = 0; i < few.features.size(); ++i) {
        if (i % 2000 != 0) few.features[i].geometry.reset();  // 25 left: the root is the one leaf
        none.features[i].geometry.reset();
    }
    const std::string path = (dir.path / "sparse.gpkg").string();
    write_geopackage(path, {&few, &none}, british_grid(), {});
    DatasetPtr ds = open(path);
    for (const std::string name : {"few", "none"}) {
        CAPTURE(name);
        CHECK(one(*ds, "SELECT rtreecheck('rtree_" + name + "_geom')") == "ok");
        CHECK(one(*ds, "SELECT HasSpatialIndex('" + name + "', 'geom')") == "1");
    }
    CHECK(one(*ds, "SELECT count(*) FROM rtree_few_geom_rowid") == std::to_string(non_empty(few)));
    CHECK(non_empty(few) == 25);
    CHECK(one(*ds, "SELECT count(*) FROM rtree_none_geom_rowid") == "0");
    OGRLayer* layer = ds->GetLayerByName("few");
    const Shapes shapes = shapes_of(*layer);
    for (const Box& b : random_boxes(50)) CHECK(filtered(*layer, b) == scanned(shapes, b));
    CHECK(filtered(*ds->GetLayerByName("none"), {west, south, east, north}).empty());
}

TEST_CASE("a coordinate beyond float32 in a large layer leaves the index to GDAL, and the file is still written") {
    test::ScratchDir dir("geopackage_rtree_huge");
    OutputLayer points = points_layer(geopackage_bulk_index_min_features);
    points.features[100].geometry = std::make_shared<OGRPoint>(1e39, 300000);
    const std::string path = (dir.path / "huge.gpkg").string();
    write_geopackage(path, {&points}, british_grid(), {});
    DatasetPtr ds = open(path);
    CHECK(one(*ds, "SELECT HasSpatialIndex('points', 'geom')") == "1");
    CHECK(one(*ds, "SELECT count(*) FROM rtree_points_geom_rowid") == std::to_string(non_empty(points)));
    OGRLayer* layer = ds->GetLayerByName("points");
    const Box b{402000, 302000, 403000, 303500};
    CHECK(filtered(*layer, b) == scanned(*layer, b));
}
