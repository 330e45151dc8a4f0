// The officer's shortlist (rank --list) and the officer's choice of venues (--exclude, --require,
// --known-hours-only, --near-stops) on a hand-built study with known answers.
#include "roisc/core/crs.hpp"
#include "roisc/core/error.hpp"
#include "roisc/engine/access.hpp"
#include "roisc/engine/directory.hpp"
#include "roisc/engine/protected_demand.hpp"
#include "roisc/engine/rank.hpp"
#include "roisc/engine/shortlist.hpp"

#include "../support/study_fixtures.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <regex>

using namespace roisc;

namespace {

using test::square;

Meeting na_meeting(const std::string& id, double x, double y, Weekday day) {
    Meeting m;
    m.id = m.name = id;
    m.fellowship = Fellowship::NA;
    m.at = Point{x, y};
    m.slots.push_back(WeeklySlot::from_clock(day, 19 * 60, 20 * 60 + 30));
    return m;
}

Venue venue(const std::string& id, const std::string& town, double x, double y, bool hours) {
    Venue v;
    v.id = id;
    v.name = "Venue " + id;
    v.kind = id.rfind("lib", 0) == 0 ? "library" : "gp_practice";
    v.town = town;
    v.at = {x, y};
    v.address = id == "lib-a" ? "1 High Street" : "";
    v.postcode = id == "lib-a" ? "B69 3DE" : "";
    // Libraries: open 09:00-21:00 every day but Sunday (closed); GPs: hours unknown.
    v.hours.assign(7, std::nullopt);
    if (hours) {
        for (int d = 0; d < 6; ++d) v.hours[static_cast<std::size_t>(d)] = std::string("09:00-21:00");
        v.hours[6] = std::string("");
    }
    return v;
}

// Two 10 km towns. Reach 1 km (a distance). An NA meeting covers H0 today and meets on Monday
// 800 m from lib-a. Hotspots beyond reach: H1 (20) and H2 (3: hidden) by lib-a; H3 (12) by gp-b
// and lib-c; H4 (30) by gp-d in East.
Study sample() {
    Study s;
    s.name = "Testshire";
    s.crs = choose_working_crs("EPSG:27700", std::nullopt);
    s.towns.push_back({"west", "West", "town", "", square(0, 0, 10000)});
    s.towns.push_back({"east", "East", "town", "", square(10000, 0, 10000)});
    s.cohorts = {"opiate"};
    s.hotspots.push_back({"H0", "West", {5000, 9000}, {40}});
    s.hotspots.push_back({"H1", "West", {1000, 1000}, {20}});
    s.hotspots.push_back({"H2", "West", {1500, 1000}, {3}});
    s.hotspots.push_back({"H3", "West", {6000, 5000}, {12}});
    s.hotspots.push_back({"H4", "East", {15000, 5000}, {30}});
    s.meetings.push_back(na_meeting("na-h0", 5000, 9200, Weekday::tue));
    s.meetings.push_back(na_meeting("na-west", 1200, 1800, Weekday::mon));  // 800 m from lib-a; also reaches H1
    s.venues.push_back(venue("lib-a", "West", 1200, 1000, true));   // reaches H1, H2
    s.venues.push_back(venue("gp-b", "West", 6000, 5300, false));   // reaches H3
    s.venues.push_back(venue("lib-c", "West", 6000, 4700, true));   // reaches H3
    s.venues.push_back(venue("gp-d", "East", 15000, 5200, false));  // reaches H4
    s.venues.push_back(venue("lib-out", "", 30000, 5000, true));    // outside the study
    s.stops.push_back({"s1", "High Street", "bus", {1200, 1200}});  // 200 m from lib-a
    s.stops.push_back({"s2", "Market", "bus", {6000, 4000}});       // 700 m from lib-c, 1300 m from gp-b
    return s;
}

// The test study's meeting na-west lies 800 m from H1: move it so H1 is beyond reach today.
Study study_for_list() {
    Study s = sample();
    s.meetings[1].at = Point{1200, 2100};  // 1.1 km from lib-a and H1
    return s;
}

RankQuery query(int picks) {
    RankQuery q;
    q.existing.fellowships = FellowshipSet({Fellowship::NA});
    q.reach.text = "1km";
    q.reach.metres = 1000;
    q.new_meetings = picks;
    return q;
}

RankResult rank(const Study& s, const RankQuery& q) {
    const MeetingIndex index(s.meetings);
    return rank_venues(s, index, q, assess_access(s, index, q.existing, q.reach.metres));
}

}  // namespace

