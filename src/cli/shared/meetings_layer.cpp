#include "meetings_layer.hpp"

#include "roisc/core/units.hpp"

#include <cmath>
#include <memory>

namespace roisc::cli {

OutputLayer meetings_layer(const std::string& name, const std::string& title, const Study& study,
                           const std::vector<ListedMeeting>& meetings, bool by_time) {
    using T = OutputField::Type;
    OutputLayer layer;
    layer.name = name;
    layer.title = title;
    layer.style = LayerStyle::meetings;
    layer.fields = {{"meeting", T::text},  {"fellowship", T::text}, {"when", T::text},     {"venue", T::text},
                    {"address", T::text},  {"postcode", T::text},   {"place", T::text},    {"in_study", T::boolean},
                    {"distance_km", T::real}, {"distance_mi", T::real}};
    if (by_time) layer.fields.push_back({"travel_min", T::real});
    auto text = [](const std::string& s) { return s.empty() ? FieldValue{} : FieldValue{s}; };
    for (const auto& listed : meetings) {
        const Meeting& m = study.meetings[listed.meeting];
        if (!m.at) continue;
        OutputFeature f;
        f.id = m.id;
        f.geometry = std::make_shared<OGRPoint>(m.at->x, m.at->y);
        f.values = {m.name, std::string(to_string(m.fellowship)), text(m.slots_text()), text(m.venue), text(m.address),
                    text(m.postcode), text(m.place), static_cast<long long>(m.in_study)};
        if (listed.distance_m) {
            f.values.push_back(*listed.distance_m / 1000.0);
            f.values.push_back(*listed.distance_m / metres_per_mile);
        } else {
            f.values.insert(f.values.end(), {FieldValue{}, FieldValue{}});
        }
        if (by_time) f.values.push_back(listed.travel_s && std::isfinite(*listed.travel_s) ? FieldValue{*listed.travel_s / 60.0} : FieldValue{});
        layer.features.push_back(std::move(f));
    }
    return layer;
}

}  // namespace roisc::cli
