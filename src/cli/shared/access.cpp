#include "access.hpp"

#include "roisc/core/error.hpp"
#include "roisc/engine/service.hpp"

#include <set>
#include <utility>

namespace roisc::cli {

AccessResult reach_for(const Context& context, const Study& study, const Manifest& manifest, const AccessQuery& query,
                       const TravelOptions& travel, const std::string& none_eligible) {
    validate(query);
    const bool quiet = context.global.quiet;
    const auto chosen = travel.model_for(query.reach, manifest, study.crs);
    if (chosen && !quiet) {
        for (const auto& note : chosen->notes) context.err << note << "\n";
    }
    AccessResult r = answer(study, query, chosen ? &chosen->model : nullptr);
    if (r.flagged && !quiet) {
        context.err << "warning: " << r.flagged << " hotspot(s) lie beyond the snap limit from any usable road: counted as "
                    << "not reached (see --snap-limit).\n";
    }
    if (r.eligible == 0 && !quiet && !none_eligible.empty()) {
        context.err << "note: " << none_eligible << "\n";
    } else if (r.eligible == 0 && !quiet) {
        context.err << "warning: no meeting is eligible (" << query.meetings.describe()
                    << "): nothing is within reach, so every hotspot counts as beyond it.\n";
    }
    return r;
}

AccessResult reach_with_options(const Context& context, const Study& study, const Manifest& manifest,
                                const AccessQuery& query, const TravelOptions& travel, int min_options) {
    AccessResult r = reach_for(context, study, manifest, query, travel);
    if (min_options <= 1) return r;
    if (r.by_time) throw RuntimeFailure("reach_with_options: a choice of places is counted by distance only");
    const MeetingIndex index(study.meetings);
    const double metres = query.reach.metres();
    std::set<std::pair<double, double>> places;
    for (const auto& m : study.meetings) {
        if (m.at && query.meetings.accepts(m)) places.insert({m.at->x, m.at->y});
    }
    if (places.size() < static_cast<std::size_t>(min_options) && !context.global.quiet) {
        context.err << "warning: --min-options " << min_options << " asks for more places than there are (" << places.size()
                    << "): nothing is within reach of that many, so every hotspot counts as beyond it.\n";
    }
    require_options(r.access, options_within(study, index, query.meetings, metres, min_options), min_options);
    r.land = coverage_area_n(study, query.meetings, metres, min_options);
    return r;
}

Isochrones isochrones_for(const Context& context, const Study& study, const Manifest& manifest,
                          const IsochroneQuery& query, const TravelOptions& travel, bool quiet) {
    validate(query);
    const ChosenModel chosen = choose_travel_model(travel.request(), manifest, study.crs);
    if (!quiet) {
        for (const auto& note : chosen.notes) context.err << note << "\n";
    }
    Isochrones iso = answer(study, query, chosen.model);
    if (!quiet) {
        for (const auto& note : iso.notes) context.err << note << "\n";
    }
    return iso;
}

}  // namespace roisc::cli
