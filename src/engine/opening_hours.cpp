// A venue's weekly opening hours (reading, describing, open for a slot) and the slots a venue is
// open for, in order of preference.
#include "roisc/engine/opening_hours.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace roisc {

std::optional<OpeningHours> OpeningHours::parse(const std::vector<std::optional<std::string>>& days, std::string* problem) {
    OpeningHours h;
    for (std::size_t d = 0; d < 7 && d < days.size(); ++d) {
        if (!days[d]) continue;
        Stretches stretches;
        std::string text = *days[d];
        std::string piece;
        std::vector<std::string> pieces;
        for (char ch : text + ",") {
            if (ch == ',' || ch == ';') {
                std::string t;
                for (char k : piece) {
                    if (!std::isspace(static_cast<unsigned char>(k))) t += k;
                }
                if (!t.empty()) pieces.push_back(t);
                piece.clear();
            } else {
                piece += ch;
            }
        }
        for (const auto& p : pieces) {
            const std::size_t dash = p.find('-');
            const auto from = dash == std::string::npos ? std::nullopt : parse_clock(p.substr(0, dash));
            const auto to = dash == std::string::npos ? std::nullopt : parse_clock(p.substr(dash + 1), true);
            if (!from || !to || *to <= *from) {
                if (problem) {
                    *problem = std::string(full_name(weekday_from_index(static_cast<int>(d)))) + " hours '" + text +
                               "' are not HH:MM-HH:MM (several joined by commas; empty when closed)";
                }
                return std::nullopt;
            }
            stretches.emplace_back(*from, *to);
        }
        std::sort(stretches.begin(), stretches.end());
        h.days_[d] = std::move(stretches);
    }
    return h;
}

bool OpeningHours::all_known() const {
    return std::all_of(days_.begin(), days_.end(), [](const auto& d) { return d.has_value(); });
}

bool OpeningHours::any_known() const {
    return std::any_of(days_.begin(), days_.end(), [](const auto& d) { return d.has_value(); });
}

bool OpeningHours::open_for(const WeeklySlot& slot) const {
    const auto& day = days_[static_cast<std::size_t>(day_index(slot.weekday))];
    if (!day) return !slot.ends_next_day() || !days_[static_cast<std::size_t>(day_index(next_day(slot.weekday)))];
    for (const auto& [from, to] : *day) {
        if (slot.start >= from && slot.end <= to) return true;
    }
    return false;
}

std::string OpeningHours::describe() const {
    std::string s;
    for (int d = 0; d < 7; ++d) {
        if (!s.empty()) s += "; ";
        s += abbreviation(weekday_from_index(d));
        s += " ";
        const auto& day = days_[static_cast<std::size_t>(d)];
        if (!day) {
            s += "unknown";
        } else if (day->empty()) {
            s += "closed";
        } else {
            for (std::size_t k = 0; k < day->size(); ++k) {
                s += (k ? "," : "") + format_clock((*day)[k].first) + "-" + format_clock((*day)[k].second);
            }
        }
    }
    return s;
}
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
