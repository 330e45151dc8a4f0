#include "roisc/core/error.hpp"
#include "roisc/core/time_of_week.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace roisc;

namespace {

std::string argument_error_of(const std::string& text) {
    try {
        (void)TimeWindow::parse(text, "--when");
    } catch (const ArgumentError& e) {
        return e.what();
    }
    return "";
}

WeeklySlot slot(Weekday day, const char* start, const char* end) {
    return WeeklySlot::from_clock(day, *parse_clock(start), *parse_clock(end, true));
}

}  // namespace

TEST_CASE("day conversions: Meeting Guide 0 = Sunday, BMLT 1 = Sunday, English names") {
    CHECK(weekday_from_meeting_guide(0) == Weekday::sun);
    CHECK(weekday_from_meeting_guide(1) == Weekday::mon);
    CHECK(weekday_from_meeting_guide(6) == Weekday::sat);
    CHECK_FALSE(weekday_from_meeting_guide(7));
    CHECK_FALSE(weekday_from_meeting_guide(-1));

    CHECK(weekday_from_bmlt(1) == Weekday::sun);
    CHECK(weekday_from_bmlt(2) == Weekday::mon);
    CHECK(weekday_from_bmlt(7) == Weekday::sat);
    CHECK_FALSE(weekday_from_bmlt(0));
    CHECK_FALSE(weekday_from_bmlt(8));

    // A Sunday in either numbering is the same Weekday, and converts back.
    CHECK(weekday_from_meeting_guide(0) == weekday_from_bmlt(1));
    for (int i = 0; i < 7; ++i) {
        const Weekday d = weekday_from_index(i);
        CHECK(weekday_from_meeting_guide(meeting_guide_day(d)) == d);
        CHECK(weekday_from_bmlt(bmlt_weekday(d)) == d);
        CHECK(weekday_from_name(full_name(d)) == d);
        CHECK(weekday_from_name(abbreviation(d)) == d);
    }
    CHECK(meeting_guide_day(Weekday::sun) == 0);
    CHECK(bmlt_weekday(Weekday::sun) == 1);

    CHECK(weekday_from_name("tuesday") == Weekday::tue);
    CHECK(weekday_from_name("TUES") == Weekday::tue);
    CHECK(weekday_from_name("Thurs") == Weekday::thu);
    CHECK(weekday_from_name("Weds") == Weekday::wed);
    CHECK(weekday_from_name(" Sat. ") == Weekday::sat);
    CHECK_FALSE(weekday_from_name("T"));    // Tuesday or Thursday?
    CHECK_FALSE(weekday_from_name("Su"));   // too short to be sure
    CHECK_FALSE(weekday_from_name("Funday"));
    CHECK(weekday_from_index(-1) == Weekday::sun);
    CHECK(weekday_from_index(7) == Weekday::mon);
}

TEST_CASE("clock times") {
    CHECK(parse_clock("19:30") == 19 * 60 + 30);
    CHECK(parse_clock("7:05") == 7 * 60 + 5);
    CHECK(parse_clock("19:00:00") == 19 * 60);
    CHECK(parse_clock("19.30") == 19 * 60 + 30);
    CHECK(parse_clock("00:00") == 0);
    CHECK_FALSE(parse_clock("25:00"));
    CHECK_FALSE(parse_clock("19:60"));
    CHECK_FALSE(parse_clock("7pm"));
    CHECK_FALSE(parse_clock(""));
    CHECK_FALSE(parse_clock("24:00"));
    CHECK(parse_clock("24:00", true) == 1440);
    CHECK(format_clock(0) == "00:00");
    CHECK(format_clock(19 * 60 + 5) == "19:05");
    CHECK(format_clock(1440) == "00:00");
    CHECK(part_of_day(11 * 60 + 59) == PartOfDay::morning);
    CHECK(part_of_day(12 * 60) == PartOfDay::afternoon);
    CHECK(part_of_day(16 * 60 + 59) == PartOfDay::afternoon);
    CHECK(part_of_day(17 * 60) == PartOfDay::evening);
}

