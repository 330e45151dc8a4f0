// --by a count breakdown (issue 17 part 2): a hotspot table with sex and age columns made into a
// demand layer by `roisc hotspots --breakdown`, declared in a manifest, broken down by `coverage`,
// `gaps` and `rank`. Each row is recomputed from the table and the published totals; the rows add up
// to the published total; no cell of a hotspot that is not broken down is ever in a published sum,
// and the protected hotspots layer never shows a breakdown cell of 1-4.
#include "../support/run_roisc.hpp"

#include "../support/csv.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
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



const std::string table = std::string(ROISC_SOURCE_DIR) + "/tests/data/breakdowns/sex_age.csv";
const std::vector<std::string> sex_columns = {"Sex: Male", "Sex: Female"};
const std::vector<std::string> age_columns = {"18-24", "25 to 34", "Age 35-49", "50+"};

// The study: the table's demand layer (exact, as inside the secure environment) in a copy of the
// embedded manifest declaring its breakdowns.
struct Fixture {
    fs::path dir;
    fs::path manifest;
    fs::path demand;

    explicit Fixture(const std::string& name, const std::string& breakdowns =
                                                  "breakdowns = { sex = [\"male\", \"female\"], age = [\"18-24\", "
                                                  "\"25-34\", \"35-49\", \"50+\"] }") {
        dir = fs::temp_directory_path() / ("roisc-count-breakdown-" + name + "-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        const auto made = run_roisc(sandwell_manifest(),
                                    {"hotspots", table, "--disclosure", "none", "--breakdown", "sex=Male,Female",
                                     "--breakdown", "age=18-24,25-34,35-49,50+", "--out", (dir / "demand").string(),
                                     "--name", "demand"});
        REQUIRE(made.code == 0);
        demand = dir / "demand" / "demand.geojson";
        write_manifest(breakdowns);
    }
    ~Fixture() { fs::remove_all(dir); }

    void write_manifest(const std::string& breakdowns) {
        std::ifstream m(sandwell_manifest());
        std::stringstream s;
        s << m.rdbuf();
        std::string text = s.str();
        // Every source by its full path; the demand layer is the table's.
        for (std::size_t at = text.find("source = \""); at != std::string::npos; at = text.find("source = \"", at + 1)) {
            const std::size_t from = at + 10, to = text.find('"', from);
            const std::string file = text.substr(from, to - from);
            const std::string full = file == "hotspots.geojson" ? demand.string()
                                                                : std::string(ROISC_SOURCE_DIR) + "/layers/sandwell/" + file;
            text.replace(from, to - from, full);
        }
        const std::string fields = "fields = { id = \"sector\", town = \"town\" }";
        const auto f = text.find(fields);
        REQUIRE(f != std::string::npos);
        text.replace(f, fields.size(), "fields = { id = \"hotspot\", town = \"town\" }\n" + breakdowns);
        manifest = dir / "manifest.toml";
        std::ofstream(manifest) << text;
    }
};

// The table's cells by hotspot, in the order of `columns`.
std::map<std::string, std::vector<long long>> cells_of(const std::vector<std::string>& columns) {
    std::map<std::string, std::vector<long long>> out;
    for (const auto& r : read_csv(table)) {
        for (const auto& c : columns) out[r.at("partial_postcode")].push_back(std::stoll(r.at(c)));
    }
    return out;
}

// Every hotspot's published total (standard policy), as `gaps` publishes it for a reach nothing is
// within; and the hotspots beyond `beyond`.
std::map<std::string, std::optional<long long>> published_totals(const Fixture& fx) {
    const fs::path out = fx.dir / "all";
    const auto r = run_roisc(fx.manifest.string(), {"gaps", "-f", "NA", "--beyond", "1m", "--out", out.string()});
    REQUIRE(r.code == 0);
    std::map<std::string, std::optional<long long>> total;
    for (const auto& row : read_csv(out / "gap_hotspots.csv")) {
        total[row.at("hotspot")] = row.at("people").empty() ? std::nullopt : std::optional<long long>(std::stoll(row.at("people")));
    }
    return total;
}

