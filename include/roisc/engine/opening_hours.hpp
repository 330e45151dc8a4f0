#pragma once
// The meeting slots a venue is open for within a time window (the hours themselves: model/opening_hours.hpp).
#include "roisc/core/time_of_week.hpp"
#include "roisc/model/opening_hours.hpp"

#include <utility>
#include <vector>

namespace roisc {

// How good a slot's start is for a meeting, smaller first: evening (a start from 17:00 to 21:00,
// nearest 19:00 best), then afternoon (nearest 16:00), morning (nearest 10:00), then the small hours.
std::pair<int, int> slot_preference(const WeeklySlot& s);

// The venue's 90-minute (query.slot_minutes) slots inside the window that it is open for, in
// order of preference (evenings first, then afternoons, mornings, night), at :00 and :30.
std::vector<WeeklySlot> open_slots(const OpeningHours& hours, const TimeWindow& window, int slot_minutes);

}  // namespace roisc
