// A weekly opening-hours table (reading, describing, open for a slot): venues and assets share it.
#include "roisc/model/opening_hours.hpp"

#include <algorithm>
#include <cctype>

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

std::string OpeningHours::compact() const {
    auto day_text = [&](int d) -> std::optional<std::string> {
        const auto& day = days_[static_cast<std::size_t>(d)];
        if (!day) return std::nullopt;
        if (day->empty()) return std::string("closed");
        std::string t;
        for (std::size_t k = 0; k < day->size(); ++k) {
            t += (k ? "," : "") + format_clock((*day)[k].first) + "-" + format_clock((*day)[k].second);
        }
        return t;
    };
    std::string out;
    for (int d = 0; d < 7;) {
        const auto text = day_text(d);
        int last = d;
        while (last + 1 < 7 && day_text(last + 1) == text) ++last;
        if (text) {
            out += (out.empty() ? "" : "; ") + std::string(abbreviation(weekday_from_index(d)));
            if (last > d) out += std::string(last == d + 1 ? "," : "-") + abbreviation(weekday_from_index(last));
            out += " " + *text;
        }
        d = last + 1;
    }
    return out;
}

}  // namespace roisc