std::map<std::string, bool> beyond(const Fixture& fx, const std::string& threshold) {
    const fs::path out = fx.dir / ("beyond-" + threshold);
    const auto r = run_roisc(fx.manifest.string(), {"gaps", "-f", "NA", "--beyond", threshold, "--out", out.string()});
    REQUIRE(r.code == 0);
    std::map<std::string, bool> gap;
    for (const auto& row : read_csv(out / "gap_hotspots.csv")) gap[row.at("hotspot")] = true;
    return gap;
}

}  // namespace

TEST_CASE("coverage --by sex / --by age: each row recomputed, the rows sum to the total, hidden cells stay out") {
    Fixture fx("coverage");
    REQUIRE(fs::exists(fx.demand));
    const auto totals = published_totals(fx);
    REQUIRE(totals.size() == 54);
    const auto missed = beyond(fx, "20min");

    for (const auto& [by, columns, names] :
         {std::tuple{std::string("sex"), sex_columns, std::vector<std::string>{"male", "female"}},
          std::tuple{std::string("age"), age_columns, std::vector<std::string>{"18-24", "25-34", "35-49", "50+"}}}) {
        CAPTURE(by);
        const fs::path out = fx.dir / ("cov-" + by);
        const auto r = run_roisc(fx.manifest.string(), {"coverage", "-f", "NA", "--within", "20min", "--by", by, "--out", out.string()});
        CAPTURE(r.err);
        REQUIRE(r.code == 0);
        CHECK(r.out_has("By " + by + " (reached: an eligible meeting (NA, in person or hybrid, any time of the week) within 20min)"));
        const auto rows = read_csv(out / "reach_by_group.csv");

        // Independently: a hotspot is broken down when its published total is there and every cell is
        // 0 or 5 and over; the columns add its cells, the rest add their published totals.
        const auto cells = cells_of(columns);
        std::vector<long long> people(names.size()), reached(names.size());
        long long rest_people = 0, rest_reached = 0;
        std::size_t rest_hotspots = 0, rest_hidden = 0, broken_down = 0, small_cells_kept_out = 0;
        for (const auto& [hotspot, cs] : cells) {
            const auto& total = totals.at(hotspot);
            bool publishable = total.has_value();
            for (const long long c : cs) publishable = publishable && (c == 0 || c >= 5);
            const bool is_reached = !missed.count(hotspot);
            if (publishable) {
                ++broken_down;
                for (std::size_t c = 0; c < cs.size(); ++c) {
                    people[c] += cs[c];
                    if (is_reached) reached[c] += cs[c];
                }
                continue;
            }
            for (const long long c : cs) small_cells_kept_out += c >= 1 && c <= 4;
            ++rest_hotspots;
            if (total) {
                rest_people += *total;
                if (is_reached) rest_reached += *total;
            } else {
                ++rest_hidden;
            }
        }
        CHECK(broken_down > 10);
        CHECK(small_cells_kept_out > 0);  // the fixture has cells of 1-4, and they stay out
        REQUIRE(rows.size() == names.size() + 2);
        for (std::size_t g = 0; g < names.size(); ++g) {
            CAPTURE(names[g]);
            CHECK(rows[g].at("group") == names[g]);
            CHECK(std::stoll(rows[g].at("people_published")) == people[g]);
            CHECK(std::stoll(rows[g].at("reached_published")) == reached[g]);
            CHECK(rows[g].at("hidden_hotspots") == "0");
            CHECK(rows[g].at("people") == std::to_string(people[g]));
        }
        const Row& rest = rows[names.size()];
        CHECK(rest.at("group") == "not broken down");
        CHECK(std::stoull(rest.at("hotspots")) == rest_hotspots);
        CHECK(std::stoll(rest.at("people_published")) == rest_people);
        CHECK(std::stoll(rest.at("reached_published")) == rest_reached);
        CHECK(std::stoull(rest.at("hidden_hotspots")) == rest_hidden);

        // The rows add up to the study's row exactly: published parts and hidden hotspots alike.
        const Row& all = rows.back();
        CHECK(all.at("id") == "all");
        long long sum_people = 0, sum_reached = 0, sum_hidden = 0;
        for (std::size_t g = 0; g + 1 < rows.size(); ++g) {
            sum_people += std::stoll(rows[g].at("people_published"));
            sum_reached += std::stoll(rows[g].at("reached_published"));
            sum_hidden += std::stoll(rows[g].at("hidden_hotspots"));
        }
        CHECK(sum_people == std::stoll(all.at("people_published")));
        CHECK(sum_reached == std::stoll(all.at("reached_published")));
        CHECK(sum_hidden == std::stoll(all.at("hidden_hotspots")));
        long long published_total = 0;
        for (const auto& [h, t] : totals) published_total += t.value_or(0);
        CHECK(sum_people == published_total);
        CHECK(rest.at("people") == std::to_string(rest_people) + (rest_hidden ? "+*" : ""));
    }
}