TEST_CASE("stops_near: the directory's rule, nearest first, at most n") {
    const Study s = sample();
    const auto near = stops_near(s, {6000, 4700}, 1000, 3);
    REQUIRE(near.size() == 1);
    CHECK(s.stops[near[0].stop].id == "s2");
    CHECK(near[0].distance_m == doctest::Approx(700));
    CHECK(stops_near(s, {6000, 4700}, 699, 3).empty());
    CHECK(stops_near(s, {6000, 4700}, 1e9, 1).size() == 1);
}

TEST_CASE("the shortlist lists every eligible venue by town with its own reach, free evenings and stops") {
    const Study s = study_for_list();
    const RankQuery q = query(1);
    const RankResult r = rank(s, q);
    CHECK(r.eligible.size() == 4);
    REQUIRE(r.not_eligible.size() == 1);
    CHECK(s.venues[r.not_eligible[0].venue].id == "lib-out");
    CHECK(r.not_eligible[0].reason == "it lies outside Testshire");

    const ProtectedDemand none(s, DisclosurePolicy::none());
    ShortlistQuery sq;
    sq.stop_walk_m = 1000;
    sq.stop_detour = 1.25;
    const Shortlist list = build_shortlist(s, q, r, none, sq);
    CHECK(list.venues == 4);
    REQUIRE(list.towns.size() == 2);
    CHECK(list.towns[0].name == "West");
    CHECK(list.towns[1].name == "East");
    REQUIRE(list.towns[0].venues.size() == 3);
    // Most people first: lib-a 23 (H1 + H2), then gp-b and lib-c 12 each, by name.
    const auto& a = list.towns[0].venues[0];
    CHECK(s.venues[a.venue].id == "lib-a");
    CHECK(a.people.published == 23);
    CHECK(a.people.exact());
    CHECK(s.venues[list.towns[0].venues[1].venue].id == "gp-b");
    CHECK(s.venues[list.towns[0].venues[2].venue].id == "lib-c");
    CHECK(list.towns[0].venues[1].people.published == 12);
    CHECK(list.towns[1].venues[0].people.published == 30);
    // Rank's single pick is gp-d (30 people): the list says so.
    REQUIRE(list.towns[1].venues[0].pick);
    CHECK(*list.towns[1].venues[0].pick == 1);
    CHECK_FALSE(a.pick);
    // Hours: libraries known, GPs unknown.
    CHECK(a.hours_known);
    CHECK_FALSE(list.towns[0].venues[1].hours_known);
    // Free evenings: lib-a is open Mon-Sat until 21:00 (a 90-minute slot starts by 19:30); the NA
    // meeting 1.1 km away is out of reach, so Monday is free too; Sunday closed.
    REQUIRE(a.free_evenings.size() == 6);
    CHECK(a.free_evenings[0].to_string() == "Mon 19:00-20:30");
    CHECK(a.free_evenings[5].to_string() == "Sat 19:00-20:30");
    // Stops: the walk is the straight line × the detour; lib-c's stop 700 m × 1.25 = 875 m; gp-b's
    // 1300 m × 1.25 is beyond the 1000 m walk.
    REQUIRE(a.stops.size() == 1);
    CHECK(a.stops[0].walk_m == doctest::Approx(250));
    CHECK(list.towns[0].venues[2].stops.at(0).walk_m == doctest::Approx(875));
    CHECK(list.towns[0].venues[1].stops.empty());
}

