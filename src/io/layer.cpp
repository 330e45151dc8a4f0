#include "roisc/io/layer.hpp"

#include "roisc/core/error.hpp"
#include "roisc/core/text.hpp"
#include "roisc/io/gdal_support.hpp"
#include "roisc/model/study.hpp"
#include "asset_layer.hpp"
#include "demand_columns.hpp"
#include "layer_checks.hpp"

#include <cpl_string.h>
#include <geos_c.h>
#include <ogrsf_frmts.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <unordered_map>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace roisc {

using namespace layer_checks;

void Extent::expand(const OGREnvelope& e) {
    if (empty) {
        min_x = e.MinX, min_y = e.MinY, max_x = e.MaxX, max_y = e.MaxY;
        empty = false;
        return;
    }
    min_x = std::min(min_x, e.MinX);
    min_y = std::min(min_y, e.MinY);
    max_x = std::max(max_x, e.MaxX);
    max_y = std::max(max_y, e.MaxY);
}

bool Layer::usable() const { return error_count() == 0; }

int Layer::error_count() const {
    return static_cast<int>(std::count_if(problems.begin(), problems.end(),
                                          [](const Problem& p) { return p.severity == Problem::Severity::error; }));
}

int Layer::warning_count() const { return static_cast<int>(problems.size()) - error_count(); }

int Layer::field_index(const std::string& logical) const {
    const std::string name = spec.source_field(logical);
    for (std::size_t i = 0; i < field_names.size(); ++i) {
        if (field_names[i] == name) return static_cast<int>(i);
    }
    // Field names in GDAL are case-insensitive; so are ours.
    for (std::size_t i = 0; i < field_names.size(); ++i) {
        if (EQUAL(field_names[i].c_str(), name.c_str())) return static_cast<int>(i);
    }
    return -1;
}

