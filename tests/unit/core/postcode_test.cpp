// UK postcodes at every level: parsing, normalising, parents, and the reasons for rejecting.
#include "roisc/core/error.hpp"
#include "roisc/core/postcode.hpp"
#include "roisc/io/csv.hpp"
#include "roisc/io/postcode_lookup.hpp"

#include "../support/shared_data.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace roisc;

namespace {

Postcode parsed(const std::string& text) {
    const PostcodeParse p = parse_postcode(text);
    INFO("parsing '" << text << "': " << p.reason);
    REQUIRE(p);
    return *p.postcode;
}

std::string reason(const std::string& text) {
    const PostcodeParse p = parse_postcode(text);
    INFO("'" << text << "' should not parse");
    REQUIRE_FALSE(p);
    CHECK_FALSE(p.reason.empty());
    return p.reason;
}

}  // namespace

TEST_CASE("postcode: every level parses and is normalised") {
    struct Case {
        const char* text;
        const char* normal;
        PostcodeLevel level;
    };
    const Case cases[] = {
        {"B", "B", PostcodeLevel::area},
        {"ws", "WS", PostcodeLevel::area},
        {"B69", "B69", PostcodeLevel::district},
        {"WS10", "WS10", PostcodeLevel::district},
        {"EC1A", "EC1A", PostcodeLevel::district},
        {"w1a", "W1A", PostcodeLevel::district},
        {"B69 3", "B69 3", PostcodeLevel::sector},
        {"WS10 0", "WS10 0", PostcodeLevel::sector},
        {"B69 3DE", "B69 3DE", PostcodeLevel::unit},
        {"b693de", "B69 3DE", PostcodeLevel::unit},
        {"  b69   3de ", "B69 3DE", PostcodeLevel::unit},
        {"EC1A 1BB", "EC1A 1BB", PostcodeLevel::unit},
        {"ec1a1bb", "EC1A 1BB", PostcodeLevel::unit},
        // Code-Point Open's fixed width: seven characters, padded in the middle.
        {"B1  1AY", "B1 1AY", PostcodeLevel::unit},
        {"WS100AA", "WS10 0AA", PostcodeLevel::unit},
        // Without a space: a whole district stays a district; otherwise the last digit is the sector.
        {"B11", "B11", PostcodeLevel::district},
        {"B693", "B69 3", PostcodeLevel::sector},
        {"ws100", "WS10 0", PostcodeLevel::sector},
        {"B111", "B11 1", PostcodeLevel::sector},
        {"EC1A1", "EC1A 1", PostcodeLevel::sector},
        {"B1\t1AY", "B1 1AY", PostcodeLevel::unit},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        const Postcode p = parsed(c.text);
        CHECK(p.text() == c.normal);
        CHECK(p.level() == c.level);
    }
}

TEST_CASE("postcode: parents go unit -> sector -> district -> area") {
    const Postcode unit = parsed("b693de");
    CHECK(unit.area() == "B");
    CHECK(unit.district() == "B69");
    CHECK(unit.sector() == "B69 3");
    const auto parents = unit.parents();
    REQUIRE(parents.size() == 3);
    CHECK(parents[0].text() == "B69 3");
    CHECK(parents[0].level() == PostcodeLevel::sector);
    CHECK(parents[1].text() == "B69");
    CHECK(parents[1].level() == PostcodeLevel::district);
    CHECK(parents[2].text() == "B");
    CHECK(parents[2].level() == PostcodeLevel::area);
    CHECK_FALSE(parents[2].parent().has_value());

    const Postcode ws = parsed("WS10 0AA");
    CHECK(ws.sector() == "WS10 0");
    CHECK(ws.parent()->parent()->text() == "WS10");
    CHECK(ws.parents().back().text() == "WS");

    CHECK(parsed("B69").contains(unit));
    CHECK(parsed("B").contains(unit));
    CHECK(parsed("B69 3").contains(parsed("B69 3")));
    CHECK_FALSE(parsed("B69 4").contains(unit));
    CHECK_FALSE(unit.contains(parsed("B69")));
    // "B6" is not a prefix-parent of "B69": districts compare whole.
    CHECK_FALSE(parsed("B6").contains(unit));
}

