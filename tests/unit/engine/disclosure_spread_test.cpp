// Spreading a published count over the units of a hotspot (hotspots --spread units): whole shares
// that add up and never fall below the disclosure threshold.
#include "roisc/engine/disclosure.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <numeric>
#include <vector>

using roisc::spread_count;

TEST_CASE("spread_count: whole shares that add up, never below the threshold, evenly placed") {
    for (long long count : {0LL, 1LL, 5LL, 9LL, 41LL, 112LL, 1000LL}) {
        for (std::size_t slots : {std::size_t{1}, std::size_t{2}, std::size_t{7}, std::size_t{90}}) {
            CAPTURE(count);
            CAPTURE(slots);
            const auto plain = spread_count(count, slots, 1);
            CHECK(std::accumulate(plain.begin(), plain.end(), 0LL) == count);
            const auto lo = *std::min_element(plain.begin(), plain.end());
            const auto hi = *std::max_element(plain.begin(), plain.end());
            if (count >= static_cast<long long>(slots)) CHECK(hi - lo <= 1);  // largest remainder: as equal as can be
            if (count < 5) continue;  // a small count is suppressed, never spread
            const auto safe = spread_count(count, slots, 5);
            CHECK(std::accumulate(safe.begin(), safe.end(), 0LL) == count);
            for (long long s : safe) CHECK((s == 0 || s >= 5));
        }
    }
    // 41 people over 90 units: 8 units of 5 or 6, spread through the list rather than bunched.
    const auto shares = spread_count(41, 90, 5);
    std::vector<std::size_t> takers;
    for (std::size_t i = 0; i < shares.size(); ++i) {
        if (shares[i]) takers.push_back(i);
    }
    REQUIRE(takers.size() == 8);
    CHECK(takers.front() < 20);
    CHECK(takers.back() > 70);
    // A cohort's units are among the total's units.
    const auto cohort = spread_count(12, 90, 5), total = spread_count(41, 90, 5);
    for (std::size_t i = 0; i < 90; ++i) {
        if (cohort[i]) CHECK(total[i] > 0);
    }
}
