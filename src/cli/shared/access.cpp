#include "access.hpp"

namespace roisc::cli {

AccessResult reach_for(const Context& context, const Study& study, const Manifest& manifest, const AccessQuery& query,
                       const TravelOptions& travel) {
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
    if (r.eligible == 0 && !quiet) {
        context.err << "warning: no meeting is eligible (" << query.meetings.describe()
                    << "): nothing is within reach, so every hotspot counts as beyond it.\n";
    }
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
