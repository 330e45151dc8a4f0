// The coverage and gap figures on the embedded default, recomputed here independently (brute force
// over every meeting, no index), and every output of the commands checked for small counts.
#include "roisc/io/study_loader.hpp"
#include "roisc/engine/access.hpp"
#include "roisc/io/manifest.hpp"

#include "../support/report_page.hpp"
#include "../support/run_roisc.hpp"
#include "../support/temp_file.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

using namespace roisc;
namespace fs = std::filesystem;

namespace {

const std::string sandwell = std::string(ROISC_SOURCE_DIR) + "/layers/sandwell/manifest.toml";

// Runs the real command line in-process; returns stdout.
std::string run(const std::vector<std::string>& args, int expect = 0) {
    const test::RoiscRun r = test::run_roisc(sandwell, args);
    CAPTURE(r.err);
    CHECK(r.code == expect);
    return r.out;
}

// Counts of people in a published cell: 1..4 must never appear.
void check_no_small_count(const std::string& where, const std::string& cell) {
    static const std::regex small("^[1-4]$");
    CAPTURE(where);
    CHECK_FALSE(std::regex_match(cell, small));
}

}  // namespace

TEST_CASE("coverage within 2 miles of NA meetings, recomputed by brute force") {
    const Manifest m = load_manifest(sandwell);
    const Study s = load_study(m, {true, true, false});
    MeetingFilter na;
    na.fellowships = FellowshipSet::parse("NA");
    const MeetingIndex index(s.meetings);
    const double reach = 2 * 1609.344;
    const auto access = assess_access(s, index, na, reach);
    REQUIRE(access.size() == s.hotspots.size());
    std::map<std::string, long long> covered_by_town, total_by_town;
    for (std::size_t i = 0; i < s.hotspots.size(); ++i) {
        double best = INFINITY;
        for (const auto& meeting : s.meetings) {
            if (meeting.fellowship != Fellowship::NA || meeting.attendance != Attendance::in_person || !meeting.at) continue;
            best = std::min(best, std::hypot(meeting.at->x - s.hotspots[i].at.x, meeting.at->y - s.hotspots[i].at.y));
        }
        REQUIRE(access[i].nearest);
        CHECK(access[i].nearest->distance == doctest::Approx(best));
        CHECK(access[i].covered == (best <= reach));
        total_by_town[s.hotspots[i].town] += s.hotspots[i].total();
        if (best <= reach) covered_by_town[s.hotspots[i].town] += s.hotspots[i].total();
    }
    const auto rows = coverage_by_town(s, access);
    for (const auto& row : rows) {
        if (row.area == "Sandwell") continue;
        CAPTURE(row.area);
        CHECK(row.demand_total() == total_by_town[row.area]);
        CHECK(row.covered_total() == covered_by_town[row.area]);
    }
    CHECK(rows.back().demand_total() == 2000);  // the modelled total
    CHECK(covered_by_town["West Bromwich"] == 0);  // no NA meeting within 2 miles of any West Bromwich hotspot
}

TEST_CASE("no output of coverage or gaps shows a count from 1 to 4") {
    const test::ScratchDir scratch("disclosure_outputs");
    const fs::path& dir = scratch.path;
    std::vector<std::string> printed;
    for (const char* format : {"table", "csv", "json"}) {
        printed.push_back(run({"--format", format, "gaps", "-f", "NA", "--beyond", "1mi", "--report", "--out", (dir / "gaps").string()}));
        printed.push_back(run({"--format", format, "coverage", "-f", "NA", "--within", "2mi", "--report", "--out",
                               (dir / "coverage").string()}));
        printed.push_back(run({"--format", format, "coverage", "-f", "AA", "--within", "1mi", "--when", "weekday-evenings",
                               "--report", "--out", (dir / "coverage-aa").string()}));
    }
    // Printed tables: every cell of the count columns.
    const std::regex count_columns("(people|covered|not_covered|people_beyond)");
    for (const auto& text : printed) {
        if (text.rfind("[", 0) == 0) {
            for (const auto& row : nlohmann::json::parse(text)) {
                for (const auto& [k, v] : row.items()) {
                    if (std::regex_match(k, count_columns) && v.is_number()) check_no_small_count("json " + k, v.dump());
                }
            }
        }
    }
    int files = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        const std::string path = entry.path().string();
        if (entry.path().extension() == ".geojson") {
            ++files;
            std::ifstream in(path);
            const auto doc = nlohmann::json::parse(in);
            for (const auto& f : doc["features"]) {
                for (const auto& [k, v] : f["properties"].items()) {
                    const bool count = k == "people" || k == "people_beyond" || k == "opiate" || k == "non_opiate" ||
                                       k == "alcohol_only" || k == "non_opiate_and_alcohol";
                    if (count && v.is_number()) check_no_small_count(path + " " + k, v.dump());
                }
            }
        } else if (entry.path().extension() == ".csv") {
            ++files;
            std::ifstream in(path);
            std::string header, line;
            std::getline(in, header);
            std::vector<std::string> names;
            std::stringstream hs(header);
            for (std::string n; std::getline(hs, n, ',');) names.push_back(n.substr(0, n.find('\r')));
            while (std::getline(in, line)) {
                std::stringstream ls(line);
                std::size_t i = 0;
                for (std::string cell; std::getline(ls, cell, ','); ++i) {
                    cell = cell.substr(0, cell.find('\r'));
                    if (i < names.size() && std::regex_match(names[i], count_columns)) check_no_small_count(path + " " + names[i], cell);
                }
            }
        }
    }
    // The reports: the cells of their tables' count columns, and the counts their maps draw.
    int reports = 0;
    const std::regex count_fields("(people|covered|not_covered|people_beyond|opiate|non_opiate|alcohol_only|non_opiate_and_alcohol)");
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (entry.path().filename() != "report.html") continue;
        ++reports;
        const std::string path = entry.path().string();
        const std::string html = test::read_text(entry.path());
        for (const auto& table : test::report_tables(html)) {
            for (std::size_t c = 0; c < table.columns.size(); ++c) {
                if (!std::regex_match(table.columns[c], count_fields)) continue;
                for (const auto& row : table.rows) check_no_small_count(path + " table " + table.name + " " + table.columns[c], row[c]);
            }
        }
        const auto data = test::report_data(html);  // held: a range-for over a temporary's member dangles
        for (const auto& section : data["sections"]) {
            for (const auto& layer : section["layers"]) {
                for (const auto& f : layer["geojson"]["features"]) {
                    for (const auto& [k, v] : f["properties"].items()) {
                        if (std::regex_match(k, count_fields) && v.is_number()) check_no_small_count(path + " map " + k, v.dump());
                    }
                }
            }
        }
    }
    CHECK(files >= 9);
    CHECK(reports == 3);
}

TEST_CASE("--disclosure none publishes exact counts and says so") {
    const std::string text = run({"--format", "csv", "gaps", "-f", "NA", "--beyond", "2mi", "--no-files", "--disclosure", "none"});
    CHECK(text.find('*') == std::string::npos);
    const std::string table = run({"coverage", "-f", "NA", "--within", "2mi", "--no-files", "--disclosure", "none"});
    CHECK(table.find("Disclosure control: none") != std::string::npos);
}
