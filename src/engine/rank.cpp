// Ranking venues: builds the covering problem from a study (unreached hotspots, eligible venues),
// solves it and turns the answer into venues, meeting times and people reached.
#include "roisc/engine/rank.hpp"

#include "roisc/core/error.hpp"
#include "roisc/core/text.hpp"
#include "roisc/engine/directory.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

namespace roisc {

long long RankedPick::reached_total() const {
    long long t = 0;
    for (long long c : reached) t += c;
    return t;
}

std::vector<std::size_t> ReachRule::reached(const Point& from, const std::vector<Point>& to) const {
    std::vector<std::size_t> out;
    if (model) {
        for (const auto& mt : meetings_within(*model, from, to, seconds)) out.push_back(mt.meeting);
        std::sort(out.begin(), out.end());
    } else {
        for (std::size_t k = 0; k < to.size(); ++k) {
            if (distance(from, to[k]) <= metres) out.push_back(k);
        }
    }
    return out;
}

GeometryPtr ReachRule::catchment(const Point& at) const {
    if (model) return AccessTimes(*model, {at}).reachable_area(seconds);
    OGRPoint centre(at.x, at.y);
    return GeometryPtr(centre.Buffer(metres, 32));
}

std::vector<std::string> fellowship_days_near(const Study& study, const RankQuery& query, const Point& at) {
    // Meetings of the same fellowship at any time, in person.
    MeetingFilter same_fellowship;
    same_fellowship.fellowships = query.existing.fellowships;
    std::vector<Point> points;
    std::vector<std::size_t> sites;
    for (std::size_t m = 0; m < study.meetings.size(); ++m) {
        if (study.meetings[m].at && same_fellowship.accepts(study.meetings[m])) {
            points.push_back(*study.meetings[m].at);
            sites.push_back(m);
        }
    }
    std::vector<std::string> days(7);
    for (std::size_t k : query.reach.reached(at, points)) {
        const Meeting& near = study.meetings[sites[k]];
        for (const auto& s : near.slots) {
            auto& clash = days[static_cast<std::size_t>(day_index(s.weekday))];
            if (clash.empty()) clash = near.name;
        }
    }
    return days;
}

RankResult rank_venues(const Study& study, const MeetingIndex& index, const RankQuery& query,
                       std::vector<HotspotAccess> access) {
    if (query.existing.fellowships.members().size() != 1) {
        throw QueryError("the fellowship", "must be exactly one: new meetings are planned for one fellowship (e.g. NA).");
    }
    if (query.new_meetings < 1) {
        throw QueryError("the number of new meetings", "(" + std::to_string(query.new_meetings) + ") must be at least one.");
    }
    if (query.reach.by_time() ? !(query.reach.seconds > 0) : !(query.reach.metres > 0)) {
        throw QueryError("the reach", "must be more than zero.");
    }
    if (query.max_per_town < 0 || query.min_per_town < 0) {
        throw QueryError("the per-town limits", "must be zero (no limit) or more.");
    }
    if (access.size() != study.hotspots.size()) throw RuntimeFailure("rank: one access entry per hotspot expected");
    if (query.max_per_town > 0 && query.min_per_town > query.max_per_town) {
        throw QueryError("the per-town minimum", "(" + std::to_string(query.min_per_town) + ") is more than the per-town cap (" +
                                                     std::to_string(query.max_per_town) + "). Lower one of them.");
    }
    if (!query.cohort_weights.empty() && query.cohort_weights.size() != study.cohorts.size()) {
        throw RuntimeFailure("rank: one cohort weight per cohort expected");
    }
    if (!query.hotspot_weights.empty() && query.hotspot_weights.size() != study.hotspots.size()) {
        throw RuntimeFailure("rank: one hotspot weight per hotspot expected");
    }

    RankResult r;
    r.access = std::move(access);
    r.reached_by.assign(study.hotspots.size(), 0);
    for (const auto& a : r.access) {
        if (!a.covered) {
            r.unreached.push_back(a.hotspot);
            r.reached_by[a.hotspot] = -1;
        }
    }

    // Kinds asked for must exist, so a typo is not silently "no venue".
    std::set<std::string> kinds;
    for (const auto& v : study.venues) kinds.insert(v.kind);
    for (const auto& k : query.venue_kinds) {
        if (!kinds.count(k)) {
            std::string list;
            for (const auto& have : kinds) list += (list.empty() ? "" : ", ") + have;
            throw QueryError("the venue kinds", "include '" + k + "', which no venue of the venues layer has. Its kinds: " + list + ".");
        }
    }

    // Ids the officer named must be venues of the layer, so a typo is not silently "no venue".
    auto check_ids = [&](const std::vector<std::string>& ids, const char* subject) {
        for (const auto& id : ids) {
            if (std::any_of(study.venues.begin(), study.venues.end(), [&](const Venue& v) { return v.id == id; })) continue;
            const Venue* closest = nullptr;
            std::size_t best = 0;
            for (const auto& v : study.venues) {
                const std::size_t d = edit_distance(lower(id), lower(v.id));
                if (!closest || d < best) closest = &v, best = d;
            }
            throw QueryError(subject, "include '" + id + "', which is not a venue id of the venues layer." +
                                          (closest ? " Did you mean " + closest->id + " (" + closest->name + ")?" : std::string()));
        }
    };
    check_ids(query.exclude_venues, "the excluded venues");
    check_ids(query.require_venues, "the required venues");
    auto named = [](const std::vector<std::string>& ids, const Venue& v) { return std::find(ids.begin(), ids.end(), v.id) != ids.end(); };

    std::vector<OpeningHours>& hours = r.hours;
    std::vector<std::vector<WeeklySlot>>& slots = r.slots;
    hours.assign(study.venues.size(), {});
    slots.assign(study.venues.size(), {});
    for (std::size_t v = 0; v < study.venues.size(); ++v) {
        const Venue& site = study.venues[v];
        auto leave_out = [&](std::string reason, bool by_choice) { r.not_eligible.push_back({v, std::move(reason), by_choice}); };
        if (!query.venue_kinds.empty() &&
            std::find(query.venue_kinds.begin(), query.venue_kinds.end(), site.kind) == query.venue_kinds.end()) {
            ++r.excluded_kind;
            leave_out("it is a " + site.kind + ", not one of the venue kinds asked for", false);
            continue;
        }
        if (!study.in_study(site.at)) {
            ++r.excluded_outside;
            leave_out("it lies outside " + study.name, false);
            continue;
        }
        if (named(query.exclude_venues, site)) {
            ++r.excluded_by_choice;
            leave_out("it is excluded by name", true);
            continue;
        }
        std::string problem;
        if (auto h = OpeningHours::parse(site.hours, &problem)) {
            hours[v] = *h;
        } else {
            r.notes.push_back("venue " + site.id + " (" + site.name + "): " + problem + "; its hours are treated as unknown.");
        }
        slots[v] = open_slots(hours[v], query.window, query.slot_minutes);
        if (query.suggest_times && slots[v].empty()) {
            ++r.excluded_closed;
            leave_out("it is not open for a whole " + std::to_string(query.slot_minutes) + "-minute meeting in the time window", false);
            continue;
        }
        if (query.known_hours_only && !hours[v].all_known()) {
            ++r.excluded_by_choice;
            leave_out("its opening hours are not known for every day", true);
            continue;
        }
        if (query.near_stop_walk_m) {
            const double detour = query.stop_detour > 0 ? query.stop_detour : 1.0;
            if (stops_near(study, site.at, *query.near_stop_walk_m / detour, 1).empty()) {
                ++r.excluded_by_choice;
                const auto nearest = stops_near(study, site.at, std::numeric_limits<double>::infinity(), 1);
                leave_out("no stop within a " + std::to_string(std::lround(*query.near_stop_walk_m)) + " m walk" +
                              (nearest.empty() ? std::string(" (the study has no stops)")
                                               : " (the nearest, " + study.stops[nearest.front().stop].name + ", is a " +
                                                     std::to_string(static_cast<long>(std::ceil(nearest.front().distance_m * detour))) + " m walk)"),
                          true);
                continue;
            }
        }
        r.eligible.push_back(v);
        if (query.suggest_times && !hours[v].all_known()) r.hours_unknown.push_back(v);
    }
    // A required venue must be able to host: say why it cannot.
    std::vector<int> required;  // candidate indexes (into r.eligible)
    for (const auto& id : query.require_venues) {
        std::size_t v = 0;
        while (study.venues[v].id != id) ++v;
        const auto e = std::find(r.eligible.begin(), r.eligible.end(), v);
        if (e == r.eligible.end()) {
            std::string why;
            for (const auto& n : r.not_eligible) {
                if (n.venue == v) why = n.reason;
            }
            throw DataError("the required venue '" + id + "' (" + study.venues[v].name + ") cannot host a new meeting: " + why +
                            ". Fix: drop it from the required venues, or relax the rule that leaves it out.");
        }
        const int j = static_cast<int>(e - r.eligible.begin());
        if (std::find(required.begin(), required.end(), j) == required.end()) required.push_back(j);
    }
    if (static_cast<int>(required.size()) > query.new_meetings) {
        throw QueryError("the required venues", "(" + std::to_string(required.size()) + ") are more than the number of new meetings (" +
                                                    std::to_string(query.new_meetings) + "). Require fewer or place more.");
    }

    // The covering problem: unreached hotspots with weight, eligible venues with their reach.
    CoveringProblem& p = r.problem;
    std::vector<int> point_of(study.hotspots.size(), -1);
    for (std::size_t h : r.unreached) {
        const Hotspot& spot = study.hotspots[h];
        double w = 0;
        for (std::size_t k = 0; k < spot.counts.size(); ++k) {
            w += static_cast<double>(spot.counts[k]) * (query.cohort_weights.empty() ? 1.0 : query.cohort_weights[k]);
        }
        if (!query.hotspot_weights.empty()) w *= query.hotspot_weights[h];
        point_of[h] = static_cast<int>(p.demand.size());
        p.demand.push_back(w);
        p.demand_names.push_back(spot.id + (spot.town.empty() ? "" : " (" + spot.town + ")"));
        r.problem_hotspot.push_back(h);
    }
    std::map<std::string, int> town_group;
    for (const auto& t : study.towns) {
        if (!town_group.count(t.name)) {
            town_group[t.name] = p.groups++;
            p.group_names.push_back(t.name);
        }
    }
    // Each unreached hotspot's reach to the eligible venues: people travel from the hotspot.
    std::vector<Point> venue_points;
    for (std::size_t v : r.eligible) venue_points.push_back(study.venues[v].at);
    p.reach.assign(r.eligible.size(), {});
    std::vector<std::vector<char>> covers(r.eligible.size(), std::vector<char>(study.hotspots.size(), 0));
    for (std::size_t h : r.unreached) {
        for (std::size_t e : query.reach.reached(study.hotspots[h].at, venue_points)) {
            p.reach[e].push_back(point_of[h]);
            covers[e][h] = 1;
        }
    }
    auto reaches = [&](std::size_t venue, std::size_t h) {
        const auto e = std::lower_bound(r.eligible.begin(), r.eligible.end(), venue) - r.eligible.begin();
        return covers[static_cast<std::size_t>(e)][h] != 0;
    };
    for (std::size_t v : r.eligible) {
        const Venue& site = study.venues[v];
        const auto g = town_group.find(site.town);
        p.group.push_back(g == town_group.end() ? -1 : g->second);
        p.candidate_names.push_back(site.id + " (" + site.name + ", " + site.kind + (site.town.empty() ? "" : ", " + site.town) + ")");
    }
    p.new_sites = query.new_meetings;
    p.max_per_group = query.max_per_town;
    p.min_per_group = query.min_per_town;
    if (query.min_spacing_metres > 0) {
        for (std::size_t a = 0; a < r.eligible.size(); ++a) {
            for (std::size_t b = a + 1; b < r.eligible.size(); ++b) {
                if (distance(study.venues[r.eligible[a]].at, study.venues[r.eligible[b]].at) < query.min_spacing_metres) {
                    p.conflicts.emplace_back(static_cast<int>(a), static_cast<int>(b));
                }
            }
        }
    }
    if (query.min_per_town > 0) {
        if (static_cast<long long>(query.min_per_town) * p.groups > query.new_meetings) {
            throw QueryError("the per-town minimum", "(" + std::to_string(query.min_per_town) + " in each of the " +
                                                         std::to_string(p.groups) + " towns) needs at least " +
                                                         std::to_string(query.min_per_town * p.groups) +
                                                         " new meetings, but the number of new meetings is " +
                                                         std::to_string(query.new_meetings) + ". Raise one or lower the other.");
        }
        for (const auto& [town, g] : town_group) {
            int n = 0;
            for (int cg : p.group) n += cg == g;
            if (n < query.min_per_town) {
                throw QueryError("the per-town minimum", "(" + std::to_string(query.min_per_town) + ") cannot be met: " + town +
                                                             " has only " + std::to_string(n) +
                                                             " eligible venue(s) (kind, place, opening hours in the window). "
                                                             "Lower the minimum, allow more venue kinds or widen the time window.");
            }
        }
    }

    if (!required.empty()) {
        // The required venues together must keep the per-town cap and the spacing.
        std::map<int, int> per_group;
        for (int j : required) {
            const int g = p.group_of(static_cast<std::size_t>(j));
            if (g >= 0 && query.max_per_town > 0 && ++per_group[g] > query.max_per_town) {
                throw QueryError("the required venues", "put more than " + std::to_string(query.max_per_town) + " new meeting(s) in " +
                                                            p.group_names[static_cast<std::size_t>(g)] + ", over the per-town cap. Require fewer there or raise the cap.");
            }
        }
        for (const auto& [a, b] : p.conflicts) {
            const bool ra = std::find(required.begin(), required.end(), a) != required.end();
            const bool rb = std::find(required.begin(), required.end(), b) != required.end();
            if (ra && rb) {
                throw QueryError("the required venues", "include " + study.venues[r.eligible[static_cast<std::size_t>(a)]].name + " and " +
                                                            study.venues[r.eligible[static_cast<std::size_t>(b)]].name +
                                                            ", closer together than the minimum spacing. Require one of them, or lower the spacing.");
            }
        }
    }
    if (required.empty()) {
        r.solution = solve_covering(p, query.solve);
    } else {
        // A required venue is fixed in by a demand point only it reaches, weighing more than all the
        // people together: every best choice then holds it, and the rest is chosen as before. The
        // points are taken out of the answer again (and never reach the LP file).
        CoveringProblem fixed = p;
        double all = 1;
        for (double w : p.demand) all += w;
        for (int j : required) {
            fixed.reach[static_cast<std::size_t>(j)].push_back(static_cast<int>(fixed.demand.size()));
            fixed.demand.push_back(all);
            fixed.demand_names.push_back("required " + p.candidate_names[static_cast<std::size_t>(j)]);
        }
        r.solution = solve_covering(fixed, query.solve);
        const double lift = all * static_cast<double>(required.size());
        for (int j : required) {
            if (r.solution.feasible &&
                std::find(r.solution.chosen.begin(), r.solution.chosen.end(), j) == r.solution.chosen.end()) {
                r.solution.feasible = false;
            }
        }
        r.solution.objective = std::max(0.0, r.solution.objective - lift);
        r.solution.bound = std::max(r.solution.objective, r.solution.bound - lift);
        // Pick order as always: each adds the most people given the ones before it (the required
        // points would otherwise put the required venues first whatever they add).
        std::vector<int> rest = r.solution.chosen, ordered;
        while (!rest.empty()) {
            std::size_t best = 0;
            double best_gain = -1;
            const double before = covered_weight(p, ordered);
            for (std::size_t i = 0; i < rest.size(); ++i) {
                std::vector<int> with = ordered;
                with.push_back(rest[i]);
                const double gain = covered_weight(p, with) - before;
                if (gain > best_gain) best_gain = gain, best = i;
            }
            ordered.push_back(rest[best]);
            rest.erase(rest.begin() + static_cast<std::ptrdiff_t>(best));
        }
        r.solution.chosen = ordered;
    }
    if (!r.solution.feasible) {
        throw QueryError("the rules", "(number of new meetings, per-town cap and minimum, spacing) leave no choice of "
                                      "venues. Relax the spacing or the per-town minimum.");
    }

    // Picks, in order, with the people each reaches first.
    for (std::size_t k = 0; k < r.solution.chosen.size(); ++k) {
        const std::size_t v = r.eligible[static_cast<std::size_t>(r.solution.chosen[k])];
        RankedPick pick;
        pick.venue = v;
        pick.reached.assign(study.cohorts.size(), 0);
        for (std::size_t h : r.unreached) {
            if (r.reached_by[h] != -1) continue;
            if (!reaches(v, h)) continue;
            r.reached_by[h] = static_cast<int>(k) + 1;
            pick.new_hotspots.push_back(h);
            for (std::size_t c = 0; c < pick.reached.size(); ++c) pick.reached[c] += study.hotspots[h].counts[c];
            if (point_of[h] >= 0) pick.score += p.demand[static_cast<std::size_t>(point_of[h])];
        }
        pick.nearest_meeting = index.nearest(study.venues[v].at, query.existing);
        r.picks.push_back(std::move(pick));
    }

    // Times: open, in the window, on a day no meeting of the fellowship within reach uses, and not
    // the day of another new group within reach; days no new group uses yet come first, so the new
    // groups meet at different times. The venues with fewest good days choose first (a library
    // open late on one evening only keeps that evening; a venue of unknown hours takes another).
    std::vector<std::vector<std::string>> clash_day(r.picks.size(), std::vector<std::string>(7));
    std::vector<std::size_t> order(r.picks.size());
    std::vector<int> good_days(r.picks.size(), 0);
    for (std::size_t k = 0; k < r.picks.size(); ++k) {
        order[k] = k;
        const std::size_t v = r.picks[k].venue;
        clash_day[k] = fellowship_days_near(study, query, study.venues[v].at);
        std::vector<char> day(7, 0);
        for (const auto& s : slots[v]) {
            const int d = day_index(s.weekday);
            if (clash_day[k][static_cast<std::size_t>(d)].empty() &&
                slot_preference(s).first == slot_preference(slots[v].front()).first) {
                day[static_cast<std::size_t>(d)] = 1;
            }
        }
        good_days[k] = static_cast<int>(std::count(day.begin(), day.end(), 1));
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return good_days[a] < good_days[b]; });
    std::vector<int> day_use(7, 0);
    std::vector<std::size_t> booked;  // picks with a time already
    if (!query.suggest_times) {
        order.clear();
        for (auto& pick : r.picks) pick.time.note = "no time suggested: not a meeting";
    }
    for (std::size_t k : order) {
        RankedPick& pick = r.picks[k];
        const std::size_t v = pick.venue;
        std::vector<std::string>& clash = clash_day[k];
        for (std::size_t other : booked) {
            const std::size_t ov = r.picks[other].venue;
            const int d = day_index(r.picks[other].time.slot->weekday);
            if (clash[static_cast<std::size_t>(d)].empty() && !query.reach.reached(study.venues[v].at, {study.venues[ov].at}).empty()) {
                clash[static_cast<std::size_t>(d)] = "the new group at " + study.venues[ov].name;
            }
        }
        const WeeklySlot* chosen = nullptr;
        for (int pass = 0; pass < 2 && !chosen; ++pass) {
            for (const auto& s : slots[v]) {
                const int d = day_index(s.weekday);
                if (!clash[static_cast<std::size_t>(d)].empty()) continue;
                if (pass == 0 && day_use[static_cast<std::size_t>(d)] > 0) continue;
                // Only move to an unused day within the same part of the day.
                if (pass == 0 && slot_preference(s).first > slot_preference(slots[v].front()).first) continue;
                chosen = &s;
                break;
            }
        }
        if (chosen) {
            pick.time.slot = *chosen;
        } else if (!slots[v].empty()) {
            pick.time.slot = slots[v].front();
            pick.time.note = "every open slot clashes: " + clash[static_cast<std::size_t>(day_index(slots[v].front().weekday))] +
                             " meets on " + full_name(slots[v].front().weekday);
        }
        if (pick.time.slot) {
            pick.time.hours_known = hours[v].known(pick.time.slot->weekday);
            if (!pick.time.hours_known) {
                pick.time.note = pick.time.note.empty() ? "hours unknown: check the venue is free then"
                                                        : pick.time.note + "; hours unknown";
            }
            ++day_use[static_cast<std::size_t>(day_index(pick.time.slot->weekday))];
            booked.push_back(k);
        }
    }

