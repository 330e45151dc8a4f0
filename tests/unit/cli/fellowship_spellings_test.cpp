// Issue 12's acceptance test: every command that takes --fellowship reads every spelling of a
// fellowship as that fellowship, on the embedded Sandwell default. "NA", "Narcotics Anonymous",
// "narcotics-anonymous" and "Narcotics Anonymous (NA)" give the same output in every command, as do
// "al anon" and "Al-Anon", "smart-recovery" and "SMART"; "NA,CA" takes the meetings of both; a
// typing slip is refused with the known names and the name meant. Run as its own CTest
// (unit.fellowship_spellings), beside the rest of the unit suite.
#include "../support/run_roisc.hpp"

#include <doctest/doctest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace fs = std::filesystem;
using roisc::test::RoiscRun;

namespace {

// A command as run here: `roisc -q [BEFORE…] COMMAND -f SPELLING [AFTER…]`.
struct CommandRun {
    std::string command;
    std::vector<std::string> before, after;
    std::string file;  // when set, the run gets a scratch --out and this file written there is compared too
};

const std::vector<std::string> na_spellings = {"NA", "Narcotics Anonymous", "narcotics-anonymous",
                                               "Narcotics Anonymous (NA)"};

// A scratch folder per run, removed afterwards.
struct ScratchDir {
    fs::path path;
    explicit ScratchDir(const std::string& name)
        : path(fs::temp_directory_path() / ("roisc-spellings-" + std::to_string(::getpid()) + "-" + name)) {
        fs::remove_all(path);
    }
    ~ScratchDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

// A file written, without what repeats the spelling as typed: the metadata's command line, the
// source text an import keeps (fellowship_text), and a map's text, drawn as glyphs, whose credit
// quotes the command line. What is left of a map is every shape it draws: areas, hotspots, meetings.
std::string without_typed_text(const fs::path& path) {
    static const std::regex fellowship_text("\"fellowship_text\":\"[^\"]*\",");
    std::ifstream in(path);
    std::string line, kept;
    bool in_glyph = false;
    while (std::getline(in, line)) {
        if (line.rfind("<symbol", 0) == 0) in_glyph = true;
        const bool skip = in_glyph || line.find("roisc ") != std::string::npos ||
                          line.find("xlink:href=\"#glyph") != std::string::npos;
        if (line.rfind("</symbol>", 0) == 0) in_glyph = false;
        if (!skip) kept += std::regex_replace(line, fellowship_text, "") + "\n";
    }
    return kept;
}

// One run with the fellowship spelled `spelling`: exit code, stdout, stderr and the file compared,
// as one text.
std::string run(const CommandRun& c, const std::string& spelling, RoiscRun* raw = nullptr) {
    std::vector<std::string> args = c.before;
    args.push_back(c.command);
    args.push_back("--fellowship");
    args.push_back(spelling);
    args.insert(args.end(), c.after.begin(), c.after.end());
    std::string name = spelling;
    for (char& ch : name) ch = std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
    ScratchDir dir(c.command + "-" + name);
    if (!c.file.empty()) {
        args.push_back("--out");
        args.push_back(dir.path.string());
    }
    const RoiscRun r = roisc::test::run_roisc(roisc::test::sandwell_manifest(), args);
    if (raw) *raw = r;
    std::ostringstream all;
    all << "exit " << r.code << "\n--- stdout\n" << r.out << "--- stderr\n" << r.err;
    if (!c.file.empty()) {
        CHECK_MESSAGE(fs::exists(dir.path / c.file), c.file << " not written: " << r.err);
        all << "--- " << c.file << "\n" << without_typed_text(dir.path / c.file);
    }
    return all.str();
}

// Every spelling of a group gives what the first gives.
void check_same(const CommandRun& c, const std::vector<std::string>& spellings) {
    RoiscRun first;
    const std::string expected = run(c, spellings.front(), &first);
    CAPTURE(spellings.front());
    CHECK_MESSAGE(first.code == 0, first.err);
    for (std::size_t i = 1; i < spellings.size(); ++i) {
        CAPTURE(spellings[i]);
        CHECK(run(c, spellings[i]) == expected);
    }
}

void check_spellings(const CommandRun& c) {
    CAPTURE(c.command);
    check_same(c, na_spellings);
    check_same(c, {"Al-Anon", "al anon"});
    check_same(c, {"SMART", "smart-recovery"});
    // Two fellowships are not one of them.
    CHECK(run(c, "NA,CA") != run(c, "NA"));
}

// The data rows of CSV text (the header left out).
std::multiset<std::string> csv_rows(const std::string& csv) {
    std::istringstream in(csv);
    std::string line;
    std::multiset<std::string> rows;
    bool header = true;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        if (header) {
            header = false;
            continue;
        }
        rows.insert(line);
    }
    return rows;
}

}  // namespace

