// roisc hotspots, run in-process through the real command line; every output it writes is read
// back and searched for small counts.
#include "roisc/core/error.hpp"
#include "roisc/io/gdal_support.hpp"

#include "../support/run_roisc.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace fs = std::filesystem;

namespace {

const std::string fixtures = std::string(ROISC_TEST_DATA) + "/hotspots";
const std::string fixture_manifest = fixtures + "/manifest.toml";
const std::vector<std::string> count_fields = {"opiate", "non_opiate", "alcohol_only", "non_opiate_and_alcohol",
                                               "total", "count"};

using Run = roisc::test::RoiscRun;
// `roisc ARGS…` as typed: these tests give their own manifest and keep the progress on stderr.
Run hotspots(const std::vector<std::string>& args) { return roisc::test::run_roisc(args); }

// A scratch output folder, removed afterwards.
struct OutDir {
    fs::path path;
    explicit OutDir(const std::string& name)
        : path(fs::temp_directory_path() / ("roisc-hotspots-" + std::to_string(::getpid()) + "-" + name)) {
        fs::remove_all(path);
    }
    ~OutDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    std::vector<std::string> files() const {
        std::vector<std::string> out;
        if (!fs::exists(path)) return out;
        for (const auto& e : fs::directory_iterator(path)) out.push_back(e.path().filename().string());
        std::sort(out.begin(), out.end());
        return out;
    }
};

bool is_count_field(const std::string& name) {
    return std::find(count_fields.begin(), count_fields.end(), name) != count_fields.end();
}

// A published count is suppressed (null or the marker), zero, or at least the threshold.
bool publishable(long long v, long long threshold) { return v == 0 || v >= threshold; }

// What a search of one output found: how many counts it looked at, and the small ones.
struct Findings {
    int looked = 0;
    std::vector<std::string> small;
    void count(long long v, long long threshold, const std::string& where) {
        ++looked;
        if (!publishable(v, threshold)) small.push_back(where + " = " + std::to_string(v));
    }
    std::string first() const { return small.empty() ? std::string() : small.front(); }
};

// Every count field of every feature of the GeoJSON; returns how many counts it looked at.
Findings search_geojson(const fs::path& path, long long threshold, const std::string& policy) {
    std::ifstream in(path);
    const nlohmann::json doc = nlohmann::json::parse(in);
    CHECK(doc["type"] == "FeatureCollection");
    CHECK_FALSE(doc.contains("crs"));  // RFC 7946
    REQUIRE(doc.contains("metadata"));
    // The common writer's metadata: the same key/value pairs as the GeoPackage's metadata table.
    CHECK(doc["metadata"]["disclosure_policy"] == policy);
    CHECK(doc["metadata"]["disclosure_threshold"] == (policy == "standard" ? std::to_string(threshold) : "none"));
    Findings found;
    for (const auto& f : doc["features"]) {
        const auto& c = f["geometry"]["coordinates"];
        CHECK(c[0].get<double>() > -3.0);  // longitude first, in the West Midlands
        CHECK(c[0].get<double>() < -1.0);
        CHECK(c[1].get<double>() > 52.0);
        CHECK(c[1].get<double>() < 53.0);
        for (const auto& [key, value] : f["properties"].items()) {
            if (!is_count_field(key)) continue;
            if (value.is_null()) {
                ++found.looked;
                continue;
            }
            found.count(value.get<long long>(), threshold,
                        path.filename().string() + " " + f["properties"]["postcode"].get<std::string>() + " " + key);
        }
    }
    return found;
}

// Every integer count field of every layer and table of the GeoPackage, read back through GDAL.
Findings search_geopackage(const fs::path& path, long long threshold, const std::string& policy) {
    roisc::ensure_gdal_registered();
    roisc::DatasetPtr ds(GDALDataset::Open(path.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    REQUIRE(ds);
    Findings found;
    std::map<std::string, std::string> metadata;
    for (auto* layer : ds->GetLayers()) {
        OGRFeatureDefn* defn = layer->GetLayerDefn();
        if (std::string(layer->GetName()) == "metadata") {
            for (auto& f : *layer) metadata[f->GetFieldAsString("key")] = f->GetFieldAsString("value");
            continue;
        }
        for (auto& f : *layer) {
            for (int i = 0; i < defn->GetFieldCount(); ++i) {
                if (!is_count_field(defn->GetFieldDefn(i)->GetNameRef())) continue;
                if (!f->IsFieldSetAndNotNull(i)) {
                    ++found.looked;
                    continue;
                }
                found.count(f->GetFieldAsInteger64(i), threshold,
                            path.filename().string() + " layer " + layer->GetName() + " feature " +
                                std::to_string(f->GetFID()) + " " + defn->GetFieldDefn(i)->GetNameRef());
            }
        }
    }
    CHECK(metadata["disclosure_policy"] == policy);
    CHECK(metadata["disclosure_threshold"] == (policy == "standard" ? std::to_string(threshold) : std::string("none")));
    return found;
}

// The terminal table: every cell of a count column is the marker, 0, or at least the threshold.
Findings search_table(const std::string& text, long long threshold) {
    std::istringstream in(text);
    std::string line;
    Findings found;
    bool body = false;
    while (std::getline(in, line)) {
        if (line.rfind("---", 0) == 0) {
            body = true;
            continue;
        }
        if (!body) continue;
        if (line.empty()) break;  // the note under the table follows
        // Town names hold no digits, so every number on the line is a count.
        std::istringstream cells(line);
        std::string cell;
        while (cells >> cell) {
            if (cell == "*") {
                ++found.looked;
            } else if (std::all_of(cell.begin(), cell.end(), ::isdigit)) {
                found.count(std::stoll(cell), threshold, "table line '" + line + "'");
            }
        }
    }
    return found;
}

Findings search_csv_table(const std::string& text, long long threshold) {
    std::istringstream in(text);
    std::string line;
    std::getline(in, line);
    Findings found;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::istringstream cells(line);
        std::string cell;
        std::getline(cells, cell, ',');  // the town
        while (std::getline(cells, cell, ',')) {
            if (cell == "*") {
                ++found.looked;
                continue;
            }
            found.count(std::stoll(cell), threshold, "csv line '" + line + "'");
        }
    }
    return found;
}

Findings search_json_table(const std::string& text, long long threshold) {
    Findings found;
    for (const auto& row : nlohmann::json::parse(text)) {
        for (const auto& [key, value] : row.items()) {
            if (!is_count_field(key)) continue;
            if (value.is_string()) {
                ++found.looked;
                CHECK(value == "*");
            } else {
                found.count(value.get<long long>(), threshold, "json " + row.dump());
            }
        }
    }
    return found;
}

// Runs the command in all three table formats and checks everything it writes and prints.
void check_all_outputs(const std::string& input, const std::vector<std::string>& extra, long long threshold,
                       const std::string& manifest = fixture_manifest) {
    OutDir dir("grep");
    for (const char* format : {"table", "csv", "json"}) {
        std::vector<std::string> args = {"--manifest", manifest, "--format", format, "hotspots", input,
                                         "--out", dir.path.string(), "--name", "demand"};
        args.insert(args.end(), extra.begin(), extra.end());
        const Run r = hotspots(args);
        INFO(format << " stderr: " << r.err);
        REQUIRE(r.code == 0);
        // Nothing but the two files, the GeoJSON's QGIS style and the metadata: no temporary file is left behind.
        CHECK(dir.files() == std::vector<std::string>{".roisc-files", "demand.geojson", "demand.gpkg", "demand.qml", "metadata.json"});
        {
            // The style sizes the circles by a count the layer has (the total, or the one cohort's).
            std::ifstream qml(dir.path / "demand.qml");
            std::stringstream text;
            text << qml.rdbuf();
            std::smatch m;
            const std::string style = text.str();
            REQUIRE(std::regex_search(style, m, std::regex("sqrt\\(&quot;([a-z_]+)&quot;\\)")));
            CHECK(is_count_field(m[1]));
        }
        std::vector<Findings> searches = {search_geojson(dir.path / "demand.geojson", threshold, "standard"),
                                          search_geopackage(dir.path / "demand.gpkg", threshold, "standard")};
        if (std::string(format) == "table") {
            searches.push_back(search_table(r.out, threshold));
            CHECK(r.out.find("Disclosure control: standard, threshold " + std::to_string(threshold)) != std::string::npos);
        }
        if (std::string(format) == "csv") searches.push_back(search_csv_table(r.out, threshold));
        if (std::string(format) == "json") searches.push_back(search_json_table(r.out, threshold));
        for (const auto& found : searches) {
            CHECK(found.looked > 0);
            CHECK_MESSAGE(found.small.empty(), found.small.size() << " small count(s), first: " << found.first());
        }
    }
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("hotspots: the fixture's outputs hold no small count, in any file or format") {
    check_all_outputs(fixtures + "/hotspots.csv", {}, 5);
    check_all_outputs(fixtures + "/hotspots.csv", {"--threshold", "10"}, 10);
    check_all_outputs(fixtures + "/hotspots.csv", {"--spread", "units"}, 5);
    check_all_outputs(fixtures + "/unplaced.csv", {}, 5);
    check_all_outputs(fixtures + "/single_count.csv", {}, 5);
}

TEST_CASE("hotspots: the embedded modelled table's outputs hold no small count") {
    const std::string input = std::string(ROISC_SOURCE_DIR) + "/layers/sandwell/hotspots_modelled.csv";
    const std::string manifest = std::string(ROISC_SOURCE_DIR) + "/layers/sandwell/manifest.toml";
    REQUIRE(fs::exists(input));
    check_all_outputs(input, {}, 5, manifest);
    check_all_outputs(input, {"--spread", "units"}, 5, manifest);
}

TEST_CASE("hotspots: the demand layer and the town table") {
    OutDir dir("layer");
    const Run r = hotspots({"--manifest", fixture_manifest, "--format", "csv", "hotspots", fixtures + "/hotspots.csv",
                            "--out", dir.path.string()});
    REQUIRE(r.code == 0);
    // Towns in name order, then the hotspots outside every town, then the whole.
    CHECK(r.out.find("town,opiate,non_opiate,alcohol_only,non_opiate_and_alcohol,total") == 0);
    const auto north = r.out.find("North Town,"), south = r.out.find("South Town,");
    const auto outside = r.out.find("(outside the towns),"), whole = r.out.find("Testborough,");
    CHECK(north < south);
    CHECK(south < outside);
    CHECK(outside < whole);
    CHECK(r.out.find("Testborough,176,27,89,14,306") != std::string::npos);
    CHECK(r.err.find("Disclosure control: standard, threshold 5") != std::string::npos);

    std::ifstream in(dir.path / "hotspots.geojson");
    const nlohmann::json doc = nlohmann::json::parse(in);
    std::map<std::string, nlohmann::json> by_postcode;
    for (const auto& f : doc["features"]) by_postcode[f["properties"]["postcode"]] = f["properties"];
    CHECK(by_postcode.size() == 6);
    CHECK(by_postcode["B69 3"]["town"] == "South Town");
    CHECK(by_postcode["B69 3"]["ward"] == "South");
    CHECK(by_postcode["B69 3"]["opiate"] == 41);
    CHECK(by_postcode["B69 3"]["non_opiate_and_alcohol"].is_null());  // 4
    CHECK(by_postcode["B69 3"]["suppressed_counts"].get<std::string>().find("non_opiate_and_alcohol") != std::string::npos);
    CHECK(by_postcode["B70"]["level"] == "district");
    CHECK(by_postcode["B70"]["located_by"] == "mean of 2 sectors");
    CHECK(by_postcode["B70"]["town"] == "North Town");
    CHECK(by_postcode["B70"]["ward"] == "North East");
    CHECK(by_postcode["B69 4"]["lines"] == "4");  // written "b694"
    CHECK(by_postcode["B69 1"]["located_by"] == "mean of 2 units");
    CHECK(by_postcode["B71 1"]["town"].is_null());
    CHECK(by_postcode["B68"]["total"] == 0);  // zeros are shown
    CHECK(doc["metadata"]["cohorts"] == "opiate,non_opiate,alcohol_only,non_opiate_and_alcohol");
}

TEST_CASE("hotspots: --disclosure none is exact, and says so everywhere") {
    OutDir dir("none");
    const Run r = hotspots({"--manifest", fixture_manifest, "hotspots", fixtures + "/hotspots.csv", "--disclosure",
                            "none", "--out", dir.path.string()});
    REQUIRE(r.code == 0);
    CHECK(r.out.find("Disclosure control: none") != std::string::npos);
    CHECK(r.out.find("secure environment") != std::string::npos);
    CHECK(r.out.find("*") == std::string::npos);
    std::ifstream in(dir.path / "hotspots.geojson");
    const nlohmann::json doc = nlohmann::json::parse(in);
    CHECK(doc["metadata"]["disclosure_policy"] == "none");
    bool small_shown = false;
    for (const auto& f : doc["features"]) small_shown = small_shown || f["properties"]["opiate"] == 3;
    CHECK(small_shown);
    // The searches used on the protected outputs do find small counts where there are some.
    CHECK_FALSE(search_geojson(dir.path / "hotspots.geojson", 5, "none").small.empty());
    CHECK_FALSE(search_geopackage(dir.path / "hotspots.gpkg", 5, "none").small.empty());
    CHECK_FALSE(search_table(r.out, 5).small.empty());
    const Run csv = hotspots({"--manifest", fixture_manifest, "--format", "csv", "hotspots", fixtures + "/hotspots.csv",
                              "--disclosure", "none", "--out", dir.path.string()});
    CHECK_FALSE(search_csv_table(csv.out, 5).small.empty());
    const Run json = hotspots({"--manifest", fixture_manifest, "--format", "json", "hotspots",
                               fixtures + "/hotspots.csv", "--disclosure", "none", "--out", dir.path.string()});
    CHECK_FALSE(search_json_table(json.out, 5).small.empty());
}

TEST_CASE("hotspots: rows that cannot be placed are listed with their lines, and --strict fails") {
    OutDir dir("unplaced");
    const Run r = hotspots({"--manifest", fixture_manifest, "hotspots", fixtures + "/unplaced.csv", "--out",
                            dir.path.string()});
    REQUIRE(r.code == 0);
    CHECK(r.err.find("3 row(s) of") != std::string::npos);
    CHECK(r.err.find("line 3: 'B6 93': '93' after the district B6 is malformed") != std::string::npos);
    CHECK(r.err.find("did you mean 'B69 3'") != std::string::npos);
    CHECK(r.err.find("line 5: 'QQ1 1AA': 'QQ' is not a UK postcode area") != std::string::npos);
    CHECK(r.err.find("line 6: 'B69 9': sector B69 9 is not in the lookup, though district B69 is") != std::string::npos);
    CHECK(r.out.find("(not placed)") != std::string::npos);
    // Their people are still in the totals: 41+2+112+1+3 opiate.
    std::ifstream in(dir.path / "unplaced.geojson");
    const nlohmann::json doc = nlohmann::json::parse(in);
    CHECK(doc["features"].size() == 2);
    CHECK(doc["metadata"]["not_placed"] == "line 3: B6 93; line 5: QQ1 1AA; line 6: B69 9");

    OutDir strict_dir("strict");
    const Run strict = hotspots({"--manifest", fixture_manifest, "hotspots", fixtures + "/unplaced.csv", "--strict",
                                 "--out", strict_dir.path.string()});
    CHECK(strict.code == static_cast<int>(roisc::ExitCode::data));  // a DataError
    CHECK(strict.err_has("--strict"));
    CHECK(strict.err_has("line 3"));
    CHECK(strict.err_has("line 5"));
    CHECK(strict.err_has("line 6"));
    CHECK(strict_dir.files().empty());  // nothing written
}

TEST_CASE("hotspots: repeated postcodes are added together with a warning naming both lines") {
    OutDir dir("dupes");
    const Run r = hotspots({"--manifest", fixture_manifest, "--format", "csv", "hotspots", fixtures + "/duplicates.csv",
                            "--disclosure", "none", "--out", dir.path.string()});
    REQUIRE(r.code == 0);
    CHECK(r.err.find("line 4: 'b693' repeats B69 3 of line 2") != std::string::npos);
    CHECK(r.out.find("South Town,41,6,22,4,73") != std::string::npos);
    std::ifstream in(dir.path / "duplicates.geojson");
    const nlohmann::json doc = nlohmann::json::parse(in);
    CHECK(doc["features"].size() == 2);
    CHECK(doc["features"][0]["properties"]["lines"] == "2,4");
}

TEST_CASE("hotspots: unusable counts are a data error naming line, field and value") {
    OutDir dir("bad");
    const Run r = hotspots({"--manifest", fixture_manifest, "hotspots", fixtures + "/bad_counts.csv", "--out", dir.path.string()});
    CHECK(r.code == static_cast<int>(roisc::ExitCode::data));  // a DataError
    CHECK(r.err_has("3 row(s) with unusable counts"));
    CHECK(r.err_has("line 3, field 'opiate': '-1' is not a whole number of 0 or more"));
    CHECK(r.err_has("line 4, field 'non_opiate': '2.5'"));
    CHECK(r.err_has("line 5, field 'non_opiate': the count is empty"));
    CHECK(r.err_has("Fix:"));
    CHECK(dir.files().empty());
}

TEST_CASE("hotspots: header spellings and a single count column") {
    OutDir dir("headers");
    const Run r = hotspots({"--manifest", fixture_manifest, "--format", "csv", "hotspots",
                            fixtures + "/ndtms_headers.csv", "--disclosure", "none", "--out", dir.path.string()});
    REQUIRE(r.code == 0);
    CHECK(r.out.find("town,opiate,non_opiate,alcohol_only,non_opiate_and_alcohol,total") == 0);
    CHECK(r.out.find("Testborough,153,24,73,13,263") != std::string::npos);

    const Run single = hotspots({"--manifest", fixture_manifest, "--format", "csv", "hotspots",
                                 fixtures + "/single_count.csv", "--out", dir.path.string()});
    REQUIRE(single.code == 0);
    CHECK(single.out.find("town,count\r\n") == 0);
}

TEST_CASE("hotspots: a unit newer than the lookup is placed at its sector, with a warning") {
    OutDir dir("newer");
    const Run r = hotspots({"--manifest", fixture_manifest, "hotspots", fixtures + "/newer_unit.csv", "--out",
                            dir.path.string()});
    REQUIRE(r.code == 0);
    CHECK(r.err.find("unit B69 3ZZ is not in the lookup; placed at its sector B69 3") != std::string::npos);
    std::ifstream in(dir.path / "newer_unit.geojson");
    const nlohmann::json doc = nlohmann::json::parse(in);
    REQUIRE(doc["features"].size() == 2);
    const auto& p = doc["features"][0]["properties"];
    CHECK(p["hotspot"] == "B69 3ZZ");
    CHECK(p["postcode"] == "B69 3");
    CHECK(p["located_by"] == "sector B69 3 (unit not in the lookup)");
    CHECK(p["town"] == "South Town");
}

TEST_CASE("hotspots: the same input gives byte-identical files") {
    OutDir a("same-a"), b("same-b");
    for (const auto* d : {&a, &b}) {
        REQUIRE(hotspots({"--manifest", fixture_manifest, "-q", "hotspots", fixtures + "/hotspots.csv", "--spread",
                          "units", "--out", d->path.string()})
                    .code == 0);
    }
    CHECK(slurp(a.path / "hotspots.geojson") == slurp(b.path / "hotspots.geojson"));
    CHECK(slurp(a.path / "hotspots.gpkg") == slurp(b.path / "hotspots.gpkg"));
}

TEST_CASE("hotspots: argument errors") {
    // Each is an ArgumentError: exit 2, with the option and the reason on stderr.
    const Run both = hotspots({"--manifest", fixture_manifest, "hotspots", fixtures + "/hotspots.csv", "--disclosure",
                               "none", "--threshold", "5"});
    CHECK(both.code == 2);
    CHECK(both.err_has("--threshold: the disclosure threshold applies only to the standard policy"));
    const Run one = hotspots({"--manifest", fixture_manifest, "hotspots", fixtures + "/hotspots.csv", "--threshold", "1"});
    CHECK(one.code == 2);
    CHECK(one.err_has("--threshold: the disclosure threshold (1, the smallest count to publish) must be between 2 and 1000"));
    const Run missing = hotspots({"--manifest", fixture_manifest, "hotspots", fixtures + "/no_such.csv"});
    CHECK(missing.code == 2);
    CHECK(missing.err_has("no_such.csv' not found"));
    const Run lookup = hotspots({"--manifest", fixture_manifest, "hotspots", fixtures + "/hotspots.csv", "--lookup",
                                 "/no/such/lookup.csv"});
    CHECK(lookup.code == 2);
    CHECK(lookup.err_has("--lookup: '/no/such/lookup.csv' not found"));
    CHECK(hotspots({"hotspots", fixtures + "/hotspots.csv", "--spread", "sideways"}).code == 2);
}
