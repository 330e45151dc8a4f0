#include "roisc/core/crs.hpp"
#include "roisc/core/error.hpp"
#include "roisc/core/table.hpp"
#include "roisc/io/layer.hpp"
#include "roisc/io/meeting_feed.hpp"

#include "../support/shared_data.hpp"
#include "../support/temp_file.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <unistd.h>

using namespace roisc;
namespace fs = std::filesystem;

namespace {

std::string fixture(const std::string& name) { return std::string(ROISC_TEST_DATA) + "/feeds/" + name; }

FeedOptions with_fellowship(Fellowship f) {
    FeedOptions o;
    o.fellowship = f;
    return o;
}

const Meeting& meeting_with_id(const FeedResult& feed, const std::string& id) {
    const auto it = std::find_if(feed.meetings.begin(), feed.meetings.end(), [&](const Meeting& m) { return m.id == id; });
    REQUIRE_MESSAGE(it != feed.meetings.end(), "no meeting with id " << id << " in " << feed.path);
    return *it;
}

const FeedProblem& problem_with_code(const FeedResult& feed, const std::string& code) {
    const auto it = std::find_if(feed.problems.begin(), feed.problems.end(),
                                 [&](const FeedProblem& p) { return p.code == code; });
    REQUIRE_MESSAGE(it != feed.problems.end(), "no problem " << code << " for " << feed.path);
    return *it;
}

WeeklySlot slot(Weekday day, const char* start, const char* end) {
    return WeeklySlot::from_clock(day, *parse_clock(start), *parse_clock(end, true));
}

std::string data_error_of(const std::string& path) {
    try {
        (void)read_meeting_feed(path);
    } catch (const DataError& e) {
        return e.what();
    }
    return "";
}

using roisc::test::ScratchDir;

std::string text_or_empty(const nlohmann::json& properties, const char* key) {
    auto it = properties.find(key);
    if (it == properties.end() || it->is_null()) return "";
    return it->is_string() ? it->get<std::string>() : it->dump();
}

}  // namespace

TEST_CASE("Meeting Guide: the Sussex County feed, all 123 meetings with their days and times") {
    const std::string path = test::shared_data("meetings/meeting_guide_feeds/sussexaa_de_us.json");
    if (!test::shared_data_available("meetings/meeting_guide_feeds/sussexaa_de_us.json")) return;
    CHECK(detect_feed_format(path) == FeedFormat::meeting_guide);
    const FeedResult feed = read_meeting_feed(path, with_fellowship(Fellowship::AA));
    CHECK(feed.format == FeedFormat::meeting_guide);
    CHECK(feed.records == 123);
    CHECK(feed.meetings.size() == 123);
    CHECK(feed.problems.empty());

    // The first meeting in the file: day 0 is Sunday.
    const Meeting& first = feed.meetings.front();
    CHECK(first.id == "rehoboth-beach-speaker");
    CHECK(first.name == "Rehoboth Beach Speaker");
    CHECK(first.fellowship == Fellowship::AA);
    REQUIRE(first.slots.size() == 1);
    CHECK(first.slots[0] == slot(Weekday::sun, "19:00", "20:00"));
    CHECK(first.type_codes == std::vector<std::string>{"O", "SP"});
    CHECK(first.flags.open);
    CHECK(first.flags.speaker);
    CHECK_FALSE(first.flags.closed);
    CHECK(first.venue == "All Saints' Episcopal Church");
    CHECK(first.address == "18 Olive Ave, Rehoboth Beach, DE 19971, USA");
    CHECK(first.attendance == Attendance::in_person);
    REQUIRE(first.location);
    CHECK(first.location->lon == doctest::Approx(-75.0780198));
    CHECK(first.location->lat == doctest::Approx(38.7186782));
    CHECK(first.source.where() == "meeting [0] (slug \"rehoboth-beach-speaker\")");

    // "Last Call" runs Sunday 23:00 to midnight.
    const Meeting& last_call = meeting_with_id(feed, "last-call");
    REQUIRE(last_call.slots.size() == 1);
    CHECK(last_call.slots[0].weekday == Weekday::sun);
    CHECK(last_call.slots[0].start == 23 * 60);
    CHECK(last_call.slots[0].end == 24 * 60);
    CHECK(last_call.slots[0].end_text() == "00:00");

    // Saturday is day 6.
    const Meeting& big_book = meeting_with_id(feed, "big-book-in-52-weeks");
    CHECK(big_book.slots.at(0) == slot(Weekday::sat, "10:00", "11:00"));

    // TSML's attendance_option is taken as it is; online meetings' approximate points are not places.
    std::map<Attendance, int> by_attendance;
    for (const auto& m : feed.meetings) ++by_attendance[m.attendance];
    CHECK(by_attendance[Attendance::in_person] == 94);
    CHECK(by_attendance[Attendance::online] == 28);
    CHECK(by_attendance[Attendance::hybrid] == 1);
    const Meeting& online = meeting_with_id(feed, "wednesday-as-bill-sees-it");
    CHECK(online.attendance == Attendance::online);
    CHECK(online.slots.at(0) == slot(Weekday::wed, "19:30", "20:30"));
    CHECK(online.flags.lgbtq);
    CHECK_FALSE(online.location);

    // Without --fellowship the feed does not say: one problem for the whole feed, meetings are Other.
    const FeedResult unknown = read_meeting_feed(path);
    CHECK(unknown.meetings.size() == 123);
    CHECK(unknown.meetings.front().fellowship == Fellowship::Other);
    CHECK(unknown.warnings_with_code("fellowship_unknown") == 1);
}

