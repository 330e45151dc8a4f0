#pragma once
// One representation of weekly time, used by every meeting, venue and query.
//
// Weeks start on Monday. Feeds number their days differently (Meeting Guide 0 = Sunday, BMLT
// 1 = Sunday, AA Great Britain English names); the feed readers convert at the edge with the
// functions below, so nothing past io/ ever sees a feed's own day numbering.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace roisc {

enum class Weekday { mon, tue, wed, thu, fri, sat, sun };

constexpr int minutes_per_day = 24 * 60;
constexpr int minutes_per_week = 7 * minutes_per_day;

// 0 = Monday … 6 = Sunday.
int day_index(Weekday day);
Weekday weekday_from_index(int monday_based);  // any integer; taken modulo 7
Weekday next_day(Weekday day);

// Meeting Guide (code4recovery): 0 = Sunday … 6 = Saturday. Nothing outside 0–6.
std::optional<Weekday> weekday_from_meeting_guide(long long day);
int meeting_guide_day(Weekday day);
// BMLT `weekday_tinyint`: 1 = Sunday … 7 = Saturday. Nothing outside 1–7.
std::optional<Weekday> weekday_from_bmlt(long long tinyint);
int bmlt_weekday(Weekday day);
// English names, any case: "Monday", "Mon", "mon", "Tues", "Weds", "Thurs" (a prefix of at least
// three letters of the name, or "Weds").
std::optional<Weekday> weekday_from_name(std::string_view text);

const char* abbreviation(Weekday day);  // "Mon"
const char* full_name(Weekday day);     // "Monday"

// Minutes after midnight from "HH:MM", "H:MM" or "HH:MM:SS" (also "19.30", as AA GB writes it).
// 24:00 is accepted only when `allow_end_of_day` (as the end of a range). Nothing when invalid,
// e.g. "25:00", "19:60", "7pm".
std::optional<int> parse_clock(std::string_view text, bool allow_end_of_day = false);

// parse_clock, and also the 12-hour forms meeting lists use: "7.30pm", "7:30 PM", "7pm", "12 noon"
// is not; "12am" is midnight, "12pm" noon. `twelve_hour` is set when the text was 12-hour, so
// that a report can say how it was read.
std::optional<int> parse_clock_12_or_24(std::string_view text, bool allow_end_of_day = false, bool* twelve_hour = nullptr);
// "HH:MM"; 1440 and later wrap ("24:00" is written "00:00").
std::string format_clock(int minute_of_day);

// Parts of the day a meeting's start time falls in (the schedule grid's columns).
enum class PartOfDay { morning, afternoon, evening };
constexpr int afternoon_starts = 12 * 60;  // morning < 12:00
constexpr int evening_starts = 17 * 60;    // afternoon 12:00–16:59, evening ≥ 17:00
PartOfDay part_of_day(int minute_of_day);
const char* to_string(PartOfDay part);

// One weekly occurrence: a weekday, a start and an end. `end` counts minutes from midnight at the
// start of `weekday`, so a slot that runs past midnight has end > 1440 and rolls into the next day
// (Sun 23:00–01:00 ends on Monday).
struct WeeklySlot {
    Weekday weekday = Weekday::mon;
    int start = 0;  // 0 … 1439
    int end = 60;   // start < end <= start + 1440

    // From wall-clock times as feeds give them: an end at or before the start is on the next day.
    static WeeklySlot from_clock(Weekday day, int start_minute, int end_minute);

    int duration() const { return end - start; }
    bool ends_next_day() const { return end > minutes_per_day; }
    int start_of_week() const;  // minutes since Monday 00:00
    int end_of_week() const;    // may exceed minutes_per_week when the slot runs into next Monday
    int end_clock() const { return end % minutes_per_day; }
    Weekday end_day() const { return ends_next_day() ? next_day(weekday) : weekday; }
    PartOfDay part() const { return part_of_day(start); }

    std::string start_text() const { return format_clock(start); }  // "19:30"
    std::string end_text() const { return format_clock(end); }      // "21:00"
    std::string to_string() const;                                 // "Tue 19:30-21:00"

    bool operator==(const WeeklySlot& o) const { return weekday == o.weekday && start == o.start && end == o.end; }
    bool operator!=(const WeeklySlot& o) const { return !(*this == o); }
};

// A half-open stretch of the week in minutes since Monday 00:00: 0 <= begin < end <= minutes_per_week.
struct WeekInterval {
    int begin = 0;
    int end = 0;
    bool operator==(const WeekInterval& o) const { return begin == o.begin && end == o.end; }
};

// The parts of the week a slot occupies: one interval, or two when it runs past Sunday midnight.
std::vector<WeekInterval> week_intervals(const WeeklySlot& slot);

// A set of weekly intervals: "weekday-evenings", "Sat 10:00-14:00", "Mon-Fri 18:00-21:00; weekends".
class TimeWindow {
public:
    // The whole week.
    static TimeWindow any();
    // Parses the forms listed by accepted_forms(). Throws ArgumentError naming `option`, the piece
    // that could not be read and the accepted forms.
    static TimeWindow parse(std::string_view text, std::string_view option = "--when");
    // Sorted and merged; intervals may be given in any order and may overlap.
    static TimeWindow from_intervals(std::vector<WeekInterval> intervals, std::string text = "");
    static std::string accepted_forms();

    const std::vector<WeekInterval>& intervals() const { return intervals_; }
    const std::string& text() const { return text_; }  // as written, for reports
    bool is_any() const;
    bool empty() const { return intervals_.empty(); }
    int minutes() const;
    // Canonical form, e.g. "Mon 17:00-22:00, Tue 17:00-22:00"; "any" for the whole week.
    std::string describe() const;

    // True when every minute of the slot lies in the window (see slot_within).
    bool contains(const WeeklySlot& slot) const;
    // True when the slot and the window share at least one minute.
    bool overlaps(const WeeklySlot& slot) const;

private:
    std::vector<WeekInterval> intervals_;
    std::string text_;
};

// A meeting is eligible for a window only when its whole slot lies inside the window: someone who
// is free on weekday evenings (17:00–22:00) can go to a 19:30–21:00 meeting, but not to one that
// runs 21:30–22:30. Use overlaps() where touching the window is enough.
bool slot_within(const WeeklySlot& slot, const TimeWindow& window);
bool overlaps(const WeeklySlot& slot, const TimeWindow& window);

}  // namespace roisc
