// roisc demand model (issue 17): a modelled demand layer for another borough, Walsall, from the
// shared data's real LSOA populations (ONS mid-2022) and IMD 2019 deciles. The shared data has no
// LSOA outlines for Walsall, so each LSOA is placed at a Walsall unit postcode chosen by a fixed
// rule (the LSOAs in code order spread evenly over Walsall's unit postcodes in postcode order):
// real inputs for the counts, synthetic places for the points. Checked: the total is N, each cohort
// its share, each area within one person of its quota, `layers --check` accepts the layer and
// `gaps` uses it.
#include "../support/run_roisc.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <vector>
#include <unistd.h>

namespace fs = std::filesystem;
using roisc::test::run_roisc;

namespace {

const std::string shared = std::string(ROISC_SHARED_DATA) + "/";
const std::string imd_csv = shared + "deprivation/imd2019_lsoa_west_midlands_met_county.csv";
constexpr const char* walsall = "E08000030";

std::vector<std::map<std::string, std::string>> read_csv(const std::string& path) {
    std::ifstream in(path);
    REQUIRE_MESSAGE(in, path);
    std::string line;
    std::vector<std::string> header;
    std::vector<std::map<std::string, std::string>> rows;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::vector<std::string> cells;
        std::stringstream s(line);
        std::string c;
        while (std::getline(s, c, ',')) cells.push_back(c);
        if (header.empty()) {
            header = cells;
            continue;
        }
        std::map<std::string, std::string> r;
        for (std::size_t i = 0; i < header.size() && i < cells.size(); ++i) r[header[i]] = cells[i];
        rows.push_back(r);
    }
    return rows;
}

struct Fixture {
    fs::path dir;
    std::map<std::string, double> population;  // LSOA 2011 -> mid-2022 residents
    std::map<std::string, int> decile;
};

// Walsall's LSOAs (2011) with their mid-2022 population (2021 children summed back onto their
// 2011 parent; a merged 2021 LSOA shared between its parents), as points.
Fixture walsall_fixture() {
    Fixture fx;
    fx.dir = fs::temp_directory_path() / ("roisc-demand-model-" + std::to_string(::getpid()));
    fs::remove_all(fx.dir);
    fs::create_directories(fx.dir);
    std::vector<std::string> codes;
    for (const auto& r : read_csv(imd_csv)) {
        if (r.at("lad19cd") != walsall) continue;
        codes.push_back(r.at("lsoa11cd"));
        fx.decile[r.at("lsoa11cd")] = std::stoi(r.at("imd_decile"));
    }
    std::sort(codes.begin(), codes.end());
    std::map<std::string, double> pop21;
    for (const auto& r : read_csv(shared + "population/lsoa21_population_mid2022_west_midlands_met.csv")) {
        pop21[r.at("lsoa21cd")] = std::stod(r.at("population_mid2022"));
    }
    std::map<std::string, std::vector<std::string>> children;
    std::map<std::string, int> parents;
    for (const auto& r : read_csv(shared + "population/lsoa11_to_lsoa21_west_midlands_met.csv")) {
        children[r.at("lsoa11cd")].push_back(r.at("lsoa21cd"));
        ++parents[r.at("lsoa21cd")];
    }
    std::vector<std::pair<std::string, std::pair<double, double>>> units;
    for (const auto& r : read_csv(shared + "postcodes/postcodes_B_DY_WS_WV_2014.csv")) {
        if (r.at("lad_code") == walsall) units.push_back({r.at("postcode"), {std::stod(r.at("longitude")), std::stod(r.at("latitude"))}});
    }
    std::sort(units.begin(), units.end());
    REQUIRE(codes.size() > 150);
    REQUIRE(units.size() > 5000);
    nlohmann::json fc = {{"type", "FeatureCollection"}, {"features", nlohmann::json::array()}};
    for (std::size_t i = 0; i < codes.size(); ++i) {
        double p = 0;
        for (const auto& c21 : children.at(codes[i])) p += pop21.at(c21) / parents.at(c21);
        fx.population[codes[i]] = p;
        const auto& at = units[static_cast<std::size_t>((static_cast<double>(i) + 0.5) * static_cast<double>(units.size()) /
                                                         static_cast<double>(codes.size()))]
                             .second;
        fc["features"].push_back({{"type", "Feature"},
                                  {"properties", {{"lsoa11cd", codes[i]}, {"population", p}}},
                                  {"geometry", {{"type", "Point"}, {"coordinates", {at.first, at.second}}}}});
    }
    std::ofstream(fx.dir / "walsall_lsoas.geojson") << fc.dump();
    // A manifest for Walsall: its wards as the reporting areas, the embedded (illustrative) meetings.
    std::ofstream(fx.dir / "manifest.toml")
        << "[study]\nname = \"Walsall\"\ncrs = \"EPSG:27700\"\ntowns = \"wards\"\n\n"
        << "[layers.wards]\nrole = \"areas\"\nlevel = \"ward\"\nsource = \"" << shared
        << "boundaries/neighbours/walsall_wards_2013.geojson\"\nfields = { id = \"WD13CD\", name = \"WD13NM\" }\n\n"
        << "[layers.meetings]\nrole = \"meetings\"\nsource = \"" << ROISC_SOURCE_DIR
        << "/layers/sandwell/meetings.geojson\"\nfields = { id = \"meeting_id\", name = \"name\", fellowship = "
           "\"fellowship\", weekday = \"weekday\", start = \"start\", end = \"end\", attendance = \"attendance\", "
           "types = \"types\", venue = \"venue\", postcode = \"postcode\" }\n\n"
        << "[layers.demand]\nrole = \"demand\"\nsource = \"modelled_demand.geojson\"\ncohorts = [\"opiate\", "
           "\"non_opiate\", \"alcohol_only\", \"non_opiate_and_alcohol\"]\nfields = { id = \"area\" }\n";
    return fx;
}

}  // namespace