TEST_CASE("a free evening is never a day a meeting of the fellowship within reach meets") {
    Study s = study_for_list();
    s.meetings[1].at = Point{1200, 1800};  // 800 m from lib-a: its Monday is taken
    const RankQuery q = query(1);
    const RankResult r = rank(s, q);
    const auto days = fellowship_days_near(s, q, s.venues[0].at);
    CHECK(days[0] == "na-west");
    CHECK(days[1].empty());
    const Shortlist list = build_shortlist(s, q, r, ProtectedDemand(s, DisclosurePolicy::none()), {});
    for (const auto& t : list.towns) {
        for (const auto& v : t.venues) {
            if (s.venues[v.venue].id != "lib-a") continue;
            REQUIRE(v.free_evenings.size() == 5);
            CHECK(v.free_evenings[0].weekday == Weekday::tue);
        }
    }
}

TEST_CASE("reaches on its own is disclosure controlled: no hidden count, none recovered by subtraction") {
    const Study s = study_for_list();
    const RankQuery q = query(1);
    const RankResult r = rank(s, q);
    const DisclosurePolicy policy = DisclosurePolicy::standard();
    const ProtectedDemand demand(s, policy);
    const Shortlist list = build_shortlist(s, q, r, demand, {});
    const std::regex small("(^|[^0-9])[1-4]($|[^0-9])");
    long long sum_shown = 0;
    for (const auto& t : list.towns) {
        for (const auto& v : t.venues) {
            const std::string text = v.people.text(policy);
            CHECK_FALSE(std::regex_search(text, small));
            // The figure is the sum of the published cells of the hotspots it reaches: a difference of
            // two figures is a difference of published cells, never a hidden one.
            long long published = 0;
            std::size_t hidden = 0;
            for (std::size_t h : v.reaches) {
                const ProtectedCell& c = demand.hotspot(h).total;
                if (c.is_suppressed()) ++hidden;
                else published += *c.published().value();
            }
            CHECK(v.people.published == published);
            CHECK(v.people.hidden == hidden);
            sum_shown += v.people.published;
        }
    }
    // H2 (3 people) is hidden: lib-a reaches H1 and H2, and shows H1's published cell plus the marker.
    const auto& a = list.towns[0].venues[0];
    REQUIRE(s.venues[a.venue].id == "lib-a");
    CHECK_FALSE(a.people.exact());
    CHECK(a.people.text(policy).find("+*") != std::string::npos);
    CHECK(a.people.published != 23);
    CHECK(sum_shown > 0);
}

TEST_CASE("--exclude, --known-hours-only and --near-stops leave venues out, with the reason") {
    const Study s = study_for_list();
    RankQuery q = query(1);
    q.exclude_venues = {"gp-d"};
    RankResult r = rank(s, q);
    CHECK(r.eligible.size() == 3);
    CHECK(r.excluded_by_choice == 1);
    CHECK(std::any_of(r.not_eligible.begin(), r.not_eligible.end(),
                      [&](const VenueNotEligible& n) { return s.venues[n.venue].id == "gp-d" && n.by_choice; }));
    for (const auto& p : r.picks) CHECK(s.venues[p.venue].id != "gp-d");

    q = query(1);
    q.known_hours_only = true;
    r = rank(s, q);
    CHECK(r.eligible.size() == 2);  // lib-a, lib-c
    CHECK(r.hours_unknown.empty());

    q = query(1);
    q.near_stop_walk_m = 400;
    q.stop_detour = 1.25;
    r = rank(s, q);
    REQUIRE(r.eligible.size() == 1);  // lib-a: 200 m × 1.25 = 250 m
    CHECK(s.venues[r.eligible[0]].id == "lib-a");
    const auto lib_c = std::find_if(r.not_eligible.begin(), r.not_eligible.end(),
                                    [&](const VenueNotEligible& n) { return s.venues[n.venue].id == "lib-c"; });
    REQUIRE(lib_c != r.not_eligible.end());
    CHECK(lib_c->reason == "no stop within a 400 m walk (the nearest, Market, is a 875 m walk)");
}

