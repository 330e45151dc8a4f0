#include "study_map.hpp"

#include "roisc/core/text.hpp"

namespace roisc::cli {

const char* const map_attribution =
    "Contains OS data © Crown copyright and database right; Royal Mail data © Royal Mail copyright and database "
    "right; National Statistics data © Crown copyright; © OpenStreetMap contributors (ODbL).";

bool layer_says(const Manifest& manifest, Role role, const std::vector<std::string>& words) {
    for (const LayerSpec* spec : manifest.with_role(role)) {
        const std::string text = lower(spec->description + " " + spec->date);
        for (const auto& w : words) {
            if (text.find(w) != std::string::npos) return true;
        }
    }
    return false;
}

render::MapContent study_map(const Study& study, const MeetingFilter& filter) {
    render::MapContent base;
    base.attribution = map_attribution;
    if (study.boundary) base.boundary = render::MapArea{study.boundary->name, study.boundary->geometry};
    for (const auto& t : study.towns) base.towns.push_back({t.name, t.geometry});
    for (const auto& m : study.meetings) {
        if (!m.at || (!meets_in_person(m.attendance) && !filter.accepts(m))) continue;
        base.meetings.push_back({*m.at, to_string(m.fellowship), filter.accepts(m)});
    }
    const auto& asked = filter.fellowships.members();
    base.fellowship = asked.size() == 1 ? to_string(asked.front()) : "";
    base.meetings_label = "Meetings";
    return base;
}

}  // namespace roisc::cli