namespace {

// A field's value as text / as a whole number, by its index in Layer::field_names.
std::optional<std::string> text_at(const Feature& f, int i) {
    if (i < 0) return std::nullopt;
    const FieldValue& v = f.values[static_cast<std::size_t>(i)];
    if (std::holds_alternative<std::string>(v)) return std::get<std::string>(v);
    if (std::holds_alternative<long long>(v)) return std::to_string(std::get<long long>(v));
    if (std::holds_alternative<double>(v)) {
        std::ostringstream s;
        s << std::get<double>(v);
        return s.str();
    }
    return std::nullopt;
}

std::optional<long long> integer_at(const Feature& f, int i) {
    if (i < 0) return std::nullopt;
    const FieldValue& v = f.values[static_cast<std::size_t>(i)];
    if (std::holds_alternative<long long>(v)) return std::get<long long>(v);
    if (std::holds_alternative<double>(v)) {
        const double d = std::get<double>(v);
        // Beyond ±9e18 the conversion is undefined: not a whole number this program can hold.
        if (std::floor(d) == d && std::fabs(d) < 9.0e18) return static_cast<long long>(d);
        return std::nullopt;
    }
    if (std::holds_alternative<std::string>(v)) {
        const std::string& s = std::get<std::string>(v);
        char* end = nullptr;
        errno = 0;
        const long long n = std::strtoll(s.c_str(), &end, 10);
        if (!s.empty() && end && *end == '\0' && errno != ERANGE) return n;
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> Layer::text(const Feature& f, const std::string& logical) const {
    return text_at(f, field_index(logical));
}

std::optional<long long> Layer::integer(const Feature& f, const std::string& logical) const {
    return integer_at(f, field_index(logical));
}

const Layer* LoadedLayers::find(const std::string& name) const {
    for (const auto& l : layers) {
        if (l.spec.name == name) return &l;
    }
    return nullptr;
}

std::vector<const Layer*> LoadedLayers::with_role(Role role) const {
    std::vector<const Layer*> out;
    for (const auto& l : layers) {
        if (l.spec.role == role) out.push_back(&l);
    }
    return out;
}

bool is_utf8(const std::string& text) { return CPLIsUTF8(text.c_str(), static_cast<int>(text.size())) != 0; }

std::string describe(const Layer& layer, const Problem& p) {
    std::string out = (p.severity == Problem::Severity::error ? "error: " : "warning: ");
    out += layer.spec.source_as_written;
    out += " (layer '" + layer.spec.name + "')";
    if (!p.where.empty()) out += ", " + p.where;
    if (!p.field.empty()) out += ", field '" + p.field + "'";
    out += ": " + p.message;
    if (!p.fix.empty()) out += " Fix: " + p.fix;
    return out;
}

void require_usable(const Layer& layer) {
    if (layer.usable()) return;
    std::string msg = "layer '" + layer.spec.name + "' (" + layer.spec.source_as_written + ") cannot be used:";
    int shown = 0;
    for (const auto& p : layer.problems) {
        if (p.severity != Problem::Severity::error) continue;
        if (shown++ == 5) {
            msg += "\n  … and " + std::to_string(layer.error_count() - 5) + " more; run `roisc layers` for all.";
            break;
        }
        msg += "\n  " + describe(layer, p);
    }
    throw DataError(msg);
}

namespace {

constexpr std::size_t max_problems_per_code = 200;

class ProblemLog {
public:
    explicit ProblemLog(Layer& layer) : layer_(layer) {}
    // Called before each problem is added: read_layer settles the points it holds back first, so
    // problems stay in the order of the features.
    std::function<void()> before_add;
    void add(Problem::Severity severity, std::string code, std::string where, std::string field, std::string message,
             std::string fix) {
        if (before_add) before_add();
        std::size_t& n = counts_[code];
        ++n;
        if (n > max_problems_per_code) return;
        layer_.problems.push_back(
            {severity, std::move(code), std::move(where), std::move(field), std::move(message), std::move(fix)});
    }
    void error(std::string code, std::string where, std::string field, std::string message, std::string fix) {
        add(Problem::Severity::error, std::move(code), std::move(where), std::move(field), std::move(message),
            std::move(fix));
    }
    void warning(std::string code, std::string where, std::string field, std::string message, std::string fix) {
        add(Problem::Severity::warning, std::move(code), std::move(where), std::move(field), std::move(message),
            std::move(fix));
    }
    // Adds one closing line per code whose occurrences were cut short.
    void finish() {
        for (const auto& [code, n] : counts_) {
            if (n <= max_problems_per_code) continue;
            const auto it = std::find_if(layer_.problems.begin(), layer_.problems.end(),
                                         [&](const Problem& p) { return p.code == code; });
            layer_.problems.push_back({it->severity, code, "", "",
                                       "… and " + std::to_string(n - max_problems_per_code) +
                                           " more problems like the ones above.",
                                       ""});
        }
    }

private:
    Layer& layer_;
    std::map<std::string, std::size_t> counts_;
};

std::string manifest_hint(const LayerSpec& spec) { return "[layers." + spec.name + "] of the manifest"; }

std::string srs_code(const OGRSpatialReference& srs) {
    const char* auth = srs.GetAuthorityName(nullptr);
    const char* code = srs.GetAuthorityCode(nullptr);
    if (auth && code) return std::string(auth) + ":" + code;
    OGRSpatialReference copy(srs);
    if (copy.AutoIdentifyEPSG() == OGRERR_NONE) {
        auth = copy.GetAuthorityName(nullptr);
        code = copy.GetAuthorityCode(nullptr);
        if (auth && code) return std::string(auth) + ":" + code;
    }
    const char* name = srs.GetName();
    return name ? name : "unknown";
}

bool is_csv_like(const LayerSpec& spec) {
    std::string ext = fs::path(spec.source).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext == ".csv" || ext == ".tsv" || ext == ".txt";
}

std::string in_quotes(const std::string& s) { return "\"" + s + "\""; }

// SQLite lets any row of any column hold any value, whatever the column's declared type, and
// GDAL reads a number column's value as that type without a word: "seven" or a blob in an INTEGER
// column reads as 0, 2.5 as 2, 4294967303 in a MEDIUMINT column as 7, "seven" in a REAL column as
// 0.0. For the number fields in `fields` (index into Layer::field_names, OGR type), the values of
// the rows GDAL would misread, as they really are, by fid; so that the checks of read_layer's loop
// judge the real value. Empty for other drivers, or when the query cannot be asked.
using Misread = std::unordered_map<long long, std::vector<std::pair<int, FieldValue>>>;

// An SQL identifier, quoted.
std::string sql_quoted(const std::string& name) {
    std::string q = "\"";
    for (char c : name) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

// The WHERE condition that picks the rows holding a value their column's type cannot: text or a
// blob in a number column, a fraction or a value past 32 bits in an int32 one.
std::string misfit_rows(const std::vector<std::pair<int, OGRFieldType>>& fields, const std::vector<std::string>& field_names) {
    std::string where;
    for (const auto& [index, type] : fields) {
        const std::string c = sql_quoted(field_names[static_cast<std::size_t>(index)]);
        const std::string fits = type == OFTReal      ? "typeof(" + c + ") IN ('null', 'integer', 'real')"
                                 : type == OFTInteger ? "(typeof(" + c + ") = 'null' OR (typeof(" + c + ") = 'integer' AND " + c +
                                                            " BETWEEN -2147483648 AND 2147483647))"
                                                      : "typeof(" + c + ") IN ('null', 'integer')";
        where += (where.empty() ? "" : " OR ") + std::string("NOT ") + fits;
    }
    return where;
}

Misread values_gdal_misreads(GDALDataset& ds, OGRLayer& layer, const std::vector<std::pair<int, OGRFieldType>>& fields,
                             const std::vector<std::string>& field_names) {
    Misread out;
    const std::string fid = layer.GetFIDColumn() ? layer.GetFIDColumn() : "";
    if (fields.empty() || fid.empty()) return out;
    std::string select = "SELECT " + sql_quoted(fid);
    for (const auto& field : fields) {
        const std::string c = sql_quoted(field_names[static_cast<std::size_t>(field.first)]);
        select += ", typeof(" + c + "), CASE typeof(" + c + ") WHEN 'blob' THEN quote(" + c + ") ELSE CAST(" + c + " AS TEXT) END";
    }
    const std::string sql = select + " FROM " + sql_quoted(layer.GetName()) + " WHERE " + misfit_rows(fields, field_names);
    OGRLayer* result = ds.ExecuteSQL(sql.c_str(), nullptr, "NATIVE");
    if (!result) return out;
    // GDAL takes a selected fid as the rows' own fid, not as a field.
    const bool fid_is_field = !(result->GetFIDColumn() && *result->GetFIDColumn());
    for (auto& row : *result) {
        std::vector<std::pair<int, FieldValue>> values;
        for (std::size_t k = 0; k < fields.size(); ++k) {
            const int at = (fid_is_field ? 1 : 0) + 2 * static_cast<int>(k);
            const std::string kind = row->GetFieldAsString(at);
            const std::string text = row->GetFieldAsString(at + 1);
            FieldValue v = text;  // text and blobs (as X'…') as they are
            if (kind == "null") continue;
            if (kind == "integer") v = std::strtoll(text.c_str(), nullptr, 10);
            if (kind == "real") v = std::strtod(text.c_str(), nullptr);
            values.emplace_back(fields[k].first, std::move(v));
        }
        out[fid_is_field ? row->GetFieldAsInteger64(0) : row->GetFID()] = std::move(values);
    }
    ds.ReleaseResultSet(result);
    return out;
}

// The same through SQLite itself, on its own connection: through a second GDAL dataset the check
// slowed the stream beside it twice as much (the 1.7M-point layer's reading took 0.8–1.0 s more, not
// 0.4–0.5 s). Nothing when the file cannot be read so (a GeoPackage inside a zip, a view calling
// GDAL's functions, a damaged file): then values_gdal_misreads.
std::optional<Misread> values_sqlite_holds(const std::string& path, const std::string& table, const std::string& fid,
                                           const std::vector<std::pair<int, OGRFieldType>>& fields,
                                           const std::vector<std::string>& field_names) {
    std::string select = "SELECT " + sql_quoted(fid);
    for (const auto& field : fields) select += ", " + sql_quoted(field_names[static_cast<std::size_t>(field.first)]);
    const std::string sql = select + " FROM " + sql_quoted(table) + " WHERE " + misfit_rows(fields, field_names);
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return std::nullopt;
    }
    sqlite3_stmt* stmt = nullptr;
    std::optional<Misread> out;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK) {
        out.emplace();
        int step = SQLITE_ROW;
        while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
            std::vector<std::pair<int, FieldValue>> values;
            for (std::size_t k = 0; k < fields.size(); ++k) {
                const int at = 1 + static_cast<int>(k);
                FieldValue v;
                switch (sqlite3_column_type(stmt, at)) {
                    case SQLITE_NULL: continue;
                    case SQLITE_INTEGER: v = static_cast<long long>(sqlite3_column_int64(stmt, at)); break;
                    case SQLITE_FLOAT: v = sqlite3_column_double(stmt, at); break;
                    case SQLITE_BLOB: {
                        // As SQL writes it, X'…' (GDAL would have read it as 0).
                        const auto* bytes = static_cast<const unsigned char*>(sqlite3_column_blob(stmt, at));
                        std::string hex = "X'";
                        char two[3];
                        for (int i = 0; i < sqlite3_column_bytes(stmt, at); ++i) {
                            std::snprintf(two, sizeof two, "%02X", bytes[i]);
                            hex += two;
                        }
                        v = hex + "'";
                        break;
                    }
                    default: {
                        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, at));
                        v = std::string(text ? text : "", static_cast<std::size_t>(sqlite3_column_bytes(stmt, at)));
                    }
                }
                values.emplace_back(fields[k].first, std::move(v));
            }
            (*out)[sqlite3_column_int64(stmt, 0)] = std::move(values);
        }
        if (step != SQLITE_DONE) out.reset();
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return out;
}

// A count from the source used only to reserve memory: a GeoPackage's cached count can say anything.
std::size_t to_reserve(GIntBig n) { return n > 0 ? static_cast<std::size_t>(std::min<GIntBig>(n, GIntBig{1} << 24)) : 0; }

}  // namespace

