// Breakdown count columns (issue 17 part 2): the NDTMS header aliases, and the hotspot table's
// breakdowns (a declared column missing, unusable cells, totals that disagree with the cohorts).
#include "roisc/core/error.hpp"
#include "roisc/io/count_columns.hpp"
#include "roisc/io/hotspot_table.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace roisc;

namespace {

fs::path table(const std::string& name, const std::string& text) {
    const fs::path p = fs::temp_directory_path() / ("roisc-count-columns-" + std::to_string(::getpid()) + "-" + name);
    std::ofstream(p) << text;
    return p;
}

std::string error_of(const fs::path& path, const std::vector<BreakdownSpec>& breakdowns) {
    try {
        read_hotspot_table(path.string(), breakdowns);
    } catch (const DataError& e) {
        return e.what();
    }
    return "";
}

const BreakdownSpec sex{"sex", {"male", "female"}};
const BreakdownSpec age{"age", {"18-24", "25-34", "35+"}};

}  // namespace

TEST_CASE("count_column_key: the headers NDTMS extracts use") {
    for (const char* h : {"Male", "male", "MALES", "Sex: male", "sex_male", "Gender - Male", "Men"}) {
        CAPTURE(h);
        CHECK(count_column_key(h, "sex") == "male");
    }
    CHECK(count_column_key("Sex: Female", "sex") == "female");
    for (const char* h : {"18-24", "18 to 24", "Age 18-24", "Aged 18 to 24", "age_18_24", "Age band: 18-24", "18-24 years"}) {
        CAPTURE(h);
        CHECK(count_column_key(h, "age") == "18_24");
    }
    for (const char* h : {"65+", "65 and over", "Age 65+", "65 plus", "65_plus", "65 or over"}) {
        CAPTURE(h);
        CHECK(count_column_key(h, "age") == "65_plus");
    }
    CHECK(count_column_key("Not stated", "sex") == "not_stated");
    CHECK(is_not_stated(count_column_key("Sex: not stated", "sex")));
    // Another group's words are not dropped: an age column is never a sex column.
    CHECK(count_column_key("age_18_24", "sex") != count_column_key("18-24", "sex"));
    CHECK(count_column_key("Ethnicity: White British", "ethnicity") == "white_british");
}

TEST_CASE("breakdown_kind_of: count columns nobody declared are recognised") {
    CHECK(breakdown_kind_of("Male") == "sex");
    CHECK(breakdown_kind_of("Sex: female") == "sex");
    CHECK(breakdown_kind_of("18-24") == "age");
    CHECK(breakdown_kind_of("Age 35 to 49") == "age");
    CHECK(breakdown_kind_of("65+") == "age");
    CHECK(breakdown_kind_of("under 18") == "age");
    CHECK(breakdown_kind_of("Ethnicity: Asian") == "ethnicity");
    CHECK(breakdown_kind_of("White British") == "ethnicity");
    for (const char* h : {"opiate", "partial_postcode", "imd_decile", "sector", "town", "total", "sex", "B69"}) {
        CAPTURE(h);
        CHECK(breakdown_kind_of(h) == "");
    }
}

TEST_CASE("parse_breakdown_spec: NAME=COLUMN,COLUMN") {
    const auto b = parse_breakdown_spec("age=18-24, 25-34,35+", "--breakdown");
    CHECK(b.name == "age");
    CHECK(b.columns == std::vector<std::string>{"18-24", "25-34", "35+"});
    CHECK_THROWS_AS(parse_breakdown_spec("male,female", "--breakdown"), ArgumentError);
    CHECK_THROWS_AS(parse_breakdown_spec("sex=male", "--breakdown"), ArgumentError);
    CHECK_THROWS_AS(parse_breakdown_spec("sex=male,,female", "--breakdown"), ArgumentError);
    CHECK_THROWS_AS(parse_breakdown_spec("sex=male,Males", "--breakdown"), ArgumentError);
}

TEST_CASE("read_hotspot_table: breakdown columns by their aliases, summing to the cohorts") {
    const auto p = table("ok.csv",
                         "partial_postcode,opiate,alcohol_only,Sex: Male,Sex: Female,Age 18 to 24,25-34,35 and over\n"
                         "B69 3,6,4,7,3,1,4,5\n"
                         "B70 7,0,0,0,0,0,0,0\n"
                         "b693,1,0,0,1,0,0,1\n");
    const HotspotInput in = read_hotspot_table(p.string(), {sex, age});
    REQUIRE(in.rows.size() == 2);
    CHECK(in.cohorts == std::vector<std::string>{"opiate", "alcohol_only"});
    REQUIRE(in.breakdowns.size() == 2);
    // Repeated postcodes add their breakdown cells as they add their cohorts.
    CHECK(in.rows[0].breakdown_counts == std::vector<long long>{7, 4, 1, 4, 6});
    CHECK(in.rows[1].breakdown_counts == std::vector<long long>{0, 0, 0, 0, 0});
    for (const auto& w : in.warnings) CHECK(w.find("not used") == std::string::npos);
    fs::remove(p);
}

TEST_CASE("read_hotspot_table: a declared column missing, a total that disagrees, unusable cells") {
    const auto p = table("bad.csv",
                         "partial_postcode,opiate,alcohol_only,Male,Female,18-24,25-34,35+\n"
                         "B69 3,6,4,7,3,1,4,5\n"
                         "B70 7,2,2,3,0,1,1,2\n"
                         "B71 1,5,0,5,0,x,-1,2\n"
                         "B71 2,5,0,5,0,99999999999,0,0\n");
    // B70 7: sex adds up to 3, the cohorts to 4.
    const std::string mismatch = error_of(p, {sex});
    CHECK(mismatch.find("line 3: the sex columns add up to 3 but the cohorts to 4") != std::string::npos);
    CHECK(mismatch.find("unknown") != std::string::npos);
    const std::string cells = error_of(p, {age});
    CHECK(cells.find("line 4, field '18-24': 'x' is not a whole number of 0 or more") != std::string::npos);
    CHECK(cells.find("line 4, field '25-34': '-1' is not a whole number") != std::string::npos);
    CHECK(cells.find("line 5, field '18-24': '99999999999' is too large") != std::string::npos);
    // A declared column that is not there names the file, the column and the columns there are.
    const std::string missing = error_of(p, {{"ethnicity", {"white", "black", "asian"}}});
    CHECK(missing.find(p.string() + " line 1: no column for 'white' of the breakdown 'ethnicity'") != std::string::npos);
    CHECK(missing.find("Male, Female") != std::string::npos);
    fs::remove(p);
}

TEST_CASE("read_hotspot_table: count columns not declared are reported, not silently unused") {
    const auto p = table("undeclared.csv",
                         "partial_postcode,opiate,Male,Female,18-24,25+,notes\n"
                         "B69 3,6,3,3,2,4,x\n");
    const HotspotInput in = read_hotspot_table(p.string(), {sex});
    int age_warnings = 0;
    for (const auto& w : in.warnings) {
        if (w.find("looks like a count by age: declare it with --breakdown age=") != std::string::npos) ++age_warnings;
        CHECK(w.find("'Male'") == std::string::npos);
    }
    CHECK(age_warnings == 2);
    bool notes = false;
    for (const auto& w : in.warnings) notes = notes || w == p.string() + " line 1: column 'notes' is not used.";
    CHECK(notes);
    fs::remove(p);
}
