#pragma once
// What every meeting a feed reader keeps must satisfy, whatever bytes it was given: the checks
// shared by the feed fuzz targets. A broken rule traps, so the fuzzer reports the input.
#include "roisc/core/error.hpp"
#include "roisc/io/meeting_feed.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

namespace roisc::fuzz {

inline void check_feed(const FeedResult& feed) {
    if (feed.meetings.size() > feed.records) __builtin_trap();  // more kept than read
    for (const Meeting& m : feed.meetings) {
        for (const WeeklySlot& s : m.slots) {
            if (s.start < 0 || s.start >= minutes_per_day) __builtin_trap();
            if (s.end <= s.start || s.end > s.start + minutes_per_day) __builtin_trap();
            if (day_index(s.weekday) < 0 || day_index(s.weekday) > 6) __builtin_trap();
        }
        if (m.location) {
            const double lon = m.location->lon, lat = m.location->lat;
            if (!std::isfinite(lon) || !std::isfinite(lat) || std::fabs(lon) > 180 || std::fabs(lat) > 90) __builtin_trap();
        }
        (void)m.slots_text();
        (void)m.types_text();
    }
    for (const FeedProblem& p : feed.problems) (void)describe(feed, p);
}

// Reads `data` as a feed of `format` (and once more with the format detected from the content).
inline void fuzz_feed(const std::uint8_t* data, std::size_t size, FeedFormat format) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    FeedOptions options;
    options.format = format;
    try {
        check_feed(read_meeting_feed_text(text, "fuzz-feed", options));
    } catch (const Error&) {
    }
    try {
        check_feed(read_meeting_feed_text(text, "fuzz-feed", {}));
    } catch (const Error&) {
    }
}

}  // namespace roisc::fuzz