TEST_CASE("Meeting Guide: the Atlanta TSML export") {
    if (!test::shared_data_available("meetings/meeting_guide_feeds/atlanta_us.json")) return;
    const FeedResult feed =
        read_meeting_feed(test::shared_data("meetings/meeting_guide_feeds/atlanta_us.json"), with_fellowship(Fellowship::AA));
    CHECK(feed.meetings.size() == 6);
    CHECK(feed.problems.empty());
    const Meeting& early = meeting_with_id(feed, "early-sunday-morning");
    CHECK(early.slots.at(0) == slot(Weekday::sun, "09:00", "10:00"));
    CHECK(early.flags.closed);
    CHECK(early.flags.discussion);
}

TEST_CASE("BMLT: the GetSearchResults sample, 53 meetings with weekday 2 read as Monday") {
    const std::string rel = "meetings/bmlt_samples/meeting-search-42.867970-day2.json";
    if (!test::shared_data_available(rel)) return;
    const std::string path = test::shared_data(rel);
    CHECK(detect_feed_format(path) == FeedFormat::bmlt);
    const FeedResult feed = read_meeting_feed(path);
    CHECK(feed.format == FeedFormat::bmlt);
    CHECK(feed.records == 53);
    CHECK(feed.meetings.size() == 53);
    CHECK(feed.problems.empty());
    for (const auto& m : feed.meetings) {
        REQUIRE(m.slots.size() == 1);
        CHECK(m.slots[0].weekday == Weekday::mon);  // weekday_tinyint "2": 1 = Sunday
        CHECK(m.fellowship == Fellowship::NA);      // BMLT is NA's server unless told otherwise
        CHECK(m.slots[0].duration() == 60);         // no duration_time: the BMLT default hour
    }
    const Meeting& first = meeting_with_id(feed, "2566");
    CHECK(first.name == "Step up and Be Free");
    CHECK(first.slots[0] == slot(Weekday::mon, "19:00", "20:00"));
    CHECK(first.type_codes == std::vector<std::string>{"O", "RF", "To"});
    CHECK(first.flags.open);
    CHECK(first.venue == "Clifton springs Hospital");
    CHECK(first.address == "128 Main street, Clifton Springs, NY");
    REQUIRE(first.location);
    CHECK(first.location->lon == doctest::Approx(-77.1205486));
    CHECK(first.location->lat == doctest::Approx(42.9613734));
    CHECK(first.attendance == Attendance::in_person);
    CHECK(first.source.where() == "meeting [0] (id_bigint 2566)");

    const Meeting& courage = meeting_with_id(feed, "2623");
    CHECK(courage.slots[0] == slot(Weekday::mon, "10:15", "11:15"));
    const auto wheelchair = std::count_if(feed.meetings.begin(), feed.meetings.end(),
                                          [](const Meeting& m) { return m.flags.wheelchair; });
    const auto wc_codes = std::count_if(feed.meetings.begin(), feed.meetings.end(), [](const Meeting& m) {
        return std::find(m.type_codes.begin(), m.type_codes.end(), "WC") != m.type_codes.end();
    });
    CHECK(wc_codes > 0);
    CHECK(wheelchair == wc_codes);

    const FeedResult empty = read_meeting_feed(test::shared_data("meetings/bmlt_samples/meeting-search-0-0.json"));
    CHECK(empty.format == FeedFormat::bmlt);
    CHECK(empty.meetings.empty());
}

