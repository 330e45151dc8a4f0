#pragma once
// Reading mutual aid meeting lists as they are published, into Meeting values:
//  * Meeting Guide JSON (code4recovery spec, also what TSML serves): an array of meetings,
//    `day` 0 = Sunday (or an array of days), `time`/`end_time` "HH:MM", `types` codes;
//  * BMLT GetSearchResults JSON (Narcotics Anonymous): every value a string, `weekday_tinyint`
//    1 = Sunday, `start_time`/`duration_time` "HH:MM:SS", `venue_type` 1/2/3, `formats` keys;
//  * AA Great Britain's meeting marker CSV (marker_title, marker_time "19:30 - duration 1hr 30mins",
//    marker_day "Tuesday", marker_lat/marker_lng, marker_postcode, wheelchair/hearing flags);
//  * a plain CSV kept by hand, one meeting per row (columns in docs/import.md).
// Day numbering is converted here, at the edge; everything after sees Weekday values.
//
// A feed that cannot be read as a whole (missing file: ArgumentError; invalid JSON, no header:
// DataError naming the path and the position) throws. Problems with single meetings never throw:
// they are collected as FeedProblems naming the meeting's index or id, and the meeting is either
// kept with the problem noted on it or skipped, as the problem says.
#include "roisc/model/meeting.hpp"

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace roisc {

enum class FeedFormat { meeting_guide, bmlt, aa_gb, csv };

const char* to_string(FeedFormat format);     // "meeting-guide", "bmlt", "aa-gb", "csv"
const char* description(FeedFormat format);   // "Meeting Guide JSON", …
std::optional<FeedFormat> feed_format_from_string(const std::string& text);

struct FeedOptions {
    std::optional<FeedFormat> format;          // nothing: detect from the content
    std::optional<Fellowship> fellowship;      // for feeds that do not say (--fellowship)
    std::string fellowship_text;               // as the user wrote it
};

struct FeedProblem {
    std::string code;     // stable key: "missing_name", "slug_not_text", "bad_time", "day_out_of_range", …
    std::string where;    // "meeting [3] (slug \"x\")", "line 12 (code 9130)", or "" for the whole feed
    std::string field;    // the feed's field, e.g. "day"
    std::string message;  // what is wrong and what was done about it
    bool skipped = false; // the meeting was left out
};

struct FeedResult {
    std::string path;
    FeedFormat format = FeedFormat::meeting_guide;
    std::size_t records = 0;            // meetings (records) in the feed, kept or not
    std::vector<Meeting> meetings;      // the ones kept, in feed order
    std::vector<FeedProblem> problems;  // per meeting, and a few about the whole feed
    std::vector<std::string> notes;     // what was assumed for the whole feed (not problems)

    std::size_t skipped() const;
    std::size_t warnings_with_code(const std::string& code) const;
};

// Looks at the content: JSON whose meetings carry `weekday_tinyint`/`id_bigint` (or an object
// with "meetings") is BMLT, other JSON is Meeting Guide; CSV with a `marker_title` column is
// AA GB, other CSV the plain format. Throws ArgumentError when the file cannot be read.
FeedFormat detect_feed_format(const std::string& path);

FeedResult read_meeting_feed(const std::string& path, const FeedOptions& options = {});
// The same, from text already in memory; `path` is only used in messages.
FeedResult read_meeting_feed_text(const std::string& text, const std::string& path, const FeedOptions& options = {});

// "feed.json: meeting [3] (slug "x"), field "day": … " — one problem as one line of text.
std::string describe(const FeedResult& feed, const FeedProblem& problem);

// UK postcodes are compared in one spelling: upper case, single spaces, and a space before the
// inward code ("b693de" -> "B69 3DE"). Other text is only trimmed and upper-cased.
std::string normalise_meeting_postcode(const std::string& text);

// ---- placing meetings --------------------------------------------------------------------------

// Finds a postcode's position. The real geocoder is written elsewhere; anything that can answer
// "where is B69 3DE?" fits here. The postcode is given normalised.
using MeetingPostcodeLookup = std::function<std::optional<MeetingLocation>(const std::string& postcode)>;
// lon/lat to the working CRS; nothing when the point is outside the CRS's area.
using GridProjection = std::function<std::optional<std::pair<double, double>>(double lon, double lat)>;

struct PlacementSummary {
    int from_feed = 0;       // the feed's own coordinates
    int from_postcode = 0;   // placed by the lookup
    int online_only = 0;     // need no place
    int unplaced = 0;        // meet in person but could not be placed
    int outside_grid = 0;    // placed, but outside the working CRS's area
    std::vector<std::pair<std::string, std::string>> unplaced_meetings;  // where, reason
};

// Gives every in-person meeting a location: its feed coordinates, else its postcode through
// `lookup` (may be empty). Online-only meetings are left without one. When `project` is given,
// placed meetings also get x/y in the working CRS. Unplaced meetings keep their reason in
// Meeting::unplaced_reason and are listed in the summary, never dropped.
PlacementSummary place_meetings(std::vector<Meeting>& meetings, const MeetingPostcodeLookup& lookup,
                                const GridProjection& project = {});

// ---- writing a meetings layer ------------------------------------------------------------------

// One feature per weekly slot (a meeting without a fixed time gets one feature with empty
// weekday/start/end). meeting_id is the feed's id for a meeting with one slot and "<id>#<n>" for
// the n-th slot of one with several, so it stays unique as the manifest's `meetings` role needs;
// feed_id is the feed's id on every slot. Field list and meanings: docs/import.md.
const std::vector<std::string>& meeting_layer_fields();

// Writes the meetings as GeoJSON (RFC 7946: lon/lat, no crs member) and/or GeoPackage (EPSG:4326),
// through io/output.hpp: each file is written to a temporary file beside it and renamed into place
// when complete, so a failure never leaves a partial file. An empty path skips that file.
// Returns the number of features written. Throws RuntimeFailure when GDAL cannot write.
std::size_t write_meeting_layers(const std::vector<Meeting>& meetings, const std::string& geojson_path,
                                 const std::string& gpkg_path);

}  // namespace roisc
