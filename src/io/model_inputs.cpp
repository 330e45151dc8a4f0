#include "roisc/io/model_inputs.hpp"

#include "roisc/core/error.hpp"
#include "roisc/core/text.hpp"
#include "roisc/io/gdal_support.hpp"

#include <ogr_spatialref.h>
#include <ogr_api.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>

namespace roisc {

namespace {

struct OpenTable {
    DatasetPtr dataset;
    OGRLayer* layer = nullptr;
    bool csv = false;
};

OpenTable open_table(const std::string& path, const std::string& option) {
    ensure_gdal_registered();
    if (!std::filesystem::exists(path)) {
        throw ArgumentError(option + " " + path + ": no such file. Fix: give the path of a layer or table.");
    }
    OpenTable t;
    const std::string ext = lower(std::filesystem::path(path).extension().string());
    t.csv = ext == ".csv";
    // A CSV gives its points by longitude/latitude columns, if it has them.
    const char* csv_options[] = {"X_POSSIBLE_NAMES=longitude,lon,long,x", "Y_POSSIBLE_NAMES=latitude,lat,y",
                                 "KEEP_GEOM_COLUMNS=NO", "AUTODETECT_TYPE=NO", nullptr};
    GdalMessages quiet;
    t.dataset.reset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                      t.csv ? csv_options : nullptr, nullptr));
    if (!t.dataset || t.dataset->GetLayerCount() < 1) {
        throw ArgumentError(option + " " + path + ": not a layer or table GDAL can read" +
                            (quiet.last().empty() ? "" : " (" + quiet.last() + ")") +
                            ". Fix: give a GeoJSON, GeoPackage, shapefile or CSV file.");
    }
    t.layer = t.dataset->GetLayer(0);
    return t;
}

std::vector<std::string> field_names(OGRLayer* layer) {
    std::vector<std::string> names;
    OGRFeatureDefn* d = layer->GetLayerDefn();
    for (int i = 0; i < d->GetFieldCount(); ++i) names.push_back(d->GetFieldDefn(i)->GetNameRef());
    return names;
}

// The index of `wanted` (any case), or of the first of `defaults` present when `wanted` is empty.
int field_of(OGRLayer* layer, const std::string& wanted, const std::vector<std::string>& defaults,
             const std::string& path, const std::string& option, const std::string& what) {
    const auto names = field_names(layer);
    const std::vector<std::string> tries = wanted.empty() ? defaults : std::vector<std::string>{wanted};
    for (const auto& t : tries) {
        for (std::size_t i = 0; i < names.size(); ++i) {
            if (lower(names[i]) == lower(t)) return static_cast<int>(i);
        }
    }
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    std::string tried;
    for (const auto& t : tries) tried += (tried.empty() ? "" : ", ") + t;
    throw ArgumentError(path + ": no " + what + " field (looked for " + tried + "); its fields: " + list +
                        ". Fix: name the field with " + option + ".");
}

std::string where(const OpenTable& t, const OGRFeature& f) {
    // GDAL numbers CSV rows from 1 after the header: the header is line 1.
    if (t.csv) return "line " + std::to_string(f.GetFID() + 1);
    return "feature " + std::to_string(f.GetFID());
}

}  // namespace

