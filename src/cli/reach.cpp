#include "reach.hpp"

#include "roisc/engine/travel.hpp"

#include <cmath>
#include <cstdio>

namespace roisc::cli {

namespace {
std::string km_text(double metres) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f km", metres / 1000.0);
    return buf;
}
}  // namespace

Metadata with_model(Metadata metadata, const ReachResult& reach) {
    for (const auto& kv : reach.model_metadata) metadata.push_back(kv);
    return metadata;
}

std::string minutes_text(double seconds) {
    if (!std::isfinite(seconds)) return "unreachable";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", seconds / 60.0);
    return buf;
}

ReachResult compute_reach(const Study& study, const Manifest& manifest, const MeetingFilter& filter,
                          const Threshold& threshold, const TravelOptions& travel, std::ostream& err, bool quiet) {
    ReachResult r;
    if (threshold.is_distance()) {
        const MeetingIndex index(study.meetings);
        r.access = assess_access(study, index, filter, threshold.metres());
        r.land = coverage_area(study, filter, threshold.metres());
        r.model = "straight-line distance in " + study.crs.code + "; reach " + threshold.text + " (" +
                  km_text(threshold.metres()) + ")";
        r.model_metadata = {{"travel_model", "straight line"}};
        return r;
    }
    r.by_time = true;
    const ChosenModel chosen = choose_travel_model(travel.request(), manifest, study.crs);
    if (!quiet) {
        for (const auto& note : chosen.notes) err << note << "\n";
    }
    const EligibleMeetings eligible = eligible_meetings(study.meetings, filter);
    const AccessTimes times(chosen.model, eligible.points);
    int flagged = 0;
    for (std::size_t i = 0; i < study.hotspots.size(); ++i) {
        const Reach reach = times.reach(study.hotspots[i].at);
        HotspotAccess a;
        a.hotspot = i;
        if (reach.meeting) a.nearest = MeetingIndex::Hit{eligible.site[*reach.meeting], reach.straight_m};
        a.covered = reach.seconds <= threshold.seconds();
        if (reach.flagged) ++flagged;
        r.access.push_back(a);
        r.seconds.push_back(reach.seconds);
    }
    if (flagged && !quiet) {
        err << "warning: " << flagged << " hotspot(s) lie beyond the snap limit from any usable road: counted as "
            << "not reached (see --snap-limit).\n";
    }
    r.land = times.reachable_area(threshold.seconds());
    r.model = chosen.model.describe() + "; reach " + threshold.text;
    r.model_metadata = chosen.model.metadata();
    r.travel_model = chosen.model;
    return r;
}

}  // namespace roisc::cli
