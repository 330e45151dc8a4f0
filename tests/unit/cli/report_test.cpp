// The shareable report (--report, docs/report.md): written beside the run's files, small, the same
// bytes for the same inputs, loading nothing from the network, its tables the CSVs' cells, and no
// count the CSVs hide.
#include "roisc/io/report.hpp"

#include "../support/report_page.hpp"
#include "../support/run_roisc.hpp"
#include "../support/temp_file.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using namespace roisc;
using roisc::test::run_roisc;

namespace {

const std::string queries = std::string(ROISC_SOURCE_DIR) + "/queries/";

struct TempDir {
    fs::path path;
    explicit TempDir(const std::string& name)
        : path(fs::temp_directory_path() / ("roisc-report-" + name + "-" + std::to_string(::getpid()))) {
        fs::remove_all(path);
    }
    ~TempDir() { fs::remove_all(path); }
};

// Runs a saved query with --report into `dir`; returns the page.
std::string report_of(const std::string& query, const fs::path& dir) {
    const auto r = run_roisc({"-q", "run", queries + query, "--report", "--out", dir.string()});
    CAPTURE(r.err);
    REQUIRE(r.code == 0);
    REQUIRE(fs::exists(dir / "report.html"));
    return test::read_text(dir / "report.html");
}

// Count fields: the published counts of people, never 1 to 4 (docs/disclosure.md).
bool is_count_field(const std::string& name) {
    static const std::set<std::string> counts{"people", "people_beyond", "covered", "not_covered", "reached", "cumulative",
                                              "opiate", "non_opiate", "alcohol_only", "non_opiate_and_alcohol"};
    return counts.count(name) > 0;
}

bool small(const std::string& cell) { return cell.size() == 1 && cell[0] >= '1' && cell[0] <= '4'; }

// The page's own markup (Leaflet aside) names no resource outside it, and its policy forbids loads.
void check_offline(const std::string& html) {
    const std::string own = test::without_leaflet(html);
    CHECK(own.size() < html.size());  // the library is inlined
    CHECK(own.find("http://") == std::string::npos);
    CHECK(own.find("https://") == std::string::npos);
    CHECK(own.find(" src=") == std::string::npos);
    CHECK(own.find("<link") == std::string::npos);
    CHECK(own.find("@import") == std::string::npos);
    CHECK(own.find("url(") == std::string::npos);
    for (std::size_t at = own.find(" href=\""); at != std::string::npos; at = own.find(" href=\"", at + 1)) {
        CHECK(own[at + 7] == '#');  // links within the page only
    }
    CHECK(html.find("sourceMappingURL") == std::string::npos);  // developer tools would fetch the map
    // The policy (quotes escaped in the attribute): nothing but the page's own inline code and data.
    CHECK(html.find("content=\"default-src &#39;none&#39;; script-src &#39;unsafe-inline&#39;; style-src "
                    "&#39;unsafe-inline&#39;; img-src data:; base-uri") != std::string::npos);
}

// Every table of the page that has a CSV of the same run shows its cells, a hidden count (empty in
// a layer's CSV) as the marker; and no count field, in a table or the map's data, is 1 to 4.
void check_against_csvs(const std::string& html, const fs::path& dir, int expect_tables) {
    int matched = 0;
    for (const auto& table : test::report_tables(html)) {
        CAPTURE(table.name);
        for (std::size_t c = 0; c < table.columns.size(); ++c) {
            for (const auto& row : table.rows) {
                if (is_count_field(table.columns[c])) CHECK_FALSE(small(row[c]));
            }
        }
        const fs::path csv = dir / (table.name + ".csv");
        if (!fs::exists(csv)) continue;
        ++matched;
        const auto rows = test::csv_rows(test::read_text(csv));
        REQUIRE(rows.size() == table.rows.size() + 1);
        CHECK(rows[0] == table.columns);
        for (std::size_t r = 0; r < table.rows.size(); ++r) {
            REQUIRE(rows[r + 1].size() == table.rows[r].size());
            for (std::size_t c = 0; c < table.rows[r].size(); ++c) {
                const std::string& in_csv = rows[r + 1][c];
                const std::string& shown = table.rows[r][c];
                CAPTURE(table.columns[c]);
                if (in_csv.empty() && is_count_field(table.columns[c])) CHECK(shown == "*");
                else CHECK(shown == in_csv);
            }
        }
    }
    CHECK(matched == expect_tables);
    const auto data = test::report_data(html);
    REQUIRE(data.is_object());
    int features = 0;
    for (const auto& section : data["sections"]) {
        for (const auto& layer : section["layers"]) {
            for (const auto& f : layer["geojson"]["features"]) {
                ++features;
                for (const auto& [k, v] : f["properties"].items()) {
                    if (is_count_field(k) && v.is_number()) {
                        CAPTURE(k);
                        CHECK_FALSE(small(v.dump()));
                    }
                }
            }
        }
    }
    CHECK(features > 0);
}

}  // namespace

