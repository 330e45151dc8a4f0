#include "roisc/core/time_of_week.hpp"
#include "roisc/core/text.hpp"

#include "roisc/core/error.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace roisc {

namespace {

constexpr std::array<const char*, 7> abbreviations = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr std::array<const char*, 7> full_names = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                                   "Friday", "Saturday", "Sunday"};

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

int to_int(std::string_view digits) {
    int v = 0;
    for (char c : digits) v = v * 10 + (c - '0');
    return v;
}

}  // namespace

int day_index(Weekday day) { return static_cast<int>(day); }

Weekday weekday_from_index(int monday_based) { return static_cast<Weekday>(((monday_based % 7) + 7) % 7); }

Weekday next_day(Weekday day) { return weekday_from_index(day_index(day) + 1); }

std::optional<Weekday> weekday_from_meeting_guide(long long day) {
    if (day < 0 || day > 6) return std::nullopt;
    return weekday_from_index(static_cast<int>(day) + 6);  // 0 = Sunday is Monday-based 6
}

int meeting_guide_day(Weekday day) { return (day_index(day) + 1) % 7; }

std::optional<Weekday> weekday_from_bmlt(long long tinyint) {
    if (tinyint < 1 || tinyint > 7) return std::nullopt;
    return weekday_from_index(static_cast<int>(tinyint) + 5);  // 1 = Sunday is Monday-based 6
}

int bmlt_weekday(Weekday day) { return meeting_guide_day(day) + 1; }

std::optional<Weekday> weekday_from_name(std::string_view text) {
    std::string s = lower(trim(text));
    if (!s.empty() && s.back() == '.') s.pop_back();  // "Tues."
    if (s == "weds") return Weekday::wed;
    if (s.size() < 3) return std::nullopt;
    for (int i = 0; i < 7; ++i) {
        const std::string name = lower(full_names[static_cast<std::size_t>(i)]);
        if (name.compare(0, s.size(), s) == 0) return weekday_from_index(i);
    }
    return std::nullopt;
}

const char* abbreviation(Weekday day) { return abbreviations[static_cast<std::size_t>(day_index(day))]; }
const char* full_name(Weekday day) { return full_names[static_cast<std::size_t>(day_index(day))]; }

std::optional<int> parse_clock(std::string_view text, bool allow_end_of_day) {
    const std::string s = trim(text);
    const std::size_t sep = s.find_first_of(":.");
    if (sep == std::string::npos) return std::nullopt;
    const std::string_view view(s);
    const std::string_view hours = view.substr(0, sep);
    std::string_view rest = view.substr(sep + 1);
    std::string_view minutes = rest, seconds;
    if (const std::size_t sep2 = rest.find(':'); sep2 != std::string_view::npos) {
        minutes = rest.substr(0, sep2);
        seconds = rest.substr(sep2 + 1);
        if (seconds.size() != 2 || !all_digits(seconds) || to_int(seconds) > 59) return std::nullopt;
    }
    if (hours.empty() || hours.size() > 2 || !all_digits(hours)) return std::nullopt;
    if (minutes.size() != 2 || !all_digits(minutes)) return std::nullopt;
    const int h = to_int(hours), m = to_int(minutes);
    if (m > 59) return std::nullopt;
    if (h == 24 && m == 0 && allow_end_of_day && (seconds.empty() || to_int(seconds) == 0)) return minutes_per_day;
    if (h > 23) return std::nullopt;
    return h * 60 + m;
}

