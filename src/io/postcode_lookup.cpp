#include "roisc/io/postcode_lookup.hpp"
#include "roisc/core/text.hpp"

#include "roisc/core/error.hpp"
#include "roisc/io/csv.hpp"
#include "roisc/io/gdal_support.hpp"
#include "roisc/io/layer.hpp"

#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

namespace fs = std::filesystem;

namespace roisc {

// ---------------------------------------------------------------------------------------------
// The lookup

std::string PostcodeLocation::describe() const {
    switch (basis) {
        case PostcodeBasis::source: return "lookup";
        case PostcodeBasis::mean_of_units: return "mean of " + std::to_string(parts) + (parts == 1 ? " unit" : " units");
        case PostcodeBasis::mean_of_sectors:
            return "mean of " + std::to_string(parts) + (parts == 1 ? " sector" : " sectors");
        case PostcodeBasis::mean_of_districts:
            return "mean of " + std::to_string(parts) + (parts == 1 ? " district" : " districts");
    }
    return "?";
}

namespace {

std::string district_of(const std::string& key) { return key.substr(0, key.find(' ')); }

std::string area_of(const std::string& key) {
    std::size_t n = 0;
    while (n < key.size() && key[n] >= 'A' && key[n] <= 'Z') ++n;
    return key.substr(0, n);
}

// Weighted sums for a mean position.
struct MeanOf {
    double sx = 0, sy = 0;
    long long weight = 0;
    int parts = 0;
    void add(double x, double y, long long w) {
        sx += x * static_cast<double>(w);
        sy += y * static_cast<double>(w);
        weight += w;
        ++parts;
    }
};

}  // namespace

PostcodeLookup::PostcodeLookup(std::vector<PostcodePoint> points, std::string source) : source_(std::move(source)) {
    locations_.reserve(points.size() + points.size() / 8);
    std::size_t repeated = 0;
    std::string first_repeated;
    for (const auto& p : points) {
        PostcodeLocation loc;
        loc.x = p.x;
        loc.y = p.y;
        loc.level = p.postcode.level();
        loc.n_units = loc.level == PostcodeLevel::unit ? 1 : p.n_units;
        if (!locations_.emplace(p.postcode.text(), loc).second) {
            if (repeated++ == 0) first_repeated = p.postcode.text();
            continue;
        }
        ++given_[static_cast<int>(loc.level)];
        if (loc.level == PostcodeLevel::unit) {
            units_by_sector_[p.postcode.sector()].push_back({p.postcode.text(), p.x, p.y});
        }
    }
    if (repeated) {
        notes_.push_back(std::to_string(repeated) + " postcode(s) appear more than once in " + source_ + " (first: '" +
                         first_repeated + "'); the first of each is used.");
    }

    // Sectors from their units. Sums run in postcode order so results do not depend on hashing.
    std::map<std::string, std::vector<UnitPoint>*> sectors_with_units;
    for (auto& [sector, units] : units_by_sector_) sectors_with_units.emplace(sector, &units);
    for (auto& [sector, units] : sectors_with_units) {
        std::sort(units->begin(), units->end(),
                  [](const UnitPoint& a, const UnitPoint& b) { return a.postcode < b.postcode; });
        unit_sectors_by_district_[district_of(sector)].push_back(sector);  // already in order
        if (locations_.count(sector)) continue;
        MeanOf mean;
        for (const auto& u : *units) mean.add(u.x, u.y, 1);
        PostcodeLocation loc;
        loc.x = mean.sx / static_cast<double>(mean.weight);
        loc.y = mean.sy / static_cast<double>(mean.weight);
        loc.level = PostcodeLevel::sector;
        loc.n_units = mean.weight;
        loc.basis = PostcodeBasis::mean_of_units;
        loc.parts = mean.parts;
        locations_.emplace(sector, loc);
    }

    // Districts from their sectors, then areas from their districts: means weighted by units
    // (a sector whose source gives no unit count weighs as one unit).
    auto derive = [&](PostcodeLevel from, PostcodeLevel to, PostcodeBasis basis, std::string (*parent)(const std::string&)) {
        std::map<std::string, std::map<std::string, const PostcodeLocation*>> children;
        for (const auto& [key, loc] : locations_) {
            if (loc.level == from) children[parent(key)].emplace(key, &loc);
        }
        for (const auto& [key, parts] : children) {
            if (locations_.count(key)) continue;
            MeanOf mean;
            for (const auto& [child, loc] : parts) mean.add(loc->x, loc->y, std::max<long long>(loc->n_units, 1));
            PostcodeLocation loc;
            loc.x = mean.sx / static_cast<double>(mean.weight);
            loc.y = mean.sy / static_cast<double>(mean.weight);
            loc.level = to;
            loc.n_units = mean.weight;
            loc.basis = basis;
            loc.parts = mean.parts;
            locations_.emplace(key, loc);
        }
    };
    derive(PostcodeLevel::sector, PostcodeLevel::district, PostcodeBasis::mean_of_sectors, district_of);
    derive(PostcodeLevel::district, PostcodeLevel::area, PostcodeBasis::mean_of_districts, area_of);
}

std::optional<PostcodeLocation> PostcodeLookup::find(const Postcode& postcode) const {
    const auto it = locations_.find(postcode.text());
    if (it == locations_.end()) return std::nullopt;
    return it->second;
}

std::vector<UnitPoint> PostcodeLookup::units_of(const Postcode& postcode) const {
    std::vector<UnitPoint> out;
    auto add_sector = [&](const std::string& sector) {
        const auto it = units_by_sector_.find(sector);
        if (it != units_by_sector_.end()) out.insert(out.end(), it->second.begin(), it->second.end());
    };
    auto add_district = [&](const std::string& district) {
        const auto it = unit_sectors_by_district_.find(district);
        if (it == unit_sectors_by_district_.end()) return;
        for (const auto& sector : it->second) add_sector(sector);
    };
    switch (postcode.level()) {
        case PostcodeLevel::unit: {
            const auto it = units_by_sector_.find(postcode.sector());
            if (it == units_by_sector_.end()) break;
            for (const auto& u : it->second) {
                if (u.postcode == postcode.text()) out.push_back(u);
            }
            break;
        }
        case PostcodeLevel::sector: add_sector(postcode.text()); break;
        case PostcodeLevel::district: add_district(postcode.text()); break;
        case PostcodeLevel::area: {
            std::set<std::string> districts;
            for (const auto& [district, sectors] : unit_sectors_by_district_) {
                if (area_of(district) == postcode.text()) districts.insert(district);
            }
            for (const auto& d : districts) add_district(d);
            std::sort(out.begin(), out.end(), [](const UnitPoint& a, const UnitPoint& b) { return a.postcode < b.postcode; });
            break;
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Sources

namespace {

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return {};
    const auto e = s.find_last_not_of(" \t");
    return s.substr(b, e - b + 1);
}

bool parse_number(const std::string& text, double& out) {
    const std::string s = trim(text);
    if (s.empty()) return false;
    char* end = nullptr;
    out = std::strtod(s.c_str(), &end);
    return end && *end == '\0' && std::isfinite(out);
}

// Moves points given in `source_crs` into the working CRS.
void to_working_crs(std::vector<PostcodePoint>& points, const std::string& source_crs, const WorkingCrs& crs,
                    const std::string& path) {
    if (points.empty() || source_crs == crs.code) return;
    OGRSpatialReference from, to;
    from.SetFromUserInput(source_crs.c_str());
    to.SetFromUserInput(crs.code.c_str());
    from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    to.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&from, &to));
    if (!ct) throw RuntimeFailure(path + ": cannot transform " + source_crs + " to " + crs.code + ".");
    std::vector<double> xs, ys;
    xs.reserve(points.size());
    ys.reserve(points.size());
    for (const auto& p : points) xs.push_back(p.x), ys.push_back(p.y);
    std::vector<int> ok(points.size(), 0);
    ct->Transform(points.size(), xs.data(), ys.data(), nullptr, ok.data());
    std::size_t kept = 0;
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (!ok[i]) continue;
        points[i].x = xs[i];
        points[i].y = ys[i];
        points[kept++] = points[i];
    }
    points.erase(points.begin() + static_cast<std::ptrdiff_t>(kept), points.end());
}

// Counts the rows a reader left out, by reason, and keeps one example of each.
class Skipped {
public:
    void add(const std::string& reason, const std::string& example) {
        auto& [n, first] = reasons_[reason];
        if (n++ == 0) first = example;
    }
    void report(std::vector<std::string>& notes, const std::string& source) const {
        for (const auto& [reason, entry] : reasons_) {
            notes.push_back(source + ": " + std::to_string(entry.first) + " row(s) left out: " + reason + " (first: " +
                            entry.second + ").");
        }
    }

private:
    std::map<std::string, std::pair<std::size_t, std::string>> reasons_;
};

bool looks_like_codepoint(const CsvRecord& first) {
    if (first.fields.size() < 4) return false;
    const PostcodeParse pc = parse_postcode(first.fields[0]);
    double e = 0, n = 0;
    return pc && pc.postcode->level() == PostcodeLevel::unit && parse_number(first.fields[2], e) &&
           parse_number(first.fields[3], n);
}

// Code-Point Open: PC,PQ,EA,NO,... without a header, British National Grid.
void read_codepoint(const std::string& path, std::vector<PostcodePoint>& points, Skipped& skipped) {
    CsvReader csv(path);
    CsvRecord r;
    const std::string file = fs::path(path).filename().string();
    while (csv.next(r)) {
        if (r.fields.size() == 1 && trim(r.fields[0]).empty()) continue;
        const std::string where = file + " line " + std::to_string(r.line);
        if (r.fields.size() < 4) {
            skipped.add("fewer than 4 columns", where);
            continue;
        }
        PostcodeParse pc = parse_postcode(r.fields[0]);
        if (!pc) {
            skipped.add("not a postcode", where + " '" + r.fields[0] + "'");
            continue;
        }
        double e = 0, n = 0;
        // Code-Point gives 0,0 (quality 90) to postcodes it cannot place.
        if (!parse_number(r.fields[2], e) || !parse_number(r.fields[3], n) || (e == 0 && n == 0)) {
            skipped.add("no coordinates", where + " '" + pc.postcode->text() + "'");
            continue;
        }
        points.push_back({*pc.postcode, e, n, 0});
    }
}

struct ColumnPair {
    const char* x;
    const char* y;
    enum Kind { grid, geographic, either } kind;
};

// Names of coordinate columns, in the order they are preferred: grid references are exact where
// WGS84 ones have been through a datum shift already.
const ColumnPair coordinate_pairs[] = {
    {"oseast1m", "osnrth1m", ColumnPair::grid},  {"easting", "northing", ColumnPair::grid},
    {"eastings", "northings", ColumnPair::grid}, {"mean_easting", "mean_northing", ColumnPair::grid},
    {"east", "north", ColumnPair::grid},         {"ea", "no", ColumnPair::grid},
    {"x", "y", ColumnPair::either},              {"longitude", "latitude", ColumnPair::geographic},
    {"long", "lat", ColumnPair::geographic},     {"lon", "lat", ColumnPair::geographic},
    {"lng", "lat", ColumnPair::geographic},
};

const char* postcode_columns[] = {"pcds", "pcd", "pcd2", "postcode", "postcode_unit", "pc", "postcode_sector",
                                  "sector", "postcode_district", "district", "outcode", "partial_postcode"};

// British National Grid and WGS84 ranges around the UK (with the Channel Islands and Shetland).
bool grid_range(double x, double y) { return x >= -10000 && x <= 700000 && y >= -20000 && y <= 1300000 && (x > 180 || y > 90); }
bool lonlat_range(double lon, double lat) { return lon >= -9.5 && lon <= 3.5 && lat >= 49.0 && lat <= 61.5; }
// ONSPD marks postcodes without a grid reference with latitude 99.999999 (and longitude 0).
bool onspd_no_location(double lon, double lat) { return lat > 99.0 || (lon == 0 && lat == 0); }

void read_header_csv(const std::string& path, std::vector<PostcodePoint>& points, Skipped& skipped,
                     std::string& source_crs, std::string& description) {
    CsvReader csv(path);
    CsvRecord header;
    if (!csv.next(header)) throw DataError(path + ": the file is empty. Give a postcode lookup with a header row.");
    std::map<std::string, std::size_t> column;
    std::string names;
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
        const std::string name = lower(trim(header.fields[i]));
        column.emplace(name, i);
        names += (names.empty() ? "" : ", ") + name;
    }
    auto index = [&](const char* name) -> int {
        const auto it = column.find(name);
        return it == column.end() ? -1 : static_cast<int>(it->second);
    };
    int pc_index = -1;
    std::string pc_name;
    for (const char* name : postcode_columns) {
        if ((pc_index = index(name)) >= 0) {
            pc_name = name;
            break;
        }
    }
    if (pc_index < 0) {
        throw DataError(path + " line 1: no postcode column among: " + names +
                        ". Fix: name the postcode column pcds, pcd, postcode, sector or district.");
    }
    const int units_index = index("n_units");
    const int doterm_index = index("doterm");