TEST_CASE("demand model on Walsall's LSOAs: the total is N, layers --check accepts it, gaps uses it") {
    const Fixture fx = walsall_fixture();
    const long long N = 1234;
    const auto r = run_roisc({"-q", "demand", "model", "--population", (fx.dir / "walsall_lsoas.geojson").string(),
                              "--deprivation", imd_csv, "--total", std::to_string(N), "--out", fx.dir.string()});
    CAPTURE(r.err);
    REQUIRE(r.code == 0);
    std::ifstream in(fx.dir / "modelled_demand.geojson");
    const auto doc = nlohmann::json::parse(in);
    const std::vector<std::string> cohorts = {"opiate", "non_opiate", "alcohol_only", "non_opiate_and_alcohol"};
    const std::map<std::string, double> shares = {{"opiate", 47}, {"non_opiate", 11}, {"alcohol_only", 29}, {"non_opiate_and_alcohol", 13}};
    std::map<std::string, long long> by_cohort;
    long long total = 0;
    double weight_sum = 0;
    for (const auto& [code, p] : fx.population) weight_sum += p * (1 + 0.25 * (10 - fx.decile.at(code)));
    REQUIRE(doc["features"].size() == fx.population.size());
    for (const auto& f : doc["features"]) {
        const auto& p = f["properties"];
        const std::string code = p["area"];
        CAPTURE(code);
        CHECK(p["modelled"] == true);
        CHECK(p["method"].get<std::string>().find("not real data") != std::string::npos);
        CHECK(p["imd_decile"] == fx.decile.at(code));
        long long sum = 0;
        for (const auto& c : cohorts) {
            by_cohort[c] += p[c].get<long long>();
            sum += p[c].get<long long>();
        }
        CHECK(p["total"] == sum);
        total += sum;
        // Within one person per cohort of its quota: population x (1 + 0.25 x (10 - decile)).
        const double w = fx.population.at(code) * (1 + 0.25 * (10 - fx.decile.at(code))) / weight_sum;
        CHECK(std::fabs(static_cast<double>(sum) - static_cast<double>(N) * w) < 4.0);
    }
    CHECK(total == N);
    long long cohort_sum = 0;
    for (const auto& c : cohorts) {
        CHECK(std::fabs(static_cast<double>(by_cohort[c]) - static_cast<double>(N) * shares.at(c) / 100) < 1.0);
        cohort_sum += by_cohort[c];
    }
    CHECK(cohort_sum == N);

    const std::string manifest = (fx.dir / "manifest.toml").string();
    const auto check = run_roisc(manifest, {"layers", "--check"});
    CAPTURE(check.out);
    CHECK(check.code == 0);
    const auto gaps = run_roisc(manifest, {"--format", "csv", "gaps", "-f", "NA", "--beyond", "2mi", "--by", "imd-decile",
                                           "--no-files"});
    CAPTURE(gaps.err);
    REQUIRE(gaps.code == 0);
    CHECK(gaps.out.rfind("imd_decile,hotspots,people,reached,not_reached,share_reached", 0) == 0);
    CHECK(gaps.out_has("\nWalsall,"));
    // The hotspots it counts are the 167 modelled areas.
    CHECK(gaps.out_has("\nWalsall," + std::to_string(fx.population.size()) + ","));

    // --rate: per 1,000 residents.
    const auto rate = run_roisc({"-q", "demand", "model", "--population", (fx.dir / "walsall_lsoas.geojson").string(),
                                 "--deprivation", imd_csv, "--rate", "5", "--out", (fx.dir / "rate.geojson").string()});
    REQUIRE(rate.code == 0);
    std::ifstream rin(fx.dir / "rate.geojson");
    const auto rdoc = nlohmann::json::parse(rin);
    long long rtotal = 0;
    double residents = 0;
    for (const auto& [code, p] : fx.population) residents += p;
    for (const auto& f : rdoc["features"]) rtotal += f["properties"]["total"].get<long long>();
    CHECK(rtotal == std::llround(5 * residents / 1000));
    fs::remove_all(fx.dir);
}

