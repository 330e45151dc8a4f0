#include "roisc/io/study_loader.hpp"

#include "roisc/core/error.hpp"
#include "roisc/io/layer.hpp"

#include <memory>

namespace roisc {

namespace {

std::vector<Area> areas_of(const Layer& layer) {
    std::vector<Area> out;
    for (const auto& f : layer.features) {
        if (!f.geometry) continue;
        Area a;
        a.id = layer.text(f, "id").value_or("");
        a.name = layer.text(f, "name").value_or(a.id);
        a.parent = layer.text(f, "parent").value_or("");
        a.level = layer.spec.level;
        a.geometry = std::shared_ptr<const OGRGeometry>(f.geometry->clone(), OGRGeometryDeleter());
        out.push_back(std::move(a));
    }
    return out;
}

std::vector<std::string> split_codes(const std::string& text) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : text + ",") {
        if (c == ',' || c == ';' || c == ' ') {
            if (!cur.empty()) out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    return out;
}

const Layer& needed_layer(const LoadedLayers& loaded, Role role, const std::string& manifest_path) {
    const auto layers = loaded.with_role(role);
    if (layers.empty()) {
        throw DataError(manifest_path + ": this command needs a layer with role " + std::string(to_string(role)) +
                        ". Add a [layers.<name>] table with role = \"" + to_string(role) + "\".");
    }
    require_usable(*layers.front());
    return *layers.front();
}

}  // namespace

std::optional<Problem> missing_demand_counts(const Layer& demand) {
    std::size_t missing = 0;
    std::string where;
    for (const auto& f : demand.features) {
        for (const auto& c : demand.spec.cohorts) {
            if (demand.integer(f, c)) continue;
            if (++missing <= 3) where += (where.empty() ? "" : "; ") + f.where + " field " + c;
        }
    }
    if (missing == 0) return std::nullopt;
    Problem p;
    p.code = "demand_counts_missing";
    p.where = where + (missing > 3 ? "; …" : "");
    p.message = std::to_string(missing) +
                " cohort count(s) are empty, hidden (*) or not whole numbers. A demand layer needs every count: a table "
                "published with disclosure control (roisc hotspots output) hides small counts and cannot be analysed";
    p.fix = "inside the secure environment, make the demand layer with `roisc hotspots TABLE --disclosure none`, or fix "
            "the counts";
    return p;
}

Study load_study(const Manifest& manifest, const StudyNeeds& needs) {
    Study study;
    study.name = manifest.study_name.empty() ? "the study area" : manifest.study_name;
    study.manifest_path = manifest.path;

    // Read only what is needed: the postcode lookup and the network are large.
    Manifest subset = manifest;
    subset.layers.clear();
    for (const auto& spec : manifest.layers) {
        const bool wanted = spec.role == Role::areas || (needs.hotspots && spec.role == Role::demand) ||
                            (needs.meetings && spec.role == Role::meetings) || (needs.venues && spec.role == Role::venues);
        if (wanted) subset.layers.push_back(spec);
    }
    const LoadedLayers loaded = read_layers(subset);
    study.crs = loaded.crs;

    if (!manifest.towns.empty()) {
        const Layer* towns = loaded.find(manifest.towns);
        require_usable(*towns);
        study.towns = areas_of(*towns);
        if (!towns->spec.level.empty()) study.towns_level = towns->spec.level;
    } else if (const auto areas = loaded.with_role(Role::areas); !areas.empty()) {
        require_usable(*areas.front());
        study.towns = areas_of(*areas.front());
    }
    if (!manifest.boundary.empty()) {
        const Layer* boundary = loaded.find(manifest.boundary);
        require_usable(*boundary);
        std::vector<Area> parts = areas_of(*boundary);
        if (!parts.empty()) {
            Area b = parts.front();
            if (parts.size() > 1) {
                // Several features: the study area is their union.
                std::unique_ptr<OGRGeometry> u(parts.front().geometry->clone());
                for (std::size_t i = 1; i < parts.size(); ++i) u.reset(u->Union(parts[i].geometry.get()));
                b.geometry = std::shared_ptr<const OGRGeometry>(u.release(), OGRGeometryDeleter());
            }
            study.boundary = std::move(b);
        }
    }

    if (needs.hotspots) {
        const Layer& demand = needed_layer(loaded, Role::demand, manifest.path);
        study.cohorts = demand.spec.cohorts;
        // A hidden or unreadable count is never read as 0: every total would be too small.
        if (const auto problem = missing_demand_counts(demand)) throw DataError(describe(demand, *problem));
        for (const auto& f : demand.features) {
            if (!f.geometry) continue;
            Hotspot h;
            h.id = demand.text(f, "id").value_or("");
            h.at = representative_point(*f.geometry);
            for (const auto& c : study.cohorts) h.counts.push_back(demand.integer(f, c).value_or(0));
            h.town = study.town_at(h.at);
            study.hotspots.push_back(std::move(h));
        }
        if (demand.without_geometry) {
            study.notes.push_back(std::to_string(demand.without_geometry) +
                                  " hotspot(s) without a location are left out of the analysis.");
        }
    }

    if (needs.meetings) {
        const Layer& layer = needed_layer(loaded, Role::meetings, manifest.path);
        for (const auto& f : layer.features) {
            Meeting m;
            m.id = layer.text(f, "id").value_or("");
            m.name = layer.text(f, "name").value_or("");
            m.fellowship_text = layer.text(f, "fellowship").value_or("");
            if (const auto known = fellowship_from_text(m.fellowship_text)) {
                m.fellowship = *known;
            } else {
                m.fellowship = Fellowship::Other;
                study.notes.push_back(layer.spec.source_as_written + ", " + f.where + ", field fellowship: '" +
                                      m.fellowship_text + "' is not a fellowship roisc knows; the meeting counts as Other. " +
                                      UnknownFellowship{m.fellowship_text}.message());
            }
            m.venue = layer.text(f, "venue").value_or("");
            m.postcode = layer.text(f, "postcode").value_or("");
            const std::string attendance = layer.text(f, "attendance").value_or("");
            if (attendance.empty()) {
                m.attendance = Attendance::in_person;
            } else if (const auto a = attendance_from_text(attendance)) {
                m.attendance = *a;
            } else {
                study.notes.push_back(layer.spec.source_as_written + ", " + f.where + ", field attendance: '" + attendance +
                                      "' is not in_person, online, hybrid, inactive or temporarily_closed; the meeting "
                                      "is left out.");
                continue;
            }
            m.type_codes = split_codes(layer.text(f, "types").value_or(""));
            const auto day = weekday_from_name(layer.text(f, "weekday").value_or(""));
            const auto start = parse_clock(layer.text(f, "start").value_or(""));
            const auto end = parse_clock(layer.text(f, "end").value_or(""), true);
            if (!day || !start) {
                study.notes.push_back(layer.spec.source_as_written + ", " + f.where +
                                      ": weekday or start time unreadable; the meeting is left out.");
                continue;
            }
            m.slots.push_back(WeeklySlot::from_clock(*day, *start, end.value_or(*start + 60)));
            if (f.geometry) {
                m.at = representative_point(*f.geometry);
                m.town = study.town_at(*m.at);
                m.in_study = study.in_study(*m.at);
            }
            const std::string area = layer.text(f, "area").value_or("");
            m.place = !m.town.empty() ? m.town : m.in_study ? study.name : !area.empty() ? area : "outside";
            if (!m.at) m.place = "online";
            study.meetings.push_back(std::move(m));
        }
    }

    if (needs.venues) {
        const Layer& layer = needed_layer(loaded, Role::venues, manifest.path);
        static const char* days[] = {"hours_mon", "hours_tue", "hours_wed", "hours_thu", "hours_fri", "hours_sat", "hours_sun"};
        for (const auto& f : layer.features) {
            if (!f.geometry) continue;
            Venue v;
            v.id = layer.text(f, "id").value_or("");
            v.name = layer.text(f, "name").value_or("");
            v.kind = layer.text(f, "kind").value_or("");
            v.postcode = layer.text(f, "postcode").value_or("");
            v.address = layer.text(f, "address").value_or("");
            v.at = representative_point(*f.geometry);
            v.town = study.town_at(v.at);
            for (const char* d : days) v.hours.push_back(layer.text(f, d));
            study.venues.push_back(std::move(v));
        }
    }
    return study;
}

}  // namespace roisc
