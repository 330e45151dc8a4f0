#include "venue_choice.hpp"

#include "thresholds.hpp"

#include "roisc/core/error.hpp"

#include <algorithm>

namespace roisc::cli {

void VenueChoiceOptions::declare(CLI::App& app) {
    app.add_flag("--list", list,
                 "List every eligible venue by town (address, postcode, hours known, the people it would reach on its "
                 "own, free evenings, nearest stops) instead of the picks; writes shortlist.pdf, a sheet per town");
    app.add_flag("--known-hours-only", known_hours_only, "Only venues whose opening hours are known for every day");
    app.add_option("--exclude", exclude, "Leave out these venues (ids of the venues layer; repeatable or comma-separated)")
        ->delimiter(',')
        ->type_name("ID");
    app.add_option("--require", require,
                   "Pick these venues whatever they add (ids of the venues layer; they count toward --new and keep the "
                   "other rules)")
        ->delimiter(',')
        ->type_name("ID");
    app.add_option_function<std::string>(
           "--near-stops",
           [this](const std::string& text) {
               near_stops = parse_threshold_option(text, "--near-stops", ThresholdKinds::either);
               if (near_stops->is_time() || !(near_stops->metres() > 0)) {
                   throw ArgumentError("--near-stops " + text + ": the walk to a stop is a distance of more than zero, e.g. 400m.");
               }
           },
           "Only venues with a public-transport stop (the manifest's stops layer) within this walk, e.g. 400m")
        ->type_name("DISTANCE");
}

void VenueChoiceOptions::check() const {
    for (const auto* ids : {&exclude, &require}) {
        for (const auto& id : *ids) {
            if (id.find_first_not_of(" \t") == std::string::npos) {
                throw ArgumentError(std::string(ids == &exclude ? "--exclude" : "--require") +
                                    ": a venue id is empty. Give ids of the venues layer, e.g. library-oldbury.");
            }
        }
    }
    for (const auto& id : require) {
        if (std::find(exclude.begin(), exclude.end(), id) != exclude.end()) {
            throw ArgumentError("--require " + id + " and --exclude " + id +
                                ": a venue cannot be both required and excluded. Drop one.");
        }
    }
}

void VenueChoiceOptions::apply(RankQuery& query, double stop_detour) const {
    query.exclude_venues = exclude;
    query.require_venues = require;
    query.known_hours_only = known_hours_only;
    if (near_stops) query.near_stop_walk_m = near_stops->metres();
    query.stop_detour = stop_detour;
}

}  // namespace roisc::cli
