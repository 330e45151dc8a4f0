// The weekly iCalendar text: RFC 5545 structure, a weekly rule on the right day, the first
// occurrence on or after the data's date, and the same bytes every time.
#include "roisc/io/calendar.hpp"

#include <doctest/doctest.h>

using namespace roisc;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("dates are read from a layer's date text") {
    CHECK(calendar_date_from_text("2026 (illustrative)")->text() == "2026-01-01");
    CHECK(calendar_date_from_text("2026-08")->text() == "2026-08-01");
    CHECK(calendar_date_from_text("2023-12-04")->text() == "2023-12-04");
    CHECK_FALSE(calendar_date_from_text("illustrative"));
    CHECK_FALSE(calendar_date_from_text("20260"));
}

TEST_CASE("a weekly calendar has one event per slot, repeating weekly from the first day on or after the date") {
    CalendarEvent tue;
    tue.uid = "meeting-aa-tue-1930@sandwell.roisc";
    tue.summary = "AA: Tuesday Group";
    tue.location = "St Paul's Church, B70 7PJ";
    tue.slot = WeeklySlot::from_clock(Weekday::tue, 19 * 60 + 30, 21 * 60);
    CalendarEvent late;
    late.uid = "asset-x-sun-2300@sandwell.roisc";
    late.summary = "Late session";
    late.url = "https://example.org/late";
    late.slot = WeeklySlot::from_clock(Weekday::sun, 23 * 60, 60);
    // 2026-01-01 is a Thursday: the first Tuesday is the 6th, the first Sunday the 4th.
    const CalendarDate from{2026, 1, 1};
    const std::string text = calendar_text("Sandwell recovery directory: Oldbury", {tue, late}, from);
    CHECK(text.rfind("BEGIN:VCALENDAR\r\n", 0) == 0);
    CHECK(has(text, "VERSION:2.0\r\n"));
    CHECK(has(text, "PRODID:-//roisc//roisc directory//EN\r\n"));
    CHECK(has(text, "X-WR-CALNAME:Sandwell recovery directory: Oldbury\r\n"));
    CHECK(has(text, "UID:meeting-aa-tue-1930@sandwell.roisc\r\n"));
    CHECK(has(text, "DTSTAMP:20260101T000000Z\r\n"));
    CHECK(has(text, "DTSTART:20260106T193000\r\n"));
    CHECK(has(text, "DTEND:20260106T210000\r\n"));
    CHECK(has(text, "RRULE:FREQ=WEEKLY;BYDAY=TU\r\n"));
    CHECK(has(text, "DTSTART:20260104T230000\r\n"));
    CHECK(has(text, "DTEND:20260105T010000\r\n"));  // past midnight: the next day
    CHECK(has(text, "RRULE:FREQ=WEEKLY;BYDAY=SU\r\n"));
    CHECK(has(text, "URL:https://example.org/late\r\n"));
    CHECK(has(text, "LOCATION:St Paul's Church\\, B70 7PJ\r\n"));
    CHECK(text.find("END:VCALENDAR\r\n") == text.size() - 15);
    // Same events, same bytes.
    CHECK(calendar_text("Sandwell recovery directory: Oldbury", {tue, late}, from) == text);
}