std::vector<SmallArea> read_model_areas(const ModelSources& sources) {
    const std::vector<std::string> code_fields = {"lsoa11cd", "lsoa21cd", "lsoa_code", "code"};

    // The deciles by area code.
    OpenTable dep = open_table(sources.deprivation, "--deprivation");
    const int dep_code = field_of(dep.layer, sources.deprivation_area_field, code_fields, sources.deprivation,
                                  "--deprivation-area-field", "area code");
    const int dep_decile = field_of(dep.layer, sources.decile_field, {"imd_decile"}, sources.deprivation,
                                    "--decile-field", "IMD decile");
    std::map<std::string, int> decile_of;
    for (auto& f : *dep.layer) {
        const std::string code = trim(f->GetFieldAsString(dep_code));
        if (code.empty()) continue;
        const std::string text = trim(f->GetFieldAsString(dep_decile));
        char* end = nullptr;
        const long d = std::strtol(text.c_str(), &end, 10);
        if (text.empty() || end != text.c_str() + text.size() || d < 1 || d > 10) {
            throw DataError(sources.deprivation + ", " + where(dep, *f) + ", field '" +
                            field_names(dep.layer)[static_cast<std::size_t>(dep_decile)] + "': '" + text +
                            "' is not an IMD decile. Fix: a whole number from 1 (most deprived) to 10.");
        }
        if (!decile_of.emplace(code, static_cast<int>(d)).second && decile_of[code] != d) {
            throw DataError(sources.deprivation + ", " + where(dep, *f) + ": area '" + code +
                            "' has two different deciles. Fix: keep one row per area.");
        }
    }

    OpenTable pop = open_table(sources.population, "--population");
    const int code_field = field_of(pop.layer, sources.area_field, code_fields, sources.population, "--area-field", "area code");
    const int pop_field = field_of(pop.layer, sources.population_field, {"population", "population_mid2022", "pop"},
                                   sources.population, "--population-field", "population");
    const std::string pop_name = field_names(pop.layer)[static_cast<std::size_t>(pop_field)];
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> to_wgs84;
    if (const OGRSpatialReference* srs = pop.layer->GetSpatialRef()) {
        OGRSpatialReference source(*srs);
        source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        if (!source.IsSame(&wgs84)) {
            to_wgs84.reset(OGRCreateCoordinateTransformation(&source, &wgs84));
            if (!to_wgs84) {
                throw DataError(sources.population + ": its CRS cannot be transformed to WGS84. Fix: write the layer in "
                                                     "EPSG:4326 or EPSG:27700.");
            }
        }
    }
    std::vector<SmallArea> areas;
    std::map<std::string, std::string> seen;  // code -> where
    for (auto& f : *pop.layer) {
        const std::string at = sources.population + ", " + where(pop, *f);
        SmallArea a;
        a.id = trim(f->GetFieldAsString(code_field));
        if (a.id.empty()) {
            throw DataError(at + ": no area code. Fix: give every area its code (e.g. E01009935).");
        }
        if (const auto s = seen.find(a.id); s != seen.end()) {
            throw DataError(at + ": area '" + a.id + "' is also at " + s->second + ". Fix: one feature per area.");
        }
        seen[a.id] = where(pop, *f);
        const std::string text = trim(f->GetFieldAsString(pop_field));
        char* end = nullptr;
        a.population = std::strtod(text.c_str(), &end);
        if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(a.population) || a.population < 0) {
            throw DataError(at + " (area '" + a.id + "'), field '" + pop_name + "': '" + text +
                            "' is not a population. Fix: a number of residents, zero or more.");
        }
        const auto d = decile_of.find(a.id);
        if (d == decile_of.end()) {
            throw DataError(at + ": area '" + a.id + "' has no IMD decile in " + sources.deprivation +
                            ". Fix: use the same area codes (and the same year's areas: 2011 or 2021 LSOAs) in both.");
        }
        a.imd_decile = d->second;
        const OGRGeometry* g = f->GetGeometryRef();
        if (!g || g->IsEmpty()) {
            throw DataError(at + ": area '" + a.id + "' has no geometry, so its demand cannot be placed. Fix: give "
                                                   "every area its outline or a point.");
        }
        std::unique_ptr<OGRGeometry> geometry(g->clone());
        if (to_wgs84 && geometry->transform(to_wgs84.get()) != OGRERR_NONE) {
            throw DataError(at + ": area '" + a.id + "' could not be transformed to WGS84.");
        }
        const auto flat = wkbFlatten(geometry->getGeometryType());
        if (flat == wkbPoint) {
            a.at = {geometry->toPoint()->getX(), geometry->toPoint()->getY()};
        } else if (flat == wkbPolygon || flat == wkbMultiPolygon) {
            // A point inside the outline even where it is concave (a centroid may fall outside).
            const OGRGeometryH on_surface = OGR_G_PointOnSurface(OGRGeometry::ToHandle(geometry.get()));
            std::unique_ptr<OGRGeometry> p(on_surface ? OGRGeometry::FromHandle(on_surface) : nullptr);
            if (!p || p->IsEmpty() || wkbFlatten(p->getGeometryType()) != wkbPoint) {
                throw DataError(at + ": area '" + a.id + "' has an outline with no point on its surface. Fix: repair it.");
            }
            a.at = {p->toPoint()->getX(), p->toPoint()->getY()};
        } else {
            throw DataError(at + ": area '" + a.id + "' is a " + OGRGeometryTypeToName(geometry->getGeometryType()) +
                            "; an area is a polygon or a point.");
        }
        areas.push_back(std::move(a));
    }
    if (areas.empty()) throw DataError(sources.population + ": no areas. Fix: give a layer of LSOAs with their population.");
    std::sort(areas.begin(), areas.end(), [](const SmallArea& x, const SmallArea& y) { return x.id < y.id; });
    return areas;
}

}  // namespace roisc
