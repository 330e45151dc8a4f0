#include "hotspots.hpp"

#include "roisc/core/error.hpp"
#include "roisc/core/postcode.hpp"
#include "roisc/engine/disclosure.hpp"
#include "roisc/io/gdal_support.hpp"
#include "roisc/io/layer.hpp"
#include "roisc/io/manifest.hpp"
#include "roisc/io/postcode_lookup.hpp"
#include "roisc/version.hpp"

#include <cpl_conv.h>
#include <nlohmann/json.hpp>
#include <ogr_api.h>
#include <ogrsf_frmts.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

namespace fs = std::filesystem;

namespace roisc::cli {

void HotspotsCommand::declare(CLI::App& app) {
    app.add_option("input", options_.input,
                   "Treatment counts by partial postcode (CSV): a postcode column (partial_postcode, postcode, "
                   "sector, district) and cohort columns (opiate, non_opiate, alcohol_only, "
                   "non_opiate_and_alcohol) or one count column. Example: layers/sandwell/hotspots_modelled.csv")
        ->required()
        ->type_name("FILE.csv");
    app.add_option("--lookup", options_.lookup,
                   "Postcode lookup to use instead of the manifest's postcodes layer: Code-Point Open CSV (or its "
                   "folder), ONS Postcode Directory CSV, or any layer with a postcode field")
        ->type_name("FILE");
    app.add_option("--spread", options_.spread,
                   "units: draw each sector's count over its unit postcodes instead of one point per sector")
        ->check(CLI::IsMember({"none", "units"}));
    app.add_flag("--strict", options_.strict, "Rows whose postcode cannot be placed are an error (exit 3)");
    app.add_option("--disclosure", options_.disclosure,
                   "standard: suppress small counts and whatever would reveal them; none: exact counts, for the "
                   "secure environment only (recorded in every output)")
        ->check(CLI::IsMember({"standard", "none"}));
    threshold_option_ = app.add_option("--threshold", options_.threshold,
                                       "Smallest count published under --disclosure standard (default 5)")
                            ->type_name("N");
    app.add_option("--out", options_.out_dir, "Folder for the GeoJSON and GeoPackage (default: outputs)")
        ->type_name("DIR");
    app.add_option("--name", options_.name, "Base name of the output files (default: the input's name)")
        ->type_name("NAME");
}

void HotspotsCommand::validate() {
    options_.threshold_given = threshold_option_ && threshold_option_->count() > 0;
    // Checks the pair (--disclosure, --threshold) the same way run() will use it.
    DisclosurePolicy::from_options(options_.disclosure,
                                   options_.threshold_given ? std::optional<long long>(options_.threshold) : std::nullopt);
    if (!options_.name.empty() && options_.name.find_first_of("/\\") != std::string::npos) {
        throw ArgumentError("--name '" + options_.name + "': give a file name without a folder; use --out for the folder.");
    }
}

namespace {

// ---------------------------------------------------------------------------------------------
// Reading the hotspot table

std::string header_key(const std::string& raw) {
    std::string out;
    for (char c : raw) {
        const unsigned char u = static_cast<unsigned char>(c);
        if (std::isalnum(u)) out += static_cast<char>(std::tolower(u));
        else if ((c == ' ' || c == '-' || c == '_') && !out.empty() && out.back() != '_') out += '_';
    }
    while (!out.empty() && out.back() == '_') out.pop_back();
    return out;
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

const std::vector<std::string> key_aliases = {"partial_postcode", "postcode", "pcd", "pcds", "postcode_sector",
                                              "sector", "postcode_district", "district", "outcode"};

// NDTMS's four treatment cohorts, in their usual order, with the spellings seen in practice.
const std::vector<std::pair<std::string, std::vector<std::string>>> cohort_aliases = {
    {"opiate", {"opiate", "opiates", "opiate_only"}},
    {"non_opiate", {"non_opiate", "non_opiate_only", "non_opiates"}},
    {"alcohol_only", {"alcohol_only", "alcohol"}},
    {"non_opiate_and_alcohol", {"non_opiate_and_alcohol", "non_opiate_alcohol", "non_opiates_and_alcohol"}},
};
const std::vector<std::string> count_aliases = {"count", "total", "n", "people", "clients"};

struct InputRow {
    std::vector<int> lines;           // more than one when repeated rows were added together
    std::string key_as_written;
    PostcodeParse postcode;
    std::vector<long long> counts;    // one per cohort
};

struct HotspotInput {
    std::vector<std::string> cohorts;
    std::vector<InputRow> rows;
    std::vector<std::string> warnings;
};

bool parse_count(const std::string& text, long long& out) {
    const std::string s = trim(text);
    if (s.empty() || s.size() > 12) return false;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
    }
    out = std::stoll(s);
    return true;
}

HotspotInput read_hotspot_table(const std::string& path) {
    CsvReader csv(path);
    CsvRecord header;
    if (!csv.next(header)) throw DataError(path + ": the file is empty. Fix: give a header row and one row per postcode.");
    std::string columns;
    for (const auto& f : header.fields) columns += (columns.empty() ? "" : ", ") + trim(f);

    std::map<std::string, std::size_t> by_key;
    for (std::size_t i = 0; i < header.fields.size(); ++i) by_key.emplace(header_key(header.fields[i]), i);
    auto column_of = [&](const std::vector<std::string>& names, std::string* found = nullptr) -> int {
        int hit = -1;
        for (const auto& n : names) {
            const auto it = by_key.find(n);
            if (it == by_key.end()) continue;
            if (hit >= 0) {
                throw DataError(path + " line 1: columns '" + trim(header.fields[hit]) + "' and '" +
                                trim(header.fields[it->second]) +
                                "' mean the same thing. Fix: keep one of them, or rename the other.");
            }
            hit = static_cast<int>(it->second);
            if (found) *found = n;
        }
        return hit;
    };

    int key_column = -1;
    for (const auto& alias : key_aliases) {
        if (const auto it = by_key.find(alias); it != by_key.end()) {
            key_column = static_cast<int>(it->second);
            break;
        }
    }
    if (key_column < 0) {
        throw DataError(path + " line 1: no postcode column; the columns are: " + columns +
                        ". Fix: name the postcode column partial_postcode (or postcode, sector, district).");
    }

    HotspotInput input;
    std::vector<int> count_columns;
    for (const auto& [cohort, aliases] : cohort_aliases) {
        const int c = column_of(aliases);
        if (c < 0) continue;
        input.cohorts.push_back(cohort);
        count_columns.push_back(c);
    }
    const int total_column = column_of(count_aliases);
    if (count_columns.empty()) {
        if (total_column < 0) {
            throw DataError(path + " line 1: no count columns; the columns are: " + columns +
                            ". Fix: give cohort columns (opiate, non_opiate, alcohol_only, non_opiate_and_alcohol) "
                            "or one column named count.");
        }
        input.cohorts.push_back("count");
        count_columns.push_back(total_column);
    }
    const bool check_total = total_column >= 0 && input.cohorts.front() != "count";
    std::set<int> used(count_columns.begin(), count_columns.end());
    used.insert(key_column);
    if (total_column >= 0) used.insert(total_column);
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
        if (!used.count(static_cast<int>(i)) && !trim(header.fields[i]).empty()) {
            input.warnings.push_back(path + " line 1: column '" + trim(header.fields[i]) + "' is not used.");
        }
    }

