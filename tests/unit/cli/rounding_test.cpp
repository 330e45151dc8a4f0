// --rounding 5 (issue 14 part 5): every count a command publishes is a multiple of 5, the totals
// are sums of the rounded published counts, the suppression is the same as without rounding, and
// every metadata.json says so.
#include "../support/run_roisc.hpp"

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

namespace {

const std::string fixtures = std::string(ROISC_TEST_DATA) + "/hotspots";
const std::string fixture_manifest = fixtures + "/manifest.toml";

struct OutDir {
    fs::path path;
    explicit OutDir(const std::string& name)
        : path(fs::temp_directory_path() / ("roisc-rounding-" + std::to_string(::getpid()) + "-" + name)) {
        fs::remove_all(path);
    }
    ~OutDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

nlohmann::json read_json(const fs::path& p) {
    std::ifstream in(p);
    REQUIRE(in);
    return nlohmann::json::parse(in);
}

std::vector<std::map<std::string, std::string>> read_csv(const fs::path& p) {
    std::ifstream in(p);
    REQUIRE(in);
    std::string line;
    std::getline(in, line);
    auto split = [](const std::string& l) {
        std::vector<std::string> out;
        std::stringstream s(l);
        std::string cell;
        while (std::getline(s, cell, ',')) out.push_back(cell);
        if (!l.empty() && l.back() == ',') out.push_back("");
        return out;
    };
    const auto header = split(line);
    std::vector<std::map<std::string, std::string>> rows;
    while (std::getline(in, line)) {
        const auto cells = split(line);
        std::map<std::string, std::string> row;
        for (std::size_t i = 0; i < header.size() && i < cells.size(); ++i) row[header[i]] = cells[i];
        rows.push_back(row);
    }
    return rows;
}

// "70+*" -> 70, "*" -> 0, "55" -> 55: the published part of a derived count.
long long published_part(const std::string& text) {
    if (text == "*") return 0;
    return std::stoll(text.substr(0, text.find('+')));
}

void check_metadata(const fs::path& metadata, const std::string& rounding) {
    const nlohmann::json m = read_json(metadata);
    const std::string text = m.dump();
    CHECK(text.find("\"disclosure_rounding\":\"" + rounding + "\"") != std::string::npos);
    CHECK(text.find("\"disclosure_threshold\":\"5\"") != std::string::npos);
    CHECK(text.find("\"disclosure_policy\":\"standard\"") != std::string::npos);
    CHECK(text.find("derived from the protected demand table") != std::string::npos);
}

}  // namespace

TEST_CASE("rounding: hotspots publishes multiples of 5, and hides exactly what it hides without rounding") {
    OutDir plain("hotspots-plain"), rounded("hotspots-rounded");
    const auto a = roisc::test::run_roisc({"--manifest", fixture_manifest, "-q", "hotspots", fixtures + "/hotspots.csv",
                                           "--out", plain.path.string()});
    const auto b = roisc::test::run_roisc({"--manifest", fixture_manifest, "hotspots", fixtures + "/hotspots.csv",
                                           "--rounding", "5", "--out", rounded.path.string()});
    REQUIRE(a.code == 0);
    REQUIRE(b.code == 0);
    CHECK(b.out_has("rounded to the nearest multiple of 5"));
    const auto pa = read_json(plain.path / "hotspots.geojson"), pb = read_json(rounded.path / "hotspots.geojson");
    REQUIRE(pa["features"].size() == pb["features"].size());
    std::size_t published = 0, changed = 0;
    for (std::size_t i = 0; i < pa["features"].size(); ++i) {
        for (const char* field : {"opiate", "non_opiate", "alcohol_only", "non_opiate_and_alcohol", "total"}) {
            const auto& x = pa["features"][i]["properties"][field];
            const auto& y = pb["features"][i]["properties"][field];
            CHECK(x.is_null() == y.is_null());  // the same cells hidden
            if (y.is_null()) continue;
            ++published;
            const long long exact = x.get<long long>(), shown = y.get<long long>();
            CHECK(shown % 5 == 0);
            CHECK(std::llabs(shown - exact) <= 2);  // the nearest multiple of 5
            CHECK((exact == 0) == (shown == 0));
            changed += shown != exact;
        }
    }
    CHECK(published > 10);
    CHECK(changed > 0);
    check_metadata(rounded.path / "metadata.json", "5");
    check_metadata(plain.path / "metadata.json", "none");

    // --spread units shares rounded counts out in multiples of 5.
    OutDir spread("hotspots-spread");
    const auto c = roisc::test::run_roisc({"--manifest", fixture_manifest, "-q", "hotspots", fixtures + "/hotspots.csv",
                                           "--rounding", "5", "--spread", "units", "--out", spread.path.string()});
    REQUIRE(c.code == 0);
    const nlohmann::json units = read_json(spread.path / "hotspots.geojson");
    REQUIRE(units["features"].size() > 6);
    for (const auto& f : units["features"]) {
        for (const auto& [k, v] : f["properties"].items()) {
            if (k == "opiate" || k == "non_opiate" || k == "alcohol_only" || k == "non_opiate_and_alcohol" || k == "total") {
                if (!v.is_null()) CHECK_MESSAGE(v.get<long long>() % 5 == 0, k << " = " << v);
            }
        }
    }
}

TEST_CASE("rounding: gaps and coverage add rounded cells, and their totals agree") {
    OutDir gaps("gaps");
    const auto g = roisc::test::run_roisc({"-q", "gaps", "-f", "NA", "--beyond", "2mi", "--rounding", "5", "--out",
                                           gaps.path.string(), "--name", "g"});
    REQUIRE(g.code == 0);
    // Every hotspot's published people, and the town lines and the whole line: multiples of 5, the
    // whole line's published part the sum of the hotspots' published people.
    long long hotspots_sum = 0;
    const nlohmann::json gap_hotspots = read_json(gaps.path / "gap_hotspots.geojson");
    REQUIRE(gap_hotspots["features"].size() > 5);
    for (const auto& f : gap_hotspots["features"]) {
        const auto& people = f["properties"]["people"];
        if (people.is_null()) continue;
        CHECK(people.get<long long>() % 5 == 0);
        hotspots_sum += people.get<long long>();
    }
    const auto towns = read_csv(gaps.path / "gaps_by_town.csv");
    REQUIRE(towns.size() >= 2);
    long long towns_sum = 0;
    for (std::size_t i = 0; i < towns.size(); ++i) {
        const long long part = published_part(towns[i].at("people_beyond"));
        CHECK(part % 5 == 0);
        if (i + 1 < towns.size()) towns_sum += part;
    }
    CHECK(published_part(towns.back().at("people_beyond")) == hotspots_sum);
    CHECK(towns_sum == hotspots_sum);
    check_metadata(gaps.path / "metadata.json", "5");

    OutDir coverage("coverage");
    const auto c = roisc::test::run_roisc({"-q", "coverage", "-f", "AA", "--within", "2mi", "--rounding", "5", "--out",
                                           coverage.path.string(), "--name", "c"});
    REQUIRE(c.code == 0);
    const fs::path by_town = coverage.path / "coverage_by_town.csv";
    REQUIRE(fs::exists(by_town));
    for (const auto& row : read_csv(by_town)) {
        for (const char* field : {"people", "covered", "not_covered"}) {
            CHECK_MESSAGE(published_part(row.at(field)) % 5 == 0, row.at("town") << " " << field << " = " << row.at(field));
        }
    }
    check_metadata(coverage.path / "metadata.json", "5");
}

TEST_CASE("rounding: only none or 5, and not with --disclosure none") {
    const auto bad = roisc::test::run_roisc({"-q", "gaps", "-f", "NA", "--beyond", "2mi", "--rounding", "3", "--no-files"});
    CHECK(bad.code == 2);
    const auto none = roisc::test::run_roisc(
        {"-q", "gaps", "-f", "NA", "--beyond", "2mi", "--rounding", "5", "--disclosure", "none", "--no-files"});
    CHECK(none.code == 2);
    CHECK(none.err_has("--rounding"));
    CHECK(none.err_has("exact counts"));
}

TEST_CASE("rounding: a saved query's rounding key is the option") {
    OutDir dir("query");
    fs::create_directories(dir.path);
    const fs::path query = dir.path / "rounded_gap.toml";
    {
        std::ofstream q(query);
        q << "[query]\ncommand = \"gaps\"\n\n[options]\nfellowship = \"NA\"\nbeyond = \"2mi\"\nrounding = 5\n";
    }
    const auto r = roisc::test::run_roisc({"-q", "--format", "csv", "run", query.string(), "--out", (dir.path / "out").string()});
    REQUIRE(r.code == 0);
    check_metadata(dir.path / "out" / "metadata.json", "5");
    CHECK(r.out.find("1,B71 2,West Bromwich,65,") != std::string::npos);  // 64 people, rounded
}