TEST_CASE("clock times as meeting lists write them: 12-hour forms are read, and said to be") {
    bool twelve = false;
    CHECK(parse_clock_12_or_24("7.30pm", false, &twelve) == 19 * 60 + 30);
    CHECK(twelve);
    CHECK(parse_clock_12_or_24("7:30 PM") == 19 * 60 + 30);
    CHECK(parse_clock_12_or_24("7pm") == 19 * 60);
    CHECK(parse_clock_12_or_24("10.15am") == 10 * 60 + 15);
    CHECK(parse_clock_12_or_24("12am") == 0);
    CHECK(parse_clock_12_or_24("12:30pm") == 12 * 60 + 30);
    CHECK(parse_clock_12_or_24("7 p.m.") == 19 * 60);
    CHECK(parse_clock_12_or_24("19.30", false, &twelve) == 19 * 60 + 30);
    CHECK_FALSE(twelve);
    CHECK_FALSE(parse_clock_12_or_24("19:30pm"));  // says two things
    CHECK_FALSE(parse_clock_12_or_24("0pm"));
    CHECK_FALSE(parse_clock_12_or_24("13pm"));
    CHECK_FALSE(parse_clock_12_or_24("pm"));
    CHECK_FALSE(parse_clock_12_or_24("half seven"));
    CHECK_FALSE(parse_clock_12_or_24("Funday"));
}

TEST_CASE("weekly slots: an end at or before the start rolls into the next day") {
    const WeeklySlot tue = slot(Weekday::tue, "19:30", "21:00");
    CHECK(tue.duration() == 90);
    CHECK_FALSE(tue.ends_next_day());
    CHECK(tue.to_string() == "Tue 19:30-21:00");
    CHECK(tue.start_of_week() == 1 * 1440 + 19 * 60 + 30);

    const WeeklySlot late = slot(Weekday::sun, "23:00", "01:00");
    CHECK(late.duration() == 120);
    CHECK(late.ends_next_day());
    CHECK(late.end_day() == Weekday::mon);
    CHECK(late.end_text() == "01:00");
    CHECK(late.to_string() == "Sun 23:00-01:00");
    // Sunday night wraps round the week: two pieces, one at each end.
    const auto pieces = week_intervals(late);
    REQUIRE(pieces.size() == 2);
    CHECK(pieces[0] == WeekInterval{0, 60});
    CHECK(pieces[1] == WeekInterval{minutes_per_week - 60, minutes_per_week});

    const WeeklySlot midnight = slot(Weekday::sun, "23:00", "00:00");  // Sussex's "Last Call"
    CHECK(midnight.duration() == 60);
    CHECK(midnight.end == 1440);
    CHECK(midnight.end_text() == "00:00");
    CHECK(week_intervals(midnight).size() == 1);
}

TEST_CASE("named windows") {
    const TimeWindow evenings = TimeWindow::parse("weekday-evenings");
    CHECK(evenings.intervals().size() == 5);
    CHECK(evenings.minutes() == 5 * 5 * 60);
    CHECK(evenings.describe().rfind("Mon 17:00-22:00, Tue 17:00-22:00", 0) == 0);
    CHECK(evenings.text() == "weekday-evenings");

    CHECK(TimeWindow::parse("weekends").minutes() == 2 * 1440);
    CHECK(TimeWindow::parse("weekends").describe() == "Sat 00:00-24:00, Sun 00:00-24:00");
    CHECK(TimeWindow::parse("weekdays").minutes() == 5 * 1440);
    CHECK(TimeWindow::parse("mornings").minutes() == 7 * 6 * 60);
    CHECK(TimeWindow::parse("afternoons").minutes() == 7 * 5 * 60);
    CHECK(TimeWindow::parse("evenings").minutes() == 7 * 5 * 60);
    CHECK(TimeWindow::parse("weekend-mornings").minutes() == 2 * 6 * 60);
    CHECK(TimeWindow::parse("any").is_any());
    CHECK(TimeWindow::parse("ANY").describe() == "any");
    CHECK(TimeWindow::any().is_any());
}