    std::vector<std::string> errors;
    std::map<std::string, std::size_t> seen;  // normalised key -> row
    CsvRecord r;
    while (csv.next(r)) {
        bool blank = true;
        for (const auto& f : r.fields) blank = blank && trim(f).empty();
        if (blank) continue;
        const std::string where = path + " line " + std::to_string(r.line);
        if (r.fields.size() < header.fields.size()) {
            errors.push_back(where + ": " + std::to_string(r.fields.size()) + " fields where the header has " +
                             std::to_string(header.fields.size()) + ". Fix: give every column a value (0 for none).");
            continue;
        }
        InputRow row;
        row.lines = {r.line};
        row.key_as_written = trim(r.fields[key_column]);
        row.postcode = parse_postcode(row.key_as_written);
        bool ok = true;
        long long sum = 0;
        for (std::size_t c = 0; c < count_columns.size(); ++c) {
            const std::string& cell = r.fields[count_columns[c]];
            long long v = 0;
            if (!parse_count(cell, v)) {
                const std::string t = trim(cell);
                errors.push_back(where + ", field '" + trim(header.fields[count_columns[c]]) + "': " +
                                 (t.empty() ? std::string("the count is empty") : "'" + t + "' is not a whole number of 0 or more") +
                                 ". Fix: write the number of people, 0 if none.");
                ok = false;
                continue;
            }
            row.counts.push_back(v);
            sum += v;
        }
        if (ok && check_total) {
            long long total = 0;
            if (!parse_count(r.fields[total_column], total) || total != sum) {
                errors.push_back(where + ", field '" + trim(header.fields[total_column]) + "': '" +
                                 trim(r.fields[total_column]) + "' is not the sum of the cohorts (" + std::to_string(sum) +
                                 "). Fix: correct the total, or drop the total column (roisc adds it up).");
                ok = false;
            }
        }
        if (!ok) continue;
        // Repeated postcodes (as "B69 3" and "b693") are one place: add them up, and say so.
        const std::string key = row.postcode ? row.postcode.postcode->text() : row.key_as_written;
        if (const auto it = seen.find(key); it != seen.end() && !key.empty()) {
            InputRow& first = input.rows[it->second];
            input.warnings.push_back(where + ": '" + row.key_as_written + "' repeats " + key + " of line " +
                                     std::to_string(first.lines.front()) + " ('" + first.key_as_written +
                                     "'); the two rows' counts are added together.");
            for (std::size_t c = 0; c < row.counts.size(); ++c) first.counts[c] += row.counts[c];
            first.lines.push_back(r.line);
            continue;
        }
        seen.emplace(key, input.rows.size());
        input.rows.push_back(std::move(row));
    }
    if (!errors.empty()) {
        std::string msg = path + ": " + std::to_string(errors.size()) + " row(s) with unusable counts:";
        for (std::size_t i = 0; i < errors.size() && i < 20; ++i) msg += "\n  " + errors[i];
        if (errors.size() > 20) msg += "\n  … and " + std::to_string(errors.size() - 20) + " more.";
        throw DataError(msg);
    }
    if (input.rows.empty()) throw DataError(path + ": no rows under the header. Fix: give one row per postcode.");
    return input;
}

// ---------------------------------------------------------------------------------------------
// Areas by location

struct PreparedDeleter {
    void operator()(OGRPreparedGeometry* g) const { OGRDestroyPreparedGeometry(g); }
};

// Finds the area (town, ward) a point lies in; on a shared edge, the first in layer order.
class AreaFinder {
public:
    struct Area {
        std::string id, name;
        OGREnvelope envelope;
        std::unique_ptr<OGRPreparedGeometry, PreparedDeleter> prepared;
    };

