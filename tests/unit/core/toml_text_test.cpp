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
