// libFuzzer target: the AA Great Britain's meeting marker CSV (marker_time "19:30 - duration 1hr 30mins")
// reader. Any input may be refused with roisc::Error; every meeting kept must have a sane week slot
// and location (feed_checks.hpp).
#include "feed_checks.hpp"
#include "roisc/core/error.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    roisc::fuzz::fuzz_feed(data, size, roisc::FeedFormat::aa_gb);
    return 0;
}
