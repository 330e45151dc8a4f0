// Reading a plain meetings CSV kept by hand, one meeting per row (columns in docs/import.md):
// lat/lon or British National Grid eastings/northings, type words or Meeting Guide codes.
#include "csv_feed.hpp"
#include "feed_text.hpp"
#include "meeting_record.hpp"
#include "readers.hpp"
#include "roisc/core/error.hpp"
#include "roisc/core/text.hpp"

#include <ogr_spatialref.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <memory>
#include <set>

namespace fs = std::filesystem;

namespace roisc::feeds {

namespace {

// Plain words a hand-kept list may use instead of codes.
bool apply_type_word(MeetingFlags& f, const std::string& word) {
    std::string w;
    for (char c : lower(trim(word))) {
        if (std::isalnum(static_cast<unsigned char>(c))) w += c;
    }
    for (const auto& [name, member] : meeting_flag_fields()) {
        std::string n;
        for (const char* p = name; *p; ++p) {
            if (*p != '_') n += *p;
        }
        if (w == n) {
            f.*member = true;
            return true;
        }
    }
    if (w == "beginners" || w == "beginner") f.newcomer = true;
    else if (w == "wheelchairaccess" || w == "stepfree") f.wheelchair = true;
    else if (w == "hearing" || w == "loop") f.hearing_loop = true;
    else if (w == "bsl" || w == "signlanguage") f.sign_language = true;
    else if (w == "youngpeople" || w == "youth") f.young_people = true;
    else return false;
    return true;
}
// Converts British National Grid eastings/northings to lon/lat for the plain CSV format.
class GridToLonLat {
public:
    GridToLonLat() {
        OGRSpatialReference bng, wgs84;
        bng.importFromEPSG(27700);
        wgs84.SetWellKnownGeogCS("WGS84");
        bng.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        transform_.reset(OGRCreateCoordinateTransformation(&bng, &wgs84));
    }
    std::optional<std::pair<double, double>> operator()(double easting, double northing) const {
        if (!transform_) return std::nullopt;
        double x = easting, y = northing;
        if (!transform_->Transform(1, &x, &y)) return std::nullopt;
        return std::make_pair(x, y);
    }

private:
    std::unique_ptr<OGRCoordinateTransformation> transform_;
};
}  // namespace

void read_plain_csv(std::vector<CsvRecord>& records, FeedResult& result, const FeedOptions& options) {
    MeetingRecordBuilder builder(result);
    Problems& problems = builder.problems();
    if (records.empty() || records[0].blank()) {
        throw DataError(result.path + ": the file is empty; a meetings CSV starts with a header line (name, weekday, "
                                      "start, …; see docs/import.md).");
    }
    const Columns cols = read_header(records[0]);
    const auto c_id = cols.find({"id", "meeting_id"}), c_name = cols.find({"name", "meeting", "meeting_name"}),
               c_fellowship = cols.find({"fellowship"}), c_day = cols.find({"weekday", "day"}),
               c_start = cols.find({"start", "time", "start_time"}), c_end = cols.find({"end", "end_time"}),
               c_venue = cols.find({"venue", "location"}), c_address = cols.find({"address"}),
               c_postcode = cols.find({"postcode", "postal_code", "post_code"}),
               c_lat = cols.find({"lat", "latitude"}), c_lon = cols.find({"lon", "lng", "long", "longitude"}),
               c_easting = cols.find({"easting", "eastings"}), c_northing = cols.find({"northing", "northings"}),
               c_attendance = cols.find({"attendance"}), c_types = cols.find({"types", "type"}),
               c_timezone = cols.find({"timezone"});
    std::vector<std::string> missing;
    if (!c_name) missing.push_back("name");
    if (!c_day) missing.push_back("weekday");
    if (!c_start) missing.push_back("start");
    if (!missing.empty()) {
        throw DataError(result.path + ": line 1: a meetings CSV needs the column(s) " + join_nonempty(missing, ", ") +
                        "; the header has: " + join_nonempty(cols.names, ", ") +
                        ". Fix: name the columns as in docs/import.md (name, fellowship, weekday, start, end, venue, "
                        "address, postcode, lat, lon, attendance, types).");
    }
    {
        std::set<std::size_t> used;
        for (const auto& c : {c_id, c_name, c_fellowship, c_day, c_start, c_end, c_venue, c_address, c_postcode, c_lat,
                              c_lon, c_easting, c_northing, c_attendance, c_types, c_timezone}) {
            if (c) used.insert(*c);
        }
        std::vector<std::string> unused;
        for (std::size_t i = 0; i < cols.names.size(); ++i) {
            if (!used.count(i) && !cols.names[i].empty()) unused.push_back(cols.names[i]);
        }
        if (!unused.empty()) result.notes.push_back("columns not used: " + join_nonempty(unused, ", "));
    }
    std::unique_ptr<GridToLonLat> grid;
    const std::string stem = fs::path(result.path).stem().string();
    std::size_t row = 0;
    bool fellowship_unknown_noted = false;
    for (std::size_t r = 1; r < records.size(); ++r) {
        const CsvRecord& rec = records[r];
        if (rec.blank()) continue;
        ++row;
        MeetingSource src{result.path, row, rec.line, ""};
        const std::string meeting_id = cell(rec, c_id);
        Meeting m = builder.start(src, meeting_id, "id " + in_quotes(meeting_id));

        // Days: one, or a list ("Tue; Thu") for a meeting held on several days at the same time.
        const std::string day_text = cell(rec, c_day);
        std::vector<Weekday> days;
        bool bad_day = false;
        for (const auto& piece : split_any(day_text, ",;/&")) {
            if (auto d = weekday_from_name(piece)) {
                if (std::find(days.begin(), days.end(), *d) == days.end()) days.push_back(*d);
            } else {
                bad_day = true;
            }
        }
        if (bad_day) {
            problems.meeting(src, nullptr, "bad_day", "weekday",
                             in_quotes(day_text) + " is not a day (Mon … Sun, or a list such as \"Tue; Thu\"); meeting "
                                                "skipped.",
                             true);
            continue;
        }
        const std::string start_text = cell(rec, c_start);
        std::optional<int> start;
        if (!start_text.empty()) {
            start = parse_clock(start_text);
            if (!start) {
                problems.meeting(src, nullptr, "bad_time", "start",
                                 in_quotes(start_text) + " is not a time of day (HH:MM, 00:00–23:59); meeting skipped.",
                                 true);
                continue;
            }
        }
        if (m.id.empty()) m.id = stem + "-" + std::to_string(row);
        builder.claim_id(src, m, "id");
        builder.set_name(src, m, cell(rec, c_name), "name", "empty; kept under the name " + in_quotes(m.id) + ".");

        const std::string fellowship_text = cell(rec, c_fellowship);
        if (!fellowship_text.empty()) {
            m.fellowship_text = fellowship_text;
            if (auto f = fellowship_from_text(fellowship_text)) {
                m.fellowship = *f;
            } else {
                m.fellowship = Fellowship::Other;
                problems.meeting(src, &m, "unknown_fellowship", "fellowship",
                                 in_quotes(fellowship_text) + " is not AA, NA, CA, SMART or Al-Anon; recorded as Other.");
            }
        } else {
            set_fellowship_from_options(m, options, std::nullopt, "");
            if (!options.fellowship && !fellowship_unknown_noted) {
                fellowship_unknown_noted = true;
                problems.feed("fellowship_unknown",
                              "rows without a fellowship are recorded as Other. Fix: fill the fellowship column, or "
                              "give --fellowship.");
            }
        }

        if (start && !days.empty()) {
            int end = *start + default_duration;
            const std::string end_text = cell(rec, c_end);
            if (!end_text.empty()) {
                end = builder.end_time(src, m, *start, end_text, "end");
            } else {
                m.notes.push_back("end: not given; 1 hour assumed");
            }
            for (Weekday d : days) m.slots.push_back(WeeklySlot::from_clock(d, *start, end));
        } else if (start || !days.empty()) {
            problems.meeting(src, &m, start ? "time_without_day" : "day_without_time", start ? "weekday" : "start",
                             "only one of weekday and start is given; kept without a fixed weekly time.");
        } else {
            m.notes.push_back("no weekday or start: by appointment, kept without a fixed weekly time");
        }
        m.timezone = cell(rec, c_timezone);

        m.venue = cell(rec, c_venue);
        m.address = cell(rec, c_address);
        m.postcode = normalise_meeting_postcode(cell(rec, c_postcode));

        const std::string lat_text = cell(rec, c_lat), lon_text = cell(rec, c_lon);
        const std::string e_text = cell(rec, c_easting), n_text = cell(rec, c_northing);
        if (!lat_text.empty() || !lon_text.empty()) {
            const auto lat = number_from_text(lat_text), lon = number_from_text(lon_text);
            if (lat && lon && valid_lon_lat(*lon, *lat)) {
                m.location = MeetingLocation{*lon, *lat, std::nullopt, std::nullopt};
            } else {
                problems.meeting(src, &m, "bad_coordinates", "lat/lon",
                                 "(" + lat_text + ", " + lon_text +
                                     ") is not a latitude/longitude pair; ignored (the postcode may still place it).");
            }
        } else if (!e_text.empty() || !n_text.empty()) {
            const auto e = number_from_text(e_text), n = number_from_text(n_text);
            std::optional<std::pair<double, double>> lonlat;
            if (e && n && *e >= 0 && *e <= 800000 && *n >= 0 && *n <= 1400000) {
                if (!grid) grid = std::make_unique<GridToLonLat>();
                lonlat = (*grid)(*e, *n);
            }
            if (lonlat) {
                m.location = MeetingLocation{lonlat->first, lonlat->second, *e, *n};
            } else {
                problems.meeting(src, &m, "bad_coordinates", "easting/northing",
                                 "(" + e_text + ", " + n_text +
                                     ") is not a British National Grid position; ignored (the postcode may still "
                                     "place it).");
            }
        }

        const std::string attendance_text = cell(rec, c_attendance);
        if (!attendance_text.empty()) {
            if (auto a = attendance_from_text(attendance_text)) {
                m.attendance = *a;
            } else {
                problems.meeting(src, &m, "bad_attendance", "attendance",
                                 in_quotes(attendance_text) +
                                     " is not in_person, online, hybrid, inactive or temporarily_closed; in_person "
                                     "assumed.");
            }
        }
        m.type_codes = split_any(cell(rec, c_types), ",;");
        for (const auto& code : m.type_codes) {
            if (!apply_type_word(m.flags, code)) apply_meeting_guide_code(m.flags, code);
        }
        result.meetings.push_back(std::move(m));
    }
    result.records = row;
}

}  // namespace roisc::feeds