TEST_CASE("a BMLT Sunday and a Meeting Guide Sunday land on the same weekday") {
    const FeedResult bmlt = read_meeting_feed(fixture("bmlt_sunday.json"));
    const FeedResult guide = read_meeting_feed(fixture("meeting_guide_sunday.json"), with_fellowship(Fellowship::AA));
    const Meeting& b = meeting_with_id(bmlt, "701");
    const Meeting& g = meeting_with_id(guide, "sunday-hope-aa");
    REQUIRE(b.slots.size() == 1);
    REQUIRE(g.slots.size() == 1);
    CHECK(b.slots[0].weekday == Weekday::sun);
    CHECK(g.slots[0].weekday == Weekday::sun);
    CHECK(b.slots[0] == g.slots[0]);  // both Sun 18:00-19:30
    CHECK(b.slots[0].to_string() == "Sun 18:00-19:30");

    // BMLT details: venue_type, formats through the response's own world ids, postcode normalised.
    CHECK(b.attendance == Attendance::in_person);
    CHECK(b.flags.closed);
    CHECK(b.flags.wheelchair);
    CHECK(b.flags.newcomer);
    CHECK(b.postcode == "B69 3DE");
    const Meeting& late = meeting_with_id(bmlt, "702");
    CHECK(late.attendance == Attendance::online);
    CHECK_FALSE(late.location);  // 0,0 is BMLT's "no place"
    CHECK(late.slots[0].weekday == Weekday::sat);
    CHECK(late.slots[0].ends_next_day());
    CHECK(late.slots[0].end_day() == Weekday::sun);
    // weekday_tinyint 8 is out of range: skipped, and said so with its index and id.
    CHECK(bmlt.meetings.size() == 2);
    const FeedProblem& day8 = problem_with_code(bmlt, "day_out_of_range");
    CHECK(day8.skipped);
    CHECK(day8.where == "meeting [2] (id_bigint 703)");
    CHECK(describe(bmlt, day8).find("bmlt_sunday.json: meeting [2] (id_bigint 703)") != std::string::npos);

    // Meeting Guide: a UK postcode found in formatted_address; 23:00-01:00 runs into Monday.
    CHECK(g.postcode == "B69 3DE");
    CHECK(g.flags.women);
    CHECK(g.flags.wheelchair);
    const Meeting& sunday_late = meeting_with_id(guide, "sunday-late");
    CHECK(sunday_late.slots.at(0).end_day() == Weekday::mon);
    CHECK(sunday_late.slots.at(0).duration() == 120);
}

// Found by fuzz_aa_gb (tests/fuzz/corpus/aa_gb/crash-duration-stoi-overflow): a duration with more
// digits than an int holds threw std::out_of_range, an internal error.
TEST_CASE("AA Great Britain marker CSV: a duration too long to read is a problem of that meeting") {
    const std::string text =
        "marker_title,marker_time,marker_lat,marker_lng,marker_postcode,marker_code,marker_day\n"
        "Oldbury Hope,19:30 - duration 99999999999hr,52.5013,-2.0145,B69 3DE,9130,Tuesday\n";
    FeedOptions options;
    options.format = FeedFormat::aa_gb;
    const FeedResult feed = read_meeting_feed_text(text, "markers.csv", options);
    REQUIRE(feed.meetings.size() == 1);
    CHECK(feed.warnings_with_code("bad_duration") == 1);
    REQUIRE(feed.meetings[0].slots.size() == 1);
    CHECK(feed.meetings[0].slots[0].start == 19 * 60 + 30);
}

