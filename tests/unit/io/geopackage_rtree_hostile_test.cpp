// Hostile content in a GeoPackage layer large enough for the bulk-built R-tree
// (src/io/geopackage_rtree.cpp; docs/robustness.md, "Hostile demand layers"): every point on one
// spot, a layer just below and just at the threshold, coordinates at ±1e308 and near float32's
// limit, and only missing or empty geometries. Whatever the content, the file is written, its index
// passes SQLite's check and holds exactly the non-empty geometries, and spatial filters answer as
// a scan does.
#include "roisc/io/gdal_support.hpp"
#include "roisc/io/output.hpp"

#include "../support/temp_file.hpp"

#include <doctest/doctest.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cfloat>
#include <cmath>
#include <set>
#include <string>
#include <vector>

using namespace roisc;

namespace {

WorkingCrs british_grid() {
    WorkingCrs crs;
    crs.code = "EPSG:27700";
    crs.name = "OSGB36 / British National Grid";
    return crs;
}

// `n` points, the i-th where `at(i)` puts it (no geometry when it gives nothing).
template <typename At>
OutputLayer layer_of(const std::string& name, std::size_t n, At at) {
    OutputLayer layer;
    layer.name = name;
    layer.title = name;
    layer.fields = {{"n", OutputField::Type::integer}};
    layer.features.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        OutputFeature f;
        f.id = name + std::to_string(i);
        f.values = {static_cast<long long>(i)};
        f.geometry = at(i);
        layer.features.push_back(std::move(f));
    }
    return layer;
}

std::shared_ptr<OGRGeometry> point(double x, double y) { return std::make_shared<OGRPoint>(x, y); }

std::string one(GDALDataset& ds, const std::string& sql) {
    OGRLayer* result = ds.ExecuteSQL(sql.c_str(), nullptr, nullptr);
    REQUIRE_MESSAGE(result != nullptr, sql);
    std::unique_ptr<OGRFeature> f(result->GetNextFeature());
    REQUIRE(f);
    const std::string value = f->IsFieldSetAndNotNull(0) ? f->GetFieldAsString(0) : "NULL";
    f.reset();
    ds.ReleaseResultSet(result);
    return value;
}

std::size_t non_empty(const OutputLayer& layer) {
    std::size_t n = 0;
    for (const auto& f : layer.features) n += f.geometry && !f.geometry->IsEmpty();
    return n;
}

// The fids GDAL's spatial filter on a box gives, and those a scan of the geometries gives.
std::pair<std::set<GIntBig>, std::set<GIntBig>> filtered_and_scanned(OGRLayer& layer, double min_x, double min_y, double max_x,
                                                                     double max_y) {
    std::set<GIntBig> filtered, scanned;
    layer.SetSpatialFilterRect(min_x, min_y, max_x, max_y);
    for (auto& f : layer) filtered.insert(f->GetFID());
    layer.SetSpatialFilter(nullptr);
    for (auto& f : layer) {
        const OGRGeometry* g = f->GetGeometryRef();
        if (!g || g->IsEmpty()) continue;
        OGREnvelope e;
        g->getEnvelope(&e);
        if (e.MaxX >= min_x && e.MinX <= max_x && e.MaxY >= min_y && e.MinY <= max_y) scanned.insert(f->GetFID());
    }
    return {filtered, scanned};
}

void check_index(GDALDataset& ds, const OutputLayer& layer) {
    CAPTURE(layer.name);
    CHECK(one(ds, "SELECT HasSpatialIndex('" + layer.name + "', 'geom')") == "1");
    CHECK(one(ds, "SELECT rtreecheck('rtree_" + layer.name + "_geom')") == "ok");
    CHECK(one(ds, "SELECT count(*) FROM rtree_" + layer.name + "_geom_rowid") == std::to_string(non_empty(layer)));
}

}  // namespace

