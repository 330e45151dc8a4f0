#include "roisc/core/text.hpp"

#include <doctest/doctest.h>

// Found by fuzz_query_file: toml++ 3 asserts on a control byte after "[" and reaches an unreachable
// branch on some bytes beyond ASCII outside quotes; such text never reaches it.
TEST_CASE("TOML text toml++ must not be given is named by line and column") {
    CHECK(roisc::toml_text_problem("[query]\ncommand = \"gaps\" # café\nname = 'Café'\n") == "");
    CHECK(roisc::toml_text_problem("a = \"\"\"x\né\n\"\"\"\n") == "");
    CHECK(roisc::toml_text_problem("[\x03]\n").rfind("line 1, column 2: the control character", 0) == 0);
    CHECK(roisc::toml_text_problem("a = 1\n[\xc3\xa9]\n").rfind("line 2, column 2: a character beyond ASCII outside quotes", 0) == 0);
    CHECK(roisc::toml_text_problem("a = \"\\\"\xc3\xa9\"\n") == "");  // an escaped quote does not end the string
    CHECK(roisc::toml_text_problem("a = 1\r\n\tb = 2\r\n") == "");
    // After a backslash toml++ tests for whitespace: a byte beyond ASCII there reached the same branch.
    CHECK(roisc::toml_text_problem("a = \"\"\"x\\ \xc3\xa9\"\"\"\n").find("a backslash before a character beyond ASCII") !=
          std::string::npos);
}

// Found by fuzz_manifest and fuzz_query_file (tests/fuzz/corpus/*/value-then-non-ascii): a quote
// where no string can start (`= -"…`) put toml++'s refusal among bytes it tests as whitespace.
TEST_CASE("a quote where TOML cannot start a string is refused before toml++ reads it") {
    CHECK(roisc::toml_text_problem("name = -\"Sa\xd1\x90op\"\n").rfind("line 1, column 9: a quote right after '-'", 0) ==
          0);
    CHECK(roisc::toml_text_problem("x = +Jwhe\"\"\"8\xc8\xbe\"\"\"\n").find("a quote right after 'e'") != std::string::npos);
    CHECK(roisc::toml_text_problem("a = 1 \"b\"\n").find("a quote right after '1'") != std::string::npos);
    // Every place valid TOML opens a string: names, dotted names, headers, arrays, inline tables.
    CHECK(roisc::toml_text_problem("\"a b\" = 1\nx.\"y\".'z' = 'v'\n[\"t\".u]\n[['arr']]\n"
                                   "list = [\n  \"a\", 'b',\n  # note\n  \"\"\"c\"\"\"\n]\n"
                                   "t = { k = \"v\", \"q\" = 'w' }\r\nm = '''\nx\" y\n'''\n") == "");
}

// Found by fuzz_query_file: a line-ending backslash in a multi-line string trims the line breaks and
// blanks after it, and toml++ tests the first character of the next line as whitespace too.
TEST_CASE("a line-ending backslash before a character beyond ASCII on the next line is refused") {
    CHECK(roisc::toml_text_problem("a = \"\"\"n\\\n\xef\xbb\xbf \xc3\x97 1\"\"\"\n").rfind("line 1, column 9: a backslash before", 0) ==
          0);
    CHECK(roisc::toml_text_problem("a = \"\"\"n\\\r\n   \n  \xc3\xa9\"\"\"\n").find("a backslash before") != std::string::npos);
    CHECK(roisc::toml_text_problem("a = \"\"\"n\\\n  x \xc3\xa9\"\"\"\n") == "");  // a plain character first: fine
    CHECK(roisc::toml_text_problem("a = \"n\\\n\xc3\xa9\"\n").find("a backslash before") == std::string::npos);  // one-line string: not trimmed
}
