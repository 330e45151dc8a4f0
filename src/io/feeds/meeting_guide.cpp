// Reading Meeting Guide JSON (code4recovery spec, also what TSML serves): an array of meetings,
// `day` 0 = Sunday (or an array of days), `time`/`end_time` "HH:MM", `types` codes.
#include "feed_text.hpp"
#include "meeting_record.hpp"
#include "readers.hpp"
#include "roisc/core/error.hpp"
#include "roisc/core/text.hpp"

#include <algorithm>

namespace roisc::feeds {

// Meeting Guide type codes (code4recovery types.json) onto the normalised flags.
void apply_meeting_guide_code(MeetingFlags& f, const std::string& code) {
    const std::string c = upper(trim(code));
    if (c == "O") f.open = true;
    else if (c == "C") f.closed = true;
    else if (c == "W") f.women = true;
    else if (c == "M") f.men = true;
    else if (c == "X") f.wheelchair = true;
    else if (c == "BE") f.newcomer = true;
    else if (c == "LGBTQ" || c == "G" || c == "L" || c == "BI" || c == "T" || c == "NB") f.lgbtq = true;
    else if (c == "Y") f.young_people = true;
    else if (c == "ASL") f.sign_language = true;
    else if (c == "CF" || c == "BA") f.child_friendly = true;
    else if (c == "SP") f.speaker = true;
    else if (c == "D") f.discussion = true;
}
void read_meeting_guide(const json& root, FeedResult& result, const FeedOptions& options) {
    MeetingRecordBuilder records(result);
    Problems& problems = records.problems();
    if (!root.is_array()) {
        throw DataError(result.path + ": a Meeting Guide feed is a JSON array of meetings, but this is a JSON " +
                        std::string(root.type_name()) +
                        ". Fix: point roisc at the feed itself (…/meetings.json), or give --format-of bmlt for a BMLT "
                        "response.");
    }
    if (!options.fellowship) {
        problems.feed("fellowship_unknown",
                      "a Meeting Guide feed does not say which fellowship it lists; its meetings are recorded as "
                      "Other. Fix: give --fellowship (AA, NA, CA, SMART, Al-Anon).");
    }
    result.records = root.size();
    for (std::size_t i = 0; i < root.size(); ++i) {
        const json& item = root[i];
        MeetingSource src{result.path, i, 0, ""};
        if (!item.is_object()) {
            problems.meeting(src, nullptr, "not_object", "",
                             std::string("is a JSON ") + item.type_name() + ", not a meeting object; skipped.", true);
            continue;
        }
        // The slug is the spec's key; fall back to TSML's numeric id for messages.
        std::string meeting_id, id_label;
        const auto slug_it = item.find("slug");
        if (slug_it != item.end() && slug_it->is_string() && !trim(slug_it->get<std::string>()).empty()) {
            meeting_id = trim(slug_it->get<std::string>());
            id_label = "slug " + in_quotes(meeting_id);
        } else if (slug_it != item.end() && slug_it->is_number()) {
            meeting_id = *json_text(*slug_it);
            id_label = "slug " + meeting_id;
        } else if (const std::string id = json_member_text(item, "id"); !id.empty()) {
            meeting_id = id;
            id_label = "id " + id;
        } else {
            meeting_id = "meeting-" + std::to_string(i);
        }
        Meeting m = records.start(src, meeting_id, id_label);
        set_fellowship_from_options(m, options, std::nullopt, "");

        // Checks that decide whether the meeting is kept come first, so a skipped meeting gets one message.
        std::vector<Weekday> days;
        std::vector<std::pair<std::string, std::string>> day_problems;  // code, message
        const bool has_day = json_present(item, "day");
        if (has_day) {
            const json& d = item["day"];
            std::vector<const json*> values;
            if (d.is_array()) {
                for (const auto& v : d) values.push_back(&v);
            } else {
                values.push_back(&d);
            }
            for (const json* v : values) {
                std::optional<long long> n;
                if (v->is_number_integer()) n = v->get<long long>();
                else if (v->is_string()) n = integer_from_text(v->get<std::string>());
                const std::string shown = v->is_string() ? in_quotes(v->get<std::string>()) : v->dump();
                if (!n) {
                    day_problems.emplace_back("bad_day", shown + " is not a day number (0 = Sunday … 6 = Saturday)");
                    continue;
                }
                const auto day = weekday_from_meeting_guide(*n);
                if (!day) {
                    day_problems.emplace_back("day_out_of_range",
                                              shown + " is out of range: Meeting Guide days are 0 = Sunday … "
                                                      "6 = Saturday");
                    continue;
                }
                if (v->is_string()) {
                    day_problems.emplace_back("day_not_integer", shown + " is text; the spec wants a number (read as " +
                                                                     full_name(*day) + ")");
                }
                if (std::find(days.begin(), days.end(), *day) == days.end()) days.push_back(*day);
            }
        }
        if (has_day && days.empty()) {
            // Every day given was unusable: keeping it would invent a day the meeting does not have.
            std::string why;
            for (const auto& [code, message] : day_problems) why += (why.empty() ? "" : "; ") + message;
            problems.meeting(src, nullptr, day_problems.empty() ? "bad_day" : day_problems.front().first, "day",
                             (why.empty() ? std::string("an empty list of days") : why) + "; meeting skipped.", true);
            continue;
        }
        std::optional<int> start;
        const bool has_time = json_present(item, "time");
        if (has_time) {
            const std::string t = json_member_text(item, "time");
            start = parse_clock(t);
            if (!start) {
                problems.meeting(src, nullptr, "bad_time", "time",
                                 in_quotes(t) + " is not a time of day (HH:MM, 00:00–23:59); meeting skipped.", true);
                continue;
            }
        }

        // The name is required by the spec; keep the meeting under its slug rather than lose it.
        const auto name_it = item.find("name");
        const bool named = name_it != item.end() && name_it->is_string() && !trim(name_it->get<std::string>()).empty();
        records.set_name(src, m, named ? trim(name_it->get<std::string>()) : std::string(), "name",
                         std::string(name_it == item.end() ? "missing" : "empty or not text") +
                             " (the spec requires a name); kept under the name " + in_quotes(m.id) + ".");
        if (slug_it == item.end()) {
            problems.meeting(src, &m, "missing_slug", "slug",
                             "missing (the spec requires a unique slug); kept with id " + in_quotes(m.id) + ".");
        } else if (slug_it->is_number()) {
            problems.meeting(src, &m, "slug_not_text", "slug",
                             "is the number " + m.id + "; the spec wants text. Kept with id " + in_quotes(m.id) + ".");
        } else if (!slug_it->is_string() || trim(slug_it->get<std::string>()).empty()) {
            problems.meeting(src, &m, "slug_not_text", "slug",
                             "is empty or not text; kept with id " + in_quotes(m.id) + ".");
        }
        records.claim_id(src, m, "slug");

        for (const auto& [code, message] : day_problems) {
            problems.meeting(src, &m, code, "day",
                             message + (code == "day_not_integer" ? "." : "; that day ignored."));
        }

        // When.
        if (start && !days.empty()) {
            int end = *start + default_duration;
            if (json_present(item, "end_time")) {
                end = records.end_time(src, m, *start, json_member_text(item, "end_time"), "end_time");
            }
            for (Weekday d : days) m.slots.push_back(WeeklySlot::from_clock(d, *start, end));
        } else if (start && !has_day) {
            problems.meeting(src, &m, "time_without_day", "day",
                             "a time is given but no day; kept without a fixed weekly time.");
        } else if (!start && has_day) {
            problems.meeting(src, &m, "day_without_time", "time",
                             "a day is given but no time; kept without a fixed weekly time.");
        } else {
            m.notes.push_back("no day or time: by appointment, kept without a fixed weekly time");
        }
        m.timezone = json_member_text(item, "timezone");

        // What kind of meeting.
        if (auto t = item.find("types"); t != item.end() && !t->is_null()) {
            if (t->is_array()) {
                for (const auto& code : *t) {
                    if (auto c = json_text(code)) m.type_codes.push_back(trim(*c));
                }
            } else if (t->is_string()) {
                m.type_codes = split_any(t->get<std::string>(), ",;");
                problems.meeting(src, &m, "types_not_array", "types", "is text, not an array of codes; split at commas.");
            } else {
                problems.meeting(src, &m, "types_not_array", "types", "is not an array of codes; ignored.");
            }
        }
        for (const auto& c : m.type_codes) apply_meeting_guide_code(m.flags, c);

        // Where.
        m.venue = json_member_text(item, "location");
        m.address = json_member_text(item, "formatted_address");
        if (m.address.empty()) {
            m.address = join_nonempty({json_member_text(item, "address"), json_member_text(item, "city"),
                                       json_member_text(item, "state"), json_member_text(item, "postal_code"),
                                       json_member_text(item, "country")},
                                      ", ");
        }
        m.postcode = normalise_meeting_postcode(json_member_text(item, "postal_code"));
        if (m.postcode.empty()) m.postcode = uk_postcode_in(m.address);
        const bool approximate = lower(json_member_text(item, "approximate")) == "yes";
        const auto lat = json_number(item, "latitude"), lon = json_number(item, "longitude");
        if (lat && lon) {
            if (!valid_lon_lat(*lon, *lat)) {
                problems.meeting(src, &m, "bad_coordinates", "latitude/longitude",
                                 "(" + json_member_text(item, "latitude") + ", " + json_member_text(item, "longitude") +
                                     ") is not a place on Earth; ignored.");
            } else if (approximate) {
                // An approximate point (a town centre for an online group) is not somewhere to walk to.
                m.notes.push_back("feed marks its location approximate: not used as the meeting's place");
            } else {
                m.location = MeetingLocation{*lon, *lat, std::nullopt, std::nullopt};
            }
        } else if (json_present(item, "latitude") || json_present(item, "longitude")) {
            problems.meeting(src, &m, "bad_coordinates", "latitude/longitude",
                             "not both given as numbers; ignored.");
        }

        // How people attend: TSML says it outright; plain Meeting Guide feeds imply it.
        const bool has_conference = json_present(item, "conference_url") || json_present(item, "conference_phone");
        // A building's name and a city ("Josh's house", "San Francisco") are not somewhere to go.
        const bool has_place = !approximate && (json_present(item, "formatted_address") ||
                                                json_present(item, "address") || m.location.has_value());
        const bool temporarily_closed =
            std::find(m.type_codes.begin(), m.type_codes.end(), "TC") != m.type_codes.end();
        if (const std::string option = json_member_text(item, "attendance_option"); !option.empty()) {
            if (auto a = attendance_from_text(option)) {
                m.attendance = *a;
            } else {
                problems.meeting(src, &m, "bad_attendance", "attendance_option",
                                 in_quotes(option) + " is not in_person, online, hybrid or inactive; worked out from "
                                                  "the conference link instead.");
                m.attendance = has_conference ? (has_place ? Attendance::hybrid : Attendance::online)
                                              : Attendance::in_person;
            }
        } else if (has_conference) {
            m.attendance = has_place ? Attendance::hybrid : Attendance::online;
        }
        if (temporarily_closed && meets_in_person(m.attendance)) {
            m.attendance = m.attendance == Attendance::hybrid ? Attendance::online : Attendance::temporarily_closed;
        }
        result.meetings.push_back(std::move(m));
    }
}

}  // namespace roisc::feeds