TEST_CASE("AA Great Britain marker CSV: 794 meetings, ragged rows, day names and durations") {
    const std::string rel = "meetings/uk/aa_gb_london_intergroups_markers_2019-12.csv";
    if (!test::shared_data_available(rel)) return;
    const std::string path = test::shared_data(rel);
    CHECK(detect_feed_format(path) == FeedFormat::aa_gb);
    const FeedResult feed = read_meeting_feed(path);
    CHECK(feed.format == FeedFormat::aa_gb);
    CHECK(feed.records == 794);
    CHECK(feed.meetings.size() == 794);
    CHECK(feed.problems.empty());

    std::map<Weekday, int> by_day;
    for (const auto& m : feed.meetings) {
        REQUIRE(m.slots.size() == 1);
        ++by_day[m.slots[0].weekday];
        CHECK(m.fellowship == Fellowship::AA);
        CHECK(m.location);  // every row has lat/lng
    }
    CHECK(by_day[Weekday::tue] == 121);
    CHECK(by_day[Weekday::thu] == 119);
    CHECK(by_day[Weekday::mon] == 117);
    CHECK(by_day[Weekday::fri] == 116);
    CHECK(by_day[Weekday::wed] == 111);
    CHECK(by_day[Weekday::sat] == 109);
    CHECK(by_day[Weekday::sun] == 101);
    const auto wheelchair =
        std::count_if(feed.meetings.begin(), feed.meetings.end(), [](const Meeting& m) { return m.flags.wheelchair; });
    const auto hearing =
        std::count_if(feed.meetings.begin(), feed.meetings.end(), [](const Meeting& m) { return m.flags.hearing_loop; });
    CHECK(wheelchair == 401);
    CHECK(hearing == 10);

    // Line 2: "11:30 - duration 1hr", Tuesday, all meetings open.
    const Meeting& yiewsley = meeting_with_id(feed, "9130");
    CHECK(yiewsley.name == "Yiewsley West Drayton Hope & Unity");
    CHECK(yiewsley.slots[0] == slot(Weekday::tue, "11:30", "12:30"));
    CHECK(yiewsley.postcode == "UB7 7QH");
    CHECK(yiewsley.venue == "St Matthews Church Hall");
    CHECK(yiewsley.address == "St Matthews Church Hall, High St");
    CHECK(yiewsley.location->lat == doctest::Approx(51.5128497));
    CHECK(yiewsley.location->lon == doctest::Approx(-0.4729189));
    CHECK(yiewsley.flags.open);
    CHECK_FALSE(yiewsley.flags.wheelchair);
    CHECK(yiewsley.source.line == 2);
    CHECK(yiewsley.source.where() == "line 2 (code 9130)");

    // Line 5: "19:30 - duration 1hr 30mins", open only on the first Monday: neither flag.
    const Meeting& west_ealing = meeting_with_id(feed, "11691");
    CHECK(west_ealing.slots[0] == slot(Weekday::mon, "19:30", "21:00"));
    CHECK(west_ealing.flags.wheelchair);
    CHECK_FALSE(west_ealing.flags.open);
    CHECK_FALSE(west_ealing.flags.closed);
    CHECK(std::find(west_ealing.type_codes.begin(), west_ealing.type_codes.end(), "Open: 1st Mon each mnth 'open'.") !=
          west_ealing.type_codes.end());

    // Minutes only, and "1 hour" spelled out.
    CHECK(meeting_with_id(feed, "13970").slots[0] == slot(Weekday::wed, "07:30", "08:15"));
    CHECK(meeting_with_id(feed, "13085").slots[0] == slot(Weekday::wed, "07:00", "08:00"));
    // Quoted fields span lines: the record's own starting line is kept, not the row count.
    CHECK(meeting_with_id(feed, "13970").source.line == 191);
    CHECK(meeting_with_id(feed, "14390").source.line == 821);
    // A start time with no duration: the default hour, said once for the feed.
    CHECK_FALSE(feed.notes.empty());
}

TEST_CASE("invalid JSON is a DataError naming the path and the position") {
    const std::string rel = "meetings/meeting_guide_feeds/invalid_trailing_text.json";
    if (!test::shared_data_available(rel)) return;
    const std::string path = test::shared_data(rel);
    CHECK_THROWS_AS((void)read_meeting_feed(path), DataError);
    const std::string message = data_error_of(path);
    CHECK(message.find(path) != std::string::npos);
    CHECK(message.find("not valid JSON") != std::string::npos);
    CHECK(message.find("line 80") != std::string::npos);  // where "invalid text" follows the array
    CHECK(message.find("Fix:") != std::string::npos);
}

TEST_CASE("meetings without a day or time are kept, without a fixed weekly time") {
    const std::string rel = "meetings/meeting_guide_feeds/appointment_edge_case.json";
    if (!test::shared_data_available(rel)) return;
    const FeedResult feed = read_meeting_feed(test::shared_data(rel), with_fellowship(Fellowship::AA));
    REQUIRE(feed.meetings.size() == 2);
    const Meeting& appointment = meeting_with_id(feed, "josh-meeting");
    CHECK(appointment.slots.empty());
    CHECK_FALSE(appointment.has_fixed_time());
    CHECK(appointment.attendance == Attendance::online);  // a conference link and no address
    CHECK_FALSE(appointment.notes.empty());
    const Meeting& thursday = meeting_with_id(feed, "time-meeting");
    CHECK(thursday.slots.at(0) == slot(Weekday::thu, "20:00", "21:00"));
    CHECK(feed.problems.empty());
}

