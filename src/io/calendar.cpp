#include "roisc/io/calendar.hpp"

#include "roisc/core/error.hpp"
#include "roisc/io/output.hpp"

#include <libical/ical.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace roisc {

namespace {

// Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil).
long long days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = static_cast<unsigned>((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long long>(doe) - 719468;
}

CalendarDate civil_from_days(long long z) {
    z += 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long long y = static_cast<long long>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

// 0 = Monday … 6 = Sunday; 1970-01-01 was a Thursday.
int monday_based_weekday(long long days) { return static_cast<int>(((days % 7) + 7 + 3) % 7); }

icaltimetype local_time(const CalendarDate& date, int minute_of_day) {
    icaltimetype t = icaltime_null_time();
    t.year = date.year;
    t.month = date.month;
    t.day = date.day;
    t.hour = minute_of_day / 60;
    t.minute = minute_of_day % 60;
    t.second = 0;
    t.is_date = 0;
    return t;  // no zone: a floating local time
}

icalrecurrencetype_weekday ical_weekday(Weekday day) {
    switch (day) {
        case Weekday::mon: return ICAL_MONDAY_WEEKDAY;
        case Weekday::tue: return ICAL_TUESDAY_WEEKDAY;
        case Weekday::wed: return ICAL_WEDNESDAY_WEEKDAY;
        case Weekday::thu: return ICAL_THURSDAY_WEEKDAY;
        case Weekday::fri: return ICAL_FRIDAY_WEEKDAY;
        case Weekday::sat: return ICAL_SATURDAY_WEEKDAY;
        case Weekday::sun: return ICAL_SUNDAY_WEEKDAY;
    }
    return ICAL_MONDAY_WEEKDAY;
}

struct ComponentDeleter {
    void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};

}  // namespace

std::string CalendarDate::text() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
}

std::optional<CalendarDate> calendar_date_from_text(const std::string& text) {
    auto digits = [&](std::size_t at, std::size_t n) -> std::optional<int> {
        if (at + n > text.size()) return std::nullopt;
        for (std::size_t i = at; i < at + n; ++i) {
            if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
        }
        return std::atoi(text.substr(at, n).c_str());
    };
    const auto year = digits(0, 4);
    if (!year || (text.size() > 4 && std::isdigit(static_cast<unsigned char>(text[4])))) return std::nullopt;
    CalendarDate d{*year, 1, 1};
    if (text.size() > 4 && text[4] == '-') {
        if (const auto month = digits(5, 2); month && *month >= 1 && *month <= 12) {
            d.month = *month;
            if (text.size() > 7 && text[7] == '-') {
                if (const auto day = digits(8, 2); day && *day >= 1 && *day <= 31) d.day = *day;
            }
        }
    }
    return d;
}

std::string calendar_text(const std::string& name, const std::vector<CalendarEvent>& events, const CalendarDate& from) {
    std::unique_ptr<icalcomponent, ComponentDeleter> calendar(icalcomponent_new_vcalendar());
    icalcomponent* cal = calendar.get();
    icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
    icalcomponent_add_property(cal, icalproperty_new_prodid("-//roisc//roisc directory//EN"));
    icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
    icalcomponent_add_property(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
    icalproperty* calname = icalproperty_new_x(name.c_str());
    icalproperty_set_x_name(calname, "X-WR-CALNAME");
    icalcomponent_add_property(cal, calname);

    const long long first = days_from_civil(from.year, from.month, from.day);
    icaltimetype stamp = icaltime_null_time();
    stamp.year = from.year, stamp.month = from.month, stamp.day = from.day, stamp.is_date = 0;
    stamp.zone = icaltimezone_get_utc_timezone();
    for (const auto& e : events) {
        const int wanted = day_index(e.slot.weekday);
        const long long start_day = first + ((wanted - monday_based_weekday(first)) % 7 + 7) % 7;
        const long long end_day = start_day + (e.slot.ends_next_day() ? 1 : 0);
        icalcomponent* event = icalcomponent_new_vevent();
        icalcomponent_add_property(event, icalproperty_new_uid(e.uid.c_str()));
        icalcomponent_add_property(event, icalproperty_new_dtstamp(stamp));
        icalcomponent_add_property(event, icalproperty_new_dtstart(local_time(civil_from_days(start_day), e.slot.start)));
        icalcomponent_add_property(event, icalproperty_new_dtend(local_time(civil_from_days(end_day), e.slot.end_clock())));
        icalrecurrencetype rule;
        icalrecurrencetype_clear(&rule);
        rule.freq = ICAL_WEEKLY_RECURRENCE;
        rule.by_day[0] = static_cast<short>(ical_weekday(e.slot.weekday));
        rule.by_day[1] = ICAL_RECURRENCE_ARRAY_MAX;
        icalcomponent_add_property(event, icalproperty_new_rrule(rule));
        icalcomponent_add_property(event, icalproperty_new_summary(e.summary.c_str()));
        if (!e.location.empty()) icalcomponent_add_property(event, icalproperty_new_location(e.location.c_str()));
        if (!e.description.empty()) icalcomponent_add_property(event, icalproperty_new_description(e.description.c_str()));
        if (!e.url.empty()) icalcomponent_add_property(event, icalproperty_new_url(e.url.c_str()));
        icalcomponent_add_component(cal, event);
    }
    char* text = icalcomponent_as_ical_string_r(cal);
    if (!text) throw RuntimeFailure("libical could not write the calendar '" + name + "'");
    std::string out(text);
    icalmemory_free_buffer(text);
    return out;
}

void write_calendar(const std::string& path, const std::string& name, const std::vector<CalendarEvent>& events,
                    const CalendarDate& from) {
    write_text(path, calendar_text(name, events, from));
}

}  // namespace roisc
