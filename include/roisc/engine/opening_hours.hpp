#pragma once
// A venue's weekly opening hours, and the meeting slots a venue is open for within a time window.
#include "roisc/core/time_of_week.hpp"

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace roisc {

// A venue's weekly opening hours: per day (Mon..Sun) unknown, closed, or open in one or more
// stretches ("09:30-17:30", "09:30-13:00,14:00-17:00"; "" = closed).
class OpeningHours {
public:
    // Unknown on every day.
    OpeningHours() = default;
    // From the seven per-day fields; nullopt when a day's text cannot be read (`problem` says why).
    static std::optional<OpeningHours> parse(const std::vector<std::optional<std::string>>& days, std::string* problem);

    bool known(Weekday day) const { return days_[static_cast<std::size_t>(day_index(day))].has_value(); }
    bool all_known() const;
    bool any_known() const;
    // True when the slot lies wholly inside one opening stretch of its day, or the day is unknown.
    bool open_for(const WeeklySlot& slot) const;
    // "Mon 09:30-17:30; Tue closed; …", "unknown" for unknown days.
    std::string describe() const;

private:
    using Stretches = std::vector<std::pair<int, int>>;  // minutes after midnight
    std::array<std::optional<Stretches>, 7> days_;
};

// How good a slot's start is for a meeting, smaller first: evening (a start from 17:00 to 21:00,
// nearest 19:00 best), then afternoon (nearest 16:00), morning (nearest 10:00), then the small hours.
std::pair<int, int> slot_preference(const WeeklySlot& s);

// The venue's 90-minute (query.slot_minutes) slots inside the window that it is open for, in
// order of preference (evenings first, then afternoons, mornings, night), at :00 and :30.
std::vector<WeeklySlot> open_slots(const OpeningHours& hours, const TimeWindow& window, int slot_minutes);

}  // namespace roisc
