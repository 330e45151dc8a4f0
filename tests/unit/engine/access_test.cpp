#include "roisc/io/study_loader.hpp"
#include "roisc/core/error.hpp"
#include "roisc/core/units.hpp"
#include "roisc/engine/access.hpp"
#include "roisc/io/place.hpp"
#include "roisc/io/manifest.hpp"

#include "../support/study_fixtures.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <random>

using namespace roisc;

namespace {

Meeting meeting(const std::string& id, const std::string& fellowship, double x, double y, const std::string& slot,
                    const std::string& attendance = "in_person", std::vector<std::string> types = {}) {
    Meeting m;
    m.id = m.name = id;
    m.fellowship = *fellowship_from_text(fellowship);
    m.attendance = *attendance_from_text(attendance);
    m.type_codes = std::move(types);
    if (attendance != "online") m.at = Point{x, y};
    const TimeWindow w = TimeWindow::parse(slot);
    const auto& iv = w.intervals().front();
    m.slots.push_back(WeeklySlot::from_clock(weekday_from_index(iv.begin / minutes_per_day), iv.begin % minutes_per_day,
                                             iv.end % minutes_per_day));
    return m;
}

using test::square;

// Two 10 km towns side by side; meetings at known distances from hotspots.
Study sample_study() {
    Study s;
    s.name = "Testshire";
    s.crs = choose_working_crs("EPSG:27700", std::nullopt);
    s.towns.push_back({"west", "West", "town", "", square(0, 0, 10000)});
    s.towns.push_back({"east", "East", "town", "", square(10000, 0, 10000)});
    s.cohorts = {"opiate", "alcohol_only"};
    s.hotspots.push_back({"H1", "West", {1000, 1000}, {10, 4}});
    s.hotspots.push_back({"H2", "West", {9000, 9000}, {7, 0}});
    s.hotspots.push_back({"H3", "East", {15000, 5000}, {20, 30}});
    s.meetings.push_back(meeting("na-near-h1", "NA", 1000, 2000, "Tue 19:00-20:30"));           // 1 km from H1
    s.meetings.push_back(meeting("aa-at-h3", "AA", 15000, 5000, "Mon 19:30-21:00"));            // at H3
    s.meetings.push_back(meeting("na-sat", "NA", 15000, 7000, "Sat 10:00-11:00", "in_person", {"W"}));  // 2 km from H3
    s.meetings.push_back(meeting("na-online", "NA", 0, 0, "Wed 20:00-21:00", "online"));
    s.meetings.push_back(meeting("na-late", "Narcotics Anonymous", 9000, 9500, "Fri 21:30-22:30"));  // 500 m from H2
    return s;
}

}  // namespace

TEST_CASE("the meeting filter: fellowship, attendance, type and whole-slot time window") {
    const Study s = sample_study();
    MeetingFilter na;
    na.fellowships = FellowshipSet::parse("na");
    CHECK(na.accepts(s.meetings[0]));
    CHECK_FALSE(na.accepts(s.meetings[1]));          // AA
    CHECK_FALSE(na.accepts(s.meetings[3]));          // online-only, not counted for physical reach
    CHECK(na.accepts(s.meetings[4]));                // "Narcotics Anonymous" is NA
    MeetingFilter online = na;
    online.include_online = true;
    CHECK(online.accepts(s.meetings[3]));
    MeetingFilter women = na;
    women.types = {"w"};
    CHECK(women.accepts(s.meetings[2]));
    CHECK_FALSE(women.accepts(s.meetings[0]));
    MeetingFilter evenings = na;
    evenings.window = TimeWindow::parse("weekday-evenings");
    CHECK(evenings.accepts(s.meetings[0]));          // Tue 19:00-20:30 lies inside Mon-Fri 17-22
    CHECK_FALSE(evenings.accepts(s.meetings[2]));    // Saturday
    CHECK_FALSE(evenings.accepts(s.meetings[4]));    // Fri 21:30-22:30 runs past 22:00
}

TEST_CASE("nearest eligible meeting respects the filter and measures straight-line metres") {
    const Study s = sample_study();
    const MeetingIndex index(s.meetings);
    MeetingFilter na;
    na.fellowships = FellowshipSet::parse("NA");
    const auto h3 = index.nearest(s.hotspots[2].at, na);
    REQUIRE(h3);
    CHECK(s.meetings[h3->meeting].id == "na-sat");  // the AA meeting on the spot is skipped
    CHECK(h3->distance == doctest::Approx(2000));
    MeetingFilter aa;
    aa.fellowships = FellowshipSet::parse("AA");
    CHECK(index.nearest(s.hotspots[0].at, aa)->distance == doctest::Approx(std::hypot(14000, 4000)));
    MeetingFilter none;
    none.fellowships = FellowshipSet::parse("CA");
    CHECK_FALSE(index.nearest(s.hotspots[0].at, none).has_value());
}