    // Read a sample to tell the coordinate columns apart by their values.
    std::vector<CsvRecord> sample;
    CsvRecord r;
    while (sample.size() < 500 && csv.next(r)) sample.push_back(r);
    int x_index = -1, y_index = -1;
    std::string why_not;
    for (const auto& pair : coordinate_pairs) {
        const int xi = index(pair.x), yi = index(pair.y);
        if (xi < 0 || yi < 0) continue;
        int grid = 0, lonlat = 0, swapped = 0, numeric = 0;
        for (const auto& s : sample) {
            double x = 0, y = 0;
            if (static_cast<int>(s.fields.size()) <= std::max(xi, yi)) continue;
            if (!parse_number(s.fields[xi], x) || !parse_number(s.fields[yi], y)) continue;
            if (pair.kind != ColumnPair::grid && onspd_no_location(x, y)) continue;
            ++numeric;
            grid += grid_range(x, y);
            lonlat += lonlat_range(x, y);
            swapped += lonlat_range(y, x);
        }
        const std::string pair_name = std::string(pair.x) + "/" + pair.y;
        if (numeric == 0) {
            why_not += " " + pair_name + " hold no numbers;";
            continue;
        }
        // Most, not all: a few odd rows are left out row by row below.
        const bool is_grid = grid * 10 >= numeric * 9, is_lonlat = lonlat * 10 >= numeric * 9;
        if (pair.kind != ColumnPair::geographic && is_grid) {
            x_index = xi, y_index = yi, source_crs = "EPSG:27700";
        } else if (pair.kind != ColumnPair::grid && is_lonlat) {
            x_index = xi, y_index = yi, source_crs = "EPSG:4326";
        } else if (pair.kind != ColumnPair::grid && swapped * 10 >= numeric * 9) {
            throw DataError(path + ": columns " + pair_name + " look like latitude/longitude the wrong way round (" +
                            pair.y + " holds longitudes). Fix: swap the column names.");
        } else {
            why_not += " " + pair_name + " are neither eastings/northings nor longitude/latitude in the UK;";
            continue;
        }
        description = "columns " + pc_name + ", " + pair_name + (source_crs == "EPSG:27700" ? " (British National Grid)" : " (WGS84)");
        break;
    }
    if (x_index < 0) {
        throw DataError(path + ": no coordinate columns found among: " + names + "." + why_not +
                        " Fix: give eastings/northings (easting, northing or oseast1m, osnrth1m) or WGS84 "
                        "(latitude, longitude).");
    }