    explicit AreaFinder(const Layer* layer) {
        if (!layer) return;
        for (const auto& f : layer->features) {
            if (!f.geometry) continue;
            Area a;
            a.id = layer->text(f, "id").value_or("");
            a.name = layer->text(f, "name").value_or(a.id);
            f.geometry->getEnvelope(&a.envelope);
            a.prepared.reset(OGRCreatePreparedGeometry(OGRGeometry::ToHandle(f.geometry.get())));
            areas_.push_back(std::move(a));
        }
    }
    const Area* at(double x, double y) const {
        OGRPoint p(x, y);
        for (const auto& a : areas_) {
            if (x < a.envelope.MinX || x > a.envelope.MaxX || y < a.envelope.MinY || y > a.envelope.MaxY) continue;
            if (OGRPreparedGeometryIntersects(a.prepared.get(), OGRGeometry::ToHandle(&p))) return &a;
        }
        return nullptr;
    }
    const std::vector<Area>& areas() const { return areas_; }

private:
    std::vector<Area> areas_;
};

// ---------------------------------------------------------------------------------------------
// Outputs

// A file written under a temporary name beside its target and renamed into place only when
// complete, so that a failed run never leaves a partial file.
class StagedFile {
public:
    explicit StagedFile(const fs::path& target) : target_(target) {
        temp_ = target.parent_path() /
                ("." + target.stem().string() + ".tmp-" + std::to_string(::getpid()) + target.extension().string());
    }
    ~StagedFile() {
        if (committed_) return;
        std::error_code ec;
        for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(temp_.string() + suffix, ec);
    }
    StagedFile(const StagedFile&) = delete;
    StagedFile& operator=(const StagedFile&) = delete;
    const fs::path& temp() const { return temp_; }
    const fs::path& target() const { return target_; }
    void commit() {
        std::error_code ec;
        fs::rename(temp_, target_, ec);
        if (ec) throw RuntimeFailure("cannot move " + temp_.string() + " to " + target_.string() + ": " + ec.message() + ".");
        committed_ = true;
    }

private:
    fs::path target_, temp_;
    bool committed_ = false;
};

// One point of the demand layer as it will be published.
struct DemandPoint {
    std::string hotspot;     // the input's postcode key, normalised
    std::string postcode;    // the point's own postcode (the hotspot's, or a unit's when spread)
    std::string level;
    double x = 0, y = 0;     // working CRS
    std::string town, ward, ward_code;
    std::vector<PublishedCount> counts;
    PublishedCount total = PublishedCount::suppressed();
    long long n_units = 0;
    std::string located_by;
    std::string lines;
};

std::string suppressed_fields(const DemandPoint& p, const std::vector<std::string>& cohorts) {
    std::string s;
    for (std::size_t k = 0; k < cohorts.size(); ++k) {
        if (p.counts[k].is_suppressed()) s += (s.empty() ? "" : ",") + cohorts[k];
    }
    if (p.total.is_suppressed() && cohorts.size() > 1) s += (s.empty() ? "" : ",") + std::string("total");
    return s;
}

struct RunInfo {
    std::string name;
    std::string input;
    std::string lookup;
    std::string working_crs;
    std::string spread;
    std::string study;
    std::vector<std::string> not_placed;  // "line 4: B6 93" — keys and lines only, never counts
};

nlohmann::ordered_json metadata_json(const RunInfo& info, const DisclosurePolicy& policy,
                                     const std::vector<std::string>& cohorts) {
    nlohmann::ordered_json m;
    m["title"] = "Treatment demand by postcode: " + info.name;
    m["generator"] = std::string("roisc ") + roisc::version + " hotspots";
    if (!info.study.empty()) m["study"] = info.study;
    m["input"] = info.input;
    m["lookup"] = info.lookup;
    m["cohorts"] = cohorts;
    m["spread"] = info.spread;
    nlohmann::ordered_json d;
    d["policy"] = policy.name();
    if (policy.method == DisclosureMethod::standard) d["threshold"] = policy.threshold;
    else d["threshold"] = nullptr;
    d["suppressed_marker"] = policy.method == DisclosureMethod::standard ? "null (see the suppressed property)" : "none";
    for (const auto& [key, value] : policy.metadata()) {
        if (key == "disclosure_method") d["method"] = value;
        if (key == "disclosure_note") d["note"] = value;
    }
    m["disclosure"] = d;
    m["not_placed"] = info.not_placed;
    return m;
}

double round6(double v) { return std::round(v * 1e6) / 1e6; }

void write_demand_geojson(const StagedFile& file, const std::vector<DemandPoint>& points,
                          const std::vector<std::string>& cohorts, const RunInfo& info, const DisclosurePolicy& policy,
                          const std::string& working_crs) {
    OGRSpatialReference from, to;
    from.SetFromUserInput(working_crs.c_str());
    to.SetWellKnownGeogCS("WGS84");
    from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    to.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&from, &to));
    if (!ct) throw RuntimeFailure("cannot transform " + working_crs + " to EPSG:4326 for GeoJSON.");

    // RFC 7946: longitude/latitude in WGS84, no crs member. "metadata" is a foreign member.
    nlohmann::ordered_json doc;
    doc["type"] = "FeatureCollection";
    doc["name"] = info.name;
    doc["metadata"] = metadata_json(info, policy, cohorts);
    doc["features"] = nlohmann::ordered_json::array();
    for (const auto& p : points) {
        double lon = p.x, lat = p.y;
        if (!ct->Transform(1, &lon, &lat)) throw RuntimeFailure("cannot transform the point of " + p.postcode + " to EPSG:4326.");
        nlohmann::ordered_json props;
        props["hotspot"] = p.hotspot;
        props["postcode"] = p.postcode;
        props["level"] = p.level;
        props["town"] = p.town.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(p.town);
        props["ward_code"] = p.ward_code.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(p.ward_code);
        props["ward"] = p.ward.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(p.ward);
        for (std::size_t k = 0; k < cohorts.size(); ++k) {
            const auto v = p.counts[k].value();
            props[cohorts[k]] = v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
        }
        if (cohorts.size() > 1) {
            const auto t = p.total.value();
            props["total"] = t ? nlohmann::ordered_json(*t) : nlohmann::ordered_json(nullptr);
        }
        props["suppressed"] = suppressed_fields(p, cohorts);
        props["n_units"] = p.n_units;
        props["located_by"] = p.located_by;
        props["lines"] = p.lines;
        nlohmann::ordered_json feature;
        feature["type"] = "Feature";
        feature["properties"] = std::move(props);
        feature["geometry"] = {{"type", "Point"}, {"coordinates", {round6(lon), round6(lat)}}};
        doc["features"].push_back(std::move(feature));
    }
    std::ofstream out(file.temp(), std::ios::binary);
    out << doc.dump(1, ' ', false, nlohmann::ordered_json::error_handler_t::strict) << '\n';
    out.close();
    if (!out) throw RuntimeFailure("cannot write " + file.temp().string() + ".");
}