TEST_CASE("report: the Sandwell NA gap query's page") {
    TempDir dir("gap");
    const std::string html = report_of("sandwell_na_gap.toml", dir.path);
    CHECK(html.size() < 2u * 1024 * 1024);
    MESSAGE("sandwell_na_gap report.html: " << html.size() << " bytes");
    check_offline(html);
    check_against_csvs(html, dir.path, 2);  // gaps_by_town, gap_hotspots
    // The layers, switchable, with a labelled checkbox each; the method and the disclosure note.
    for (const char* layer : {"towns", "gap_areas", "gap_hotspots", "meetings_NA", "meetings_AA"}) {
        CAPTURE(layer);
        CHECK(html.find("data-layer=\"" + std::string(layer) + "\"") != std::string::npos);
    }
    CHECK(html.find("<label for=\"layer-0-0\"><input type=\"checkbox\" id=\"layer-0-0\"") != std::string::npos);
    CHECK(html.find("Disclosure control: standard, threshold 5.") != std::string::npos);
    CHECK(html.find("Travel model") != std::string::npos);
    CHECK(html.find("@media print") != std::string::npos);
    // The legend's colours are the palette's.
    CHECK(html.find("#CC79A7") != std::string::npos);  // hotspots
    CHECK(html.find("#E69F00") != std::string::npos);  // gap land
    CHECK(html.find("#D55E00") != std::string::npos);  // NA
}

TEST_CASE("report: the new NA groups query's page") {
    TempDir dir("rank");
    const std::string html = report_of("sandwell_na_new_groups.toml", dir.path);
    CHECK(html.size() < 2u * 1024 * 1024);
    MESSAGE("sandwell_na_new_groups report.html: " << html.size() << " bytes");
    check_offline(html);
    check_against_csvs(html, dir.path, 1);  // new_venues
    for (const char* layer : {"towns", "reach_today", "hotspots_beyond", "new_catchments", "new_venues"}) {
        CAPTURE(layer);
        CHECK(html.find("data-layer=\"" + std::string(layer) + "\"") != std::string::npos);
    }
}

TEST_CASE("report: coverage's page, and the same bytes from the same inputs") {
    TempDir a("coverage-a"), b("coverage-b");
    for (const auto* dir : {&a, &b}) {
        const auto r = run_roisc(test::sandwell_manifest(), {"coverage", "-f", "NA", "--within", "2mi", "--report", "--out",
                                                             dir->path.string()});
        CAPTURE(r.err);
        REQUIRE(r.code == 0);
    }
    const std::string html = test::read_text(a.path / "report.html");
    CHECK(html == test::read_text(b.path / "report.html"));
    check_offline(html);
    check_against_csvs(html, a.path, 2);  // coverage_by_town, coverage_by_cohort
}

TEST_CASE("report: --tiles adds one tile server, and the policy allows it alone") {
    TempDir dir("tiles");
    const auto r = run_roisc(test::sandwell_manifest(), {"coverage", "-f", "NA", "--within", "2mi", "--report", "--tiles",
                                                         "https://{s}.tiles.example.org/{z}/{x}/{y}.png", "--out",
                                                         dir.path.string()});
    CAPTURE(r.err);
    REQUIRE(r.code == 0);
    const std::string html = test::read_text(dir.path / "report.html");
    CHECK(html.find("img-src data: https://*.tiles.example.org;") != std::string::npos);
    CHECK(test::report_data(html)["tiles"] == "https://{s}.tiles.example.org/{z}/{x}/{y}.png");
}