TEST_CASE("hostile content in large GeoPackage layers: the file is written and its indexes are right") {
    ensure_gdal_registered();
    test::ScratchDir dir("geopackage_rtree_hostile");
    const std::size_t at_threshold = geopackage_bulk_index_min_features;
    // Every point on one spot: the packing's ties are broken by fid alone.
    OutputLayer same = layer_of("same", at_threshold, [](std::size_t) { return point(404000.5, 305000.25); });
    // Just below the threshold GDAL builds the index; at it, roisc does: the same entries either way.
    OutputLayer below = layer_of("below", at_threshold - 1, [](std::size_t i) { return point(400000.0 + i % 300, 300000.0 + i / 300); });
    OutputLayer at = layer_of("at", at_threshold, [](std::size_t i) { return point(400000.0 + i % 300, 300000.0 + i / 300); });
    // ±1e308: beyond float32, so GDAL's own index is built for the layer.
    OutputLayer far = layer_of("far", at_threshold, [](std::size_t i) {
        const double corners[4][2] = {{1e308, 1e308}, {-1e308, -1e308}, {1e308, -1e308}, {-1e308, 1e308}};
        return i < 4 ? point(corners[i][0], corners[i][1]) : point(400000.0 + i % 300, 300000.0 + i / 300);
    });
    // Within float32 but at its edge: the bulk tree's boxes are rounded outward without overflowing.
    OutputLayer edge = layer_of("edge", at_threshold, [](std::size_t i) {
        if (i == 0) return point(FLT_MAX, -FLT_MAX);
        if (i == 1) return point(-3.4e38, 3.4e38);
        return point(400000.0 + i % 300, 300000.0 + i / 300);
    });
    // Nothing to index: every feature without a geometry or with an empty one.
    OutputLayer nothing = layer_of("nothing", at_threshold, [](std::size_t i) -> std::shared_ptr<OGRGeometry> {
        if (i % 2) return nullptr;
        return std::make_shared<OGRPoint>();
    });
    const std::string path = (dir.path / "hostile.gpkg").string();
    write_geopackage(path, {&same, &below, &at, &far, &edge, &nothing}, british_grid(), {});

    DatasetPtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
    REQUIRE(ds);
    CHECK(one(*ds, "PRAGMA integrity_check") == "ok");
    for (const OutputLayer* l : {&same, &below, &at, &far, &edge, &nothing}) check_index(*ds, *l);

    for (const std::string name : {"same", "at", "below", "far", "edge"}) {
        CAPTURE(name);
        OGRLayer* l = ds->GetLayerByName(name.c_str());
        REQUIRE(l);
        CHECK(l->GetFeatureCount() == static_cast<GIntBig>(name == "below" ? at_threshold - 1 : at_threshold));
        for (const auto& box : {std::vector<double>{404000, 305000, 404001, 305001}, std::vector<double>{400010, 300010, 400020, 300030},
                                std::vector<double>{-1e300, -1e300, 1e300, 1e300}, std::vector<double>{3e38, -3.5e38, 3.5e38, -3e38},
                                std::vector<double>{9e307, 9e307, DBL_MAX, DBL_MAX}}) {
            // SQLite's R-tree holds float32: a box that starts beyond float32's range cannot find the
            // points at 1e308 in any index, GDAL's included (docs/robustness.md). roisc writes no such
            // coordinate (every input is checked against the working CRS's area).
            if (name == "far" && box[0] > FLT_MAX) continue;
            const auto [filtered, scanned] = filtered_and_scanned(*l, box[0], box[1], box[2], box[3]);
            CAPTURE(box[0]);
            CAPTURE(filtered.size());
            CAPTURE(scanned.size());
            CHECK(filtered == scanned);
        }
    }
    // The same spot 50,000 times: any box around it finds all of them.
    OGRLayer* l = ds->GetLayerByName("same");
    l->SetSpatialFilterRect(404000, 305000, 404001, 305001);
    CHECK(l->GetFeatureCount() == static_cast<GIntBig>(at_threshold));
}