struct TownLine {
    std::string name;
    std::vector<PublishedCount> counts;
    PublishedCount total = PublishedCount::suppressed();
};

void check_ogr(OGRErr err, const std::string& what, const GdalMessages& gdal) {
    if (err != OGRERR_NONE) throw RuntimeFailure("GeoPackage: cannot " + what + ": " + gdal.last());
}

void write_demand_geopackage(const StagedFile& file, const std::vector<DemandPoint>& points,
                             const std::vector<std::string>& cohorts, const std::vector<TownLine>& towns,
                             const RunInfo& info, const DisclosurePolicy& policy, const std::string& working_crs) {
    ensure_gdal_registered();
    GdalMessages gdal;
    // A fixed timestamp in gpkg_contents: the same input gives the same bytes.
    CPLConfigOptionSetter fixed_date("OGR_CURRENT_DATE", "2000-01-01T00:00:00.000Z", false);
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (!driver) throw RuntimeFailure("GDAL has no GeoPackage driver.");
    DatasetPtr ds(driver->Create(file.temp().string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw RuntimeFailure("cannot create " + file.temp().string() + ": " + gdal.last());

    OGRSpatialReference srs;
    srs.SetFromUserInput(working_crs.c_str());
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const std::string description = "Treatment demand by postcode (roisc hotspots). " + policy.summary();
    CPLStringList layer_options;
    layer_options.SetNameValue("DESCRIPTION", description.c_str());
    layer_options.SetNameValue("IDENTIFIER", info.name.c_str());
    OGRLayer* layer = ds->CreateLayer(info.name.c_str(), &srs, wkbPoint, layer_options.List());
    if (!layer) throw RuntimeFailure("cannot create layer " + info.name + ": " + gdal.last());
    auto add_field = [&](OGRLayer* l, const std::string& name, OGRFieldType type) {
        OGRFieldDefn f(name.c_str(), type);
        check_ogr(l->CreateField(&f), "add field " + name, gdal);
    };
    std::vector<std::string> count_fields = cohorts;
    if (cohorts.size() > 1) count_fields.push_back("total");
    for (const char* name : {"hotspot", "postcode", "level", "town", "ward_code", "ward"}) add_field(layer, name, OFTString);
    for (const auto& c : count_fields) add_field(layer, c, OFTInteger);
    add_field(layer, "suppressed", OFTString);
    add_field(layer, "n_units", OFTInteger);
    add_field(layer, "located_by", OFTString);
    add_field(layer, "lines", OFTString);

    check_ogr(layer->StartTransaction(), "start a transaction", gdal);
    auto set_count = [](OGRFeature& f, const std::string& field, const PublishedCount& c) {
        if (const auto v = c.value()) f.SetField(field.c_str(), static_cast<GIntBig>(*v));
        else f.SetFieldNull(f.GetFieldIndex(field.c_str()));
    };
    auto set_text = [](OGRFeature& f, const char* field, const std::string& v) {
        if (v.empty()) f.SetFieldNull(f.GetFieldIndex(field));
        else f.SetField(field, v.c_str());
    };
    for (const auto& p : points) {
        OGRFeature f(layer->GetLayerDefn());
        f.SetField("hotspot", p.hotspot.c_str());
        f.SetField("postcode", p.postcode.c_str());
        f.SetField("level", p.level.c_str());
        set_text(f, "town", p.town);
        set_text(f, "ward_code", p.ward_code);
        set_text(f, "ward", p.ward);
        for (std::size_t k = 0; k < cohorts.size(); ++k) set_count(f, cohorts[k], p.counts[k]);
        if (cohorts.size() > 1) set_count(f, "total", p.total);
        f.SetField("suppressed", suppressed_fields(p, cohorts).c_str());
        f.SetField("n_units", static_cast<GIntBig>(p.n_units));
        f.SetField("located_by", p.located_by.c_str());
        f.SetField("lines", p.lines.c_str());
        f.SetGeometryDirectly(new OGRPoint(p.x, p.y));
        check_ogr(layer->CreateFeature(&f), "write the point of " + p.postcode, gdal);
    }
    check_ogr(layer->CommitTransaction(), "commit the points", gdal);

    // The town summary, with the same disclosure control as the terminal table.
    CPLStringList table_options;
    table_options.SetNameValue("DESCRIPTION", ("Treatment counts by town (roisc hotspots). " + policy.summary()).c_str());
    OGRLayer* summary = ds->CreateLayer("town_summary", nullptr, wkbNone, table_options.List());
    if (!summary) throw RuntimeFailure("cannot create table town_summary: " + gdal.last());
    add_field(summary, "town", OFTString);
    for (const auto& c : count_fields) add_field(summary, c, OFTInteger);
    add_field(summary, "suppressed", OFTString);
    check_ogr(summary->StartTransaction(), "start a transaction", gdal);
    for (const auto& t : towns) {
        OGRFeature f(summary->GetLayerDefn());
        f.SetField("town", t.name.c_str());
        std::string hidden;
        for (std::size_t k = 0; k < cohorts.size(); ++k) {
            set_count(f, cohorts[k], t.counts[k]);
            if (t.counts[k].is_suppressed()) hidden += (hidden.empty() ? "" : ",") + cohorts[k];
        }
        if (cohorts.size() > 1) {
            set_count(f, "total", t.total);
            if (t.total.is_suppressed()) hidden += (hidden.empty() ? "" : ",") + std::string("total");
        }
        f.SetField("suppressed", hidden.c_str());
        check_ogr(summary->CreateFeature(&f), "write the summary of " + t.name, gdal);
    }
    check_ogr(summary->CommitTransaction(), "commit the town summary", gdal);

    // What produced these counts and how they were protected, readable in any SQLite tool.
    OGRLayer* meta = ds->CreateLayer("metadata", nullptr, wkbNone, nullptr);
    if (!meta) throw RuntimeFailure("cannot create table metadata: " + gdal.last());
    add_field(meta, "key", OFTString);
    add_field(meta, "value", OFTString);
    std::vector<std::pair<std::string, std::string>> rows = {
        {"title", "Treatment demand by postcode: " + info.name},
        {"generator", std::string("roisc ") + roisc::version + " hotspots"},
        {"study", info.study},
        {"input", info.input},
        {"lookup", info.lookup},
        {"working_crs", info.working_crs},
        {"spread", info.spread},
    };
    std::string cohort_list;
    for (const auto& c : cohorts) cohort_list += (cohort_list.empty() ? "" : ",") + c;
    rows.push_back({"cohorts", cohort_list});
    for (const auto& kv : policy.metadata()) rows.push_back(kv);
    std::string not_placed;
    for (const auto& n : info.not_placed) not_placed += (not_placed.empty() ? "" : "; ") + n;
    rows.push_back({"not_placed", not_placed});
    check_ogr(meta->StartTransaction(), "start a transaction", gdal);
    for (const auto& [key, value] : rows) {
        OGRFeature f(meta->GetLayerDefn());
        f.SetField("key", key.c_str());
        f.SetField("value", value.c_str());
        check_ogr(meta->CreateFeature(&f), "write metadata", gdal);
    }
    check_ogr(meta->CommitTransaction(), "commit the metadata", gdal);
    ds->SetMetadataItem("DISCLOSURE_POLICY", policy.name());
    ds->SetMetadataItem("DISCLOSURE_THRESHOLD",
                        policy.method == DisclosureMethod::standard ? std::to_string(policy.threshold).c_str() : "none");
    ds.reset();  // closes and flushes
    if (!fs::exists(file.temp())) {
        throw RuntimeFailure("GeoPackage " + file.target().string() + " was not written: " + gdal.last());
    }
}

// ---------------------------------------------------------------------------------------------

const std::string outside_towns = "(outside the towns)";
const std::string not_placed_region = "(not placed)";

std::string join_lines(const std::vector<int>& lines) {
    std::string s;
    for (int l : lines) s += (s.empty() ? "" : ",") + std::to_string(l);
    return s;
}

const LayerSpec* towns_spec(const Manifest& manifest) {
    if (!manifest.towns.empty()) return manifest.find(manifest.towns);
    for (const auto& l : manifest.layers) {
        if (l.role == Role::areas && l.level == "town") return &l;
    }
    return nullptr;
}

const LayerSpec* wards_spec(const Manifest& manifest) {
    for (const auto& l : manifest.layers) {
        if (l.role == Role::areas && l.level == "ward") return &l;
    }
    return nullptr;
}

}  // namespace

int HotspotsCommand::run(Context& context) {
    const Options& o = options_;
    const DisclosurePolicy policy = DisclosurePolicy::from_options(
        o.disclosure, o.threshold_given ? std::optional<long long>(o.threshold) : std::nullopt);
    const TableFormat format = context.format();
    const bool talk = !context.global.quiet;
    std::error_code ec;
    if (!fs::is_regular_file(o.input, ec)) {
        throw ArgumentError("hotspots: input '" + o.input + "' not found. Give the CSV of counts by partial postcode, "
                            "e.g. layers/sandwell/hotspots_modelled.csv.");
    }

    const HotspotInput input = read_hotspot_table(o.input);
    const std::vector<std::string>& cohorts = input.cohorts;

    // Only the layers this command needs: towns, wards and (without --lookup) postcodes.
    const Manifest manifest = load_manifest(context.manifest_path());
    Manifest needed = manifest;
    needed.layers.clear();
    const LayerSpec* town_spec = towns_spec(manifest);
    const LayerSpec* ward_spec = wards_spec(manifest);
    const LayerSpec* postcode_spec = nullptr;
    if (o.lookup.empty()) {
        const auto specs = manifest.with_role(Role::postcodes);
        if (specs.empty()) {
            throw DataError(manifest.path + ": no layer with role postcodes to look the hotspots' postcodes up in. "
                                            "Fix: add one to the manifest, or give a lookup with --lookup FILE.");
        }
        postcode_spec = specs.front();
    }
    for (const LayerSpec* s : {town_spec, ward_spec, postcode_spec}) {
        if (s) needed.layers.push_back(*s);
    }
    if (talk) context.err << "reading " << needed.layers.size() << " layer(s) from " << manifest.path << "\n";
    const LoadedLayers loaded = read_layers(needed);
    auto usable = [&](const LayerSpec* s) -> const Layer* {
        if (!s) return nullptr;
        const Layer* l = loaded.find(s->name);
        require_usable(*l);
        return l;
    };
    const Layer* towns_layer = usable(town_spec);
    const Layer* wards_layer = usable(ward_spec);

    const PostcodeLookup lookup = o.lookup.empty() ? postcode_lookup_from_layer(*usable(postcode_spec))
                                                   : read_postcode_lookup(o.lookup, loaded.crs);
    if (talk) {
        context.err << "postcode lookup: " << lookup.source() << " (" << lookup.given(PostcodeLevel::unit) << " units, "
                    << lookup.given(PostcodeLevel::sector) << " sectors, " << lookup.given(PostcodeLevel::district)
                    << " districts)\n";
        for (const auto& n : lookup.notes()) context.err << "note: " << n << "\n";
        for (const auto& w : input.warnings) context.err << "warning: " << w << "\n";
    }

    // Place each row.
    struct Placed {
        const InputRow* row;
        std::optional<Postcode> postcode;   // where it was placed: the row's own, or a unit's sector
        PostcodeLocation location;
        std::string located_by;
        std::string region;                 // town name, outside_towns or not_placed_region
        const AreaFinder::Area* ward = nullptr;
    };
    const AreaFinder towns(towns_layer), wards(wards_layer);
    std::vector<Placed> placed;
    std::vector<std::string> unplaced_lines, unplaced_keys;
    for (const auto& row : input.rows) {
        Placed p{&row, std::nullopt, {}, "", not_placed_region, nullptr};
        const std::string where = "line " + join_lines(row.lines);
        if (!row.postcode) {
            unplaced_lines.push_back(where + ": '" + row.key_as_written + "': " + row.postcode.reason);
        } else {
            const Postcode& pc = *row.postcode.postcode;
            if (auto loc = lookup.find(pc)) {
                p.postcode = pc;
                p.location = *loc;
                p.located_by = loc->describe();
            } else if (pc.level() == PostcodeLevel::unit) {
                // Units newer than the lookup: their sector is the best place we have.
                const Postcode sector = *pc.parent();
                if (auto sloc = lookup.find(sector)) {
                    p.postcode = sector;
                    p.location = *sloc;
                    p.located_by = "sector " + sector.text() + " (unit not in the lookup)";
                    if (talk) {
                        context.err << "warning: " << o.input << " " << where << ": unit " << pc.text()
                                    << " is not in the lookup; placed at its sector " << sector.text() << ".\n";
                    }
                }
            }
            if (!p.postcode) {
                std::string why = std::string(to_string(pc.level())) + " " + pc.text() + " is not in the lookup";
                const auto parent = pc.parent();
                if (parent && lookup.find(*parent)) {
                    const char* check = pc.level() == PostcodeLevel::sector  ? "the sector digit"
                                        : pc.level() == PostcodeLevel::unit  ? "the last two letters"
                                                                             : "the district number";
                    why += ", though " + std::string(to_string(parent->level())) + " " + parent->text() +
                           " is: check " + check;
                }
                unplaced_lines.push_back(where + ": '" + row.key_as_written + "': " + why);
            }
        }
        if (!p.postcode) {
            unplaced_keys.push_back(where + ": " + row.key_as_written);
        } else {
            const auto* town = towns.at(p.location.x, p.location.y);
            p.region = town ? town->name : outside_towns;
            p.ward = wards.at(p.location.x, p.location.y);
        }
        placed.push_back(std::move(p));
    }

    // Unplaced rows are never dropped silently: listed here, counted under "(not placed)".
    auto list_unplaced = [&](std::ostream& err) {
        err << "roisc hotspots: " << unplaced_lines.size() << " row(s) of " << o.input
            << " could not be placed on the map:\n";
        for (const auto& l : unplaced_lines) err << "  " << l << "\n";
    };
    if (!unplaced_lines.empty() && o.strict) {
        std::string msg = o.input + ": " + std::to_string(unplaced_lines.size()) +
                          " row(s) could not be placed (--strict):";
        for (const auto& l : unplaced_lines) msg += "\n  " + l;
        msg += "\nFix: correct these postcodes, or give a fuller lookup with --lookup; without --strict they are "
               "counted under \"" + not_placed_region + "\".";
        throw DataError(msg);
    }

    // The table the disclosure control works on: hotspots by cohort, in towns, in the whole area.
    CountTable table(cohorts);
    std::map<std::string, std::size_t> region_index;
    std::vector<std::string> region_names;
    for (const auto& a : towns.areas()) region_names.push_back(a.name);
    std::sort(region_names.begin(), region_names.end());
    region_names.erase(std::unique(region_names.begin(), region_names.end()), region_names.end());
    for (const std::string& extra : {outside_towns, not_placed_region}) {
        if (std::any_of(placed.begin(), placed.end(), [&](const Placed& p) { return p.region == extra; })) {
            region_names.push_back(extra);
        }
    }
    for (const auto& n : region_names) region_index[n] = table.add_region(n);
    for (const auto& p : placed) {
        table.add_row(region_index.at(p.region), p.postcode ? p.postcode->text() : p.row->key_as_written, p.row->counts);
    }
    const ProtectedTable safe = protect(table, policy);

    // The demand layer: one point per placed hotspot, or its units with --spread units.
    std::vector<DemandPoint> points;
    std::size_t spread_hotspots = 0, not_spread = 0;
    const long long min_share = policy.method == DisclosureMethod::standard ? policy.threshold : 1;
    for (std::size_t h = 0; h < placed.size(); ++h) {
        const Placed& p = placed[h];
        if (!p.postcode) continue;
        const ProtectedLine& line = safe.rows[h];
        DemandPoint base;
        base.hotspot = p.row->postcode.postcode->text();  // as the input names it (a unit may be placed at its sector)
        base.postcode = p.postcode->text();
        base.level = to_string(p.postcode->level());
        base.x = p.location.x;
        base.y = p.location.y;
        base.town = p.region == outside_towns ? "" : p.region;
        if (p.ward) base.ward = p.ward->name, base.ward_code = p.ward->id;
        for (const auto& c : line.cells) base.counts.push_back(c.published());
        base.total = line.total.published();
        base.n_units = p.location.n_units;
        base.located_by = p.located_by;
        base.lines = join_lines(p.row->lines);

        std::vector<UnitPoint> units;
        if (o.spread == "units" && p.postcode->level() != PostcodeLevel::unit) units = lookup.units_of(*p.postcode);
        if (units.empty()) {
            if (o.spread == "units") ++not_spread;
            points.push_back(std::move(base));
            continue;
        }
        // Each column is shared out on its own, from its published value only: a suppressed count
        // is shown as suppressed at every point, so spreading reveals nothing the hotspot row does not.
        auto share = [&](const PublishedCount& c) -> std::optional<std::vector<long long>> {
            if (c.is_suppressed()) return std::nullopt;
            return spread_count(*c.value(), units.size(), min_share);
        };
        auto shown = [&](const std::optional<std::vector<long long>>& shares, std::size_t u) {
            if (!shares) return PublishedCount::suppressed();
            const long long v = (*shares)[u];
            return policy.is_small(v) ? PublishedCount::suppressed() : PublishedCount::shown(v);
        };
        std::vector<std::optional<std::vector<long long>>> by_cohort;
        for (const auto& c : base.counts) by_cohort.push_back(share(c));
        const auto totals = share(base.total);
        std::vector<DemandPoint> unit_points;
        for (std::size_t u = 0; u < units.size(); ++u) {
            // Only units that got a share of some published count are drawn.
            bool gets_some = totals && (*totals)[u] > 0;
            for (const auto& c : by_cohort) gets_some = gets_some || (c && (*c)[u] > 0);
            if (!gets_some) continue;
            DemandPoint q;
            q.hotspot = base.hotspot;
            q.postcode = units[u].postcode;
            q.level = "unit";
            q.x = units[u].x;
            q.y = units[u].y;
            for (const auto& c : by_cohort) q.counts.push_back(shown(c, u));
            q.total = shown(totals, u);
            const auto* town = towns.at(q.x, q.y);
            q.town = town ? town->name : "";
            if (const auto* ward = wards.at(q.x, q.y)) q.ward = ward->name, q.ward_code = ward->id;
            q.n_units = 1;
            q.located_by = "share of " + base.hotspot + " (" + std::to_string(units.size()) + " units)";
            q.lines = base.lines;
            unit_points.push_back(std::move(q));
        }
        if (unit_points.empty()) {
            // Nothing published to share (all zero, or all suppressed): the hotspot stays one point.
            ++not_spread;
            points.push_back(std::move(base));
            continue;
        }
        ++spread_hotspots;
        for (auto& q : unit_points) points.push_back(std::move(q));
    }

    // The town table, from the same protected table.
    std::vector<TownLine> town_lines;
    auto town_line = [&](const ProtectedLine& l, const std::string& name) {
        TownLine t;
        t.name = name;
        for (const auto& c : l.cells) t.counts.push_back(c.published());
        t.total = l.total.published();
        return t;
    };
    for (const auto& r : safe.regions) town_lines.push_back(town_line(r, r.name));
    const std::string whole_name = manifest.study_name.empty() ? "total" : manifest.study_name;
    town_lines.push_back(town_line(safe.whole, whole_name));

    // Write both files to temporary names first, then move both into place.
    const std::string name = o.name.empty() ? fs::path(o.input).stem().string() : o.name;
    fs::create_directories(o.out_dir, ec);
    if (ec) throw ArgumentError("--out '" + o.out_dir + "': cannot create the folder: " + ec.message() + ".");
    RunInfo info;
    info.name = name;
    info.input = o.input;
    info.lookup = lookup.source();
    info.working_crs = loaded.crs.code;
    info.spread = o.spread;
    info.study = manifest.study_name;
    info.not_placed = unplaced_keys;
    StagedFile geojson(fs::path(o.out_dir) / (name + ".geojson"));
    StagedFile gpkg(fs::path(o.out_dir) / (name + ".gpkg"));
    write_demand_geojson(geojson, points, cohorts, info, policy, loaded.crs.code);
    {
        std::error_code gone;
        fs::remove(gpkg.temp(), gone);
    }
    write_demand_geopackage(gpkg, points, cohorts, town_lines, info, policy, loaded.crs.code);
    geojson.commit();
    gpkg.commit();

    // The town summary on stdout.
    std::vector<Table::Column> columns{{"town"}};
    for (const auto& c : cohorts) columns.push_back({c, Table::Align::right, true});
    if (cohorts.size() > 1) columns.push_back({"total", Table::Align::right, true});
    Table summary(columns);
    for (const auto& t : town_lines) {
        std::vector<std::string> cells{t.name};
        for (const auto& c : t.counts) cells.push_back(c.text(policy));
        if (cohorts.size() > 1) cells.push_back(t.total.text(policy));
        summary.add_row(std::move(cells));
    }
    summary.print(context.out, format);
    // With one cohort the total is the same count (and always has the same status): count it once.
    const std::size_t per_line = cohorts.size() > 1 ? 1 : 2;
    std::string note = policy.summary() + " " + std::to_string(safe.suppressed_count() / per_line) + " of " +
                       std::to_string(safe.cell_count() / per_line) + " counts are hidden.";
    if (region_index.count(outside_towns)) {
        note += " \"" + outside_towns + "\": hotspots whose point lies outside every town.";
    }
    if (region_index.count(not_placed_region)) {
        note += " \"" + not_placed_region + "\": rows whose postcode could not be placed (listed on stderr).";
    }
    if (format == TableFormat::table) {
        context.out << "\n" << note << "\n";
    } else if (talk) {
        context.err << note << "\n";
    }

    if (!unplaced_lines.empty()) {
        list_unplaced(context.err);
        context.err << "Fix: correct these postcodes, or give a fuller lookup with --lookup. --strict makes this an "
                       "error (exit 3).\n";
    }
    if (talk) {
        if (o.spread == "units") {
            context.err << "spread " << spread_hotspots << " hotspot(s) over their unit postcodes";
            if (not_spread) {
                context.err << "; " << not_spread << " kept as one point (no units in the lookup, or nothing published to share)";
            }
            context.err << ".\n";
        }
        context.err << "wrote " << points.size() << " point(s) to " << geojson.target().string() << " and "
                    << gpkg.target().string() << "\n";
    }
    return 0;
}

}  // namespace roisc::cli
