// The officer's shortlist: rank's eligible venues by town, with their own reach, free evenings and stops.
#include "roisc/engine/shortlist.hpp"

#include "roisc/core/error.hpp"
#include "roisc/engine/directory.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace roisc {

void ShortlistQuery::validate() const {
    if (!(stop_walk_m > 0) || !std::isfinite(stop_walk_m)) throw QueryError("the walk to a stop", "must be more than zero.");
    if (stops_per_venue < 1) throw QueryError("the stops per venue", "must be at least 1.");
    if (!(stop_detour >= 1) || !std::isfinite(stop_detour)) throw QueryError("the detour to a stop", "must be 1 or more.");
}

Shortlist build_shortlist(const Study& study, const RankQuery& rank, const RankResult& result, const ProtectedDemand& demand,
                          const ShortlistQuery& query) {
    query.validate();
    if (result.problem.candidates() != result.eligible.size() || result.slots.size() != study.venues.size()) {
        throw RuntimeFailure("shortlist: rank's answer does not match the study");
    }
    Shortlist list;
    std::map<std::string, std::size_t> town_at;
    for (const auto& t : study.towns) {
        if (town_at.count(t.name)) continue;
        town_at[t.name] = list.towns.size();
        list.towns.push_back({t.name, {}});
    }
    std::map<std::size_t, int> pick_of;
    for (std::size_t k = 0; k < result.picks.size(); ++k) pick_of[result.picks[k].venue] = static_cast<int>(k) + 1;

    for (std::size_t e = 0; e < result.eligible.size(); ++e) {
        const std::size_t v = result.eligible[e];
        const Venue& site = study.venues[v];
        ShortlistVenue entry;
        entry.venue = v;
        for (int i : result.problem.reach[e]) entry.reaches.push_back(result.problem_hotspot[static_cast<std::size_t>(i)]);
        std::sort(entry.reaches.begin(), entry.reaches.end());
        // Sums of published cells only: two venues' figures (or a venue's and its town's) differ by
        // published cells, never by a hidden one.
        entry.people = demand.total_of(entry.reaches);
        entry.hours_known = result.hours[v].all_known();
        // Rank's rule for a new group's day: open for the whole meeting, in the window, and no meeting
        // of the fellowship within reach that day. The evening's best start per free day.
        const std::vector<std::string> clash = fellowship_days_near(study, rank, site.at);
        std::vector<char> taken(7, 0);
        for (const auto& s : result.slots[v]) {
            const auto d = static_cast<std::size_t>(day_index(s.weekday));
            if (slot_preference(s).first != 0 || taken[d] || !clash[d].empty()) continue;
            taken[d] = 1;
            entry.free_evenings.push_back(s);
        }
        std::sort(entry.free_evenings.begin(), entry.free_evenings.end(),
                  [](const WeeklySlot& a, const WeeklySlot& b) { return day_index(a.weekday) < day_index(b.weekday); });
        for (const auto& s : stops_near(study, site.at, query.stop_walk_m / query.stop_detour, query.stops_per_venue)) {
            entry.stops.push_back({s.stop, s.distance_m, s.distance_m * query.stop_detour});
        }
        const auto p = pick_of.find(v);
        if (p != pick_of.end()) entry.pick = p->second;

        const std::string town = site.town.empty() || !town_at.count(site.town) ? outside_the_towns : site.town;
        if (!town_at.count(town)) {
            town_at[town] = list.towns.size();
            list.towns.push_back({town, {}});
        }
        list.towns[town_at[town]].venues.push_back(std::move(entry));
        ++list.venues;
    }
    for (auto& t : list.towns) {
        std::stable_sort(t.venues.begin(), t.venues.end(), [&](const ShortlistVenue& a, const ShortlistVenue& b) {
            if (a.people.published != b.people.published) return a.people.published > b.people.published;
            const Venue &va = study.venues[a.venue], &vb = study.venues[b.venue];
            return std::tie(va.name, va.id) < std::tie(vb.name, vb.id);
        });
    }
    return list;
}

}  // namespace roisc
