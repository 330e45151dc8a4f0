#include "roisc/core/error.hpp"
#include "roisc/core/table.hpp"

#include <doctest/doctest.h>

#include <sstream>

using namespace roisc;

namespace {
Table sample() {
    Table t({{"town"}, {"meetings", Table::Align::right, true}});
    t.add_row({"Oldbury", "3"});
    t.add_row({"West Bromwich, north", "12"});
    return t;
}
}  // namespace

TEST_CASE("aligned tables pad columns and right-align numbers") {
    std::ostringstream out;
    sample().print(out, TableFormat::table);
    CHECK(out.str() ==
          "town                  meetings\n"
          "--------------------  --------\n"
          "Oldbury                      3\n"
          "West Bromwich, north        12\n");
}

TEST_CASE("CSV quotes cells that need it") {
    std::ostringstream out;
    sample().print(out, TableFormat::csv);
    CHECK(out.str() == "town,meetings\r\nOldbury,3\r\n\"West Bromwich, north\",12\r\n");
    CHECK(csv_escape("say \"hi\"") == "\"say \"\"hi\"\"\"");
}

TEST_CASE("JSON writes numeric columns as numbers") {
    std::ostringstream out;
    sample().print(out, TableFormat::json);
    CHECK(out.str().find("\"meetings\": 3") != std::string::npos);
    CHECK(out.str().find("\"town\": \"Oldbury\"") != std::string::npos);
}

TEST_CASE("unknown formats are argument errors") {
    CHECK(table_format_from_string("csv") == TableFormat::csv);
    CHECK_THROWS_AS(table_format_from_string("xml"), ArgumentError);
}