TEST_CASE("report: wrong uses are refused before anything is written") {
    const auto& m = test::sandwell_manifest();
    TempDir dir("refused");
    auto r = run_roisc(m, {"gaps", "-f", "NA", "--beyond", "2mi", "--tiles", "https://t.example.org/{z}/{x}/{y}.png", "--out",
                           dir.path.string()});
    CHECK(r.code == 2);
    CHECK(r.err_has("--tiles adds a basemap to the report's map: give --report too"));
    r = run_roisc(m, {"gaps", "-f", "NA", "--beyond", "2mi", "--report", "--no-files"});
    CHECK(r.code == 2);
    CHECK(r.err_has("--report writes report.html into the output folder"));
    r = run_roisc(m, {"rank", "-f", "NA", "--report", "--out", "PG:dbname=x"});
    CHECK(r.code == 2);
    for (const char* bad : {"tiles.example.org/{z}/{x}/{y}.png", "https://t.example.org/{z}/{x}.png",
                            "javascript:alert(1)//{z}{x}{y}", "https://t.example.org/{z}/{x}/{y}.png\" onload=\"x"}) {
        CAPTURE(bad);
        r = run_roisc(m, {"coverage", "-f", "NA", "--within", "2mi", "--report", "--tiles", bad, "--out", dir.path.string()});
        CHECK(r.code == 2);
        CHECK(r.err_has("--tiles"));
    }
    CHECK_FALSE(fs::exists(dir.path));
}

TEST_CASE("report: without Leaflet the run fails at once, naming the package, and writes nothing") {
    TempDir dir("no-leaflet");
    ::setenv("ROISC_LEAFLET_DIR", "/nonexistent/leaflet", 1);
    const auto r = run_roisc(test::sandwell_manifest(), {"gaps", "-f", "NA", "--beyond", "2mi", "--report", "--out",
                                                         dir.path.string()});
    ::unsetenv("ROISC_LEAFLET_DIR");
    CHECK(r.code == 1);
    CHECK(r.err_has("/nonexistent/leaflet/leaflet"));
    CHECK(r.err_has("libjs-leaflet"));
    CHECK_FALSE(fs::exists(dir.path));
}

TEST_CASE("roisc report: several saved queries gathered into one page, each with its files") {
    TempDir dir("gathered");
    const auto r = run_roisc({"-q", "report", queries + "sandwell_na_gap.toml", queries + "sandwell_aa_coverage.toml", "--title",
                              "Sandwell: NA gaps & AA coverage", "--out", dir.path.string()});
    CAPTURE(r.err);
    REQUIRE(r.code == 0);
    const std::string html = test::read_text(dir.path / "report.html");
    CHECK(html.size() < 2u * 1024 * 1024);
    check_offline(html);
    CHECK(html.find("<h1 id=\"page-title\">Sandwell: NA gaps &amp; AA coverage</h1>") != std::string::npos);
    // One section and map per query, titled by its file.
    CHECK(html.find(">Sandwell NA gap: hotspots beyond two miles of any NA meeting</h2>") != std::string::npos);
    CHECK(test::report_data(html)["sections"].size() == 2);
    CHECK(html.find("id=\"map-1\"") != std::string::npos);
    // Each section's tables are its query's CSVs.
    for (const char* q : {"sandwell_na_gap", "sandwell_aa_coverage"}) CHECK(fs::exists(dir.path / q / "metadata.json"));
    int matched = 0;
    for (const auto& table : test::report_tables(html)) {
        for (const char* q : {"sandwell_na_gap", "sandwell_aa_coverage"}) {
            const fs::path csv = dir.path / q / (table.name + ".csv");
            if (!fs::exists(csv)) continue;
            ++matched;
            CHECK(test::csv_rows(test::read_text(csv))[0] == table.columns);
        }
    }
    CHECK(matched == 4);  // gaps_by_town, gap_hotspots, coverage_by_town, coverage_by_cohort
    // A query without a report is refused before anything runs.
    TempDir other("gathered-refused");
    const auto bad = run_roisc({"-q", "report", queries + "sandwell_na_gap.toml", queries + "sandwell_na_five_mile_check.toml",
                                "--out", other.path.string()});
    CHECK(bad.code == 2);
    CHECK(bad.err_has("a within query has no report"));
    CHECK_FALSE(fs::exists(other.path));
}