TEST_SUITE_BEGIN("fellowship spellings");

TEST_CASE("within: every spelling lists the same meetings; NA,CA lists NA's and CA's") {
    // 10 miles: far enough to reach both CA meetings (Bloxwich, Kingstanding).
    const CommandRun within{"within", {"--format", "csv"}, {"--from", "B69 3DE", "--radius", "10mi"}, ""};
    check_spellings(within);
    RoiscRun na, ca, both;
    run(within, "NA", &na);
    run(within, "CA", &ca);
    run(within, "NA,CA", &both);
    const auto na_rows = csv_rows(na.out), ca_rows = csv_rows(ca.out), both_rows = csv_rows(both.out);
    CHECK(na_rows.size() > 9);  // the nine within five miles, and more
    CHECK(ca_rows.size() == 2);
    std::multiset<std::string> sum = na_rows;
    sum.insert(ca_rows.begin(), ca_rows.end());
    CHECK(both_rows == sum);
}

TEST_CASE("schedule: every spelling gives the same grid; NA,CA counts NA's and CA's") {
    const CommandRun schedule{"schedule", {"--format", "csv"}, {"--within", "5mi"}, ""};
    check_spellings(schedule);
    RoiscRun na, ca, both;
    run(schedule, "NA", &na);
    run(schedule, "CA", &ca);
    run(schedule, "NA,CA", &both);
    // The last column of each row is the row's total.
    auto totals = [](const std::string& csv) {
        std::vector<int> out;
        for (const auto& row : csv_rows(csv)) out.push_back(std::stoi(row.substr(row.rfind(',') + 1)));
        return out;
    };
    const auto t_na = totals(na.out), t_ca = totals(ca.out), t_both = totals(both.out);
    REQUIRE(t_na.size() == t_both.size());
    REQUIRE(t_ca.size() == t_both.size());
    int sum_na = 0, sum_ca = 0;
    for (std::size_t i = 0; i < t_both.size(); ++i) {
        CHECK(t_both[i] == t_na[i] + t_ca[i]);
        sum_na += t_na[i];
        sum_ca += t_ca[i];
    }
    CHECK(sum_na > 0);
    CHECK(sum_ca > 0);
}

TEST_CASE("coverage: every spelling gives the same figures") {
    check_spellings({"coverage", {}, {"--within", "2mi", "--no-files"}, ""});
}

TEST_CASE("gaps: every spelling gives the same gaps") {
    check_spellings({"gaps", {}, {"--beyond", "2mi", "--no-files"}, ""});
}

TEST_CASE("map: every spelling draws from the same meetings") {
    check_spellings({"map", {}, {"--beyond", "2mi", "--formats", "svg"}, "sandwell.svg"});
}

TEST_CASE("isochrones: every spelling gives the same bands") {
    check_spellings({"isochrones", {}, {"--times", "10min", "--no-files"}, ""});
}

TEST_CASE("rank: every spelling gives the same picks") {
    check_spellings({"rank", {"--format", "csv"}, {"--new", "1", "--within", "2mi", "--no-files"}, ""});
}

TEST_CASE("import meetings: every spelling of its one fellowship imports the same meetings") {
    const std::string feed = std::string(ROISC_TEST_DATA) + "/feeds/meeting_guide_sunday.json";
    const CommandRun import{"meetings", {"import"}, {feed}, "meetings.geojson"};
    check_same(import, na_spellings);
    check_same(import, {"Al-Anon", "al anon"});
    check_same(import, {"SMART", "smart-recovery"});
}

TEST_CASE("a slip in the fellowship is refused with the known names and the name meant") {
    const RoiscRun r = roisc::test::run_roisc(roisc::test::sandwell_manifest(), {"gaps", "-f", "NAA", "--beyond", "2mi"});
    CHECK(r.code == 2);
    CHECK(r.err_has("'NAA' is not a fellowship roisc knows"));
    CHECK(r.err_has("NA (Narcotics Anonymous)"));
    CHECK(r.err_has("SMART (SMART Recovery)"));
    CHECK(r.err_has("Did you mean NA?"));
    CHECK(r.out.empty());
}

TEST_SUITE_END();