std::optional<LonLatBox> probe_extent(const LayerSpec& spec) {
    ensure_gdal_registered();
    GdalMessages quiet;
    if (spec.x_field) return std::nullopt;  // CSV points: read_layer parses them itself
    CPLStringList options;
    for (const auto& o : spec.open_options) options.AddString(o.c_str());
    DatasetPtr ds(GDALDataset::Open(spec.source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, options.List()));
    if (!ds) return std::nullopt;
    OGRLayer* layer = spec.source_layer ? ds->GetLayerByName(spec.source_layer->c_str()) : ds->GetLayer(0);
    if (!layer) return std::nullopt;
    OGREnvelope env;
    // An OpenStreetMap file would be read whole for its extent: use the bounds it declares, if any.
    const bool osm = ds->GetDriver() && EQUAL(ds->GetDriver()->GetDescription(), "OSM");
    if (layer->GetExtent(&env, osm ? FALSE : TRUE) != OGRERR_NONE) return std::nullopt;
    OGRSpatialReference src;
    if (spec.crs) {
        if (src.SetFromUserInput(spec.crs->c_str()) != OGRERR_NONE) return std::nullopt;
    } else if (const OGRSpatialReference* s = layer->GetSpatialRef()) {
        src = *s;
    } else {
        return std::nullopt;
    }
    src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReference wgs84;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&src, &wgs84));
    if (!ct) return std::nullopt;
    double xs[4] = {env.MinX, env.MaxX, env.MinX, env.MaxX};
    double ys[4] = {env.MinY, env.MinY, env.MaxY, env.MaxY};
    int ok[4] = {0, 0, 0, 0};
    if (!ct->Transform(4, xs, ys, nullptr, ok)) return std::nullopt;
    LonLatBox box{xs[0], ys[0], xs[0], ys[0]};
    for (int i = 0; i < 4; ++i) {
        if (!ok[i] || std::fabs(xs[i]) > 180 || std::fabs(ys[i]) > 90) return std::nullopt;
        box.expand({xs[i], ys[i], xs[i], ys[i]});
    }
    return box;
}

