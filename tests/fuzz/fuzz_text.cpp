// libFuzzer target: the parsers of values typed by people (postcodes, times of day, time windows,
// thresholds). Any input may be refused with roisc::Error; nothing may crash, hang or misbehave
// under AddressSanitizer/UndefinedBehaviorSanitizer.
#include "roisc/core/error.hpp"
#include "roisc/core/postcode.hpp"
#include "roisc/core/text.hpp"
#include "roisc/core/time_of_week.hpp"
#include "roisc/core/units.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    (void)roisc::shown(text);
    (void)roisc::parse_postcode(text);
    bool twelve = false;
    if (const auto m = roisc::parse_clock_12_or_24(text, true, &twelve)) {
        if (*m < 0 || *m > 1440) __builtin_trap();
        (void)roisc::format_clock(*m);
    }
    (void)roisc::weekday_from_name(text);
    try {
        const auto w = roisc::TimeWindow::parse(text);
        (void)w;
    } catch (const roisc::Error&) {
    }
    try {
        const auto t = roisc::parse_threshold(text, "--fuzz");
        if (!(t.value >= 0)) __builtin_trap();  // NaN or negative must be refused
    } catch (const roisc::Error&) {
    }
    return 0;
}