TEST_CASE("time zones: times stay the meeting's local wall-clock time") {
    const std::string rel = "meetings/meeting_guide_feeds/timezones_edge_case.json";
    if (!test::shared_data_available(rel)) return;
    const FeedResult feed = read_meeting_feed(test::shared_data(rel), with_fellowship(Fellowship::AA));
    REQUIRE(feed.meetings.size() == 2);
    const Meeting& sf = meeting_with_id(feed, "sf-meeting");
    const Meeting& pa = meeting_with_id(feed, "pa-meeting");
    CHECK(sf.slots.at(0) == slot(Weekday::sat, "09:00", "10:00"));
    CHECK(pa.slots.at(0) == slot(Weekday::sat, "11:45", "12:45"));
    CHECK(sf.timezone == "America/Los_Angeles");
    CHECK(pa.timezone == "America/New_York");
}

TEST_CASE("spec violations are warnings naming the meeting's index and id") {
    SUBCASE("missing name: kept under its slug") {
        const FeedResult feed = read_meeting_feed(fixture("missing_name.json"), with_fellowship(Fellowship::AA));
        CHECK(feed.meetings.size() == 2);
        const FeedProblem& p = problem_with_code(feed, "missing_name");
        CHECK(p.where == "meeting [1] (slug \"no-name-here\")");
        CHECK(p.field == "name");
        CHECK_FALSE(p.skipped);
        const Meeting& m = meeting_with_id(feed, "no-name-here");
        CHECK(m.name == "no-name-here");
        CHECK(m.slots.at(0) == slot(Weekday::thu, "19:30", "20:30"));
        REQUIRE_FALSE(m.notes.empty());
        CHECK(m.notes.front().find("name") != std::string::npos);
        CHECK(describe(feed, p).find("missing_name.json: meeting [1] (slug \"no-name-here\"), field \"name\"") !=
              std::string::npos);
    }
    SUBCASE("integer slug: kept with the number as its id") {
        const FeedResult feed = read_meeting_feed(fixture("integer_slug.json"), with_fellowship(Fellowship::AA));
        CHECK(feed.meetings.size() == 2);
        const FeedProblem& p = problem_with_code(feed, "slug_not_text");
        CHECK(p.where == "meeting [1] (slug 42)");
        CHECK_FALSE(p.skipped);
        CHECK(meeting_with_id(feed, "42").slots.at(0) == slot(Weekday::wed, "18:00", "19:00"));
    }
    SUBCASE("impossible time 25:00: skipped; an impossible end only falls back to an hour") {
        const FeedResult feed = read_meeting_feed(fixture("impossible_time.json"), with_fellowship(Fellowship::AA));
        CHECK(feed.records == 3);
        CHECK(feed.meetings.size() == 2);
        CHECK(feed.skipped() == 1);
        const FeedProblem& p = problem_with_code(feed, "bad_time");
        CHECK(p.where == "meeting [2] (slug \"late-night\")");
        CHECK(p.skipped);
        CHECK(p.message.find("\"25:00\"") != std::string::npos);
        const FeedProblem& end = problem_with_code(feed, "bad_end_time");
        CHECK(end.where == "meeting [1] (slug \"evening-group\")");
        CHECK(meeting_with_id(feed, "evening-group").slots.at(0) == slot(Weekday::fri, "19:00", "20:00"));
    }
    SUBCASE("day 9: skipped; bad days in a list are dropped from it") {
        const FeedResult feed = read_meeting_feed(fixture("day_out_of_range.json"), with_fellowship(Fellowship::AA));
        CHECK(feed.meetings.size() == 2);
        const FeedProblem& p = problem_with_code(feed, "day_out_of_range");
        CHECK(p.where == "meeting [1] (slug \"ninth-day\")");
        CHECK(p.skipped);
        CHECK(p.message.find("9") != std::string::npos);
        const Meeting& some = meeting_with_id(feed, "some-good-days");
        REQUIRE(some.slots.size() == 2);
        CHECK(some.slots[0].weekday == Weekday::mon);
        CHECK(some.slots[1].weekday == Weekday::wed);
        CHECK(feed.warnings_with_code("day_out_of_range") == 2);
        CHECK(meeting_with_id(feed, "sunday-serenity").slots.at(0) == slot(Weekday::sun, "18:00", "19:30"));
    }
}