TEST_CASE("explicit windows and lists") {
    const TimeWindow tue = TimeWindow::parse("Tue 18:00-21:00");
    REQUIRE(tue.intervals().size() == 1);
    CHECK(tue.intervals()[0] == WeekInterval{1440 + 18 * 60, 1440 + 21 * 60});

    CHECK(TimeWindow::parse("Sat 10:00-14:00").describe() == "Sat 10:00-14:00");
    CHECK(TimeWindow::parse("Mon-Fri 18:00-21:00").intervals().size() == 5);
    CHECK(TimeWindow::parse("Sat").describe() == "Sat 00:00-24:00");
    CHECK(TimeWindow::parse("Fri-Mon").minutes() == 4 * 1440);  // over the weekend
    CHECK(TimeWindow::parse("tuesday 18:00 - 21:00").describe() == "Tue 18:00-21:00");
    CHECK(TimeWindow::parse("weekdays 18:00-21:00").describe() == TimeWindow::parse("Mon-Fri 18:00-21:00").describe());
    CHECK(TimeWindow::parse("Sat mornings").describe() == "Sat 06:00-12:00");
    CHECK(TimeWindow::parse("Fri 22:00-24:00").describe() == "Fri 22:00-24:00");

    // Lists, with either separator; overlapping pieces merge.
    const TimeWindow list = TimeWindow::parse("Tue 18:00-21:00; Tue 20:00-22:00, weekends");
    CHECK(list.describe() == "Tue 18:00-22:00, Sat 00:00-24:00, Sun 00:00-24:00");

    // Past midnight: Sunday 23:00 to Monday 01:00 wraps round the week.
    const TimeWindow wrap = TimeWindow::parse("Sun 23:00-01:00");
    CHECK(wrap.minutes() == 120);
    CHECK(wrap.describe() == "Mon 00:00-01:00, Sun 23:00-24:00");
}

TEST_CASE("a slot is eligible only when it lies wholly inside the window") {
    const TimeWindow evenings = TimeWindow::parse("weekday-evenings");
    CHECK(slot_within(slot(Weekday::tue, "19:30", "21:00"), evenings));
    CHECK(slot_within(slot(Weekday::fri, "17:00", "22:00"), evenings));   // edges count
    CHECK_FALSE(slot_within(slot(Weekday::tue, "21:30", "22:30"), evenings));
    CHECK(overlaps(slot(Weekday::tue, "21:30", "22:30"), evenings));
    CHECK_FALSE(slot_within(slot(Weekday::sat, "19:00", "20:00"), evenings));
    CHECK_FALSE(overlaps(slot(Weekday::sat, "19:00", "20:00"), evenings));
    CHECK_FALSE(overlaps(slot(Weekday::tue, "16:00", "17:00"), evenings));  // ends as the window opens

    // Sun 23:00-01:00 sits in a window that also wraps, but not in "weekends" (it ends on Monday).
    const WeeklySlot late = slot(Weekday::sun, "23:00", "01:00");
    CHECK(slot_within(late, TimeWindow::parse("Sun 22:00-02:00")));
    CHECK(slot_within(late, TimeWindow::parse("Sun 22:00-24:00; Mon 00:00-02:00")));
    CHECK_FALSE(slot_within(late, TimeWindow::parse("weekends")));
    CHECK(overlaps(late, TimeWindow::parse("weekends")));
    CHECK(overlaps(late, TimeWindow::parse("Mon 00:30-00:45")));
    CHECK(slot_within(late, TimeWindow::any()));

    // A window running past midnight from Friday takes a Saturday early-hours slot.
    CHECK(slot_within(slot(Weekday::sat, "00:30", "01:30"), TimeWindow::parse("Fri 22:00-02:00")));
}

TEST_CASE("window errors name the bad piece and the accepted forms") {
    const std::string bad_time = argument_error_of("Tue 25:00-26:00");
    CHECK(bad_time.find("--when") != std::string::npos);
    CHECK(bad_time.find("'25:00'") != std::string::npos);
    CHECK(bad_time.find("weekday-evenings") != std::string::npos);  // the accepted forms
    CHECK(bad_time.find("Tue 18:00-21:00") != std::string::npos);

    CHECK(argument_error_of("Funday 18:00-21:00").find("'funday' is not a day") != std::string::npos);
    CHECK(argument_error_of("weekday-nights").find("'weekday-nights'") != std::string::npos);
    CHECK(argument_error_of("Tue 18:00").find("'18:00' is not a time range") != std::string::npos);
    CHECK(argument_error_of("Tue 18:00-18:00").find("same time") != std::string::npos);
    CHECK(argument_error_of("Tue 18:00-21:00;;weekends").find("empty piece") != std::string::npos);
    CHECK(argument_error_of("").find("empty piece") != std::string::npos);
    CHECK(argument_error_of("18:00-21:00").find("does not start with a day") != std::string::npos);
    CHECK_THROWS_AS((void)TimeWindow::parse("Mon-Funday"), ArgumentError);
    CHECK_THROWS_AS((void)TimeWindow::parse("Tue 7pm-9pm"), ArgumentError);
}
