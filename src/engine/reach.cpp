#include "roisc/engine/reach.hpp"

#include "roisc/core/error.hpp"

#include <cmath>
#include <cstdio>

namespace roisc {

namespace {
std::string km_text(double metres) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f km", metres / 1000.0);
    return buf;
}

std::size_t eligible_count(const Study& study, const MeetingFilter& filter) {
    std::size_t n = 0;
    for (const auto& m : study.meetings) n += filter.accepts(m) && m.at ? 1 : 0;
    return n;
}
}  // namespace

void validate(const AccessQuery& query) {
    const Threshold& t = query.reach;
    if (!std::isfinite(t.value) || t.value <= 0) throw QueryError("the reach", "must be more than zero, e.g. 2mi or 20min.");
    if (t.is_distance() && t.metres() > 1.0e6) throw QueryError("the reach", "must be at most 1,000 km.");
    if (t.is_time() && t.seconds() > 24 * 3600.0) throw QueryError("the reach", "must be at most 24 hours.");
}

Metadata with_model(Metadata metadata, const AccessResult& result) {
    for (const auto& kv : result.model_metadata) metadata.push_back(kv);
    if (result.eligible == 0) metadata.push_back({"eligible_meetings", "0: no meeting passes the filter, so nothing is within reach"});
    return metadata;
}

std::string minutes_text(double seconds) {
    if (!std::isfinite(seconds)) return "unreachable";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", seconds / 60.0);
    return buf;
}

AccessResult answer(const Study& study, const AccessQuery& query, const TravelModel* model) {
    validate(query);
    const MeetingFilter& filter = query.meetings;
    const Threshold& threshold = query.reach;
    AccessResult r;
    r.eligible = eligible_count(study, filter);
    if (threshold.is_distance()) {
        const MeetingIndex index(study.meetings);
        r.access = assess_access(study, index, filter, threshold.metres());
        r.land = coverage_area(study, filter, threshold.metres());
        r.model = "straight-line distance in " + study.crs.code + "; reach " + threshold.text + " (" +
                  km_text(threshold.metres()) + ")";
        r.model_metadata = {{"travel_model", "straight line"}};
        return r;
    }
    if (!model) throw QueryError("the travel model", "must be given when the reach is a time.");
    r.by_time = true;
    const EligibleMeetings eligible = eligible_meetings(study.meetings, filter);
    const AccessTimes times(*model, eligible.points);
    for (std::size_t i = 0; i < study.hotspots.size(); ++i) {
        const Reach reach = times.reach(study.hotspots[i].at);
        HotspotAccess a;
        a.hotspot = i;
        if (reach.meeting) a.nearest = MeetingIndex::Hit{eligible.site[*reach.meeting], reach.straight_m};
        a.covered = reach.seconds <= threshold.seconds();
        if (reach.flagged) ++r.flagged;
        r.access.push_back(a);
        r.seconds.push_back(reach.seconds);
    }
    r.land = times.reachable_area(threshold.seconds());
    r.model = model->describe() + "; reach " + threshold.text;
    r.model_metadata = model->metadata();
    r.travel_model = *model;
    return r;
}

}  // namespace roisc