TEST_CASE("--require fixes a venue in the choice; unknown or ineligible ids are errors") {
    const Study s = study_for_list();
    RankQuery q = query(1);
    CHECK(s.venues[rank(s, q).picks.at(0).venue].id == "gp-d");
    q.require_venues = {"lib-c"};
    RankResult r = rank(s, q);
    REQUIRE(r.picks.size() == 1);
    CHECK(s.venues[r.picks[0].venue].id == "lib-c");
    CHECK(r.solution.objective == doctest::Approx(12));  // the requirement's weight is taken out again
    CHECK(r.solution.optimal);

    // Two picks with lib-c required: the best other is gp-d (30), not lib-a (23) nor gp-b (H3 again).
    q = query(2);
    q.require_venues = {"lib-c"};
    r = rank(s, q);
    REQUIRE(r.picks.size() == 2);
    std::vector<std::string> ids;
    for (const auto& p : r.picks) ids.push_back(s.venues[p.venue].id);
    CHECK(std::find(ids.begin(), ids.end(), "lib-c") != ids.end());
    CHECK(std::find(ids.begin(), ids.end(), "gp-d") != ids.end());
    CHECK(r.solution.objective == doctest::Approx(42));
    // Pick order is still by what each adds: gp-d (30) before the required lib-c (12), and a required
    // first pick would have no runner-up.
    CHECK(s.venues[r.picks[0].venue].id == "gp-d");
    CHECK(r.runner_up.has_value());
    q.require_venues = {"gp-d"};
    r = rank(s, q);
    CHECK(s.venues[r.picks.at(0).venue].id == "gp-d");
    CHECK_FALSE(r.runner_up.has_value());

    q = query(1);
    q.require_venues = {"lib-cc"};
    try {
        rank(s, q);
        FAIL("an unknown id must be refused");
    } catch (const QueryError& e) {
        CHECK(e.subject() == "the required venues");
        CHECK(std::string(e.what()).find("Did you mean lib-c") != std::string::npos);
    }
    q.require_venues = {"lib-out"};
    try {
        rank(s, q);
        FAIL("an ineligible required venue must be refused");
    } catch (const DataError& e) {
        CHECK(std::string(e.what()).find("it lies outside Testshire") != std::string::npos);
    }
    q = query(1);
    q.require_venues = {"lib-a", "lib-c"};
    CHECK_THROWS_AS(rank(s, q), QueryError);  // more required than new meetings
    q = query(2);
    q.max_per_town = 1;
    q.require_venues = {"lib-a", "lib-c"};
    CHECK_THROWS_WITH_AS(rank(s, q), doctest::Contains("over the per-town cap"), QueryError);
}

TEST_CASE("two venues whose reach differs by one hidden hotspot: their difference says nothing of it") {
    Study s = study_for_list();
    s.venues.push_back(venue("lib-e", "West", 300, 1000, true));  // reaches H1 only; lib-a reaches H1 and H2 (3: hidden)
    const RankQuery q = query(1);
    const RankResult r = rank(s, q);
    const DisclosurePolicy policy = DisclosurePolicy::standard();
    const ProtectedDemand demand(s, policy);
    const Shortlist list = build_shortlist(s, q, r, demand, {});
    const ShortlistVenue *a = nullptr, *e = nullptr;
    for (const auto& v : list.towns[0].venues) {
        if (s.venues[v.venue].id == "lib-a") a = &v;
        if (s.venues[v.venue].id == "lib-e") e = &v;
    }
    REQUIRE(a);
    REQUIRE(e);
    REQUIRE(e->reaches.size() == 1);
    REQUIRE(a->reaches.size() == 2);
    // The truth differs by H2's 3 people; the published figures differ by nothing published, and
    // the one that holds H2 says only that hidden people are left out of it.
    CHECK(a->people.published - e->people.published == 0);
    CHECK(a->people.hidden == e->people.hidden + 1);
    CHECK(a->people.text(policy) == e->people.text(policy) + "+*");
    // And the town's published total less every venue's figure never isolates H2 either: each
    // figure is published cells only, so the remainder is the town's hidden cells together.
    const ProtectedLine* west = demand.town("West");
    REQUIRE(west);
    std::size_t hidden_in_west = 0;
    for (std::size_t h = 0; h < s.hotspots.size(); ++h) {
        if (s.hotspots[h].town == "West" && demand.hotspot(h).total.is_suppressed()) ++hidden_in_west;
    }
    CHECK(hidden_in_west >= 2);  // secondary suppression: the town total cannot single out H2
}
