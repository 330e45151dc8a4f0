// coverage/gaps --by (issue 17): the rows per IMD decile recomputed independently from the demand
// layer's deciles and the protected table's published cells as `gaps` publishes them, and the
// concentration index recomputed from the published reach_by_group.csv alone.
#include "../support/run_roisc.hpp"

#include "../support/csv.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>
#include <unistd.h>

namespace fs = std::filesystem;
using roisc::test::run_roisc;
using roisc::test::sandwell_manifest;

namespace {

using Row = roisc::test::CsvRecord;
const auto read_csv = [](const fs::path& path) { return roisc::test::csv_file_records(path); };



fs::path temp_dir(const std::string& name) {
    const fs::path d = fs::temp_directory_path() / ("roisc-breakdown-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(d);
    return d;
}

// A derived count as roisc writes it: the published part, "+*" when hidden cells are left out.
std::string derived(long long published, int hidden) {
    if (hidden == 0) return std::to_string(published);
    if (published == 0) return "*";
    return std::to_string(published) + "+*";
}

struct Published {
    std::map<std::string, std::optional<long long>> total;  // hotspot -> its published total, or hidden
};

// Every hotspot's published total, as `gaps` publishes it for a reach nothing is within.
Published published_totals() {
    const fs::path dir = temp_dir("all");
    const auto r = run_roisc(sandwell_manifest(), {"gaps", "-f", "NA", "--beyond", "1m", "--out", dir.string()});
    REQUIRE(r.code == 0);
    Published p;
    for (const auto& row : read_csv(dir / "gap_hotspots.csv")) {
        p.total[row.at("hotspot")] = row.at("people").empty() ? std::nullopt : std::optional<long long>(std::stoll(row.at("people")));
    }
    fs::remove_all(dir);
    return p;
}

std::set<std::string> beyond(const std::string& fellowship, const std::string& reach) {
    const fs::path dir = temp_dir("beyond");
    const auto r = run_roisc(sandwell_manifest(), {"gaps", "-f", fellowship, "--beyond", reach, "--out", dir.string()});
    REQUIRE(r.code == 0);
    std::set<std::string> out;
    for (const auto& row : read_csv(dir / "gap_hotspots.csv")) out.insert(row.at("hotspot"));
    fs::remove_all(dir);
    return out;
}

// The embedded hotspots' IMD deciles, read as plain JSON.
std::map<std::string, int> deciles() {
    std::ifstream in(std::string(ROISC_SOURCE_DIR) + "/layers/sandwell/hotspots.geojson");
    const auto doc = nlohmann::json::parse(in);
    std::map<std::string, int> out;
    for (const auto& f : doc["features"]) out[f["properties"]["sector"]] = f["properties"]["imd_decile"].get<int>();
    return out;
}

void check_rows(const std::string& fellowship, const std::string& within, const fs::path& dir) {
    const auto r = run_roisc(sandwell_manifest(), {"--format", "csv", "coverage", "-f", fellowship, "--within", within,
                                                   "--by", "imd-decile", "--out", dir.string()});
    CAPTURE(r.err);
    REQUIRE(r.code == 0);
    const auto published = published_totals();
    const auto missed = beyond(fellowship, within);
    const auto decile = deciles();
    REQUIRE(decile.size() == published.total.size());

    struct Sum {
        int hotspots = 0;
        long long people = 0, reached = 0, not_reached = 0;
        int people_hidden = 0, reached_hidden = 0, not_reached_hidden = 0;
    };
    std::map<int, Sum> want;
    Sum all;
    for (const auto& [sector, d] : decile) {
        REQUIRE(d >= 1);
        REQUIRE(d <= 10);
        const auto& total = published.total.at(sector);
        const bool reached = !missed.count(sector);
        for (Sum* s : {&want[d], &all}) {
            ++s->hotspots;
            if (total) s->people += *total;
            else ++s->people_hidden;
            if (reached) {
                if (total) s->reached += *total;
                else ++s->reached_hidden;
            } else {
                if (total) s->not_reached += *total;
                else ++s->not_reached_hidden;
            }
        }
    }

    // stdout (csv) and the file: ten deciles, then the study; each row as recomputed.
    const auto rows = read_csv(dir / "reach_by_group.csv");
    REQUIRE(rows.size() == 11);
    std::istringstream printed(r.out);
    std::string header;
    std::getline(printed, header);
    CHECK(header.rfind("imd_decile,hotspots,people,reached,not_reached,share_reached", 0) == 0);
    int lines = 0;
    for (std::string l; std::getline(printed, l);) lines += !l.empty();
    CHECK(lines == 11);
    long long sum_people = 0;
    int sum_hotspots = 0;
    for (int d = 1; d <= 10; ++d) {
        const Row& row = rows[static_cast<std::size_t>(d - 1)];
        CAPTURE(d);
        CHECK(row.at("group") == std::to_string(d));
        const Sum& s = want[d];
        CHECK(std::stoi(row.at("hotspots")) == s.hotspots);
        CHECK(row.at("people") == derived(s.people, s.people_hidden));
        CHECK(row.at("reached") == derived(s.reached, s.reached_hidden));
        CHECK(row.at("not_reached") == derived(s.not_reached, s.not_reached_hidden));
        CHECK(std::stoll(row.at("people_published")) == s.people);
        CHECK(std::stoll(row.at("reached_published")) == s.reached);
        CHECK(std::stoi(row.at("hidden_hotspots")) == s.people_hidden);
        sum_people += std::stoll(row.at("people_published"));
        sum_hotspots += std::stoi(row.at("hotspots"));
    }
    // The ten rows sum to the total row, which is every hotspot of the study.
    const Row& total = rows.back();
    CHECK(total.at("id") == "all");
    CHECK(sum_hotspots == std::stoi(total.at("hotspots")));
    CHECK(sum_hotspots == static_cast<int>(decile.size()));
    CHECK(sum_people == std::stoll(total.at("people_published")));
    CHECK(total.at("people") == derived(all.people, all.people_hidden));
    CHECK(total.at("reached") == derived(all.reached, all.reached_hidden));
    // No row publishes a number that is not a sum of published cells: no 1-4 anywhere.
    for (const auto& row : rows) {
        for (const char* k : {"people_published", "reached_published"}) {
            const long long v = std::stoll(row.at(k));
            CHECK_FALSE((v >= 1 && v <= 4));
        }
    }
}

double number(const nlohmann::json& meta, const char* key) { return std::stod(meta.at(key).get<std::string>()); }

}  // namespace

TEST_CASE("coverage -f NA --within 20min --by imd-decile: ten rows summing to the total, each recomputed") {
    const fs::path dir = temp_dir("na");
    check_rows("NA", "20min", dir);
    fs::remove_all(dir);
}

TEST_CASE("coverage --by imd-decile: the rows and the concentration index recomputed from the published table") {
    const fs::path dir = temp_dir("aa");
    check_rows("AA", "20min", dir);
    // The index from reach_by_group.csv alone, by the covariance form C = 2 cov(h, R) / mu
    // (O'Donnell et al. 2008, eq. 8.5) rather than roisc's sum: the same number.
    const auto rows = read_csv(dir / "reach_by_group.csv");
    std::vector<double> n, reached;
    for (std::size_t d = 0; d < 10; ++d) {
        const double people = std::stod(rows[d].at("people_published"));
        if (people <= 0) continue;
        n.push_back(people);
        reached.push_back(std::stod(rows[d].at("reached_published")));
    }
    REQUIRE(n.size() >= 2);
    double N = 0, H = 0;
    for (std::size_t t = 0; t < n.size(); ++t) {
        N += n[t];
        H += reached[t];
    }
    const double mu = H / N;
    double cov = 0, cum = 0;
    std::vector<double> R, f, m;
    for (std::size_t t = 0; t < n.size(); ++t) {
        f.push_back(n[t] / N);
        m.push_back(reached[t] / n[t]);
        R.push_back(cum + f.back() / 2);
        cum += f.back();
        cov += f.back() * (m.back() - mu) * (R.back() - 0.5);
    }
    const double c = 2 * cov / mu;
    std::ifstream in(dir / "metadata.json");
    const auto meta = nlohmann::json::parse(in);
    CHECK(std::fabs(number(meta, "concentration_index") - c) < 1e-4);
    CHECK(c < 0);  // the embedded AA groups are in deprived towns: reach favours the more deprived
    CHECK(std::stoll(meta.at("concentration_index_people").get<std::string>()) == static_cast<long long>(N));
    // Kakwani et al. (1997) standard error, as docs/coverage.md states it.
    double q0 = 0, between = 0, within = 0;
    for (std::size_t t = 0; t < f.size(); ++t) {
        const double q = q0 + m[t] * f[t] / mu;
        const double a = m[t] / mu * (2 * R[t] - 1 - c) + 2 - q0 - q;
        between += f[t] * a * a;
        within += f[t] * m[t] * (1 - m[t]) * (2 * R[t] - 1 - c) * (2 * R[t] - 1 - c);
        q0 = q;
    }
    const double se = std::sqrt((between - (1 + c) * (1 + c) + within) / N);
    CHECK(std::fabs(number(meta, "concentration_index_se") - se) < 1e-4);
    // The fifths: the most deprived fifth of the people, deciles cut pro rata at 20 % and 80 %.
    auto share = [&](double lo, double hi) {
        double at = 0, people = 0, got = 0;
        for (std::size_t t = 0; t < f.size(); ++t) {
            const double overlap = std::max(0.0, std::min(hi, at + f[t]) - std::max(lo, at));
            people += overlap;
            got += overlap * m[t];
            at += f[t];
        }
        return got / people;
    };
    CHECK(std::fabs(number(meta, "share_reached_most_deprived_fifth") - share(0, 0.2)) < 1e-4);
    CHECK(std::fabs(number(meta, "share_reached_least_deprived_fifth") - share(0.8, 1)) < 1e-4);
    CHECK(std::fabs(number(meta, "fifths_gap_points") - 100 * (share(0, 0.2) - share(0.8, 1))) < 0.051);
    fs::remove_all(dir);
}

TEST_CASE("gaps --by imd-decile --chart: the table, the layer and a chart in three formats") {
    const fs::path dir = temp_dir("gaps");
    const auto r = run_roisc(sandwell_manifest(),
                             {"gaps", "-f", "AA", "--beyond", "2mi", "--by", "imd-decile", "--chart", "--out", dir.string()});
    CAPTURE(r.err);
    REQUIRE(r.code == 0);
    CHECK(r.out_has("By imd_decile (not reached: beyond 2mi)"));
    CHECK(r.out_has("Concentration index of reach across IMD deciles"));
    for (const char* f : {"reach_by_group.csv", "reach_by_group.png", "reach_by_group.svg", "reach_by_group.pdf"}) {
        CHECK(fs::file_size(dir / f) > 0);
    }
    std::ifstream svg(dir / "reach_by_group.svg");
    std::stringstream s;
    s << svg.rdbuf();
    CHECK(s.str().find("<title>Share of the people in treatment within 2mi") != std::string::npos);
    // The same run twice gives the same bytes.
    const fs::path again = temp_dir("gaps-again");
    REQUIRE(run_roisc(sandwell_manifest(), {"gaps", "-f", "AA", "--beyond", "2mi", "--by", "imd-decile", "--chart", "--out",
                                            again.string()})
                .code == 0);
    for (const char* f : {"reach_by_group.csv", "reach_by_group.png", "reach_by_group.svg", "reach_by_group.pdf"}) {
        std::ifstream a(dir / f, std::ios::binary), b(again / f, std::ios::binary);
        std::stringstream sa, sb;
        sa << a.rdbuf();
        sb << b.rdbuf();
        CHECK_MESSAGE(sa.str() == sb.str(), f);
    }
    fs::remove_all(dir);
    fs::remove_all(again);
}

TEST_CASE("--by FIELD groups by any demand field; --by and the travel model share the option") {
    const auto r = run_roisc(sandwell_manifest(), {"--format", "csv", "coverage", "-f", "AA", "--within", "20min", "--by",
                                                   "estimate", "--by", "town", "--no-files"});
    CAPTURE(r.err);
    REQUIRE(r.code == 0);
    CHECK(r.out.rfind("town,hotspots,people,reached,not_reached,share_reached", 0) == 0);
    CHECK(r.out_has("\nOldbury,7,"));
    CHECK(r.out_has("\nWest Bromwich,15,"));
}

TEST_CASE("--by: what it cannot use") {
    const auto missing = run_roisc(sandwell_manifest(), {"coverage", "-f", "NA", "--within", "2mi", "--by", "sex", "--no-files"});
    CHECK(missing.code == 2);
    CHECK(missing.err_has("--by: the grouping field 'sex' is not a field of the demand layer 'hotspots'"));
    CHECK(missing.err_has("imd_decile"));
    const auto chart = run_roisc(sandwell_manifest(), {"coverage", "-f", "NA", "--within", "2mi", "--chart", "--no-files"});
    CHECK(chart.code == 2);
    CHECK(chart.err_has("--chart: draws the breakdown"));
    const auto two = run_roisc(sandwell_manifest(), {"coverage", "-f", "NA", "--within", "2mi", "--by", "town", "--by",
                                                     "imd-decile", "--no-files"});
    CHECK(two.code == 2);
    CHECK(run_roisc(sandwell_manifest(), {"coverage", "-f", "NA", "--within", "2mi", "--by", "", "--no-files"}).code == 2);
    CHECK(run_roisc(sandwell_manifest(), {"coverage", "-f", "NA", "--within", "20min", "--by", "network", "--by", "estimate",
                                          "--no-files"})
              .code == 2);
    // A decile that is not 1..10 is bad data naming the hotspot.
    const fs::path dir = temp_dir("bad");
    fs::create_directories(dir);
    {
        std::ifstream in(std::string(ROISC_SOURCE_DIR) + "/layers/sandwell/hotspots.geojson");
        auto doc = nlohmann::json::parse(in);
        doc["features"][3]["properties"]["imd_decile"] = 11;
        std::ofstream(dir / "hotspots.geojson") << doc.dump();
        std::ifstream m(sandwell_manifest());
        std::stringstream s;
        s << m.rdbuf();
        std::string text = s.str();
        for (const char* layer : {"borough", "towns", "wards", "postcodes", "venues", "meetings"}) {
            const std::string from = std::string("source = \"") + layer + ".geojson\"";
            const auto at = text.find(from);
            REQUIRE(at != std::string::npos);
            text.replace(at, from.size(), std::string("source = \"") + ROISC_SOURCE_DIR + "/layers/sandwell/" + layer + ".geojson\"");
        }
        std::ofstream(dir / "manifest.toml") << text;
    }
    const auto bad = run_roisc((dir / "manifest.toml").string(),
                               {"coverage", "-f", "NA", "--within", "2mi", "--by", "imd-decile", "--no-files"});
    CHECK(bad.code == 3);
    CHECK(bad.err_has("field 'imd_decile': '11' is not an IMD decile"));
    fs::remove_all(dir);
}

TEST_CASE("rank --by imd-decile: who is reached once the new meetings are held, per decile") {
    const fs::path dir = temp_dir("rank");
    const auto r = run_roisc(sandwell_manifest(), {"rank", "-f", "NA", "--new", "3", "--by", "imd-decile", "--out", dir.string()});
    CAPTURE(r.err);
    REQUIRE(r.code == 0);
    const auto rows = read_csv(dir / "reach_by_group.csv");
    REQUIRE(rows.size() == 11);
    long long reached = 0, people = 0;
    int hotspots = 0;
    for (std::size_t d = 0; d < 10; ++d) {
        reached += std::stoll(rows[d].at("reached_published"));
        people += std::stoll(rows[d].at("people_published"));
        hotspots += std::stoi(rows[d].at("hotspots"));
    }
    CHECK(reached == std::stoll(rows.back().at("reached_published")));
    CHECK(people == std::stoll(rows.back().at("people_published")));
    CHECK(hotspots == 54);
    // The study's "not reached" is rank's own "remain beyond reach": the same hotspots, the same cells.
    CHECK(r.out_has("; " + rows.back().at("not_reached") + " remain beyond reach."));
    CHECK(r.out_has("By imd_decile, once the new meetings are held"));
    fs::remove_all(dir);
}