TEST_CASE("gaps and rank --by sex; rank --chart draws today and with the picks") {
    Fixture fx("rank");
    const fs::path g = fx.dir / "gaps";
    const auto gaps = run_roisc(fx.manifest.string(), {"gaps", "-f", "NA", "--beyond", "2mi", "--by", "sex", "--out", g.string()});
    CAPTURE(gaps.err);
    REQUIRE(gaps.code == 0);
    CHECK(read_csv(g / "reach_by_group.csv").size() == 4);

    const fs::path r = fx.dir / "rank";
    const auto rank = run_roisc(fx.manifest.string(), {"rank", "-f", "NA", "--new", "3", "--by", "sex", "--chart", "--out", r.string()});
    CAPTURE(rank.err);
    REQUIRE(rank.code == 0);
    const auto rows = read_csv(r / "reach_by_group.csv");
    REQUIRE(rows.size() == 4);
    CHECK(std::stoll(rows[0].at("people_published")) + std::stoll(rows[1].at("people_published")) +
              std::stoll(rows[2].at("people_published")) ==
          std::stoll(rows[3].at("people_published")));
    for (const char* ext : {"png", "svg", "pdf"}) {
        CAPTURE(ext);
        CHECK(fs::file_size(r / (std::string("reach_by_group.") + ext)) > 1000);
    }
    std::ifstream svg(r / "reach_by_group.svg");
    std::stringstream s;
    s << svg.rdbuf();
    CHECK(s.str().find("today") != std::string::npos);

    // --chart needs files, and a --by.
    CHECK(run_roisc(fx.manifest.string(), {"rank", "-f", "NA", "--new", "1", "--by", "sex", "--chart", "--no-files"}).code == 2);
    CHECK(run_roisc(fx.manifest.string(), {"rank", "-f", "NA", "--new", "1", "--chart", "--no-files"}).code == 2);
}

TEST_CASE("the protected hotspots layer writes a breakdown's cells together or not at all, never 1-4") {
    const fs::path dir = fs::temp_directory_path() / ("roisc-count-breakdown-layer-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    const auto r = run_roisc({"--manifest", sandwell_manifest(), "hotspots", table, "--breakdown", "sex=Male,Female",
                              "--breakdown", "age=18-24,25-34,35-49,50+", "--out", dir.string(), "--name", "h"});
    CAPTURE(r.err);
    REQUIRE(r.code == 0);
    std::ifstream in(dir / "h.geojson");
    const auto doc = nlohmann::json::parse(in);
    int shown = 0, hidden = 0;
    for (const auto& f : doc.at("features")) {
        const auto& p = f.at("properties");
        for (const auto& group : {std::vector<std::string>{"sex_male", "sex_female"},
                                  std::vector<std::string>{"age_18_24", "age_25_34", "age_35_49", "age_50_plus"}}) {
            int nulls = 0;
            long long sum = 0;
            for (const auto& name : group) {
                REQUIRE(p.contains(name));
                if (p.at(name).is_null()) {
                    ++nulls;
                    continue;
                }
                const long long v = p.at(name).get<long long>();
                CHECK((v == 0 || v >= 5));
                sum += v;
            }
            CHECK((nulls == 0 || nulls == static_cast<int>(group.size())));
            if (nulls == 0) {
                ++shown;
                REQUIRE(!p.at("total").is_null());
                CHECK(sum == p.at("total").get<long long>());
            } else {
                ++hidden;
            }
        }
    }
    CHECK(shown > 0);
    CHECK(hidden > 0);
    CHECK(r.err_has("breakdowns = { sex = [\"sex_male\", \"sex_female\"], age = [\"age_18_24\""));
    fs::remove_all(dir);
}

