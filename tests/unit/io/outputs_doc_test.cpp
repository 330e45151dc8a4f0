// docs/outputs.md is the contract for every layer's fields: this test runs each command that
// writes files, reads what it wrote (GeoJSON, GeoPackage, CSV) and checks the field names, their
// order and types against the doc's tables, and that each .qml is the GeoPackage's default style; and
// the layers a report.html draws, the same way.
#include "roisc/io/gdal_support.hpp"
#include "roisc/io/manifest.hpp"

#include "../support/run_roisc.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>
#include <unistd.h>

namespace fs = std::filesystem;
using roisc::test::run_roisc;

namespace {

const std::string sandwell = std::string(ROISC_SOURCE_DIR) + "/layers/sandwell/manifest.toml";

struct DocField {
    std::string name, type, when;
};

std::string read_all(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

std::vector<std::string> cells_of(const std::string& line) {
    std::vector<std::string> cells;
    std::stringstream s(line);
    std::string cell;
    std::getline(s, cell, '|');  // before the first bar
    while (std::getline(s, cell, '|')) {
        const auto a = cell.find_first_not_of(" `"), b = cell.find_last_not_of(" `");
        cells.push_back(a == std::string::npos ? "" : cell.substr(a, b - a + 1));
    }
    if (!cells.empty() && cells.back().empty()) cells.pop_back();
    return cells;
}

// "### `layer`" headings and the field table under each.
std::map<std::string, std::vector<DocField>> documented_layers() {
    std::map<std::string, std::vector<DocField>> layers;
    std::istringstream doc(read_all(fs::path(ROISC_SOURCE_DIR) / "docs/outputs.md"));
    std::string line, layer;
    while (std::getline(doc, line)) {
        if (line.rfind("### `", 0) == 0) {
            layer = line.substr(5, line.find('`', 5) - 5);
            continue;
        }
        if (line.rfind("## ", 0) == 0) layer.clear();
        if (layer.empty() || line.rfind("| `", 0) != 0) continue;
        const auto c = cells_of(line);
        if (c.size() >= 3) layers[layer].push_back({c[0], c[1], c[2]});
    }
    return layers;
}

// The field names a run writes: placeholders expanded, fields off for this run left out.
std::vector<DocField> expected(const std::vector<DocField>& doc, const std::set<std::string>& on,
                               const std::vector<std::string>& cohorts) {
    std::vector<DocField> out;
    for (const auto& f : doc) {
        if (!f.when.empty() && !on.count(f.when)) continue;
        if (f.name == "<cohort>") {
            for (const auto& c : cohorts) out.push_back({c, f.type, ""});
        } else if (f.name == "<breakdown>_<column>") {
            // The --breakdown case below: tests/data/breakdowns/sex_age.csv by sex and age band.
            for (const char* n : {"sex_male", "sex_female", "age_18_24", "age_25_34", "age_35_49", "age_50_plus"}) {
                out.push_back({n, f.type, ""});
            }
        } else if (f.name == "<day>_<part>") {
            for (const char* d : {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}) {
                for (const char* p : {"morning", "afternoon", "evening"}) out.push_back({std::string(d) + "_" + p, f.type, ""});
            }
        } else {
            out.push_back(f);
        }
    }
    return out;
}

std::string names(const std::vector<DocField>& fields) {
    std::string n;
    for (const auto& f : fields) n += (n.empty() ? "" : ",") + f.name;
    return n;
}

std::string joined(const std::vector<std::string>& v) {
    std::string n;
    for (const auto& s : v) n += (n.empty() ? "" : ",") + s;
    return n;
}

bool json_matches(const nlohmann::ordered_json& v, const std::string& type) {
    if (v.is_null()) return true;
    if (type == "text") return v.is_string();
    if (type == "integer") return v.is_number_integer();
    if (type == "real") return v.is_number();
    if (type == "boolean") return v.is_boolean();
    return false;
}

std::string gpkg_type(const OGRFieldDefn& d) {
    if (d.GetType() == OFTString) return "text";
    if (d.GetType() == OFTInteger64) return "integer";
    if (d.GetType() == OFTReal) return "real";
    if (d.GetType() == OFTInteger && d.GetSubType() == OFSTBoolean) return "boolean";
    return "other";
}

struct Case {
    std::vector<std::string> args;
    std::set<std::string> on;           // the doc's "when" conditions that hold for this run
    std::map<std::string, std::string> alias;  // written layer name -> documented name
};

}  // namespace

TEST_CASE("every layer every command writes has the fields docs/outputs.md lists, in every format") {
    roisc::ensure_gdal_registered();
    const auto doc = documented_layers();
    REQUIRE(doc.size() >= 12);
    std::vector<std::string> cohorts;
    for (const auto& l : roisc::load_manifest(sandwell).layers) {
        if (l.role == roisc::Role::demand) cohorts = l.cohorts;
    }
    REQUIRE(cohorts.size() == 4);
    const std::string hotspots_csv = std::string(ROISC_SOURCE_DIR) + "/layers/sandwell/hotspots_modelled.csv";
    // Sandwell's LSOAs with their IMD 2019 deciles and mid-2015 population, in the shared data.
    const std::string lsoas = std::string(ROISC_SHARED_DATA) + "/deprivation/sandwell_lsoa_2011_imd2019.geojson";
    const std::vector<Case> cases = {
        {{"coverage", "-f", "NA", "--within", "2mi", "--report"}, {"of meetings"}, {}},
        {{"gaps", "-f", "NA", "--beyond", "2mi", "--report"}, {"of meetings"}, {}},
        {{"gaps", "-f", "NA", "--beyond", "30min"}, {"by time", "of meetings"}, {}},
        {{"coverage", "--of", "pharmacies", "--within", "1mi", "--min-options", "2", "--report"}, {"of assets", "min options"}, {}},
        {{"gaps", "--of", "pharmacies", "--beyond", "1mi", "--report"}, {"of assets"}, {}},
        {{"rank", "-f", "NA", "--new", "2", "--weight", "cohort:opiate=2", "--report"}, {"with --weight"}, {}},
        {{"rank", "-f", "NA", "--list"}, {}, {}},
        {{"isochrones", "-f", "NA", "--times", "10min,20min"}, {}, {}},
        {{"within", "--from", "B69 3DE", "--radius", "5mi", "-f", "NA"}, {}, {}},
        {{"within", "--from", "B69 3DE", "--radius", "40min", "-f", "NA"}, {"by time"}, {}},
        {{"schedule", "-f", "NA", "--within", "5mi"}, {}, {}},
        {{"directory"}, {}, {}},
        {{"hotspots", hotspots_csv}, {"several cohorts"}, {{"hotspots_modelled", "hotspots"}}},
        {{"hotspots", std::string(ROISC_SOURCE_DIR) + "/tests/data/breakdowns/sex_age.csv", "--breakdown", "sex=Male,Female",
          "--breakdown", "age=18-24,25-34,35-49,50+"},
         {"several cohorts", "with --breakdown"},
         {{"sex_age", "hotspots"}}},
        {{"coverage", "-f", "AA", "--within", "20min", "--by", "imd-decile"}, {"of meetings"}, {}},
        {{"gaps", "-f", "AA", "--beyond", "2mi", "--by", "town"}, {"of meetings"}, {}},
        {{"demand", "model", "--population", lsoas, "--population-field", "pop_total_mid2015", "--deprivation", lsoas,
          "--total", "2000"},
         {},
         {}},
    };
    const fs::path root = fs::temp_directory_path() / ("roisc-outputs-doc-" + std::to_string(::getpid()));
    fs::remove_all(root);
    std::set<std::string> seen;
    int n = 0;
    for (const auto& c : cases) {
        const fs::path dir = root / std::to_string(n++);
        std::vector<std::string> args = c.args;
        args.insert(args.end(), {"--out", dir.string()});
        CAPTURE(args[0]);
        CAPTURE(dir.string());
        const auto r = run_roisc(sandwell, args);
        CAPTURE(r.err);
        REQUIRE(r.code == 0);
        CHECK(fs::exists(dir / "metadata.json"));
        auto documented = [&](const std::string& layer) {
            const auto a = c.alias.find(layer);
            return a == c.alias.end() ? layer : a->second;
        };
        bool has_gpkg = false;
        for (const auto& entry : fs::directory_iterator(dir)) {
            const fs::path p = entry.path();
            const std::string stem = p.stem().string();
            CAPTURE(p.string());
            if (p.extension() == ".geojson") {
                const std::string name = documented(stem);
                REQUIRE_MESSAGE(doc.count(name), "layer " << name << " is not in docs/outputs.md");
                seen.insert(name);
                const auto want = expected(doc.at(name), c.on, cohorts);
                const auto j = nlohmann::ordered_json::parse(read_all(p));
                CHECK(fs::exists(fs::path(p).replace_extension(".qml")));
                // A travel-time search area is the land reached from the place (estimate model here:
                // a circle of speed × time / detour), not the place alone.
                if (name == "search_area") {
                    const std::string type = j["features"][0]["geometry"]["type"];
                    CHECK(type == "Polygon");
                }
                for (const auto& f : j["features"]) {
                    CHECK(f["id"].is_string());
                    std::vector<std::string> got{"id"};
                    for (auto it = f["properties"].begin(); it != f["properties"].end(); ++it) got.push_back(it.key());
                    CHECK(joined(got) == names(want));
                    for (const auto& w : want) {
                        if (w.name == "id") continue;
                        CAPTURE(w.name);
                        CHECK(json_matches(f["properties"][w.name], w.type));
                    }
                }
            } else if (p.extension() == ".csv" && doc.count(documented(stem))) {
                // A layer's CSV: its attribute table, the same names in the same order.
                const auto want = expected(doc.at(documented(stem)), c.on, cohorts);
                std::string header;
                std::istringstream s(read_all(p));
                std::getline(s, header);
                if (!header.empty() && header.back() == '\r') header.pop_back();  // CRLF, as every roisc CSV
                std::string joined;
                for (const auto& w : want) joined += (joined.empty() ? "" : ",") + w.name;
                CHECK(header == joined);
                seen.insert(documented(stem));
            } else if (p.filename() == "report.html") {
                // The layers the report's map draws, its own (towns, meetings, …) and the run's.
                const std::string html = read_all(p);
                const std::string open = "<script type=\"application/json\" id=\"roisc-data\">";
                const auto a = html.find(open);
                REQUIRE(a != std::string::npos);
                const auto data = nlohmann::ordered_json::parse(html.substr(a + open.size(), html.find("</script>", a) - a - open.size()));
                for (const auto& layer : data["sections"][0]["layers"]) {
                    const std::string name = documented(layer["layer"].get<std::string>());
                    CAPTURE(name);
                    REQUIRE_MESSAGE(doc.count(name), "report layer " << name << " is not in docs/outputs.md");
                    seen.insert(name);
                    const auto want = expected(doc.at(name), c.on, cohorts);
                    for (const auto& f : layer["geojson"]["features"]) {
                        std::vector<std::string> got{"id"};
                        for (auto it = f["properties"].begin(); it != f["properties"].end(); ++it) got.push_back(it.key());
                        CHECK(joined(got) == names(want));
                        for (const auto& w : want) {
                            if (w.name == "id") continue;
                            CAPTURE(w.name);
                            CHECK(json_matches(f["properties"][w.name], w.type));
                        }
                    }
                }
            } else if (p.extension() == ".gpkg") {
                has_gpkg = true;
                roisc::DatasetPtr ds(GDALDataset::Open(p.string().c_str(), GDAL_OF_VECTOR));
                REQUIRE(ds);
                std::map<std::string, std::string> styles;
                if (OGRLayer* st = ds->GetLayerByName("layer_styles")) {
                    for (auto& f : *st) styles[f->GetFieldAsString("f_table_name")] = f->GetFieldAsString("styleQML");
                }
                for (int i = 0; i < ds->GetLayerCount(); ++i) {
                    OGRLayer* l = ds->GetLayer(i);
                    const std::string table = l->GetName();
                    if (table == "layer_styles" || table == "metadata") continue;
                    const std::string name = documented(table);
                    CAPTURE(name);
                    REQUIRE_MESSAGE(doc.count(name), "table " << name << " is not in docs/outputs.md");
                    seen.insert(name);
                    const auto want = expected(doc.at(name), c.on, cohorts);
                    OGRFeatureDefn* defn = l->GetLayerDefn();
                    std::vector<std::string> got;
                    for (int k = 0; k < defn->GetFieldCount(); ++k) {
                        const OGRFieldDefn* d = defn->GetFieldDefn(k);
                        got.push_back(d->GetNameRef());
                        if (static_cast<std::size_t>(k) < want.size()) {
                            CAPTURE(d->GetNameRef());
                            CHECK(gpkg_type(*d) == want[static_cast<std::size_t>(k)].type);
                        }
                    }
                    CHECK(joined(got) == names(want));
                    // The .qml beside the GeoJSON is the GeoPackage's default style, byte for byte.
                    const fs::path qml = dir / (table + ".qml");
                    if (fs::exists(qml)) CHECK(styles[table] == read_all(qml));
                }
            }
        }
        CHECK(has_gpkg);
    }
    // Every documented layer is written by some command.
    for (const auto& [name, fields] : doc) {
        CAPTURE(name);
        CHECK(seen.count(name));
    }
    fs::remove_all(root);
}