TEST_CASE("plain CSV: quoted fields, day lists, grid references, and line numbers in warnings") {
    const FeedResult feed = read_meeting_feed(fixture("hand_kept.csv"));
    CHECK(feed.format == FeedFormat::csv);
    CHECK(feed.records == 7);  // the blank line is not a meeting
    CHECK(feed.meetings.size() == 5);

    const Meeting& na = meeting_with_id(feed, "oldbury-na-1");
    CHECK(na.fellowship == Fellowship::NA);
    CHECK(na.slots.at(0) == slot(Weekday::tue, "19:30", "21:00"));
    CHECK(na.address == "Oldbury Road, Oldbury");
    CHECK(na.postcode == "B69 3DE");
    REQUIRE(na.location);
    CHECK(na.location->lat == doctest::Approx(52.5013));
    CHECK(na.type_codes == std::vector<std::string>{"O", "WC"});
    CHECK(na.flags.open);

    const Meeting& smart = meeting_with_id(feed, "smethwick-smart");
    CHECK(smart.fellowship == Fellowship::SMART);
    CHECK(smart.fellowship_text == "SMART Recovery");
    REQUIRE(smart.slots.size() == 2);
    CHECK(smart.slots[0] == slot(Weekday::tue, "18:00", "19:00"));  // no end: an hour
    CHECK(smart.slots[1] == slot(Weekday::thu, "18:00", "19:00"));
    CHECK(smart.slots_text() == "Tue 18:00-19:00; Thu 18:00-19:00");
    CHECK(smart.address == "1 High St\nSmethwick");
    CHECK(smart.flags.open);
    CHECK(smart.flags.wheelchair);
    CHECK_FALSE(smart.location);

    const Meeting& tipton = meeting_with_id(feed, "tipton-aa");
    CHECK(tipton.name == "Tipton AA \"Keep It Simple\"");
    CHECK(tipton.slots.at(0).end_day() == Weekday::mon);
    CHECK(tipton.source.line == 5);  // the record before it spans two lines
    REQUIRE(tipton.location);
    CHECK(tipton.location->x == doctest::Approx(395100));
    CHECK(tipton.location->lon == doctest::Approx(-2.07).epsilon(0.01));
    CHECK(tipton.location->lat == doctest::Approx(52.53).epsilon(0.01));
    CHECK(tipton.flags.closed);

    CHECK(meeting_with_id(feed, "online-ca").attendance == Attendance::online);
    const Meeting& appointment = meeting_with_id(feed, "by-appointment");
    CHECK(appointment.fellowship == Fellowship::AlAnon);
    CHECK(appointment.slots.empty());
    CHECK(appointment.source.line == 10);

    const FeedProblem& day = problem_with_code(feed, "bad_day");
    CHECK(day.where == "line 7 (id \"bad-day\")");
    CHECK(day.skipped);
    const FeedProblem& time = problem_with_code(feed, "bad_time");
    CHECK(time.where == "line 8 (id \"bad-time\")");
    CHECK(time.skipped);
    CHECK(feed.notes.front() == "columns not used: town");
}

TEST_CASE("CSV format errors: missing columns and unterminated quotes") {
    CHECK_THROWS_AS((void)read_meeting_feed_text("name,start\nX,19:00\n", "no_day.csv"), DataError);
    try {
        (void)read_meeting_feed_text("name,weekday,start\n\"Unclosed,Tue,19:00\n", "open_quote.csv");
        FAIL("expected a DataError");
    } catch (const DataError& e) {
        CHECK(std::string(e.what()).find("open_quote.csv: line 2") != std::string::npos);
    }
    CHECK_THROWS_AS((void)read_meeting_feed("/nonexistent/feed.json"), ArgumentError);
    CHECK_THROWS_AS((void)read_meeting_feed_text("  \n", "empty.json"), DataError);
    CHECK_THROWS_AS((void)read_meeting_feed_text("{\"not\": \"meetings\"}", "object.json",
                                                 FeedOptions{FeedFormat::meeting_guide, std::nullopt, ""}),
                    DataError);
}

TEST_CASE("postcodes are normalised for lookups") {
    CHECK(normalise_meeting_postcode("b693de") == "B69 3DE");
    CHECK(normalise_meeting_postcode(" B69  3DE ") == "B69 3DE");
    CHECK(normalise_meeting_postcode("ec4n7bw") == "EC4N 7BW");
    CHECK(normalise_meeting_postcode("B69 3") == "B69 3");
    CHECK(normalise_meeting_postcode("19971") == "19971");
}