TEST_CASE("report: the directory's page, with assets by kind, meetings by fellowship and what is not there") {
    TempDir a("directory-a"), b("directory-b");
    for (const auto* dir : {&a, &b}) {
        const auto r = run_roisc(test::sandwell_manifest(), {"directory", "--report", "--out", dir->path.string()});
        CAPTURE(r.err);
        REQUIRE(r.code == 0);
    }
    const std::string html = test::read_text(a.path / "report.html");
    CHECK(html == test::read_text(b.path / "report.html"));
    // The assets' web addresses are text in the tables and popups (data, never loaded): with them
    // taken out, the page names nothing outside itself.
    std::string offline = html;
    {
        std::istringstream csv(test::read_text(a.path / "directory_assets.csv"));
        std::string line;
        while (std::getline(csv, line)) {
            for (std::size_t at = line.find("http"); at != std::string::npos; at = line.find("http", at + 1)) {
                const std::string address = line.substr(at, line.find_first_of(",\r\"", at) - at);
                for (std::size_t p = offline.find(address); p != std::string::npos; p = offline.find(address, p)) {
                    offline.erase(p, address.size());
                }
            }
        }
    }
    check_offline(offline);
    // The legend: one layer per kind and per fellowship present, each named as the palette names it.
    for (const char* label : {"Recovery café", "Library", "Pharmacy", "GP practice", "Drug and alcohol treatment service",
                              "AA (Alcoholics Anonymous) meetings", "SMART Recovery meetings"}) {
        CAPTURE(label);
        CHECK(html.find(label) != std::string::npos);
    }
    // The summary shows what there is not as "none" (NA in every town), as the terminal does.
    const auto na_row = html.find("<td>Narcotics Anonymous</td>");
    REQUIRE(na_row != std::string::npos);
    const std::string row = html.substr(na_row, html.find("</tr>", na_row) - na_row);
    std::size_t nones = 0;
    for (std::size_t at = row.find(">none<"); at != std::string::npos; at = row.find(">none<", at + 1)) ++nones;
    CHECK(nones == 7);  // six towns and Sandwell
    // Every asset of the directory's own layer is on the page (its popup data), by id.
    const std::string csv = test::read_text(a.path / "directory_assets.csv");
    std::istringstream lines(csv);
    std::string line;
    std::getline(lines, line);
    int assets = 0;
    while (std::getline(lines, line)) {
        const std::string id = line.substr(0, line.find(','));
        CAPTURE(id);
        CHECK(html.find("\"" + id + "\"") != std::string::npos);
        ++assets;
    }
    CHECK(assets > 100);
}

#include "shared/report_page.hpp"

#include <ogr_geometry.h>

namespace {
// A hotspot layer of n points made as it is written (as gaps makes a national one), people n - i.
OutputLayer many_hotspots(std::size_t n) {
    OutputLayer layer;
    layer.name = "gap_hotspots";
    layer.title = "Gap hotspots";
    layer.style = LayerStyle::hotspots;
    layer.fields = {{"hotspot", OutputField::Type::text}, {"people", OutputField::Type::integer}};
    layer.generated = n;
    layer.generate = [n](std::size_t i, OutputFeature& f) {
        f.id = "H" + std::to_string(i);
        f.geometry = std::make_shared<OGRPoint>(400000.0 + static_cast<double>(i), 290000.0);
        f.values = {f.id, FieldValue{static_cast<long long>(n - i)}};
    };
    return layer;
}
}  // namespace

TEST_CASE("a national run's page holds the hotspots with the most people and says how many of how many") {
    const ReportLayer whole = cli::hotspots_for_report(many_hotspots(report_max_features), "Hotspots", {"people"}, true, "the files hold them all");
    CHECK(whole.layer->size() == report_max_features);
    CHECK(whole.partial.empty());

    const ReportLayer part = cli::hotspots_for_report(many_hotspots(843721), "Hotspots", {"people"}, true, "the files hold them all");
    REQUIRE(part.layer->size() == report_max_features);
    CHECK(part.layer->features.front().id == "H0");
    CHECK(part.layer->features.back().id == "H" + std::to_string(report_max_features - 1));
    CHECK(part.partial == "The page shows the 5,000 with the most people of 843,721 (by published count; hidden counts last); "
                          "the files hold them all");

    // On the page: under the layer's legend entry and in its table's caption, and only those rows.
    ReportPage page;
    page.title = "National";
    ReportSection s;
    s.title = "Gaps";
    s.layers = {part};
    s.metadata = {{"disclosure_marker", "*"}};
    s.crs = WorkingCrs{"EPSG:27700", "", "", {}};
    page.sections.push_back(s);
    LeafletAssets leaflet;
    leaflet.js = "window.L = {};";
    leaflet.css = ".leaflet-container {}";
    const std::string html = report_html(page, leaflet);
    const auto tables = test::report_tables(html);
    REQUIRE(tables.size() == 1);
    CHECK(tables[0].rows.size() == report_max_features);
    CHECK(html.find("<span class=\"note\">5000 hotspots; circle area in proportion to the published count, a hollow ring where it is hidden. The page shows the 5,000 with the most people of 843,721") != std::string::npos);
    CHECK(html.find("Gap hotspots. The page shows the 5,000 with the most people of 843,721") != std::string::npos);
    CHECK(test::report_data(html)["sections"][0]["layers"][0]["geojson"]["features"].size() == report_max_features);
}
