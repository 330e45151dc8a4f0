// The one CSV reader: from a file or from text, any delimiter, RFC 4180 quoting, line numbers.
#include "roisc/core/error.hpp"
#include "roisc/io/csv.hpp"

#include "../support/temp_file.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace roisc;

namespace {

using Fields = std::vector<std::string>;

using test::TempFile;

}  // namespace

TEST_CASE("csv reader: quotes, commas, line breaks, BOM and line numbers") {
    TempFile f("reader.csv", "\xEF\xBB\xBFpostcode,name\r\n\"B69 3DE\",\"Council House, Oldbury\"\n\"B70\",\"two\nlines\"\nB71,\"say \"\"hi\"\"\"\n");
    CsvReader csv(f.path.string());
    CsvRecord r;
    REQUIRE(csv.next(r));
    CHECK(r.line == 1);
    CHECK(r.fields == Fields{"postcode", "name"});
    REQUIRE(csv.next(r));
    CHECK(r.line == 2);
    CHECK(r.fields[1] == "Council House, Oldbury");
    REQUIRE(csv.next(r));
    CHECK(r.line == 3);
    CHECK(r.fields[1] == "two\nlines");
    REQUIRE(csv.next(r));
    CHECK(r.line == 5);
    CHECK(r.fields[1] == "say \"hi\"");
    CHECK_FALSE(csv.next(r));
    CHECK_THROWS_AS(CsvReader("/no/such/file.csv"), ArgumentError);
}

TEST_CASE("csv text: delimiters, blank lines, a quote inside a field, and a quote never closed") {
    CHECK(guess_delimiter("a;b;c\n1,5;2;3\n") == ';');
    CHECK(guess_delimiter("a\tb\n") == '\t');
    CHECK(guess_delimiter("a,b\n") == ',');

    const auto records = parse_csv("name;note\r\n\r\nOldbury;5\" screen\n\"A;B\";\"x\r\ny\"\n", "t.csv", ';');
    REQUIRE(records.size() == 4);
    CHECK(records[1].blank());
    CHECK(records[1].line == 2);
    CHECK(records[2].fields == Fields{"Oldbury", "5\" screen"});  // a quote opens a field only at its start
    CHECK(records[3].fields == Fields{"A;B", "x\ny"});
    CHECK(records[3].line == 4);
    CHECK_FALSE(parse_csv(",,\n", "t.csv").front().blank());
    CHECK(parse_csv("", "t.csv").empty());

    try {
        (void)parse_csv("a,b\n1,\"open\n2,3\n", "feed.csv");
        FAIL("expected a DataError");
    } catch (const DataError& e) {
        CHECK(std::string(e.what()).find("feed.csv: line 2: a quoted field starting on this line never ends") !=
              std::string::npos);
    }
}
