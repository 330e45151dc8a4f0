#include "roisc/engine/schedule.hpp"

#include "roisc/core/time_of_week.hpp"

namespace roisc {

int ScheduleRow::total() const {
    int t = 0;
    for (int c : counts) t += c;
    return t;
}

namespace {

constexpr int parts_per_day = 3;

int cell_of(const WeeklySlot& slot) {
    return day_index(slot.weekday) * parts_per_day + static_cast<int>(slot.part());
}

// Distance from a point to an area in the working CRS: 0 inside it.
double distance_to(const OGRGeometry& area, const Point& p) {
    const OGRPoint point(p.x, p.y);
    return area.Distance(&point);
}

}  // namespace

std::vector<ScheduleRow> week_grid(const Study& study, const MeetingFilter& filter,
                                   std::optional<double> within_metres, const std::string& within_text) {
    const std::size_t towns = study.towns.size();
    std::vector<ScheduleRow> inside(towns + 1), near(towns + 1);
    const std::string study_label = study.name;
    for (std::size_t t = 0; t <= towns; ++t) {
        inside[t].area = near[t].area = t < towns ? study.towns[t].name : study_label;
        inside[t].scope = "inside";
        near[t].scope = "within " + within_text;
    }
    for (const auto& m : study.meetings) {
        if (!m.at || !filter.accepts(m)) continue;
        std::vector<bool> in_town(towns, false), near_town(towns, false);
        bool in_study = false, near_study = false;
        double nearest = -1;
        for (std::size_t t = 0; t < towns; ++t) {
            const auto& geometry = study.towns[t].geometry;
            if (!geometry) continue;
            const double d = distance_to(*geometry, *m.at);
            in_town[t] = d == 0;
            near_town[t] = within_metres && d <= *within_metres;
            if (nearest < 0 || d < nearest) nearest = d;
        }
        // The study as a whole: its boundary when the manifest names one, else the union of its towns.
        if (study.boundary && study.boundary->geometry) {
            const double d = distance_to(*study.boundary->geometry, *m.at);
            in_study = d == 0;
            near_study = within_metres && d <= *within_metres;
        } else if (nearest >= 0) {
            in_study = nearest == 0;
            near_study = within_metres && nearest <= *within_metres;
        }
        for (const auto& slot : m.slots) {
            // With --when, only the slots that lie in the window fill the grid.
            if (filter.window && !slot_within(slot, *filter.window)) continue;
            const int c = cell_of(slot);
            for (std::size_t t = 0; t < towns; ++t) {
                if (in_town[t]) ++inside[t].counts[static_cast<std::size_t>(c)];
                if (near_town[t]) ++near[t].counts[static_cast<std::size_t>(c)];
            }
            if (in_study) ++inside[towns].counts[static_cast<std::size_t>(c)];
            if (near_study) ++near[towns].counts[static_cast<std::size_t>(c)];
        }
    }
    std::vector<ScheduleRow> rows = inside;
    if (within_metres) rows.insert(rows.end(), near.begin(), near.end());
    return rows;
}

}  // namespace roisc
