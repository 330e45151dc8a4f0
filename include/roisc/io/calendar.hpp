#pragma once
// Weekly calendars (iCalendar, RFC 5545) of meetings and sessions, written with libical, so any
// calendar program can subscribe to a town's week. Times are floating local times (no TZID): a
// meeting at 19:30 shows at 19:30 wherever the calendar is read. The same events and date give
// the same bytes: DTSTAMP is the data's date, UIDs come from the events' ids.
#include "roisc/core/time_of_week.hpp"

#include <optional>
#include <string>
#include <vector>

namespace roisc {

struct CalendarEvent {
    std::string uid;       // stable: the same record gives the same UID in every run
    std::string summary;   // "AA: Wednesday Night Group"
    std::string location;  // venue, address, postcode
    std::string description;
    std::string url;       // empty: none
    WeeklySlot slot;       // repeats every week on its weekday
};

struct CalendarDate {
    int year = 1970, month = 1, day = 1;
    std::string text() const;  // "2026-01-01"
};

// The date a layer's `date` text starts with: "2026-08" -> 2026-08-01, "2026 (illustrative)" ->
// 2026-01-01, "2023-12-04" as it is; nothing when it does not start with a year.
std::optional<CalendarDate> calendar_date_from_text(const std::string& text);

// A VCALENDAR named `name` with one VEVENT per event: DTSTART on the first day on or after `from`
// that falls on the event's weekday, DTEND its end (the next day when the slot runs past midnight),
// RRULE:FREQ=WEEKLY;BYDAY=<day>, DTSTAMP `from` at 00:00 UTC. Events in the order given.
std::string calendar_text(const std::string& name, const std::vector<CalendarEvent>& events, const CalendarDate& from);

// calendar_text, written through a temporary file and renamed into place.
void write_calendar(const std::string& path, const std::string& name, const std::vector<CalendarEvent>& events,
                    const CalendarDate& from);

}  // namespace roisc