    const std::string file = fs::path(path).filename().string();
    auto take = [&](const CsvRecord& row) {
        const std::string where = file + " line " + std::to_string(row.line);
        const int needed = std::max({pc_index, x_index, y_index});
        if (static_cast<int>(row.fields.size()) <= needed) {
            if (!(row.fields.size() == 1 && trim(row.fields[0]).empty())) skipped.add("too few columns", where);
            return;
        }
        if (doterm_index >= 0 && static_cast<int>(row.fields.size()) > doterm_index && !trim(row.fields[doterm_index]).empty()) {
            skipped.add("terminated postcode (doterm set)", where);
            return;
        }
        PostcodeParse pc = parse_postcode(row.fields[pc_index]);
        if (!pc) {
            skipped.add("not a postcode", where + " '" + row.fields[pc_index] + "'");
            return;
        }
        double x = 0, y = 0;
        if (!parse_number(row.fields[x_index], x) || !parse_number(row.fields[y_index], y) ||
            (source_crs == "EPSG:4326" && onspd_no_location(x, y))) {
            skipped.add("no coordinates", where + " '" + pc.postcode->text() + "'");
            return;
        }
        const bool plausible = source_crs == "EPSG:27700" ? grid_range(x, y) : lonlat_range(x, y);
        if (!plausible) {
            skipped.add("coordinates outside the UK", where + " '" + pc.postcode->text() + "'");
            return;
        }
        long long n_units = 0;
        double u = 0;
        if (units_index >= 0 && static_cast<int>(row.fields.size()) > units_index && parse_number(row.fields[units_index], u)) {
            n_units = static_cast<long long>(u);
        }
        points.push_back({*pc.postcode, x, y, n_units});
    };
    for (const auto& row : sample) take(row);
    while (csv.next(r)) take(r);
}