TEST_CASE("postcode: malformed ones are rejected with the reason") {
    const std::string b693 = reason("B6 93");
    CHECK(b693.find("malformed") != std::string::npos);
    CHECK(b693.find("'93'") != std::string::npos);
    CHECK(b693.find("did you mean 'B69 3'") != std::string::npos);

    CHECK(reason("QQ1 1AA").find("'QQ' is not a UK postcode area") != std::string::npos);
    CHECK(reason("QQ11AA").find("'QQ' is not a UK postcode area") != std::string::npos);
    CHECK(reason("XY").find("not a UK postcode area") != std::string::npos);
    CHECK(reason("").find("empty") != std::string::npos);
    CHECK(reason("   ").find("empty") != std::string::npos);
    CHECK(reason("B69-3").find("'-'") != std::string::npos);
    CHECK(reason("B69 DE").find("sector digit is missing") != std::string::npos);
    CHECK(reason("B69 3CI").find("never include C, I, K, M, O or V") != std::string::npos);
    CHECK(reason("B69 3 DE").find("3 parts") != std::string::npos);
    CHECK(reason("W1Z").find("'Z' is never the letter at the end of a district") != std::string::npos);
    CHECK(reason("ABC1 1AA").find("one or two") != std::string::npos);
    CHECK(reason("69 3DE").find("does not start with the letters") != std::string::npos);
    CHECK(reason("B6933").find("not a district") != std::string::npos);
    CHECK(reason("B 693").find("area, not a district") != std::string::npos);
    CHECK(reason("BF1 1AA").find("not a UK postcode area") != std::string::npos);  // British Forces: no place

    try {
        postcode_or_throw("QQ1 1AA", "hotspots.csv line 5");
        FAIL("expected a DataError");
    } catch (const DataError& e) {
        const std::string what = e.what();
        CHECK(what.find("hotspots.csv line 5") != std::string::npos);
        CHECK(what.find("not a UK postcode area") != std::string::npos);
        CHECK(what.find("Fix:") != std::string::npos);
    }
    CHECK(postcode_or_throw("b693de", "x").text() == "B69 3DE");
}

TEST_CASE("postcode: the 124 postcode areas") {
    int areas = 0;
    for (char a = 'A'; a <= 'Z'; ++a) {
        areas += is_postcode_area(std::string(1, a));
        for (char b = 'A'; b <= 'Z'; ++b) areas += is_postcode_area(std::string{a, b});
    }
    CHECK(areas == 124);
    for (const char* a : {"B", "DY", "WS", "WV", "EC", "ZE", "GY", "JE", "IM", "BT"}) CHECK(is_postcode_area(a));
    for (const char* a : {"QQ", "BF", "BX", "Z", "XX", ""}) CHECK_FALSE(is_postcode_area(a));
}

TEST_CASE("postcode: levels by name") {
    CHECK(std::string(to_string(PostcodeLevel::sector)) == "sector");
    CHECK(postcode_level_from_string("District") == PostcodeLevel::district);
    CHECK(postcode_level_from_string("unit") == PostcodeLevel::unit);
    CHECK_FALSE(postcode_level_from_string("ward").has_value());
}

TEST_CASE("postcode: every Sandwell unit postcode and every Code-Point B postcode parses") {
    const std::string sandwell = "postcodes/sandwell_postcodes_2014.csv";
    if (!test::shared_data_available(sandwell)) return;
    CsvReader csv(test::shared_data(sandwell));
    CsvRecord r;
    REQUIRE(csv.next(r));  // header
    int units = 0;
    while (csv.next(r)) {
        const PostcodeParse p = parse_postcode(r.fields[0]);
        INFO("line " << r.line << ": " << r.fields[0] << ": " << p.reason);
        REQUIRE(p);
        CHECK(p.postcode->level() == PostcodeLevel::unit);
        CHECK(p.postcode->text() == r.fields[0]);
        CHECK(p.postcode->district() == r.fields[1]);
        CHECK(p.postcode->sector() == r.fields[2]);
        ++units;
    }
    CHECK(units == 6827);

    CsvReader codepoint(test::shared_data("postcodes/codepoint_open_2014_raw/b.csv"));
    int fixed_width = 0;
    while (codepoint.next(r)) {
        const PostcodeParse p = parse_postcode(r.fields[0]);
        INFO("b.csv line " << r.line << ": '" << r.fields[0] << "': " << p.reason);
        REQUIRE(p);
        CHECK(p.postcode->level() == PostcodeLevel::unit);
        ++fixed_width;
    }
    CHECK(fixed_width == 41276);
}