TEST_CASE("nearest_all gives every point the distance nearest() gives, with any number of threads") {
    // Meetings on a 1 km grid with jitter, some NA, some AA, some online; two NA at one place.
    std::mt19937 rng(5);
    std::uniform_real_distribution<double> u(0, 20000), jitter(-300, 300);
    std::vector<Meeting> meetings;
    for (int k = 0; k < 300; ++k) {
        const std::string f = k % 3 == 0 ? "AA" : "NA";
        meetings.push_back(meeting("m" + std::to_string(k), f, (k % 20) * 1000 + jitter(rng), (k / 20) * 1000 + jitter(rng),
                                   "Mon 19:00-20:00", k % 17 == 0 ? "online" : "in_person"));
    }
    meetings.push_back(meeting("twin", "NA", meetings[1].at->x, meetings[1].at->y, "Tue 19:00-20:00"));
    const MeetingIndex index(meetings);
    MeetingFilter na;
    na.fellowships = FellowshipSet::parse("NA");
    std::vector<Point> points;
    for (int i = 0; i < 5000; ++i) points.push_back({u(rng), u(rng)});
    points.push_back(*meetings[1].at);  // exactly on the shared place
    const auto one = index.nearest_all(points, na, 1);
    const auto two = index.nearest_all(points, na, 2);
    REQUIRE(one.size() == points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        CAPTURE(i);
        const auto single = index.nearest(points[i], na);
        REQUIRE(single);
        REQUIRE(one[i]);
        REQUIRE(two[i]);
        CHECK(one[i]->distance == single->distance);
        CHECK(one[i]->meeting == single->meeting);  // the same meeting, ties included
        CHECK(one[i]->meeting == two[i]->meeting);  // results never depend on the threads
        CHECK(na.accepts(meetings[one[i]->meeting]));
    }
    // On the shared place: the first accepted meeting there in the study's order.
    CHECK(one.back()->meeting == 1);
    CHECK(one.back()->distance == 0);
}

TEST_CASE("ties for the nearest meeting go to the first in the study's order, in nearest and nearest_all alike") {
    // Around the origin: four NA meetings at 5 m (at (3,4), (4,3), (-5,0), (0,-5)), listed so that
    // the first in the study's order is neither the first nor the last an index would meet; an AA
    // meeting nearer still (not accepted); two NA meetings sharing the place (4,3); and a ring of
    // twelve meetings at exactly 10 m around (100,100), more than the first query asks for.
    std::vector<Meeting> meetings;
    meetings.push_back(meeting("aa-near", "AA", 1, 1, "Mon 19:00-20:00"));
    meetings.push_back(meeting("na-far", "NA", 50, 50, "Mon 19:00-20:00"));
    meetings.push_back(meeting("na-west", "NA", -5, 0, "Mon 19:00-20:00"));
    meetings.push_back(meeting("na-north-east", "NA", 3, 4, "Mon 19:00-20:00"));
    meetings.push_back(meeting("na-east-north", "NA", 4, 3, "Mon 19:00-20:00"));
    meetings.push_back(meeting("na-south", "NA", 0, -5, "Mon 19:00-20:00"));
    meetings.push_back(meeting("na-east-north-twin", "NA", 4, 3, "Tue 19:00-20:00"));
    const double ring[12][2] = {{10, 0}, {-10, 0}, {0, 10}, {0, -10}, {6, 8}, {8, 6}, {-6, 8}, {-8, 6},
                                {6, -8}, {8, -6}, {-6, -8}, {-8, -6}};
    for (int k = 11; k >= 0; --k) {  // listed in reverse, so the study's order is not the index's
        meetings.push_back(meeting("ring" + std::to_string(k), "NA", 100 + ring[k][0], 100 + ring[k][1], "Mon 19:00-20:00"));
    }
    const MeetingIndex index(meetings);
    MeetingFilter na;
    na.fellowships = FellowshipSet::parse("NA");
    const std::vector<Point> points = {{0, 0}, {4, 3}, {100, 100}, {102, 101}};
    const auto all = index.nearest_all(points, na, 1);
    auto id_of = [&](const std::optional<MeetingIndex::Hit>& hit) { return hit ? meetings[hit->meeting].id : std::string("none"); };
    CHECK(id_of(all[0]) == "na-west");
    CHECK(all[0]->distance == 5);
    CHECK(id_of(index.nearest(points[0], na)) == "na-west");
    CHECK(id_of(all[1]) == "na-east-north");  // two at one place: the first listed
    CHECK(id_of(index.nearest(points[1], na)) == "na-east-north");
    CHECK(id_of(all[2]) == "ring11");  // twelve at 10 m: the first listed
    CHECK(all[2]->distance == 10);
    CHECK(id_of(index.nearest(points[2], na)) == "ring11");
    CHECK(id_of(all[3]) == id_of(index.nearest(points[3], na)));
}