std::string ogr_postcode_field(OGRFeatureDefn* defn) {
    for (const char* name : postcode_columns) {
        for (int i = 0; i < defn->GetFieldCount(); ++i) {
            if (EQUAL(defn->GetFieldDefn(i)->GetNameRef(), name)) return defn->GetFieldDefn(i)->GetNameRef();
        }
    }
    return {};
}

void read_ogr(const std::string& path, const WorkingCrs& crs, std::vector<PostcodePoint>& points, Skipped& skipped,
              std::string& description) {
    ensure_gdal_registered();
    GdalMessages gdal;
    DatasetPtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!ds) {
        throw DataError(path + ": GDAL cannot open it as a vector layer" + (gdal.last().empty() ? "" : " (" + gdal.last() + ")") +
                        ". Fix: give Code-Point Open CSV, an ONS Postcode Directory CSV, or a GeoPackage/GeoJSON "
                        "with a postcode field.");
    }
    OGRLayer* layer = nullptr;
    std::string field;
    for (auto* l : ds->GetLayers()) {
        field = ogr_postcode_field(l->GetLayerDefn());
        if (!field.empty()) {
            layer = l;
            break;
        }
    }
    if (!layer) {
        throw DataError(path + ": no layer has a postcode field (pcds, pcd, postcode, sector or district). Fix: "
                               "rename the postcode field to one of those.");
    }
    const OGRSpatialReference* srs = layer->GetSpatialRef();
    if (!srs) {
        throw DataError(path + ": layer '" + layer->GetName() +
                        "' does not say which coordinate reference system it is in. Fix: save it with a CRS "
                        "(EPSG:27700 or EPSG:4326).");
    }
    OGRSpatialReference from(*srs), to;
    from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    to.SetFromUserInput(crs.code.c_str());
    to.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&from, &to));
    if (!ct) throw DataError(path + ": cannot transform its CRS to " + crs.code + ".");
    const int field_index = layer->GetLayerDefn()->GetFieldIndex(field.c_str());
    const int units_index = layer->GetLayerDefn()->GetFieldIndex("n_units");
    for (auto& f : *layer) {
        const std::string where = "feature " + std::to_string(f->GetFID());
        PostcodeParse pc = parse_postcode(f->GetFieldAsString(field_index));
        if (!pc) {
            skipped.add("not a postcode", where + " '" + f->GetFieldAsString(field_index) + "'");
            continue;
        }
        const OGRGeometry* g = f->GetGeometryRef();
        if (!g || g->IsEmpty()) {
            skipped.add("no geometry", where);
            continue;
        }
        OGRPoint p;
        if (wkbFlatten(g->getGeometryType()) == wkbPoint) {
            p = *g->toPoint();
        } else if (OGRGeometryH inside = OGR_G_PointOnSurface(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(g)))) {
            // A point inside the polygon, where a centroid may fall outside a crescent-shaped district.
            p = *OGRGeometry::FromHandle(inside)->toPoint();
            OGR_G_DestroyGeometry(inside);
        } else if (g->Centroid(&p) != OGRERR_NONE) {
            skipped.add("no point inside the geometry", where);
            continue;
        }
        double x = p.getX(), y = p.getY();
        if (from.IsGeographic() && (std::fabs(x) > 180 || std::fabs(y) > 90)) {
            skipped.add("coordinates are not longitude/latitude though the layer's CRS says so (eastings and "
                        "northings in a GeoJSON file without a crs member?)",
                        where);
            continue;
        }
        if (!ct->Transform(1, &x, &y)) {
            skipped.add("cannot be transformed", where);
            continue;
        }
        const long long n_units = units_index >= 0 ? f->GetFieldAsInteger64(units_index) : 0;
        points.push_back({*pc.postcode, x, y, n_units});
    }
    description = "layer '" + std::string(layer->GetName()) + "', field " + field;
}