    // The runner-up: the venue left out that would do best in the first pick's place, the other
    // picks kept, among those that keep the rules.
    // A required first pick has no runner-up: nothing else may take its place.
    if (!r.picks.empty() && std::find(required.begin(), required.end(), r.solution.chosen.front()) == required.end()) {
        const std::vector<int>& chosen = r.solution.chosen;
        const int first = chosen.front();
        double best = -1;
        for (std::size_t j = 0; j < p.candidates(); ++j) {
            if (std::find(chosen.begin(), chosen.end(), static_cast<int>(j)) != chosen.end()) continue;
            std::vector<int> swapped = chosen;
            swapped.front() = static_cast<int>(j);
            if (!is_feasible(p, swapped)) continue;
            std::vector<int> others(chosen.begin() + 1, chosen.end());
            others.push_back(static_cast<int>(j));
            const double v = covered_weight(p, others);
            if (v > best) {
                best = v;
                RunnerUp up;
                up.venue = r.eligible[j];
                r.runner_up = up;
            }
        }
        if (r.runner_up) {
            std::vector<char> by_others(study.hotspots.size(), 0);
            for (std::size_t k = 1; k < chosen.size(); ++k) {
                for (int i : p.reach[static_cast<std::size_t>(chosen[k])]) by_others[r.problem_hotspot[static_cast<std::size_t>(i)]] = 1;
            }
            const std::size_t first_venue = r.eligible[static_cast<std::size_t>(first)];
            for (std::size_t h : r.unreached) {
                if (by_others[h] || point_of[h] < 0) continue;
                const double w = p.demand[static_cast<std::size_t>(point_of[h])];
                if (reaches(r.runner_up->venue, h)) {
                    r.runner_up->hotspots.push_back(h);
                    r.runner_up->score += w;
                }
                if (reaches(first_venue, h)) {
                    r.runner_up->first_hotspots.push_back(h);
                    r.runner_up->first_score += w;
                }
            }
        }
    }
    return r;
}

}  // namespace roisc