TEST_CASE("placing: feed coordinates, then the postcode lookup; online meetings counted apart") {
    FeedResult feed = read_meeting_feed(fixture("hand_kept.csv"));
    int asked = 0;
    const MeetingPostcodeLookup lookup = [&](const std::string& postcode) -> std::optional<MeetingLocation> {
        ++asked;
        if (postcode == "B66 1AA") return MeetingLocation{-1.97, 52.49, 401000.0, 288000.0};
        return std::nullopt;
    };
    const GridProjection grid = [](double lon, double lat) -> std::optional<std::pair<double, double>> {
        return std::make_pair(lon * 1000, lat * 1000);
    };
    const PlacementSummary s = place_meetings(feed.meetings, lookup, grid);
    CHECK(s.from_feed == 2);      // lat/lon, and easting/northing
    CHECK(s.from_postcode == 1);  // Smethwick
    CHECK(s.online_only == 1);
    CHECK(s.unplaced == 1);       // the Al-Anon meeting's B70 7PG is not in this lookup
    CHECK(asked == 2);
    REQUIRE(s.unplaced_meetings.size() == 1);
    CHECK(s.unplaced_meetings[0].first.find("line 10") != std::string::npos);
    CHECK(s.unplaced_meetings[0].second.find("B70 7PG") != std::string::npos);

    const Meeting& smart = meeting_with_id(feed, "smethwick-smart");
    CHECK(smart.placed_by == Placement::postcode);
    CHECK(*smart.location->x == doctest::Approx(401000.0));
    const Meeting& na = meeting_with_id(feed, "oldbury-na-1");
    CHECK(na.placed_by == Placement::feed);
    CHECK(*na.location->x == doctest::Approx(-2014.5));  // the projection above
    CHECK(*meeting_with_id(feed, "tipton-aa").location->x == doctest::Approx(395100));  // kept as given
    CHECK_FALSE(meeting_with_id(feed, "online-ca").location);
    CHECK(meeting_with_id(feed, "by-appointment").unplaced_reason.find("not in the postcodes layer") !=
          std::string::npos);

    // Without any lookup the reason says so.
    FeedResult again = read_meeting_feed(fixture("hand_kept.csv"));
    const PlacementSummary none = place_meetings(again.meetings, {});
    CHECK(none.unplaced == 2);
    CHECK(meeting_with_id(again, "smethwick-smart").unplaced_reason.find("no postcode lookup") != std::string::npos);
}

TEST_CASE("the written layer: one feature per slot, readable by the manifest's meetings role") {
    ScratchDir dir("meeting_layer");
    FeedResult feed = read_meeting_feed(fixture("hand_kept.csv"));
    (void)place_meetings(feed.meetings, {});
    const std::string geojson = (dir.path / "meetings.geojson").string();
    const std::string gpkg = (dir.path / "meetings.gpkg").string();
    const std::size_t written = write_meeting_layers(feed.meetings, geojson, gpkg);
    CHECK(written == 6);  // five meetings, one of them on two days
    CHECK(fs::exists(geojson));
    CHECK(fs::exists(gpkg));
    for (const auto& entry : fs::directory_iterator(dir.path)) {
        CHECK_MESSAGE(entry.path().string().find(".tmp") == std::string::npos, "left behind: " << entry.path());
    }

    // RFC 7946: lon/lat, no crs member.
    std::ifstream in(geojson);
    const nlohmann::json doc = nlohmann::json::parse(in);
    CHECK_FALSE(doc.contains("crs"));
    REQUIRE(doc["features"].size() == 6);
    const auto& smart_tue = doc["features"][1]["properties"];
    CHECK(smart_tue["meeting_id"] == "smethwick-smart#1");
    CHECK(smart_tue["feed_id"] == "smethwick-smart");
    CHECK(smart_tue["weekday"] == "Tue");
    CHECK(smart_tue["slots"] == "Tue 18:00-19:00; Thu 18:00-19:00");
    CHECK(smart_tue["wheelchair"] == true);
    const auto& na = doc["features"][0];
    CHECK(na["properties"]["meeting_id"] == "oldbury-na-1");
    CHECK(na["properties"]["start"] == "19:30");
    CHECK(na["properties"]["end"] == "21:00");
    CHECK(na["properties"]["fellowship"] == "NA");
    CHECK(na["geometry"]["coordinates"][0].get<double>() == doctest::Approx(-2.0145));
    CHECK(na["geometry"]["coordinates"][1].get<double>() == doctest::Approx(52.5013));

    // Both files through the Layer API as a manifest would read them (id <- meeting_id).
    const WorkingCrs crs = choose_working_crs("EPSG:27700", std::nullopt);
    for (const std::string& path : {geojson, gpkg}) {
        LayerSpec spec;
        spec.name = "meetings";
        spec.role = Role::meetings;
        spec.source = spec.source_as_written = path;
        spec.fields = {{"id", "meeting_id"}};
        const Layer layer = read_layer(spec, crs);
        CHECK_MESSAGE(layer.usable(), path);
        CHECK(layer.features.size() == 6);
        for (const auto& problem : layer.problems) CHECK_MESSAGE(problem.code == "no_geometry", describe(layer, problem));
        const Feature& f = layer.features.front();
        CHECK(layer.text(f, "id") == "oldbury-na-1");
        CHECK(layer.text(f, "weekday") == "Tue");
        CHECK(layer.text(f, "start") == "19:30");
        CHECK(layer.text(f, "attendance") == "in_person");
        CHECK(layer.text(f, "types") == "O,WC");
        CHECK(layer.text(f, "postcode") == "B69 3DE");
    }

    // The same inputs give byte-identical files.
    const std::string geojson2 = (dir.path / "again.geojson").string();
    const std::string gpkg2 = (dir.path / "again.gpkg").string();
    (void)write_meeting_layers(feed.meetings, geojson2, gpkg2);
    auto bytes = [](const std::string& p) {
        std::ifstream f(p, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(f), {});
    };
    CHECK(bytes(geojson) == bytes(geojson2));
    CHECK(bytes(gpkg) == bytes(gpkg2));
}

