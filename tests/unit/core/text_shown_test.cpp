#include "roisc/core/text.hpp"

#include <doctest/doctest.h>

using namespace roisc;

TEST_CASE("shown: control bytes in a quoted value are written as escapes") {
    CHECK(shown("B69 3") == "B69 3");
    CHECK(shown("4\x07") == "4\\x07");
    CHECK(shown("a\tb\r\n") == "a\\tb\\r\\n");
    CHECK(shown(std::string("x\0y", 3)) == "x\\x00y");
    CHECK(shown("\x7f") == "\\x7f");
    CHECK(shown("Caf\xc3\xa9") == "Caf\xc3\xa9");  // UTF-8 is text, not control
}