TEST_CASE("within lists accepted meetings inside the radius, nearest first") {
    const Study s = sample_study();
    const MeetingIndex index(s.meetings);
    MeetingFilter na;
    na.fellowships = FellowshipSet::parse("NA");
    const auto hits = index.within({15000, 5000}, 2000, na);
    REQUIRE(hits.size() == 1);
    CHECK(s.meetings[hits[0].meeting].id == "na-sat");
    CHECK(index.within({15000, 5000}, 1999.9, na).empty());
    MeetingFilter any;
    const auto all = index.within({9000, 9000}, 20000, any);
    REQUIRE(all.size() == 4);  // every physical meeting; the online one has no place
    for (std::size_t i = 1; i < all.size(); ++i) CHECK(all[i - 1].distance <= all[i].distance);
}

TEST_CASE("coverage by town sums demand by cohort, covered and not") {
    const Study s = sample_study();
    const MeetingIndex index(s.meetings);
    MeetingFilter na;
    na.fellowships = FellowshipSet::parse("NA");
    const auto access = assess_access(s, index, na, 1500);
    CHECK(access[0].covered);        // 1 km
    CHECK(access[1].covered);        // 500 m
    CHECK_FALSE(access[2].covered);  // 2 km
    const auto rows = coverage_by_town(s, access);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].area == "West");
    CHECK(rows[0].demand_total() == 21);
    CHECK(rows[0].covered_total() == 21);
    CHECK(rows[1].area == "East");
    CHECK(rows[1].covered_total() == 0);
    CHECK(rows[2].area == "Testshire");
    CHECK(rows[2].demand == std::vector<long long>{37, 34});
    CHECK(rows[2].covered == std::vector<long long>{17, 4});
}

TEST_CASE("coverage areas are dissolved buffers and gaps are towns minus them") {
    const Study s = sample_study();
    MeetingFilter na;
    na.fellowships = FellowshipSet::parse("NA");
    na.window = TimeWindow::parse("Sat 09:00-12:00");
    GeometryPtr covered = coverage_area(s, na, 1000);  // one meeting: a 1 km disc
    const double disc = covered->toPolygon()->get_Area();
    CHECK(disc == doctest::Approx(M_PI * 1e6).epsilon(0.002));
    const auto gaps = gap_areas(s, covered.get());
    REQUIRE(gaps.size() == 2);
    CHECK(gaps[0].area_km2 == doctest::Approx(100));                 // West untouched
    CHECK(gaps[1].area_km2 == doctest::Approx(100 - M_PI).epsilon(0.001));
}

TEST_CASE("the plan's facts on the embedded default") {
    const Manifest m = load_manifest(std::string(ROISC_SOURCE_DIR) + "/layers/sandwell/manifest.toml");
    const Study s = load_study(m, {false, true, true});
    int aa_in = 0, na_in = 0;
    for (const auto& meeting : s.meetings) {
        if (!meeting.in_study) continue;
        if (meeting.fellowship == Fellowship::AA) ++aa_in;
        if (meeting.fellowship == Fellowship::NA) ++na_in;
    }
    CHECK(aa_in == 3);
    CHECK(na_in == 0);
    const MeetingIndex index(s.meetings);
    MeetingFilter na;
    na.fellowships = FellowshipSet::parse("NA");
    const auto hits = index.within(resolve_place("B69 3DE", m, s).at, 5 * metres_per_mile, na);
    CHECK(hits.size() == 9);
    for (const auto& h : hits) CHECK_FALSE(s.meetings[h.meeting].in_study);
}