TEST_CASE("the embedded Sandwell meetings layer round-trips through the plain CSV format unchanged") {
    const std::string layer_path = std::string(ROISC_SOURCE_DIR) + "/layers/sandwell/meetings.geojson";
    REQUIRE(fs::exists(layer_path));
    std::ifstream in(layer_path);
    const nlohmann::json original = nlohmann::json::parse(in);
    const auto& features = original["features"];
    REQUIRE(features.size() > 0);

    // Layer -> plain CSV, column for column.
    const char* columns[] = {"meeting_id", "name", "fellowship", "weekday", "start", "end", "venue",
                             "address",    "postcode", "attendance", "types"};
    std::string csv = "id,name,fellowship,weekday,start,end,venue,address,postcode,attendance,types,lat,lon\n";
    for (const auto& f : features) {
        std::string row;
        for (const char* c : columns) row += (row.empty() ? "" : ",") + csv_escape(text_or_empty(f["properties"], c));
        if (f["geometry"].is_null()) {
            row += ",,";
        } else {
            row += "," + f["geometry"]["coordinates"][1].dump() + "," + f["geometry"]["coordinates"][0].dump();
        }
        csv += row + "\n";
    }
    FeedResult feed = read_meeting_feed_text(csv, "sandwell_meetings.csv");
    CHECK(feed.problems.empty());
    REQUIRE(feed.meetings.size() == features.size());
    (void)place_meetings(feed.meetings, {});

    // CSV -> layer, and compare every normalised field and every point.
    ScratchDir dir("round_trip");
    const std::string geojson = (dir.path / "meetings.geojson").string();
    REQUIRE(write_meeting_layers(feed.meetings, geojson, "") == features.size());
    std::ifstream back_in(geojson);
    const nlohmann::json back = nlohmann::json::parse(back_in);
    REQUIRE(back["features"].size() == features.size());
    for (std::size_t i = 0; i < features.size(); ++i) {
        const auto& a = features[i];
        const auto& b = back["features"][i];
        for (const char* c : columns) {
            CHECK_MESSAGE(text_or_empty(a["properties"], c) == text_or_empty(b["properties"], c),
                          "feature " << i << " field " << c);
        }
        CHECK(a["geometry"].is_null() == b["geometry"].is_null());
        if (!a["geometry"].is_null() && !b["geometry"].is_null()) {
            CHECK(a["geometry"]["coordinates"][0].get<double>() ==
                  doctest::Approx(b["geometry"]["coordinates"][0].get<double>()).epsilon(1e-9));
            CHECK(a["geometry"]["coordinates"][1].get<double>() ==
                  doctest::Approx(b["geometry"]["coordinates"][1].get<double>()).epsilon(1e-9));
        }
    }
}