bool is_csv_name(const fs::path& p) {
    const std::string ext = lower(p.extension().string());
    return ext == ".csv" || ext == ".txt";
}

}  // namespace

PostcodeLookup postcode_lookup_from_layer(const Layer& layer) {
    std::vector<PostcodePoint> points;
    points.reserve(layer.features.size());
    Skipped skipped;
    std::size_t level_mismatch = 0;
    std::string first_mismatch;
    for (const auto& f : layer.features) {
        const auto text = layer.text(f, "postcode");
        if (!text) {
            skipped.add("no postcode", f.where);
            continue;
        }
        PostcodeParse pc = parse_postcode(*text);
        if (!pc) {
            skipped.add("not a postcode", f.where + " '" + *text + "'");
            continue;
        }
        if (!f.geometry) {
            skipped.add("no location", f.where);
            continue;
        }
        OGRPoint p;
        if (wkbFlatten(f.geometry->getGeometryType()) == wkbPoint) {
            p = *f.geometry->toPoint();
        } else if (f.geometry->Centroid(&p) != OGRERR_NONE) {
            skipped.add("no point", f.where);
            continue;
        }
        // The postcode's own form decides its level; a level field that disagrees is only noted.
        if (const auto level = layer.text(f, "level")) {
            const auto said = postcode_level_from_string(*level);
            if (said && *said != pc.postcode->level() && level_mismatch++ == 0) first_mismatch = f.where;
        }
        points.push_back({*pc.postcode, p.getX(), p.getY(), layer.integer(f, "n_units").value_or(0)});
    }
    const std::string source = layer.spec.source_as_written + " (layer '" + layer.spec.name + "')";
    PostcodeLookup lookup(std::move(points), source);
    std::vector<std::string> notes;
    skipped.report(notes, source);
    if (level_mismatch) {
        notes.push_back(source + ": " + std::to_string(level_mismatch) +
                        " feature(s) have a level that does not match their postcode (first: " + first_mismatch +
                        "); the postcode's own form is used.");
    }
    for (auto& n : notes) lookup.add_note(std::move(n));
    return lookup;
}

