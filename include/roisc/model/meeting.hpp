#pragma once
// A mutual aid meeting as roisc models it, whatever feed or layer it came from: who runs it, where
// it is, when it meets each week, how people attend, and what kind of meeting it is. Feeds fill the
// feed fields (location as lon/lat, source); the study fills where it lies in the working CRS.
#include "roisc/core/geometry.hpp"
#include "roisc/core/time_of_week.hpp"
#include "roisc/model/fellowship.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace roisc {

// How people take part. Hybrid meetings have a room, so they count as in person for coverage.
enum class Attendance { in_person, online, hybrid, inactive, temporarily_closed };

inline const char* to_string(Attendance a) {
    switch (a) {
        case Attendance::in_person: return "in_person";
        case Attendance::online: return "online";
        case Attendance::hybrid: return "hybrid";
        case Attendance::inactive: return "inactive";
        case Attendance::temporarily_closed: return "temporarily_closed";
    }
    return "in_person";
}

// "in_person", "in person", "in-person", "online", "virtual", "hybrid", "inactive",
// "temporarily_closed", "temporarily closed"; any case.
inline std::optional<Attendance> attendance_from_text(std::string_view text) {
    std::string s;
    for (char c : text) {
        if (std::isalpha(static_cast<unsigned char>(c))) s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (s == "inperson" || s == "person" || s == "physical") return Attendance::in_person;
    if (s == "online" || s == "virtual") return Attendance::online;
    if (s == "hybrid") return Attendance::hybrid;
    if (s == "inactive") return Attendance::inactive;
    if (s == "temporarilyclosed" || s == "closedtemporarily" || s == "tc") return Attendance::temporarily_closed;
    return std::nullopt;
}

// Meets somewhere people can walk into this week: in person or hybrid.
inline bool meets_in_person(Attendance a) { return a == Attendance::in_person || a == Attendance::hybrid; }

// Normalised meeting types. Each feed has its own codes (Meeting Guide "W", BMLT "W"/world id
// "W", AA GB free text); the readers map them onto these and keep the codes verbatim as well.
struct MeetingFlags {
    bool open = false;            // anyone may attend, not only those with a problem
    bool closed = false;          // only for those who think they have a problem
    bool women = false;
    bool men = false;
    bool wheelchair = false;      // step-free access
    bool hearing_loop = false;
    bool newcomer = false;        // beginners' meeting
    bool lgbtq = false;
    bool young_people = false;
    bool sign_language = false;
    bool child_friendly = false;
    bool speaker = false;
    bool discussion = false;
};

// The flags in the order they are written as layer fields.
inline const std::vector<std::pair<const char*, bool MeetingFlags::*>>& meeting_flag_fields() {
    static const std::vector<std::pair<const char*, bool MeetingFlags::*>> fields = {
        {"open", &MeetingFlags::open},
        {"closed", &MeetingFlags::closed},
        {"women", &MeetingFlags::women},
        {"men", &MeetingFlags::men},
        {"wheelchair", &MeetingFlags::wheelchair},
        {"hearing_loop", &MeetingFlags::hearing_loop},
        {"newcomer", &MeetingFlags::newcomer},
        {"lgbtq", &MeetingFlags::lgbtq},
        {"young_people", &MeetingFlags::young_people},
        {"sign_language", &MeetingFlags::sign_language},
        {"child_friendly", &MeetingFlags::child_friendly},
        {"speaker", &MeetingFlags::speaker},
        {"discussion", &MeetingFlags::discussion},
    };
    return fields;
}

// Where a meeting is. lon/lat are WGS84 as the feed gives them (or as the postcode was found);
// x/y are in the working CRS once the meeting has been placed there.
struct MeetingLocation {
    double lon = 0;
    double lat = 0;
    std::optional<double> x, y;
};

enum class Placement { none, feed, postcode };

inline const char* to_string(Placement p) {
    switch (p) {
        case Placement::none: return "";
        case Placement::feed: return "feed";
        case Placement::postcode: return "postcode";
    }
    return "";
}

// Where in its feed a meeting came from, so every message can point back at it.
struct MeetingSource {
    std::string path;      // the feed file
    std::size_t index = 0; // 0-based position in a JSON array, or the data row number in a CSV
    int line = 0;          // CSV: the line the record starts on; 0 for JSON
    std::string id_label;  // how the feed identifies it: "slug \"sunday-8pm\"", "id_bigint 2566", "code 9130"

    // "meeting [4] (slug "sunday-8pm")" or "line 12 (code 9130)".
    std::string where() const {
        std::string out = line > 0 ? "line " + std::to_string(line) : "meeting [" + std::to_string(index) + "]";
        if (!id_label.empty()) out += " (" + id_label + ")";
        return out;
    }
};

struct Meeting {
    std::string id;                // unique within the feed
    Fellowship fellowship = Fellowship::Other;
    std::string fellowship_text;   // as the feed or --fellowship said it
    std::string name;
    std::string venue;             // building: "St Matthews Church Hall"
    std::string address;
    std::string postcode;          // normalised: upper case, one space before the inward code
    std::string timezone;          // IANA name when the feed gives one; times are local to the meeting
    std::optional<MeetingLocation> location;
    Placement placed_by = Placement::none;
    std::string unplaced_reason;   // why it has no location (empty when placed, or online only)
    std::vector<WeeklySlot> slots; // empty: no fixed weekly time ("by appointment")
    Attendance attendance = Attendance::in_person;
    std::vector<std::string> type_codes;  // verbatim from the feed
    MeetingFlags flags;
    MeetingSource source;
    std::vector<std::string> notes;  // what was assumed or is wrong, e.g. "end time not given: 1 hour assumed"

    // Where it lies in the study (set when a study is loaded; none for online-only meetings).
    std::optional<Point> at;         // working CRS
    std::string town;                // study town it lies in, or ""
    std::string place;               // "Oldbury" inside the study, else the layer's area or "outside"
    bool in_study = false;           // inside the study boundary

    bool online_only() const { return attendance == Attendance::online; }
    bool placed() const { return location.has_value(); }
    bool has_fixed_time() const { return !slots.empty(); }

    // "Tue 19:30-21:00; Thu 19:30-21:00"
    std::string slots_text() const {
        std::string out;
        for (const auto& s : slots) out += (out.empty() ? "" : "; ") + s.to_string();
        return out;
    }
    // "O,D,X": the codes as one text field, in the feed's order.
    std::string types_text() const {
        std::string out;
        for (const auto& c : type_codes) out += (out.empty() ? "" : ",") + c;
        return out;
    }
};

}  // namespace roisc
