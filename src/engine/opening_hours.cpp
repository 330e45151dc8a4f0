// The slots a venue is open for, in order of preference.
#include "roisc/engine/opening_hours.hpp"

#include <algorithm>
#include <cstdlib>

namespace roisc {

std::pair<int, int> slot_preference(const WeeklySlot& s) {
    if (s.start >= 17 * 60 && s.start <= 21 * 60) return {0, std::abs(s.start - 19 * 60)};
    if (s.start >= 12 * 60 && s.start < 17 * 60) return {1, std::abs(s.start - 16 * 60)};
    if (s.start >= 7 * 60 && s.start < 12 * 60) return {2, std::abs(s.start - 10 * 60)};
    return {3, s.start};
}

std::vector<WeeklySlot> open_slots(const OpeningHours& hours, const TimeWindow& window, int slot_minutes) {
    std::vector<WeeklySlot> out;
    for (int d = 0; d < 7; ++d) {
        for (int start = 0; start < minutes_per_day; start += 30) {
            WeeklySlot s{weekday_from_index(d), start, start + slot_minutes};
            if (window.contains(s) && hours.open_for(s)) out.push_back(s);
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const WeeklySlot& a, const WeeklySlot& b) {
        const auto pa = slot_preference(a), pb = slot_preference(b);
        if (pa != pb) return pa < pb;
        return day_index(a.weekday) < day_index(b.weekday);
    });
    return out;
}

}  // namespace roisc
