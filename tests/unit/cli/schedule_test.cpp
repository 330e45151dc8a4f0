// roisc schedule, run in-process through the real command line.
#include "../support/run_roisc.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Run = roisc::test::RoiscRun;
using roisc::test::run_roisc;

const std::string& sandwell_manifest = roisc::test::sandwell_manifest();

// The CSV grid as area|scope -> column -> count.
using Grid = std::map<std::string, std::map<std::string, int>>;

Grid parse_grid(const std::string& csv) {
    std::istringstream in(csv);
    std::string line;
    std::vector<std::string> header;
    Grid grid;
    auto split = [](const std::string& s) {
        std::vector<std::string> cells;
        std::string cell;
        std::istringstream ss(s);
        while (std::getline(ss, cell, ',')) cells.push_back(cell);
        return cells;
    };
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        const auto cells = split(line);
        if (header.empty()) {
            header = cells;
            continue;
        }
        REQUIRE(cells.size() == header.size());
        auto& row = grid[cells[0] + "|" + cells[1]];
        for (std::size_t i = 2; i < cells.size(); ++i) row[header[i]] = std::stoi(cells[i]);
    }
    return grid;
}

const std::vector<std::string> sandwell_towns = {"Oldbury",    "Rowley Regis", "Smethwick",
                                                 "Tipton",     "Wednesbury",   "West Bromwich"};

}  // namespace

TEST_CASE("schedule: no NA meeting in any Sandwell town on any day; the ones within 5 miles as counted by hand") {
    const Run r = run_roisc({"schedule", "--fellowship", "NA", "--within", "5mi", "--format", "csv", "--manifest",
                         sandwell_manifest});
    REQUIRE_MESSAGE(r.code == 0, r.err);
    const Grid grid = parse_grid(r.out);
    CHECK(grid.size() == 14);  // six towns and Sandwell, inside and within 5mi
    for (const auto& town : sandwell_towns) {
        REQUIRE(grid.count(town + "|inside"));
        for (const auto& [column, n] : grid.at(town + "|inside")) CHECK_MESSAGE(n == 0, town << " " << column);
    }
    CHECK(grid.at("Sandwell|inside").at("total") == 0);

    // Hand count: ST_Distance in EPSG:27700 between each town polygon and each in-person NA meeting of
    // layers/sandwell/meetings.geojson, kept when <= 8046.72 m (SpatiaLite through ogrinfo).
    const std::map<std::string, int> within_5mi = {{"Oldbury", 12},   {"Rowley Regis", 11}, {"Smethwick", 11},
                                                   {"Tipton", 10},    {"Wednesbury", 12},   {"West Bromwich", 14},
                                                   {"Sandwell", 14}};
    for (const auto& [area, n] : within_5mi) CHECK_MESSAGE(grid.at(area + "|within 5mi").at("total") == n, area);

    // Oldbury's by cell: Quinton Mon 19:30, Spring Vale Mon 19:00, Dudley Tue 12:30, Long Lane Tue 19:00,
    // Darlaston Wed 19:30, Harborne Thu 13:00, Sedgley and Handsworth Thu 19:30, Netherton Fri 19:00,
    // Moxley Sat 11:00, Bloomsbury Sat 19:00, Spring Hill Sun 18:00.
    const auto& oldbury = grid.at("Oldbury|within 5mi");
    const std::map<std::string, int> expected = {
        {"Mon_evening", 2}, {"Tue_afternoon", 1}, {"Tue_evening", 1}, {"Wed_evening", 1}, {"Thu_afternoon", 1},
        {"Thu_evening", 2}, {"Fri_evening", 1},   {"Sat_morning", 1}, {"Sat_evening", 1}, {"Sun_evening", 1}};
    for (const auto& [column, n] : oldbury) {
        if (column == "total") continue;
        const auto it = expected.find(column);
        CHECK_MESSAGE(n == (it == expected.end() ? 0 : it->second), column);
    }
}

TEST_CASE("schedule: the three AA groups inside Sandwell, and the terminal grid") {
    const Run csv = run_roisc({"schedule", "--fellowship", "aa", "--format", "csv", "--manifest", sandwell_manifest});
    REQUIRE_MESSAGE(csv.code == 0, csv.err);
    const Grid grid = parse_grid(csv.out);
    CHECK(grid.size() == 7);  // no --within: inside rows only
    CHECK(grid.at("Sandwell|inside").at("total") == 3);
    int towns_total = 0;
    for (const auto& town : sandwell_towns) towns_total += grid.at(town + "|inside").at("total");
    CHECK(towns_total == 3);

    const Run table = run_roisc({"schedule", "--fellowship", "NA", "--within", "5mi", "--manifest", sandwell_manifest});
    REQUIRE(table.code == 0);
    CHECK(table.out.find("NA, in person or hybrid") != std::string::npos);
    CHECK(table.out.find("within 5mi") != std::string::npos);
    CHECK(table.out.find("West Bromwich") != std::string::npos);
    CHECK(table.out.find("m a e") != std::string::npos);

    const Run json = run_roisc({"schedule", "--fellowship", "NA", "--format", "json", "--manifest", sandwell_manifest});
    REQUIRE(json.code == 0);
    const auto doc = nlohmann::json::parse(json.out);
    REQUIRE(doc.is_array());
    CHECK(doc.size() == 7);
    CHECK(doc[0]["area"] == "Oldbury");
    CHECK(doc[0]["Mon_evening"] == 0);
}

TEST_CASE("schedule: --when keeps only the slots inside the window") {
    const Run r = run_roisc({"schedule", "--fellowship", "NA", "--within", "5mi", "--when", "weekends", "--format", "csv",
                         "--manifest", sandwell_manifest});
    REQUIRE_MESSAGE(r.code == 0, r.err);
    const Grid grid = parse_grid(r.out);
    const auto& oldbury = grid.at("Oldbury|within 5mi");
    CHECK(oldbury.at("Mon_evening") == 0);
    CHECK(oldbury.at("Sat_morning") == 1);
    CHECK(oldbury.at("Sun_evening") == 1);
    CHECK(oldbury.at("total") == 3);
}

TEST_CASE("schedule: argument errors") {
    // Each is an ArgumentError: exit 2, with the option and the reason on stderr.
    const Run bare = run_roisc({"schedule", "--within", "5", "--manifest", sandwell_manifest});
    CHECK(bare.code == 2);
    CHECK(bare.err_has("--within: '5' has no unit"));
    const Run time = run_roisc({"schedule", "--within", "20min", "--manifest", sandwell_manifest});
    CHECK(time.code == 2);
    CHECK(time.err_has("--within 20min: the schedule counts meetings by straight-line distance"));
    const Run martians = run_roisc({"schedule", "--fellowship", "Martians", "--manifest", sandwell_manifest});
    CHECK(martians.code == 2);
    CHECK(martians.err.find("'Martians' is not a fellowship roisc knows") != std::string::npos);
    const Run hour = run_roisc({"schedule", "--when", "Tue 25:00-26:00", "--manifest", sandwell_manifest});
    CHECK(hour.code == 2);
    CHECK(hour.err_has("--when: cannot read 'Tue 25:00-26:00'"));
}
