// Reading AA Great Britain's meeting marker CSV: marker_title, marker_time "19:30 - duration 1hr
// 30mins", marker_day "Tuesday", marker_lat/marker_lng, marker_postcode, wheelchair/hearing flags.
#include "csv_feed.hpp"
#include "feed_text.hpp"
#include "meeting_record.hpp"
#include "readers.hpp"
#include "roisc/core/error.hpp"
#include "roisc/core/text.hpp"

#include <cctype>
#include <regex>

namespace roisc::feeds {

namespace {

// "19:30 - duration 1hr 30mins", "11:30", "07:00 - duration 1 hour", "18:15 - duration 45mins".
struct AaGbTime {
    std::optional<int> start;
    std::optional<int> duration;  // nothing when not given
    bool duration_unreadable = false;
};

AaGbTime parse_aa_gb_time(const std::string& text) {
    AaGbTime out;
    const std::string s = lower(trim(text));
    std::size_t i = 0;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == ':' || s[i] == '.')) ++i;
    out.start = parse_clock(s.substr(0, i));
    const std::size_t at = s.find("duration", i);
    if (at == std::string::npos) {
        if (trim(s.substr(i)).find_first_not_of("- ") != std::string::npos) out.duration_unreadable = true;
        return out;
    }
    static const std::regex part(R"((\d+)\s*(hours|hour|hrs|hr|h|mins|min|m)\b)");
    int minutes = 0;
    bool any = false;
    const std::string rest = s.substr(at + 8);
    for (auto it = std::sregex_iterator(rest.begin(), rest.end(), part); it != std::sregex_iterator(); ++it) {
        // More digits than any real duration has would overflow an int (fuzz_aa_gb found
        // "duration 99999999999hr"): such a duration is unreadable, not an internal error.
        const std::string digits = (*it)[1].str();
        if (digits.size() > 4) {
            out.duration_unreadable = true;
            return out;
        }
        const int n = std::stoi(digits);
        const std::string unit = (*it)[2].str();
        minutes += unit[0] == 'h' ? n * 60 : n;
        any = true;
    }
    if (any && minutes > 0 && minutes <= minutes_per_day) out.duration = minutes;
    else out.duration_unreadable = true;
    return out;
}
}  // namespace

