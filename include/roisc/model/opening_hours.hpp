#pragma once
// Weekly opening hours as a layer gives them (hours_mon … hours_sun): venues and community assets.
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
    // Days with the same hours run together: "Mon-Fri 09:30-17:30; Sat 10:00-16:00; Sun closed";
    // unknown days are left out; "" when no day is known.
    std::string compact() const;

private:
    using Stretches = std::vector<std::pair<int, int>>;  // minutes after midnight
    std::array<std::optional<Stretches>, 7> days_;
};

}  // namespace roisc