std::optional<int> parse_clock_12_or_24(std::string_view text, bool allow_end_of_day, bool* twelve_hour) {
    if (twelve_hour) *twelve_hour = false;
    const std::string s = lower(trim(text));
    for (const std::string suffix : {"a.m.", "p.m.", "am", "pm"}) {
        if (s.size() <= suffix.size() || s.compare(s.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
        const bool pm = suffix[0] == 'p';
        std::string clock = trim(s.substr(0, s.size() - suffix.size()));
        if (clock.empty()) return std::nullopt;
        if (all_digits(clock)) clock += ":00";  // "7pm"
        const auto at = parse_clock(clock);
        if (!at) return std::nullopt;
        const int h = *at / 60, m = *at % 60;
        if (h < 1 || h > 12) return std::nullopt;  // "19:30pm" says two things
        if (twelve_hour) *twelve_hour = true;
        return (h % 12 + (pm ? 12 : 0)) * 60 + m;
    }
    return parse_clock(text, allow_end_of_day);
}

std::string format_clock(int minute_of_day) {
    const int m = ((minute_of_day % minutes_per_day) + minutes_per_day) % minutes_per_day;
    char buf[6];
    buf[0] = static_cast<char>('0' + m / 600);
    buf[1] = static_cast<char>('0' + (m / 60) % 10);
    buf[2] = ':';
    buf[3] = static_cast<char>('0' + (m % 60) / 10);
    buf[4] = static_cast<char>('0' + m % 10);
    buf[5] = '\0';
    return buf;
}

PartOfDay part_of_day(int minute_of_day) {
    const int m = ((minute_of_day % minutes_per_day) + minutes_per_day) % minutes_per_day;
    if (m < afternoon_starts) return PartOfDay::morning;
    if (m < evening_starts) return PartOfDay::afternoon;
    return PartOfDay::evening;
}

const char* to_string(PartOfDay part) {
    switch (part) {
        case PartOfDay::morning: return "morning";
        case PartOfDay::afternoon: return "afternoon";
        case PartOfDay::evening: return "evening";
    }
    return "?";
}

WeeklySlot WeeklySlot::from_clock(Weekday day, int start_minute, int end_minute) {
    WeeklySlot slot;
    slot.weekday = day;
    slot.start = ((start_minute % minutes_per_day) + minutes_per_day) % minutes_per_day;
    int end = end_minute;
    while (end <= slot.start) end += minutes_per_day;
    while (end > slot.start + minutes_per_day) end -= minutes_per_day;
    slot.end = end;
    return slot;
}

int WeeklySlot::start_of_week() const { return day_index(weekday) * minutes_per_day + start; }
int WeeklySlot::end_of_week() const { return day_index(weekday) * minutes_per_day + end; }

std::string WeeklySlot::to_string() const {
    return std::string(abbreviation(weekday)) + " " + start_text() + "-" + end_text();
}

std::vector<WeekInterval> week_intervals(const WeeklySlot& slot) {
    const int begin = slot.start_of_week(), end = slot.end_of_week();
    if (end <= minutes_per_week) return {{begin, end}};
    // Sunday evening into Monday morning: the week is a circle, our intervals are not.
    return {{0, end - minutes_per_week}, {begin, minutes_per_week}};
}

// ---- TimeWindow -----------------------------------------------------------------------------------

namespace {

struct DaysAndHours {
    std::vector<Weekday> days;
    int start = 0;
    int end = minutes_per_day;
};

std::vector<Weekday> day_range(Weekday from, Weekday to) {
    std::vector<Weekday> out;
    for (Weekday d = from;; d = next_day(d)) {
        out.push_back(d);
        if (d == to) break;
    }
    return out;
}

const std::vector<Weekday>& weekdays() {
    static const std::vector<Weekday> days = day_range(Weekday::mon, Weekday::fri);
    return days;
}
const std::vector<Weekday>& weekend() {
    static const std::vector<Weekday> days = {Weekday::sat, Weekday::sun};
    return days;
}
const std::vector<Weekday>& every_day() {
    static const std::vector<Weekday> days = day_range(Weekday::mon, Weekday::sun);
    return days;
}

// Plural or singular: "weekends" and "weekend" mean the same.
std::string singular(std::string s) {
    if (s.size() > 1 && s.back() == 's') s.pop_back();
    return s;
}

std::optional<std::vector<Weekday>> named_days(const std::string& text) {
    const std::string s = singular(text);
    if (s == "weekday") return weekdays();
    if (s == "weekend") return weekend();
    if (s == "daily" || s == "any" || s == "all" || s == "everyday") return every_day();
    return std::nullopt;
}

struct Hours {
    int start, end;
};
std::optional<Hours> named_hours(const std::string& text) {
    const std::string s = singular(text);
    if (s == "morning") return Hours{6 * 60, afternoon_starts};
    if (s == "afternoon") return Hours{afternoon_starts, evening_starts};
    if (s == "evening") return Hours{evening_starts, 22 * 60};
    return std::nullopt;
}

// "weekday-evenings", "weekends", "mornings", "any", "weekend-mornings".
std::optional<DaysAndHours> named_window(const std::string& text) {
    if (auto days = named_days(text)) return DaysAndHours{*days, 0, minutes_per_day};
    if (auto hours = named_hours(text)) return DaysAndHours{every_day(), hours->start, hours->end};
    const std::size_t dash = text.find('-');
    if (dash == std::string::npos) return std::nullopt;
    const auto days = named_days(text.substr(0, dash));
    const auto hours = named_hours(text.substr(dash + 1));
    if (!days || !hours) return std::nullopt;
    return DaysAndHours{*days, hours->start, hours->end};
}

class PieceError {
public:
    explicit PieceError(std::string why) : why(std::move(why)) {}
    std::string why;
};

std::vector<Weekday> parse_days(const std::string& text) {
    if (auto named = named_days(text)) return *named;
    const std::size_t dash = text.find('-');
    if (dash != std::string::npos) {
        const auto from = weekday_from_name(text.substr(0, dash));
        const auto to = weekday_from_name(text.substr(dash + 1));
        if (!from || !to) throw PieceError("'" + text + "' is not a day range such as Mon-Fri");
        return day_range(*from, *to);  // Fri-Mon wraps over the weekend
    }
    const auto day = weekday_from_name(text);
    if (!day) throw PieceError("'" + text + "' is not a day (Mon … Sun)");
    return {*day};
}

Hours parse_hours(const std::string& text) {
    std::string s;
    for (char c : text) {
        if (!std::isspace(static_cast<unsigned char>(c))) s += c;
    }
    const std::size_t dash = s.find('-');
    if (dash == std::string::npos || s.find('-', dash + 1) != std::string::npos) {
        throw PieceError("'" + text + "' is not a time range such as 18:00-21:00");
    }
    const std::string from = s.substr(0, dash), to = s.substr(dash + 1);
    const auto start = parse_clock(from);
    if (!start || from.find(':') == std::string::npos) {
        throw PieceError("'" + from + "' is not a time of day (HH:MM, 00:00-23:59)");
    }
    const auto end = parse_clock(to, true);
    if (!end || to.find(':') == std::string::npos) {
        throw PieceError("'" + to + "' is not a time of day (HH:MM, 00:00-24:00)");
    }
    if (*end == *start) throw PieceError("'" + text + "' starts and ends at the same time");
    // An end before the start runs past midnight: "Fri 22:00-02:00" ends on Saturday.
    return {*start, *end > *start ? *end : *end + minutes_per_day};
}

DaysAndHours parse_piece(const std::string& piece) {
    const std::string text = lower(piece);
    if (auto named = named_window(text)) return *named;
    const std::size_t space = text.find_first_of(" \t");
    const std::string days_text = text.substr(0, space);
    const std::string hours_text = space == std::string::npos ? "" : trim(text.substr(space));
    if (days_text.find_first_of("0123456789") != std::string::npos) {
        throw PieceError("'" + piece + "' does not start with a day; write e.g. Tue 18:00-21:00");
    }
    DaysAndHours out;
    out.days = parse_days(days_text);
    if (!hours_text.empty()) {
        if (auto hours = named_hours(hours_text)) {  // "Sat mornings"
            out.start = hours->start, out.end = hours->end;
        } else {
            const Hours h = parse_hours(hours_text);
            out.start = h.start, out.end = h.end;
        }
    }
    return out;
}

void add_interval(std::vector<WeekInterval>& out, int begin, int end) {
    if (end <= minutes_per_week) {
        out.push_back({begin, end});
    } else {
        out.push_back({begin, minutes_per_week});
        out.push_back({0, end - minutes_per_week});
    }
}

}  // namespace

TimeWindow TimeWindow::any() { return from_intervals({{0, minutes_per_week}}, "any"); }

std::string TimeWindow::accepted_forms() {
    return "any; weekdays; weekends; mornings (06:00-12:00), afternoons (12:00-17:00), evenings (17:00-22:00); "
           "weekday-mornings, weekday-afternoons, weekday-evenings (Mon-Fri 17:00-22:00), weekend-mornings, …; "
           "a day or day range with an optional time range: Sat, Tue 18:00-21:00, Sat 10:00-14:00, "
           "Mon-Fri 18:00-21:00, Sun 23:00-01:00 (past midnight); several of these separated by commas or "
           "semicolons";
}

TimeWindow TimeWindow::parse(std::string_view text, std::string_view option) {
    std::vector<WeekInterval> intervals;
    std::string piece;
    std::vector<std::string> pieces;
    for (char c : text) {
        if (c == ',' || c == ';') {
            pieces.push_back(trim(piece));
            piece.clear();
        } else {
            piece += c;
        }
    }
    pieces.push_back(trim(piece));
    for (const auto& p : pieces) {
        try {
            if (p.empty()) throw PieceError("an empty piece (two separators in a row, or nothing at all)");
            const DaysAndHours dh = parse_piece(p);
            for (Weekday d : dh.days) {
                const int base = day_index(d) * minutes_per_day;
                add_interval(intervals, base + dh.start, base + dh.end);
            }
        } catch (const PieceError& e) {
            throw ArgumentError(std::string(option) + ": cannot read '" + std::string(text) + "': " + e.why +
                                ". Accepted forms: " + accepted_forms() + ".");
        }
    }
    return from_intervals(std::move(intervals), trim(text));
}

TimeWindow TimeWindow::from_intervals(std::vector<WeekInterval> intervals, std::string text) {
    TimeWindow w;
    w.text_ = std::move(text);
    intervals.erase(std::remove_if(intervals.begin(), intervals.end(),
                                   [](const WeekInterval& i) { return i.end <= i.begin; }),
                    intervals.end());
    std::sort(intervals.begin(), intervals.end(),
              [](const WeekInterval& a, const WeekInterval& b) { return a.begin < b.begin; });
    for (const auto& i : intervals) {
        const WeekInterval clipped{std::max(0, i.begin), std::min(minutes_per_week, i.end)};
        if (!w.intervals_.empty() && clipped.begin <= w.intervals_.back().end) {
            w.intervals_.back().end = std::max(w.intervals_.back().end, clipped.end);
        } else {
            w.intervals_.push_back(clipped);
        }
    }
    return w;
}

bool TimeWindow::is_any() const {
    return intervals_.size() == 1 && intervals_[0].begin == 0 && intervals_[0].end == minutes_per_week;
}

int TimeWindow::minutes() const {
    int total = 0;
    for (const auto& i : intervals_) total += i.end - i.begin;
    return total;
}

std::string TimeWindow::describe() const {
    if (is_any()) return "any";
    std::string out;
    for (const auto& i : intervals_) {
        // Split at midnights so each piece reads as "Day HH:MM-HH:MM".
        for (int b = i.begin; b < i.end;) {
            const int day = b / minutes_per_day;
            const int day_end = (day + 1) * minutes_per_day;
            const int e = std::min(i.end, day_end);
            if (!out.empty()) out += ", ";
            out += std::string(abbreviation(weekday_from_index(day))) + " " + format_clock(b) + "-" +
                   (e == day_end ? std::string("24:00") : format_clock(e));
            b = e;
        }
    }
    return out;
}

bool TimeWindow::contains(const WeeklySlot& slot) const {
    for (const auto& part : week_intervals(slot)) {
        const bool inside = std::any_of(intervals_.begin(), intervals_.end(), [&](const WeekInterval& w) {
            return w.begin <= part.begin && part.end <= w.end;
        });
        if (!inside) return false;
    }
    return true;
}

bool TimeWindow::overlaps(const WeeklySlot& slot) const {
    for (const auto& part : week_intervals(slot)) {
        for (const auto& w : intervals_) {
            if (w.begin < part.end && part.begin < w.end) return true;
        }
    }
    return false;
}

bool slot_within(const WeeklySlot& slot, const TimeWindow& window) { return window.contains(slot); }
bool overlaps(const WeeklySlot& slot, const TimeWindow& window) { return window.overlaps(slot); }

}  // namespace roisc