void read_aa_gb(std::vector<CsvRecord>& records, FeedResult& result, const FeedOptions& options) {
    MeetingRecordBuilder builder(result);
    Problems& problems = builder.problems();
    if (records.empty()) throw DataError(result.path + ": the file is empty; an AA GB marker list has a header line.");
    const Columns cols = read_header(records[0]);
    for (const char* needed : {"marker_title", "marker_time", "marker_day"}) {
        if (!cols.find({needed})) {
            throw DataError(result.path + ": line 1: an AA GB marker list needs the column " + in_quotes(needed) +
                            "; the header has: " + join_nonempty(cols.names, ", ") +
                            ". Fix: give --format-of csv for a hand-kept list.");
        }
    }
    if (options.fellowship && *options.fellowship != Fellowship::AA) {
        problems.feed("fellowship_ignored", std::string("the AA Great Britain list is AA's own; --fellowship ") +
                                                to_string(*options.fellowship) + " ignored.");
    }
    const auto c_title = cols.find({"marker_title"}), c_time = cols.find({"marker_time"}),
               c_lat = cols.find({"marker_lat"}), c_lng = cols.find({"marker_lng"}),
               c_address = cols.find({"marker_address"}), c_postcode = cols.find({"marker_postcode"}),
               c_code = cols.find({"marker_code"}), c_day = cols.find({"marker_day"}),
               c_hearing = cols.find({"marker_hearing"}), c_wheelchair = cols.find({"marker_wheelchair"});
    std::vector<std::size_t> detail_columns;
    for (std::size_t i = 0; i < cols.names.size(); ++i) {
        if (lower(cols.names[i]).rfind("detail_line", 0) == 0) detail_columns.push_back(i);
    }
    int assumed_duration = 0;
    std::size_t row = 0;
    for (std::size_t r = 1; r < records.size(); ++r) {
        const CsvRecord& rec = records[r];
        if (rec.blank()) continue;
        ++row;
        MeetingSource src{result.path, row, rec.line, ""};
        const std::string code = cell(rec, c_code);
        Meeting m = builder.start(src, code, "code " + code);
        m.fellowship = Fellowship::AA;
        m.fellowship_text = "AA";
        if (rec.fields.size() > cols.names.size()) {
            problems.meeting(src, &m, "extra_cells", "",
                             std::to_string(rec.fields.size()) + " cells but the header names " +
                                 std::to_string(cols.names.size()) + "; the extra ones are ignored.");
        }

        const std::string day_text = cell(rec, c_day);
        const auto day = weekday_from_name(day_text);
        if (!day) {
            problems.meeting(src, nullptr, "bad_day", "marker_day",
                             (day_text.empty() ? std::string("missing") : in_quotes(day_text)) +
                                 " is not a day name (Monday … Sunday); meeting skipped.",
                             true);
            continue;
        }
        const std::string time_text = cell(rec, c_time);
        const AaGbTime time = parse_aa_gb_time(time_text);
        if (!time.start) {
            problems.meeting(src, nullptr, "bad_time", "marker_time",
                             (time_text.empty() ? std::string("missing") : in_quotes(time_text)) +
                                 " does not start with a time of day (HH:MM); meeting skipped.",
                             true);
            continue;
        }
        builder.fill_missing_id(src, m, "line-" + std::to_string(rec.line), "marker_code");
        builder.claim_id(src, m, "marker_code");
        builder.set_name(src, m, cell(rec, c_title), "marker_title", "empty; kept under its code.");
        int duration = default_duration;
        if (time.duration) {
            duration = *time.duration;
        } else if (time.duration_unreadable) {
            problems.meeting(src, &m, "bad_duration", "marker_time",
                             "cannot read the duration in " + in_quotes(time_text) + "; 1 hour assumed.");
        } else {
            ++assumed_duration;
        }
        m.slots.push_back(WeeklySlot::from_clock(*day, *time.start, *time.start + duration));

        const std::string address = cell(rec, c_address);
        m.address = address;
        m.venue = trim(address.substr(0, address.find(',')));
        m.postcode = normalise_meeting_postcode(cell(rec, c_postcode));
        const std::string lat_text = cell(rec, c_lat), lng_text = cell(rec, c_lng);
        const auto lat = number_from_text(lat_text), lng = number_from_text(lng_text);
        if (lat && lng && valid_lon_lat(*lng, *lat)) {
            m.location = MeetingLocation{*lng, *lat, std::nullopt, std::nullopt};
        } else if (!lat_text.empty() || !lng_text.empty()) {
            problems.meeting(src, &m, "bad_coordinates", "marker_lat/marker_lng",
                             "(" + lat_text + ", " + lng_text + ") is not a latitude/longitude; ignored.");
        }

        // The list has no type codes: its flags and its "Open: …" line are what it says.
        if (cell(rec, c_wheelchair) == "1") {
            m.flags.wheelchair = true;
            m.type_codes.push_back("wheelchair");
        }
        if (cell(rec, c_hearing) == "1") {
            m.flags.hearing_loop = true;
            m.type_codes.push_back("hearing loop");
        }
        bool open_line = false;
        for (std::size_t c : detail_columns) {
            const std::string line = cell(rec, c);
            if (lower(line).rfind("open:", 0) != 0) continue;
            open_line = true;
            m.type_codes.push_back(line);
            const std::string l = lower(line);
            // "All mtgs 'open'." / "All meetings 'open'." — anything else is open only sometimes.
            if (l.find("all m") != std::string::npos) m.flags.open = true;
        }
        // AA meetings are closed unless the list says they are open.
        if (!open_line) m.flags.closed = true;
        result.meetings.push_back(std::move(m));
    }
    result.records = row;
    if (assumed_duration > 0) {
        result.notes.push_back(std::to_string(assumed_duration) +
                               " meeting(s) give a start time but no duration: 1 hour assumed");
    }
}

}  // namespace roisc::feeds