PostcodeLookup read_postcode_lookup(const std::string& path, const WorkingCrs& crs) {
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        throw ArgumentError("--lookup: '" + path + "' not found. Give a Code-Point Open CSV (or its folder), an ONS "
                            "Postcode Directory CSV, or a GeoPackage/GeoJSON with a postcode field.");
    }
    std::vector<PostcodePoint> points;
    Skipped skipped;
    std::string source_crs = "EPSG:27700";
    std::string what;
    if (fs::is_directory(path, ec)) {
        // Code-Point Open ships one CSV per postcode area; other CSVs there (column headers) are passed over.
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(path)) {
            if (entry.is_regular_file() && is_csv_name(entry.path())) files.push_back(entry.path());
        }
        std::sort(files.begin(), files.end());
        std::vector<std::string> used;
        for (const auto& f : files) {
            CsvReader probe(f.string());
            CsvRecord first;
            if (!probe.next(first) || !looks_like_codepoint(first)) continue;
            read_codepoint(f.string(), points, skipped);
            used.push_back(f.filename().string());
        }
        if (used.empty()) {
            throw DataError(path + ": the folder holds no Code-Point Open CSV files (no header; first column a unit "
                                   "postcode). Fix: give the folder Data/CSV of Code-Point Open, or one file.");
        }
        what = "Code-Point Open CSV " + path + " (" + std::to_string(used.size()) + " files)";
    } else if (is_csv_name(path)) {
        CsvRecord first;
        {
            CsvReader probe(path);
            if (!probe.next(first)) throw DataError(path + ": the file is empty. Give a postcode lookup.");
        }
        if (looks_like_codepoint(first)) {
            read_codepoint(path, points, skipped);
            what = "Code-Point Open CSV " + path;
        } else {
            std::string columns;
            read_header_csv(path, points, skipped, source_crs, columns);
            what = "CSV " + path + ", " + columns;
        }
    } else {
        std::string layer;
        read_ogr(path, crs, points, skipped, layer);
        source_crs = crs.code;  // read_ogr transforms as it reads
        what = path + ", " + layer;
    }
    if (points.empty()) {
        std::vector<std::string> why;
        skipped.report(why, path);
        std::string msg = path + ": no usable postcode with a location was found.";
        for (const auto& w : why) msg += "\n  " + w;
        throw DataError(msg + "\nFix: check that it is a postcode lookup with coordinates, and its CRS.");
    }
    to_working_crs(points, source_crs, crs, path);
    PostcodeLookup lookup(std::move(points), what);
    std::vector<std::string> notes;
    skipped.report(notes, path);
    for (auto& n : notes) lookup.add_note(std::move(n));
    return lookup;
}

}  // namespace roisc
