// roisc directory on the embedded default: the plan's facts (NA none in every town, AA 3 and SMART
// 1 in Sandwell), totals equal to roisc schedule's for every fellowship and town, and every town's
// section listing its libraries with their hours.
#include "../support/run_roisc.hpp"

#include "../support/csv.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>
#include <unistd.h>

namespace fs = std::filesystem;
using roisc::test::run_roisc;
using roisc::test::sandwell_manifest;

namespace {

using roisc::test::csv_rows;


// The directory's summary as category -> column -> count.
std::map<std::string, std::map<std::string, int>> directory_counts() {
    const auto r = run_roisc(sandwell_manifest(), {"--format", "csv", "directory", "--no-files"});
    REQUIRE(r.code == 0);
    const auto rows = csv_rows(r.out);
    REQUIRE(rows.size() > 1);
    std::map<std::string, std::map<std::string, int>> out;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        for (std::size_t c = 2; c < rows[0].size(); ++c) out[rows[i][0]][rows[0][c]] = std::stoi(rows[i][c]);
    }
    return out;
}

std::string read_all(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

}  // namespace

TEST_CASE("directory on the default: NA none in all six towns, AA 3 and SMART 1 in Sandwell") {
    const auto counts = directory_counts();
    REQUIRE(counts.count("NA"));
    REQUIRE(counts.at("NA").size() == 7);
    for (const auto& [area, n] : counts.at("NA")) {
        CAPTURE(area);
        CHECK(n == 0);
    }
    CHECK(counts.at("AA").at("Sandwell") == 3);
    CHECK(counts.at("SMART").at("Sandwell") == 1);
    CHECK(counts.at("SMART").at("West Bromwich") == 1);
    CHECK(counts.at("library").at("Sandwell") == 19);
    CHECK(counts.at("pharmacy").at("Sandwell") == 83);
    CHECK(counts.at("gp_practice").at("Sandwell") == 47);
    CHECK(counts.at("recovery_cafe").at("Rowley Regis") == 1);
    CHECK(counts.at("recovery_hub").at("Sandwell") == 0);  // what there is not: a row of its own

    // The table shows a zero as "none".
    const auto table = run_roisc(sandwell_manifest(), {"directory", "--summary-only", "--no-files"});
    REQUIRE(table.code == 0);
    CHECK(table.out_has("none"));
}

TEST_CASE("directory totals equal roisc schedule's, fellowship by fellowship and town by town") {
    const auto counts = directory_counts();
    for (const char* f : {"AA", "NA", "CA", "SMART", "Al-Anon"}) {
        CAPTURE(f);
        const auto r = run_roisc(sandwell_manifest(), {"--format", "csv", "schedule", "-f", f, "--no-files"});
        REQUIRE(r.code == 0);
        const auto rows = csv_rows(r.out);
        REQUIRE(rows.size() == 8);  // header, six towns, Sandwell
        const std::size_t total = rows[0].size() - 1;
        REQUIRE(rows[0][total] == "total");
        for (std::size_t i = 1; i < rows.size(); ++i) {
            CAPTURE(rows[i][0]);
            CHECK(rows[i][1] == "inside");
            CHECK(counts.at(f).at(rows[i][0]) == std::stoi(rows[i][total]));
        }
    }
}

TEST_CASE("every town's section lists its libraries with their hours, and the layer says the same") {
    const fs::path out = fs::temp_directory_path() / ("roisc-directory-test-" + std::to_string(::getpid()));
    fs::remove_all(out);
    const auto r = run_roisc(sandwell_manifest(), {"directory", "--out", out.string()});
    REQUIRE(r.code == 0);
    const auto layer = nlohmann::json::parse(read_all(out / "directory_assets.geojson"));
    std::map<std::string, int> libraries_by_town;
    int with_hours = 0;
    for (const auto& f : layer["features"]) {
        const auto& p = f["properties"];
        if (p["kind"] != "library") continue;
        const std::string town = p["town"];
        const std::string name = p["name"];
        ++libraries_by_town[town];
        // The town's section: from its heading to the next town's.
        const auto at = r.out.find("\n" + town + "\n" + std::string(town.size(), '-') + "\n");
        REQUIRE(at != std::string::npos);
        const auto next = r.out.find("\n\n", at + 1);
        const std::string section = r.out.substr(at, next == std::string::npos ? std::string::npos : next - at);
        CAPTURE(name);
        if (p["hours_known"].get<bool>()) {
            ++with_hours;
            REQUIRE(p["hours"].is_string());
            CHECK(section.find("[library] " + name + " — open " + p["hours"].get<std::string>() + "\n") != std::string::npos);
        } else {
            CHECK(p["hours"].is_null());
            CHECK(section.find("[library] " + name + " — hours unknown\n") != std::string::npos);
        }
    }
    CHECK(libraries_by_town.size() == 6);  // every town has at least one library
    CHECK(with_hours == 18);               // Oldbury Library's hours are not published
    // Stops are listed, from the stops layer.
    CHECK(r.out_has("stops: "));
    CHECK(fs::exists(out / "calendars" / "west-bromwich.ics"));
    fs::remove_all(out);
}