TEST_CASE("count breakdowns: a declared column missing, totals that disagree, columns nobody declared") {
    Fixture fx("bad");
    // Declared only sex: the age columns are said, not silently unused.
    fx.write_manifest("breakdowns = { sex = [\"male\", \"female\"] }");
    const auto noted = run_roisc({"--manifest", fx.manifest.string(), "coverage", "-f", "NA", "--within", "2mi", "--by", "sex", "--no-files"});
    CAPTURE(noted.err);
    CHECK(noted.code == 0);
    CHECK(noted.err_has("field 'age_18_24' looks like a count by age but no breakdown declares it"));

    // A declared column that is not there: exit 3 naming the file and the column.
    fx.write_manifest("breakdowns = { ethnicity = [\"white\", \"black\", \"asian\"] }");
    const auto missing = run_roisc(fx.manifest.string(), {"coverage", "-f", "NA", "--within", "2mi", "--by", "ethnicity", "--no-files"});
    CHECK(missing.code == 3);
    CHECK(missing.err_has(fx.demand.string() + ": no column for 'white' of the breakdown 'ethnicity'"));
    // layers --check reads every declared breakdown, and says which field each column is.
    const auto check = run_roisc(fx.manifest.string(), {"layers", "--check"});
    CHECK(check.code != 0);
    CHECK(check.err_has("no column for 'white' of the breakdown 'ethnicity'"));
    fx.write_manifest("breakdowns = { sex = [\"male\", \"female\"] }");
    const auto good = run_roisc(fx.manifest.string(), {"layers", "--check"});
    CHECK(good.code == 0);
    CHECK(good.out_has("breakdown sex: male <- sex_male, female <- sex_female"));

    // One hotspot whose sex counts add up to one more than its cohorts: exit 3 naming it and both totals.
    {
        std::ifstream in(fx.demand);
        auto doc = nlohmann::json::parse(in);
        auto& p = doc["features"][5]["properties"];
        const std::string id = p["hotspot"].get<std::string>();
        const long long total = p["total"].get<long long>();
        p["sex_male"] = p["sex_male"].get<long long>() + 1;
        in.close();
        std::ofstream(fx.demand) << doc.dump();
        fx.write_manifest("breakdowns = { sex = [\"male\", \"female\"] }");
        const auto bad = run_roisc(fx.manifest.string(), {"coverage", "-f", "NA", "--within", "2mi", "--by", "sex", "--no-files"});
        CHECK(bad.code == 3);
        CHECK(bad.err_has("('" + id + "'): the sex columns add up to " + std::to_string(total + 1) + " but the cohorts to " +
                          std::to_string(total)));
        // Without --by sex the columns are not read: the rest of the analysis is unaffected.
        CHECK(run_roisc(fx.manifest.string(), {"coverage", "-f", "NA", "--within", "2mi", "--no-files"}).code == 0);
    }

    // A manifest that declares a breakdown wrongly.
    fx.write_manifest("breakdowns = { sex = [\"male\"] }");
    const auto one = run_roisc(fx.manifest.string(), {"coverage", "-f", "NA", "--within", "2mi", "--no-files"});
    CHECK(one.code == 3);
    CHECK(one.err_has("a breakdown needs two columns or more"));
}
