#include "roisc/engine/isochrones.hpp"

#include "roisc/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace roisc {

void validate(const IsochroneQuery& query) {
    if (query.times.empty()) throw QueryError("the times", "must hold at least one time, e.g. 10min,20min,30min.");
    for (const auto& t : query.times) {
        if (!t.is_time()) throw QueryError("the times", "must be times such as 10min,20min,30min; '" + t.text + "' is a distance.");
        if (!std::isfinite(t.seconds()) || t.seconds() <= 0) throw QueryError("the times", "must be more than zero ('" + t.text + "').");
        if (t.seconds() > 24 * 3600.0) throw QueryError("the times", "must be at most 24 hours ('" + t.text + "').");
    }
    if (!std::isfinite(query.buffer_m) || query.buffer_m <= 0 || query.buffer_m > 10000) {
        throw QueryError("the buffer", "must be a distance of more than 0 and at most 10km, e.g. 25m.");
    }
}

Isochrones answer(const Study& study, const IsochroneQuery& query, const TravelModel& model) {
    validate(query);
    std::vector<Threshold> times = query.times;
    std::sort(times.begin(), times.end(), [](const Threshold& a, const Threshold& b) { return a.seconds() < b.seconds(); });
    Isochrones out{model, eligible_meetings(study.meetings, query.meetings), {}, times, {}, {}, {}};
    if (model.kind() != TravelKind::network) {
        out.notes.push_back("note: without a network the isochrones are circles of radius speed × time / detour around "
                            "each eligible meeting, not areas reached along roads.");
    }
    if (out.eligible.points.empty()) {
        out.notes.push_back("warning: no meeting is eligible (" + query.meetings.describe() + "): every isochrone is empty.");
    }
    const AccessTimes access(model, out.eligible.points);
    out.unplaced = access.unplaced_meetings();
    if (!out.unplaced.empty()) {
        char limit[32];
        std::snprintf(limit, sizeof limit, "%.0f", model.profile().snap_limit_m);
        std::string w = "warning: " + std::to_string(out.unplaced.size()) + " of " + std::to_string(out.eligible.points.size()) +
                        " eligible meetings are further than " + limit +
                        " m from any usable edge of the network and are left out:";
        for (std::size_t i = 0; i < out.unplaced.size() && i < 10; ++i) {
            w += (i ? "; " : " ") + study.meetings[out.eligible.site[out.unplaced[i]]].name;
        }
        w += std::string(out.unplaced.size() > 10 ? "; …" : "") + ". Give a network that reaches them, or raise the snap limit.";
        out.notes.push_back(w);
    }
    for (const auto& t : times) out.areas.push_back(access.reachable_area(t.seconds(), query.buffer_m));
    out.meeting_snaps = access.meeting_snaps();
    return out;
}

}  // namespace roisc
