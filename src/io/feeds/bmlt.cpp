// Reading BMLT GetSearchResults JSON (Narcotics Anonymous): every value a string,
// `weekday_tinyint` 1 = Sunday, `start_time`/`duration_time` "HH:MM:SS", `venue_type` 1/2/3,
// `formats` keys mapped to NAWS world ids.
#include "feed_text.hpp"
#include "meeting_record.hpp"
#include "readers.hpp"
#include "roisc/core/error.hpp"
#include "roisc/core/text.hpp"

#include <map>
#include <set>

namespace roisc::feeds {

namespace {

// BMLT formats by NAWS world id, the one meaning shared across root servers.
void apply_bmlt_world_id(MeetingFlags& f, const std::string& world_id) {
    const std::string w = upper(trim(world_id));
    if (w == "OPEN") f.open = true;
    else if (w == "CLOSED") f.closed = true;
    else if (w == "W") f.women = true;
    else if (w == "M") f.men = true;
    else if (w == "WCHR") f.wheelchair = true;
    else if (w == "BEG") f.newcomer = true;
    else if (w == "GL" || w == "LGBTQ") f.lgbtq = true;
    else if (w == "Y") f.young_people = true;
    else if (w == "CW") f.child_friendly = true;
    else if (w == "SPK") f.speaker = true;
    else if (w == "DISC") f.discussion = true;
}

// The usual BMLT format keys and their world ids, for responses without a "formats" list.
const std::map<std::string, std::string>& default_bmlt_keys() {
    static const std::map<std::string, std::string> keys = {
        {"O", "OPEN"}, {"C", "CLOSED"}, {"W", "W"},    {"M", "M"},     {"WC", "WCHR"}, {"B", "BEG"},
        {"GL", "GL"},  {"YP", "Y"},     {"CW", "CW"},  {"SD", "SPK"},  {"So", "SPK"},  {"D", "DISC"},
        {"VM", "VM"},  {"HY", "HYBR"},  {"TC", "TC"},
    };
    return keys;
}
int bmlt_duration_minutes(const std::string& text, bool& ok) {
    // "01:30:00" or "01:30"; hours may exceed 23 in principle, so not a clock time.
    ok = false;
    const auto parts = split_any(text, ":");
    if (parts.size() < 2 || parts.size() > 3) return 0;
    const auto h = integer_from_text(parts[0]), m = integer_from_text(parts[1]);
    if (!h || !m || *h < 0 || *m < 0 || *m > 59) return 0;
    ok = true;
    return static_cast<int>(*h * 60 + *m);
}
}  // namespace

void read_bmlt(const json& root, FeedResult& result, const FeedOptions& options) {
    MeetingRecordBuilder records(result);
    Problems& problems = records.problems();
    const json* list = nullptr;
    std::map<std::string, std::string> world_ids = default_bmlt_keys();
    if (root.is_array()) {
        list = &root;
    } else if (root.is_object() && root.contains("meetings") && root["meetings"].is_array()) {
        list = &root["meetings"];
        // get_used_formats: the server's own key -> world id table beats our defaults.
        if (auto f = root.find("formats"); f != root.end() && f->is_array()) {
            for (const auto& fmt : *f) {
                if (!fmt.is_object()) continue;
                const std::string key = json_member_text(fmt, "key_string");
                const std::string world = json_member_text(fmt, "world_id");
                if (!key.empty()) world_ids[key] = world;
            }
        }
    } else {
        throw DataError(result.path + ": a BMLT GetSearchResults response is an array of meetings or an object with "
                                      "\"meetings\", but this is a JSON " +
                        std::string(root.type_name()) + ". Fix: save the response of …/client_interface/json/"
                                                        "?switcher=GetSearchResults.");
    }
    if (!options.fellowship) {
        result.notes.push_back("BMLT is Narcotics Anonymous' meeting list server: meetings recorded as NA "
                               "(give --fellowship for another fellowship's server)");
    }
    int assumed_duration = 0;
    result.records = list->size();
    for (std::size_t i = 0; i < list->size(); ++i) {
        const json& item = (*list)[i];
        MeetingSource src{result.path, i, 0, ""};
        if (!item.is_object()) {
            problems.meeting(src, nullptr, "not_object", "",
                             std::string("is a JSON ") + item.type_name() + ", not a meeting object; skipped.", true);
            continue;
        }
        const std::string meeting_id = json_member_text(item, "id_bigint");
        Meeting m = records.start(src, meeting_id, "id_bigint " + meeting_id);
        set_fellowship_from_options(m, options, Fellowship::NA, "NA");

        const std::string day_text = json_member_text(item, "weekday_tinyint");
        const auto day_number = integer_from_text(day_text);
        const auto day = day_number ? weekday_from_bmlt(*day_number) : std::nullopt;
        if (!day) {
            problems.meeting(src, nullptr, day_number ? "day_out_of_range" : "bad_day", "weekday_tinyint",
                             (day_text.empty() ? std::string("missing") : in_quotes(day_text)) +
                                 ": BMLT weekdays are 1 = Sunday … 7 = Saturday; meeting skipped.",
                             true);
            continue;
        }
        const std::string start_text = json_member_text(item, "start_time");
        const auto start = parse_clock(start_text);
        if (!start) {
            problems.meeting(src, nullptr, "bad_time", "start_time",
                             (start_text.empty() ? std::string("missing") : in_quotes(start_text)) +
                                 " is not a time of day (HH:MM:SS); meeting skipped.",
                             true);
            continue;
        }
        records.fill_missing_id(src, m, "meeting-" + std::to_string(i), "id_bigint");
        records.claim_id(src, m, "id_bigint");
        records.set_name(src, m, json_member_text(item, "meeting_name"), "meeting_name",
                         "missing or empty; kept under its id.");

        int duration = default_duration;
        if (const std::string d = json_member_text(item, "duration_time"); !d.empty()) {
            bool ok = false;
            const int minutes = bmlt_duration_minutes(d, ok);
            if (!ok || minutes <= 0 || minutes > minutes_per_day) {
                problems.meeting(src, &m, "bad_duration", "duration_time",
                                 in_quotes(d) + " is not a duration between 00:01 and 24:00; 1 hour assumed.");
            } else {
                duration = minutes;
            }
        } else {
            ++assumed_duration;
        }
        m.slots.push_back(WeeklySlot::from_clock(*day, *start, *start + duration));
        m.timezone = json_member_text(item, "time_zone");

        m.type_codes = split_any(json_member_text(item, "formats"), ",");
        std::set<std::string> worlds;
        for (const auto& key : m.type_codes) {
            auto it = world_ids.find(key);
            const std::string world = it == world_ids.end() ? "" : it->second;
            apply_bmlt_world_id(m.flags, world);
            worlds.insert(upper(world));
        }

        m.venue = json_member_text(item, "location_text");
        m.postcode = normalise_meeting_postcode(json_member_text(item, "location_postal_code_1"));
        m.address = join_nonempty({json_member_text(item, "location_street"),
                                   json_member_text(item, "location_municipality"),
                                   json_member_text(item, "location_province"), m.postcode,
                                   json_member_text(item, "location_nation")},
                                  ", ");
        const auto lat = json_number(item, "latitude"), lon = json_number(item, "longitude");
        if (lat && lon && valid_lon_lat(*lon, *lat)) {
            m.location = MeetingLocation{*lon, *lat, std::nullopt, std::nullopt};
        } else if (lat && lon && !(*lat == 0 && *lon == 0)) {
            problems.meeting(src, &m, "bad_coordinates", "latitude/longitude",
                             "(" + json_member_text(item, "latitude") + ", " + json_member_text(item, "longitude") +
                                 ") is not a place on Earth; ignored.");
        }

        // venue_type is BMLT 3's answer; older servers only have formats and links.
        const std::string venue_type = json_member_text(item, "venue_type");
        const bool has_link = !json_member_text(item, "virtual_meeting_link").empty() ||
                              !json_member_text(item, "phone_meeting_number").empty();
        if (venue_type == "1") m.attendance = Attendance::in_person;
        else if (venue_type == "2") m.attendance = Attendance::online;
        else if (venue_type == "3") m.attendance = Attendance::hybrid;
        else {
            if (!venue_type.empty()) {
                problems.meeting(src, &m, "bad_venue_type", "venue_type",
                                 in_quotes(venue_type) + " is not 1 (in person), 2 (virtual) or 3 (hybrid); worked out "
                                                      "from formats and links instead.");
            }
            if (worlds.count("HYBR")) m.attendance = Attendance::hybrid;
            else if (worlds.count("VM")) m.attendance = Attendance::online;
            else if (has_link) m.attendance = m.location || !m.venue.empty() ? Attendance::hybrid : Attendance::online;
        }
        if (worlds.count("TC")) {
            m.attendance = m.attendance == Attendance::hybrid ? Attendance::online : Attendance::temporarily_closed;
        }
        result.meetings.push_back(std::move(m));
    }
    if (assumed_duration > 0) {
        result.notes.push_back(std::to_string(assumed_duration) +
                               " meeting(s) give no duration_time: 1 hour assumed (the BMLT default)");
    }
}

}  // namespace roisc::feeds