Layer read_layer(const LayerSpec& spec, const WorkingCrs& crs, Keep keep) {
    ensure_gdal_registered();
    Layer out;
    out.spec = spec;
    out.compact = keep == Keep::demand_rows && spec.role == Role::demand;
    out.working_crs = crs.code;
    ProblemLog log(out);
    GdalMessages gdal;
    const std::string at_manifest = manifest_hint(spec);

    if (spec.is_file()) {
        std::error_code ec;
        if (!fs::exists(spec.source, ec)) {
            log.error("source_missing", "", "",
                      "the source file " + in_quotes(spec.source) + " does not exist (named by " + at_manifest +
                          ", line " + std::to_string(spec.line) + ").",
                      "correct `source` there; a relative path is read from the manifest's folder.");
            log.finish();
            return out;
        }
    }

    CPLStringList options;
    for (const auto& o : spec.open_options) options.AddString(o.c_str());
    const bool csv_points = spec.x_field.has_value();
    if (is_geojson(spec) && options.FindName("DATE_AS_STRING") < 0) {
        // GDAL reads "19:30pm" in a time column as 19:30 without a word; take the text and judge it.
        options.SetNameValue("DATE_AS_STRING", "YES");
    }
    if (csv_points || is_csv_like(spec)) {
        // Read every CSV column as text so that we, not GDAL, judge what is a number.
        if (options.FindName("AUTODETECT_TYPE") < 0) options.SetNameValue("AUTODETECT_TYPE", "NO");
    }
    DatasetPtr ds(GDALDataset::Open(spec.source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, options.List()));
    if (!ds) {
        std::string why = gdal.last();
        if (why.empty() || why.find("not recognized") != std::string::npos) {
            // Ask the driver the extension suggests, for its parse error with line and column.
            std::string ext = fs::path(spec.source).extension().string();
            const char* drivers[] = {nullptr, nullptr};
            if (ext == ".geojson" || ext == ".json") drivers[0] = "GeoJSON";
            if (ext == ".gpkg") drivers[0] = "GPKG";
            if (drivers[0]) {
                GdalMessages retry;
                DatasetPtr again(GDALDataset::Open(spec.source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers,
                                                   options.List()));
                if (!retry.last().empty()) why = retry.last();
            }
        }
        if (why.empty()) why = "GDAL does not recognise it as a vector format";
        if (const std::string position = json_error_position(spec.source); !position.empty()) why += " (" + position + ")";
        log.error("unreadable", "", "", "cannot be opened: " + why + ".",
                  "check that the file is complete and in a format GDAL reads (GeoJSON, GeoPackage, Shapefile, "
                  "FlatGeobuf, CSV, OpenStreetMap .osm/.osm.pbf); for GeoJSON, `ogrinfo " + spec.source_as_written + "` shows the same error.");
        log.finish();
        return out;
    }
    out.driver = ds->GetDriver() ? ds->GetDriver()->GetDescription() : "";

    OGRLayer* layer = nullptr;
    if (spec.source_layer) {
        layer = ds->GetLayerByName(spec.source_layer->c_str());
        if (!layer) {
            std::string names;
            for (auto* l : ds->GetLayers()) names += (names.empty() ? "" : ", ") + std::string(l->GetName());
            log.error("no_such_layer", "", "", "has no layer named " + in_quotes(*spec.source_layer) + " (it has: " + names + ").",
                      "set `layer` in " + at_manifest + " to one of those.");
            log.finish();
            return out;
        }
    } else {
        if (ds->GetLayerCount() > 1) {
            std::string names;
            for (auto* l : ds->GetLayers()) names += (names.empty() ? "" : ", ") + std::string(l->GetName());
            log.error("ambiguous_layer", "", "", "holds " + std::to_string(ds->GetLayerCount()) + " layers (" + names + ").",
                      "add layer = \"<name>\" to " + at_manifest + ".");
            log.finish();
            return out;
        }
        layer = ds->GetLayer(0);
    }
    if (!layer) {
        log.error("empty_layer", "", "", "holds no layer at all.", "point `source` at a file with features.");
        log.finish();
        return out;
    }
    // OpenStreetMap files interleave their layers: ask the driver for this one only, so that the
    // others are not buffered, and do not count features first (that would read the file twice).
    const bool osm = out.driver == "OSM";
    if (osm) {
        const std::string interest = std::string("SET interest_layers = ") + layer->GetName();
        ds->ExecuteSQL(interest.c_str(), nullptr, nullptr);
    }

    if (!osm && layer->GetFeatureCount(TRUE) == 0) {
        log.error("empty_layer", "", "", "the layer has no features.",
                  "point `source` in " + at_manifest + " at a file with features, or remove the layer.");
        log.finish();
        return out;
    }

    // Fields.
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
        OGRFieldDefn* fd = defn->GetFieldDefn(i);
        out.field_names.emplace_back(fd->GetNameRef());
        out.field_types.emplace_back(OGRFieldDefn::GetFieldTypeName(fd->GetType()));
    }
    const std::string field_list = [&] {
        std::string s;
        for (const auto& n : out.field_names) s += (s.empty() ? "" : ", ") + n;
        return s.empty() ? std::string("none") : s;
    }();

    struct Needed {
        std::string logical;
        FieldType type;
        bool is_id;
        int index;
    };
    std::vector<Needed> needed;
    bool fields_ok = true;
    const RoleSchema& schema = schema_for(spec.role);
    auto need = [&](const std::string& logical, FieldType type, bool required, bool is_id) {
        const int idx = out.field_index(logical);
        const bool mapped = spec.fields.count(logical) > 0;
        if (idx < 0 && (required || mapped)) {
            fields_ok = false;
            const std::string src = spec.source_field(logical);
            log.error("missing_field", "", src,
                      std::string(required ? "the required" : "the mapped") + " field " + in_quotes(src) + " (" +
                          logical + ", for role " + to_string(spec.role) + ") is not in the source; its fields are: " +
                          field_list + ".",
                      "add the field to the source, or map it to one of those with fields = { " + logical +
                          " = \"<field>\" } in " + at_manifest + ".");
        }
        if (idx >= 0) needed.push_back({logical, type, is_id, idx});
    };
    for (const auto& f : schema.fields) need(f.name, f.type, f.required, f.is_id);
    for (const auto& c : spec.cohorts) need(c, FieldType::integer, true, false);
    int x_index = -1, y_index = -1;
    if (csv_points) {
        for (std::size_t i = 0; i < out.field_names.size(); ++i) {
            if (EQUAL(out.field_names[i].c_str(), spec.x_field->c_str())) x_index = static_cast<int>(i);
            if (EQUAL(out.field_names[i].c_str(), spec.y_field->c_str())) y_index = static_cast<int>(i);
        }
        for (auto [idx, name] : {std::pair{x_index, *spec.x_field}, std::pair{y_index, *spec.y_field}}) {
            if (idx < 0) {
                fields_ok = false;
                log.error("missing_field", "", name,
                          "coordinate column " + in_quotes(name) + " is not in the source; its columns are: " +
                              field_list + ".",
                          "set x and y in " + at_manifest + " to the coordinate columns.");
            }
        }
    }

    // CRS.
    OGRSpatialReference source_srs;
    bool have_srs = false;
    if (spec.crs) {
        if (source_srs.SetFromUserInput(spec.crs->c_str(), OGRSpatialReference::SET_FROM_USER_INPUT_LIMITATIONS) !=
            OGRERR_NONE) {
            log.error("bad_crs", "", "", "crs = " + in_quotes(*spec.crs) + " is not a CRS GDAL knows.",
                      "use an authority code such as \"EPSG:4326\" (lon/lat) or \"EPSG:27700\" (British National "
                      "Grid) in " + at_manifest + ".");
            log.finish();
            return out;
        }
        have_srs = true;
    } else if (!csv_points) {
        if (out.driver == "GeoJSON") {
            if (const auto name = geojson_crs_name(spec.source)) {
                OGRSpatialReference declared;
                if (declared.SetFromUserInput(name->c_str(), OGRSpatialReference::SET_FROM_USER_INPUT_LIMITATIONS) !=
                    OGRERR_NONE) {
                    log.error("bad_crs", "", "",
                              "the file's crs member names " + in_quotes(*name) +
                                  ", which is not a CRS GDAL knows (GDAL would read the coordinates as longitude/latitude).",
                              "correct the crs member, or set crs = \"EPSG:…\" in " + at_manifest +
                                  " to say what the coordinates are (\"EPSG:4326\" longitude/latitude, \"EPSG:27700\" "
                                  "eastings/northings).");
                    log.finish();
                    return out;
                }
            }
        }
        if (const OGRSpatialReference* s = layer->GetSpatialRef()) {
            source_srs = *s;
            have_srs = true;
        }
    }
    if (!have_srs) {
        log.error("no_crs", "", "",
                  "the source does not say which coordinate reference system its coordinates are in.",
                  "add crs = \"EPSG:4326\" (longitude/latitude) or crs = \"EPSG:27700\" (eastings/northings) to " +
                      at_manifest + ".");
        log.finish();
        return out;
    }
    source_srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    out.source_crs = srs_code(source_srs);
    OGRSpatialReference target;
    target.SetFromUserInput(crs.code.c_str());
    target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReference wgs84;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> to_working(OGRCreateCoordinateTransformation(&source_srs, &target));
    std::unique_ptr<OGRCoordinateTransformation> to_lonlat(OGRCreateCoordinateTransformation(&source_srs, &wgs84));
    if (!to_working || !to_lonlat) {
        log.error("bad_crs", "", "", "cannot transform from " + out.source_crs + " to " + crs.code + ": " + gdal.last(),
                  "check the crs of the source or set crs in " + at_manifest + ".");
        log.finish();
        return out;
    }
    const bool geographic = source_srs.IsGeographic() != 0;
    // A margin around the working CRS's area of use: data just outside it is fine, far outside is not.
    LonLatBox allowed = crs.area_of_use;
    allowed.west -= 1.0, allowed.east += 1.0, allowed.south -= 1.0, allowed.north += 1.0;

    int id_index = -1;
    for (const auto& n : needed) {
        if (n.is_id) id_index = n.index;
    }
    // Each id's first feature, by the number its `where` names (the line's fid for CSV): a map of
    // millions of `where` strings would hold more memory than the features.
    std::unordered_map<std::string, long long> first_seen_id;
    const bool by_line = csv_points || out.driver == "CSV";
    auto where_of = [&](long long at, const std::string& id) {
        std::string w = by_line ? "line " + std::to_string(at + 1) : "feature " + std::to_string(at);
        if (out.driver != "CSV") w += " (id " + in_quotes(id) + ")";
        return w;
    };
    // The fields of a compact row, by index (not by name for every feature).
    const int demand_id_index = out.field_index("id");
    std::vector<int> cohort_index;
    for (const auto& c : spec.cohorts) cohort_index.push_back(out.field_index(c));
    // A national demand layer has millions of points: read them a column at a time through GDAL's
    // Arrow stream when every one is plainly clean, and only otherwise feature by feature below,
    // where the problems are worded (src/io/demand_columns.hpp).
    // The check of the values GDAL would misread scans the whole table: on its own connection and
    // thread, beside the Arrow stream (a second scan of a national layer costs half the stream's time).
    Misread misread;
    std::future<Misread> misread_check;
    if (out.driver == "GPKG" || out.driver == "SQLite") {
        std::vector<std::pair<int, OGRFieldType>> numbers;
        for (const auto& n : needed) {
            const OGRFieldType t = defn->GetFieldDefn(n.index)->GetType();
            if (t == OFTInteger || t == OFTInteger64 || t == OFTReal) numbers.emplace_back(n.index, t);
        }
        if (!numbers.empty()) {
            misread_check = std::async(std::launch::async, [source = spec.source, open_options = spec.open_options,
                                                            table = std::string(layer->GetName()), numbers,
                                                            fid = std::string(layer->GetFIDColumn() ? layer->GetFIDColumn() : ""),
                                                            names = out.field_names] {
                if (!fid.empty()) {
                    if (auto found = values_sqlite_holds(source, table, fid, numbers, names)) return std::move(*found);
                }
                CPLPushErrorHandler(CPLQuietErrorHandler);  // this thread's: the reading reports the file's faults
                CPLStringList options;
                for (const auto& o : open_options) options.AddString(o.c_str());
                Misread found;
                DatasetPtr own(GDALDataset::Open(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, options.List()));
                if (OGRLayer* l = own ? own->GetLayerByName(table.c_str()) : nullptr) found = values_gdal_misreads(*own, *l, numbers, names);
                own.reset();
                CPLPopErrorHandler();
                return found;
            });
        }
    }
    auto checked_misread = [&]() -> const Misread& {
        if (misread_check.valid()) misread = misread_check.get();
        return misread;
    };
    // A test hook: ROISC_TEST_NO_ARROW=1 reads every layer feature by feature, for the tests that
    // compare the two ways (tests/cli/hostile).
    const char* no_arrow = std::getenv("ROISC_TEST_NO_ARROW");
    const bool arrow = !(no_arrow && *no_arrow == '1');
    if (arrow && out.compact && fields_ok && !csv_points && !osm && out.driver != "CSV") {
        demand_columns::Source source{*layer,    out.field_names, demand_id_index, cohort_index, geographic,
                                      *to_working, *to_lonlat,     allowed,         0};
        source.expected_rows = to_reserve(layer->GetFeatureCount(FALSE));
        const std::size_t messages_before_stream = gdal.messages().size();
        auto clean = demand_columns::read_clean_demand(source);
        // Anything GDAL said while streaming (a damaged file, a value it could not read) is a doubt.
        if (clean && gdal.messages().size() == messages_before_stream && checked_misread().empty()) {
            out.demand_rows = std::move(clean->rows);
            out.demand_counts = std::move(clean->counts);
            out.extent = clean->extent;
            out.columnar = true;
            log.finish();
            return out;
        }
    }
    if (out.compact) {
        if (const std::size_t n = to_reserve(layer->GetFeatureCount(FALSE)); n > 0) {
            first_seen_id.reserve(n);
            out.demand_rows.reserve(n);
            out.demand_counts.reserve(n * spec.cohorts.size());
        }
    }

    checked_misread();

    // Compact demand points in a projected CRS are checked (their place in lon/lat) and moved to the
    // working CRS a block at a time, one PROJ call for each of the two, not two calls per point: with
    // millions of points the calls' own cost was most of the reading. Same points, same answers;
    // a problem logged meanwhile settles the block first, so problems keep the features' order.
    struct HeldPoint {
        std::string where, id;
        double x = 0, y = 0;
    };
    const bool hold_points = out.compact && !geographic;
    std::vector<HeldPoint> held;
    std::vector<long long> held_counts;
    constexpr std::size_t held_block = 4096;
    std::vector<double> lon, lat, wx, wy, wz;
    std::vector<int> lon_ok, w_ok;
    bool settling = false;
    auto settle_points = [&] {
        if (held.empty() || settling) return;
        settling = true;
        std::vector<HeldPoint> block;
        block.swap(held);
        const std::size_t n = block.size();
        lon.resize(n), lat.resize(n), wx.resize(n), wy.resize(n);
        wz.assign(n, 0.0), lon_ok.assign(n, 1), w_ok.assign(n, 1);
        for (std::size_t i = 0; i < n; ++i) lon[i] = wx[i] = block[i].x, lat[i] = wy[i] = block[i].y;
        to_lonlat->Transform(n, lon.data(), lat.data(), nullptr, lon_ok.data());
        to_working->Transform(n, wx.data(), wy.data(), wz.data(), w_ok.data());
        const std::size_t per_row = cohort_index.size();
        for (std::size_t i = 0; i < n; ++i) {
            HeldPoint& p = block[i];
            if (!lon_ok[i] || !allowed.contains(lon[i], lat[i])) {
                log.error("out_of_range", p.where, csv_points ? *spec.x_field + "/" + *spec.y_field : "",
                          "coordinates (" + std::to_string(p.x) + ", " + std::to_string(p.y) + ") in " + out.source_crs +
                              " fall far outside the area of " + crs.code + ".",
                          "check the coordinates and the source's crs (set crs in " + at_manifest + " if wrong).");
                continue;
            }
            if (!w_ok[i]) {
                log.error("out_of_range", p.where, "", "the geometry cannot be transformed to " + crs.code + ".",
                          "check the coordinates and the source's crs.");
                continue;
            }
            OGREnvelope at;
            at.MinX = at.MaxX = wx[i];
            at.MinY = at.MaxY = wy[i];
            out.extent.expand(at);
            out.demand_rows.push_back({std::move(p.id), Point{wx[i], wy[i]}});
            out.demand_counts.insert(out.demand_counts.end(), held_counts.begin() + static_cast<std::ptrdiff_t>(i * per_row),
                                     held_counts.begin() + static_cast<std::ptrdiff_t>((i + 1) * per_row));
        }
        held_counts.clear();
        block.clear();
        held.swap(block);  // keeps the storage for the next block
        settling = false;
    };
    log.before_add = settle_points;

    Extent source_extent;  // in the source's CRS, for the layer-wide checks after the loop
    layer->ResetReading();
    const std::size_t messages_before = gdal.messages().size();
    std::size_t number = 0;
    int online_without_location = 0;  // online meetings need no place
    std::string read_failure;  // what GDAL said when a damaged file stopped the reading
    for (;;) {
        CPLErrorReset();
        const OGRFeatureUniquePtr feature(layer->GetNextFeature());
        if (!feature) {
            if (CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal) read_failure = CPLGetLastErrorMsg();
            break;
        }
        ++number;
        Feature f;
        f.fid = feature->GetFID();
        f.where = csv_points || out.driver == "CSV" ? "line " + std::to_string(f.fid + 1)
                                                     : "feature " + std::to_string(number);
        f.values.resize(out.field_names.size());
        for (int i = 0; i < defn->GetFieldCount(); ++i) {
            if (!feature->IsFieldSetAndNotNull(i)) continue;
            const OGRFieldType t = defn->GetFieldDefn(i)->GetType();
            if (t == OFTInteger || t == OFTInteger64) {
                f.values[i] = static_cast<long long>(feature->GetFieldAsInteger64(i));
            } else if (t == OFTReal) {
                f.values[i] = feature->GetFieldAsDouble(i);
            } else if (t == OFTTime) {
                // GDAL reads "19:30" in GeoJSON as a time; keep it as the text people wrote.
                int y = 0, mo = 0, d = 0, h = 0, mi = 0, tz = 0;
                float sec = 0;
                feature->GetFieldAsDateTime(i, &y, &mo, &d, &h, &mi, &sec, &tz);
                char buf[16];
                if (sec == 0) std::snprintf(buf, sizeof buf, "%02d:%02d", h, mi);
                else std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", h, mi, static_cast<int>(sec));
                f.values[i] = std::string(buf);
            } else {
                std::string text = feature->GetFieldAsString(i);
                // An empty CSV cell is a missing value; in other formats "" is a value (e.g. "closed").
                if (text.empty() && out.driver == "CSV") continue;
                f.values[i] = std::move(text);
            }
        }
        if (const auto it = misread.find(f.fid); it != misread.end()) {
            for (const auto& [i, v] : it->second) f.values[static_cast<std::size_t>(i)] = v;
        }
        if (id_index >= 0) {
            if (auto id = text_at(f, id_index)) {
                if (out.driver != "CSV") f.where += " (id " + in_quotes(*id) + ")";
            }
        }
        // Text must be UTF-8: every export (GeoJSON, GeoPackage) requires it.
        for (std::size_t i = 0; i < f.values.size(); ++i) {
            if (const auto* s = std::get_if<std::string>(&f.values[i]); s && !is_utf8(*s)) {
                log.error("not_utf8", f.where, out.field_names[i], "the text is not valid UTF-8.",
                          "re-save the file as UTF-8 (for Latin-1 text: iconv -f latin1 -t utf-8 FILE > NEW).");
            }
        }
        // Logical fields of a number type must hold numbers.
        for (const auto& n : needed) {
            const FieldValue& v = f.values[static_cast<std::size_t>(n.index)];
            const auto* text = std::get_if<std::string>(&v);
            if (std::holds_alternative<std::monostate>(v) || (n.is_id && text && trim(*text).empty())) {
                if (n.is_id) {
                    log.error("missing_value", f.where, out.field_names[n.index], "the id is empty.",
                              "give every feature an id.");
                } else if (std::find(spec.cohorts.begin(), spec.cohorts.end(), n.logical) != spec.cohorts.end()) {
                    // Read as 0 it would shrink the demand unseen; a suppressed count (roisc hotspots
                    // writes them as null) is not a count to analyse.
                    log.error("missing_value", f.where, out.field_names[n.index],
                              "the count is empty (null): a suppressed or missing count cannot be used as demand.",
                              "use the unsuppressed counts (inside the secure environment), or write 0 where there "
                              "is no one.");
                }
                continue;
            }
            if (n.type == FieldType::integer) {
                const auto value = integer_at(f, n.index);
                const bool is_count = std::find(spec.cohorts.begin(), spec.cohorts.end(), n.logical) != spec.cohorts.end();
                // A number far past any count of people (1e18, 2^63-1) is "too large", whatever its type.
                double magnitude = value ? static_cast<double>(*value) : 0.0;
                if (!value) {
                    double d = 0;
                    if (std::holds_alternative<double>(v)) magnitude = std::get<double>(v);
                    else if (parse_number(*text_at(f, n.index), d)) magnitude = d;
                }
                if (is_count && magnitude > static_cast<double>(max_people_count)) {
                    log.error("too_large", f.where, out.field_names[n.index],
                              in_quotes(shown(*text_at(f, n.index))) + " is too large for a count of people (at most 10,000,000).",
                              "check the column: is it a population, a code or a sum over many places?");
                } else if (!value) {
                    log.error("wrong_type", f.where, out.field_names[n.index],
                              in_quotes(shown(*text_at(f, n.index))) + " is not a whole number.",
                              "correct the value; counts are whole numbers of people.");
                } else if (*value < 0) {
                    log.error("wrong_type", f.where, out.field_names[n.index],
                              std::to_string(*value) + " is negative.", "counts must be zero or more.");
                }
            }
        }
        if (id_index >= 0) {
            if (auto id = text_at(f, id_index); id && !trim(*id).empty()) {
                auto [it, inserted] = first_seen_id.emplace(*id, by_line ? f.fid : static_cast<long long>(number));
                if (!inserted) {
                    log.error("duplicate_id", f.where, out.field_names[id_index],
                              "id " + in_quotes(*id) + " is also used by " + where_of(it->second, *id) + ".",
                              "give each feature its own id, or merge the two.");
                }
            }
        }

        // An asset's kind, hours and sessions: a record the directory would list wrongly is an error.
        if (spec.role == Role::assets) {
            for (auto& p : read_asset_fields(out, f).problems) {
                log.error(std::move(p.code), std::move(p.where), std::move(p.field), std::move(p.message), std::move(p.fix));
            }
        }

        // Geometry, in the source's CRS first.
        GeometryPtr geometry;
        if (csv_points && x_index >= 0 && y_index >= 0) {
            const std::string xs = feature->GetFieldAsString(x_index);
            const std::string ys = feature->GetFieldAsString(y_index);
            double x = 0, y = 0;
            const bool x_ok = parse_number(xs, x);
            const bool y_ok = parse_number(ys, y);
            if (xs.empty() && ys.empty()) {
                // No coordinates: counted below as a feature without geometry.
            } else if (!x_ok || !y_ok) {
                const bool bad_x = !x_ok;
                log.error("bad_coordinate", f.where, bad_x ? *spec.x_field : *spec.y_field,
                          in_quotes(bad_x ? xs : ys) + " is not a number.",
                          "correct the coordinate, or leave both coordinates empty for a feature with no location.");
            } else {
                geometry.reset(new OGRPoint(x, y));
            }
        } else if (const OGRGeometry* g = feature->GetGeometryRef()) {
            if (!g->IsEmpty()) geometry.reset(g->clone());
        }
        if (!geometry && spec.role == Role::areas) {
            // A town without its outline would vanish from every table by town.
            log.error("no_geometry", f.where, "", "the area has no polygon (the geometry is empty or missing).",
                      "draw the area's outline, or remove the feature.");
            continue;
        }
        if (geometry && (schema.geometry == GeometryKind::point || schema.geometry == GeometryKind::any) &&
            wkbFlatten(geometry->getGeometryType()) == wkbMultiPoint) {
            // One place per record: a MultiPoint of one point is that point; of several, an error,
            // since any point chosen among them would be a made-up place.
            const OGRMultiPoint* mp = geometry->toMultiPoint();
            std::set<std::pair<double, double>> distinct;
            for (const OGRPoint* p : *mp) distinct.emplace(p->getX(), p->getY());
            if (distinct.size() > 1) {
                log.error("wrong_geometry", f.where, "",
                          "the geometry is a MultiPoint of " + std::to_string(distinct.size()) + " different points, but a " +
                              to_string(spec.role) + " record is at one place.",
                          "give it a single Point (split a record held in several places into one record per place).");
                continue;
            }
            geometry.reset(mp->getGeometryRef(0)->clone());
        }
        if (!geometry) {
            ++out.without_geometry;
            const auto attendance = spec.role == Role::meetings ? out.text(f, "attendance") : std::nullopt;
            if (attendance && attendance->find("online") != std::string::npos) ++online_without_location;
            out.features.push_back(std::move(f));
            continue;
        }
        if (!geometry_matches(schema.geometry, geometry->getGeometryType())) {
            log.error("wrong_geometry", f.where, "",
                      std::string("the geometry is a ") + OGRGeometryTypeToName(geometry->getGeometryType()) +
                          ", but a " + to_string(spec.role) + " layer needs " + to_string(schema.geometry) + "s.",
                      "check that `role` in " + at_manifest + " is right for this source.");
            continue;
        }
        OGREnvelope env;
        geometry->getEnvelope(&env);
        source_extent.expand(env);
        if (geographic) {
            const bool in_range = std::fabs(env.MinX) <= 180 && std::fabs(env.MaxX) <= 180 &&
                                  std::fabs(env.MinY) <= 90 && std::fabs(env.MaxY) <= 90;
            const bool here = allowed.contains(env.MinX, env.MinY) && allowed.contains(env.MaxX, env.MaxY);
            const bool swapped_here = allowed.contains(env.MinY, env.MinX) && allowed.contains(env.MaxY, env.MaxX);
            if (!here && swapped_here) {
                const std::string field = csv_points ? *spec.x_field + "/" + *spec.y_field : "";
                log.error("swapped_coordinates", f.where, field,
                          "the coordinates look like latitude/longitude in the wrong order (x = " +
                              std::to_string(env.MinX) + ", y = " + std::to_string(env.MinY) +
                              "): swapped, they fall in the study area's region.",
                          csv_points ? "swap x and y in " + at_manifest + " (x is the longitude column)."
                                     : std::string("write coordinates as [longitude, latitude] (RFC 7946)."));
                continue;
            }
            if (!in_range || !here) {
                log.error("out_of_range", f.where, csv_points ? *spec.x_field + "/" + *spec.y_field : "",
                          "coordinates (" + std::to_string(env.MinX) + ", " + std::to_string(env.MinY) +
                              ") are " + (in_range ? "far outside the area of " + crs.code : "not longitude/latitude") +
                              ".",
                          in_range ? "check the coordinates, or the working crs in [study]."
                                   : "if these are eastings/northings, set crs = \"EPSG:27700\" in " + at_manifest + ".");
                continue;
            }
        } else {
            if (hold_points && wkbFlatten(geometry->getGeometryType()) == wkbPoint) {
                // Settled with its block (above); a count that failed the checks above makes the
                // layer unusable, 0 only fills the row.
                held.push_back({std::move(f.where), text_at(f, demand_id_index).value_or(""), env.MinX, env.MinY});
                for (const int c : cohort_index) held_counts.push_back(integer_at(f, c).value_or(0));
                if (held.size() == held_block) settle_points();
                continue;
            }
            double cx = (env.MinX + env.MaxX) / 2.0, cy = (env.MinY + env.MaxY) / 2.0;
            if (!to_lonlat->Transform(1, &cx, &cy) || !allowed.contains(cx, cy)) {
                log.error("out_of_range", f.where, csv_points ? *spec.x_field + "/" + *spec.y_field : "",
                          "coordinates (" + std::to_string(env.MinX) + ", " + std::to_string(env.MinY) +
                              ") in " + out.source_crs + " fall far outside the area of " + crs.code + ".",
                          "check the coordinates and the source's crs (set crs in " + at_manifest + " if wrong).");
                continue;
            }
        }
        if (geometry->transform(to_working.get()) != OGRERR_NONE) {
            log.error("out_of_range", f.where, "", "the geometry cannot be transformed to " + crs.code + ".",
                      "check the coordinates and the source's crs.");
            continue;
        }
        const auto flat = wkbFlatten(geometry->getGeometryType());
        if ((flat == wkbPolygon || flat == wkbMultiPolygon) && !geometry->IsValid()) {
            const std::string reason = invalid_reason(*geometry);
            GeometryPtr fixed = polygonal_part(GeometryPtr(geometry->MakeValid()));
            if (!fixed) {
                log.error("invalid_geometry", f.where, "", "the polygon is invalid (" + reason + ") and cannot be repaired.",
                          "redraw the polygon, e.g. with QGIS's Fix Geometries tool.");
                continue;
            }
            ++out.repaired;
            log.warning("repaired_geometry", f.where, "",
                        "the polygon was invalid (" + reason + ", " + crs.code + " coordinates) and was repaired with MakeValid.",
                        "fix the source (e.g. QGIS's Fix Geometries) so the repair is yours to check.");
            geometry = std::move(fixed);
        }
        OGREnvelope working_env;
        geometry->getEnvelope(&working_env);
        out.extent.expand(working_env);
        if (out.compact) {
            // A count that failed the checks above makes the layer unusable; 0 only fills the row.
            settle_points();  // the rows stay in the features' order
            out.demand_rows.push_back({text_at(f, demand_id_index).value_or(""), representative_point(*geometry)});
            for (const int c : cohort_index) out.demand_counts.push_back(integer_at(f, c).value_or(0));
            continue;
        }
        f.geometry = std::move(geometry);
        out.features.push_back(std::move(f));
    }
    settle_points();
    log.before_add = nullptr;
    // The OSM driver reads as it goes: a truncated or malformed file shows only as GDAL errors on the
    // way (the features before the fault would otherwise pass for the whole file).
    bool broken = false;
    if (osm) {
        for (std::size_t i = messages_before; i < gdal.messages().size() && !broken; ++i) {
            const std::string& m = gdal.messages()[i];
            if (m.find("pars") == std::string::npos && m.find("failed") == std::string::npos) continue;
            broken = true;
            log.error("unreadable", "", "", "reading stopped after " + std::to_string(number) + " feature(s): " + m + ".",
                      "the file is truncated or not valid OpenStreetMap " +
                          std::string(spec.source.size() > 4 && spec.source.substr(spec.source.size() - 4) == ".pbf" ? "PBF" : "XML") +
                          "; download or export it again (`ogrinfo -ro -so " + spec.source_as_written +
                          " lines` shows the same error).");
        }
    }
    if (!read_failure.empty() && !osm) {
        // A damaged file (a GeoPackage with a bad page, a cut-off FlatGeobuf) ends the reading early
        // as if it were the end: the features before the fault would pass for the whole layer.
        broken = true;
        log.error("unreadable", "", "",
                  "reading stopped after " + std::to_string(number) + " feature(s), before the end of the layer: " +
                      read_failure + ".",
                  "the file is damaged or truncated; copy or export it again (`ogrinfo -ro -al -so " +
                      spec.source_as_written + "` reads it the same way" +
                      (out.driver == "GPKG" ? std::string(", `sqlite3 FILE 'PRAGMA integrity_check'` shows the damage") : "") +
                      ").");
    }
    if (!geographic && !source_extent.empty && std::fabs(source_extent.min_x) <= 180 &&
        std::fabs(source_extent.max_x) <= 180 && std::fabs(source_extent.min_y) <= 90 &&
        std::fabs(source_extent.max_y) <= 90) {
        // Every coordinate fits in a few hundred metres of the projection's origin but reads as a
        // place in degrees: longitude/latitude declared as a projected CRS. Said first, since the
        // features' own errors follow from it.
        std::ostringstream range;
        range << "x " << source_extent.min_x << " to " << source_extent.max_x << ", y " << source_extent.min_y << " to "
              << source_extent.max_y;
        out.problems.insert(out.problems.begin(),
                            {Problem::Severity::error, "degrees_in_projected_crs", "", "",
                             "every coordinate lies within " + range.str() + ", which looks like longitude/latitude "
                                 "in degrees, but the layer's CRS is " + out.source_crs + " (" +
                                 (spec.crs ? "crs = " + in_quotes(*spec.crs) + " in " + at_manifest : "the source's own") +
                                 "), which is in metres.",
                             std::string("if the coordinates are longitude/latitude, ") +
                                 (spec.crs ? "set crs = \"EPSG:4326\" in " + at_manifest
                                           : "remove the source's crs member or set crs = \"EPSG:4326\" in " + at_manifest) +
                                 "."});
    }
    if (number == 0 && fields_ok && !broken) {
        log.error("empty_layer", "", "", "the layer has no features.",
                  "point `source` in " + at_manifest + " at a file with features, or remove the layer.");
    }
    if (out.without_geometry > online_without_location) {
        // Online meetings have no place, which is expected; elsewhere a missing location is worth a word.
        log.warning("no_geometry", "", "",
                    std::to_string(out.without_geometry - online_without_location) + " feature(s) have no location and are kept out of spatial "
                                                             "analysis.",
                    spec.role == Role::meetings ? "give in-person meetings a location (online-only meetings need none)."
                                                : "give them coordinates, or a postcode the postcodes layer knows.");
    }
    log.finish();
    return out;
}

LoadedLayers read_layers(const Manifest& manifest, Keep keep) {
    LoadedLayers loaded;
    std::optional<LonLatBox> extent;
    if (manifest.crs == "auto") {
        for (const auto& spec : manifest.layers) {
            if (auto box = probe_extent(spec)) {
                if (extent) extent->expand(*box);
                else extent = box;
            }
        }
    }
    loaded.crs = choose_working_crs(manifest.crs, extent);
    for (const auto& spec : manifest.layers) loaded.layers.push_back(read_layer(spec, loaded.crs, keep));
    check_near_study(loaded, manifest.boundary);
    return loaded;
}

}  // namespace roisc
