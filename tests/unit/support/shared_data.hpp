#pragma once
// Tests that read ../shared/data skip with a visible notice when it is absent (a user's clone),
// and fail instead when ROISC_REQUIRE_SHARED_DATA=1 (as .ci/run sets), so CI never skips them.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace roisc::test {

inline std::string shared_data(const std::string& relative) { return std::string(ROISC_SHARED_DATA) + "/" + relative; }

inline bool shared_data_available(const std::string& relative) {
    const std::string path = shared_data(relative);
    if (std::filesystem::exists(path)) return true;
    const char* require = std::getenv("ROISC_REQUIRE_SHARED_DATA");
    if (require && std::string(require) == "1") {
        FAIL("shared data missing: " << path << " (ROISC_REQUIRE_SHARED_DATA=1)");
    } else {
        MESSAGE("SKIPPED: shared data not found at " << path << "; set ROISC_REQUIRE_SHARED_DATA=1 to fail instead");
    }
    return false;
}

}  // namespace roisc::test