TEST_CASE("demand model: what it refuses") {
    const Fixture fx = walsall_fixture();
    const std::string lsoas = (fx.dir / "walsall_lsoas.geojson").string();
    const std::string out = (fx.dir / "x.geojson").string();
    auto run = [&](std::vector<std::string> extra) {
        std::vector<std::string> args{"-q", "demand", "model", "--population", lsoas, "--out", out};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_roisc(args);
    };
    CHECK(run({"--deprivation", imd_csv}).code == 2);                         // no --total nor --rate
    CHECK(run({"--deprivation", imd_csv, "--total", "0"}).code == 2);
    CHECK(run({"--deprivation", imd_csv, "--total", "5", "--rate", "2"}).code == 2);
    CHECK(run({"--deprivation", imd_csv, "--total", "50", "--cohorts", "a=50,b=40"}).err_has("add up to"));
    const auto other_borough = run({"--deprivation", shared + "deprivation/sandwell_lsoa_2011_imd2019.geojson", "--total", "5"});
    CHECK(other_borough.code == 3);
    CHECK(other_borough.err_has("has no IMD decile in"));
    const auto rank = run({"--deprivation", imd_csv, "--decile-field", "imd_rank", "--total", "5"});
    CHECK(rank.code == 3);
    CHECK(rank.err_has("line 2, field 'imd_rank'"));
    const auto field = run({"--deprivation", imd_csv, "--population-field", "people", "--total", "5"});
    CHECK(field.code == 2);
    CHECK(field.err_has("its fields: lsoa11cd, population"));
    CHECK_FALSE(fs::exists(out));  // nothing half-written
    fs::remove_all(fx.dir);
}
