// libFuzzer target: the BMLT GetSearchResults JSON (every value a string, weekday_tinyint 1 = Sunday)
// reader. Any input may be refused with roisc::Error; every meeting kept must have a sane week slot
// and location (feed_checks.hpp).
#include "feed_checks.hpp"
#include "roisc/core/error.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    roisc::fuzz::fuzz_feed(data, size, roisc::FeedFormat::bmlt);
    return 0;
}
