#include "roisc/io/study_loader.hpp"

#include "roisc/core/error.hpp"
#include "roisc/core/text.hpp"
#include "roisc/io/layer.hpp"
#include "asset_layer.hpp"

#include "roisc/core/time_of_week.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <set>
#include <tuple>

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

// Every usable layer with the role (several are read together, in manifest order); an error when
// there is none or one cannot be used.
std::vector<const Layer*> needed_layers(const LoadedLayers& loaded, Role role, const std::string& manifest_path) {
    const auto layers = loaded.with_role(role);
    if (layers.empty()) {
        throw DataError(manifest_path + ": this command needs a layer with role " + std::string(to_string(role)) +
                        ". Add a [layers.<name>] table with role = \"" + to_string(role) + "\".");
    }
    for (const Layer* l : layers) require_usable(*l);
    return layers;
}

// "meeting 'Tuesday NA' (id m4)" — what a left-out record is, in words.
std::string record_name(const char* kind, const std::string& name, const std::string& id) {
    std::string out = kind;
    if (!name.empty()) out += " '" + name + "'";
    else if (!id.empty()) out += " '" + id + "'";
    return out;
}

// A breakdown cell as a count of people, or the reason it is not one.
std::optional<long long> breakdown_cell(const FieldValue& v, std::string& why) {
    if (std::holds_alternative<long long>(v)) {
        const long long n = std::get<long long>(v);
        if (n < 0) why = "a negative count";
        else if (n > max_people_count) why = "too large (a count of people at one place is at most 10,000,000)";
        else return n;
        return std::nullopt;
    }
    std::string text;
    if (std::holds_alternative<double>(v)) {
        const double d = std::get<double>(v);
        if (std::floor(d) == d && d >= 0 && d <= static_cast<double>(max_people_count)) return static_cast<long long>(d);
        why = d < 0 ? "a negative count" : d > static_cast<double>(max_people_count) ? "too large (a count of people at one place is at most 10,000,000)" : "not a whole number";
        return std::nullopt;
    }
    if (std::holds_alternative<std::string>(v)) text = trim(std::get<std::string>(v));
    if (text.empty()) {
        why = "empty";
        return std::nullopt;
    }
    char* end = nullptr;
    const double d = std::strtod(text.c_str(), &end);
    if (*end != '\0' || !std::isfinite(d)) {
        why = "'" + shown(text) + "' is not a whole number of 0 or more (a hidden '*' cannot be analysed)";
        return std::nullopt;
    }
    return breakdown_cell(FieldValue{d}, why);
}

// The declared breakdown `name` of a demand layer: each hotspot's counts, which must add up to its
// cohorts' total (the same people cut another way). Throws DataError naming the layer, the feature,
// the column and both totals.
std::vector<std::vector<long long>> read_breakdown(const Layer& demand, const BreakdownSpec& spec,
                                                   const std::string& manifest_path) {
    const std::string source = demand.spec.source_as_written;
    std::vector<int> columns;
    for (const auto& c : spec.columns) {
        const int i = find_count_column(demand.field_names, spec.name, c, source);
        if (i < 0) {
            std::string fields;
            for (const auto& f : demand.field_names) fields += (fields.empty() ? "" : ", ") + f;
            throw DataError(source + ": no column for '" + c + "' of the breakdown '" + spec.name + "' (" +
                            manifest_path + ", layer '" + demand.spec.name + "', breakdowns." + spec.name +
                            "); the fields are: " + fields + ". Fix: add the column, or name the layer's column in "
                            "breakdowns." + spec.name + " (headers such as 'Male', 'Sex: male', '18-24', '18 to 24' are "
                            "recognised).");
        }
        columns.push_back(i);
    }
    std::vector<std::vector<long long>> out;
    std::vector<std::string> errors;
    for (const auto& f : demand.features) {
        if (!f.geometry) continue;  // left out with its people; see build_study
        const std::string id = demand.text(f, "id").value_or("");
        const std::string where = source + " " + f.where + (id.empty() ? "" : " ('" + id + "')");
        std::vector<long long> cells;
        long long sum = 0, total = 0;
        bool ok = true;
        for (std::size_t c = 0; c < columns.size(); ++c) {
            std::string why;
            const auto v = breakdown_cell(f.values[static_cast<std::size_t>(columns[c])], why);
            if (!v) {
                errors.push_back(where + ", field '" + demand.field_names[static_cast<std::size_t>(columns[c])] + "': " +
                                 why + ". Fix: write the number of people, 0 if none.");
                ok = false;
                continue;
            }
            cells.push_back(*v);
            sum += *v;
        }
        for (const auto& c : demand.spec.cohorts) total += demand.integer(f, c).value_or(0);
        if (ok && sum != total) {
            errors.push_back(where + ": the " + spec.name + " columns add up to " + std::to_string(sum) +
                             " but the cohorts to " + std::to_string(total) +
                             ". They count the same people, so they must agree. Fix: correct the counts; people whose " +
                             spec.name + " is not recorded go in a column of their own (e.g. 'unknown'), declared with "
                             "the others.");
            ok = false;
        }
        if (ok) out.push_back(std::move(cells));
    }
    if (!errors.empty()) {
        std::string msg = source + ": " + std::to_string(errors.size()) + " hotspot(s) with unusable " + spec.name +
                          " counts:";
        for (std::size_t i = 0; i < errors.size() && i < 20; ++i) msg += "\n  " + errors[i];
        if (errors.size() > 20) msg += "\n  … and " + std::to_string(errors.size() - 20) + " more.";
        throw DataError(msg);
    }
    return out;
}

// Count columns (sex, age bands, ethnicity) that no breakdown declares: said, never silently unused.
void note_undeclared_breakdowns(const Layer& demand, Study& study) {
    std::set<std::string> declared;
    for (const auto& b : demand.spec.breakdowns) {
        for (const auto& c : b.columns) {
            const int i = find_count_column(demand.field_names, b.name, c, demand.spec.source_as_written);
            if (i >= 0) declared.insert(demand.field_names[static_cast<std::size_t>(i)]);
        }
    }
    for (const auto& name : demand.field_names) {
        if (declared.count(name)) continue;
        const std::string kind = breakdown_kind_of(name);
        if (kind.empty()) continue;
        study.notes.push_back(demand.spec.source_as_written + ": field '" + name + "' looks like a count by " + kind +
                              " but no breakdown declares it, so it is not used. To break reach down by it, declare "
                              "it in the manifest: breakdowns = { " + kind + " = [\"" + name + "\", …] }.");
    }
}

// Where a point is too far from the study area to be about it: the area's bounding box (the
// boundary, else the towns), and the same limit as for a whole layer (check_near_study).
struct FarFromStudy {
    OGREnvelope box;
    double limit = 0;
    double gap(const Point& p) const {
        const double dx = std::max({box.MinX - p.x, 0.0, p.x - box.MaxX});
        const double dy = std::max({box.MinY - p.y, 0.0, p.y - box.MaxY});
        return std::hypot(dx, dy);
    }
};

std::optional<FarFromStudy> far_from_study(const Study& study) {
    FarFromStudy far;
    bool any = false;
    auto add = [&](const Area& a) {
        if (!a.geometry || a.geometry->IsEmpty()) return;
        OGREnvelope e;
        a.geometry->getEnvelope(&e);
        far.box.Merge(e);
        any = true;
    };
    if (study.boundary) add(*study.boundary);
    else for (const auto& t : study.towns) add(t);
    if (!any) return std::nullopt;
    far.limit = std::max(far_from_study_m, std::max(far.box.MaxX - far.box.MinX, far.box.MaxY - far.box.MinY));
    return far;
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
    // Read only what is needed: the postcode lookup and the network are large.
    Manifest subset = manifest;
    subset.layers.clear();
    for (const auto& spec : manifest.layers) {
        const bool wanted = spec.role == Role::areas || (needs.hotspots && spec.role == Role::demand) ||
                            (needs.meetings && spec.role == Role::meetings) || (needs.venues && spec.role == Role::venues) ||
                            (needs.assets && spec.role == Role::assets) || (needs.stops && spec.role == Role::stops);
        if (wanted) subset.layers.push_back(spec);
    }
    // Demand as compact rows: a national layer's millions of points never sit in memory as features.
    // A breakdown by a demand field needs that field's text, which the rows do not keep.
    const Keep keep = needs.hotspot_fields.empty() && needs.count_breakdown.empty() ? Keep::demand_rows : Keep::features;
    return build_study(manifest, read_layers(subset, keep), needs);
}

Study build_study(const Manifest& manifest, const LoadedLayers& loaded, const StudyNeeds& needs) {
    Study study;
    study.name = manifest.study_name.empty() ? "the study area" : manifest.study_name;
    study.manifest_path = manifest.path;
    study.crs = loaded.crs;

    if (!manifest.towns.empty()) {
        const Layer* towns = loaded.find(manifest.towns);
        require_usable(*towns);
        study.towns = areas_of(*towns);
        if (!towns->spec.level.empty()) study.towns_level = towns->spec.level;
    } else if (const auto areas = loaded.with_role(Role::areas); !areas.empty()) {
        if (areas.size() > 1) {
            std::string names;
            for (const Layer* a : areas) names += (names.empty() ? "" : ", ") + a->spec.name;
            throw DataError(manifest.path + ": " + std::to_string(areas.size()) + " areas layers (" + names +
                            ") and no [study] towns naming the one results are reported by. Fix: add towns = \"" +
                            areas.front()->spec.name + "\" (or another of them) to the [study] table.");
        }
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
        const auto layers = needed_layers(loaded, Role::demand, manifest.path);
        study.cohorts = layers.front()->spec.cohorts;
        study.hotspot_attributes = needs.hotspot_fields;
        const std::optional<FarFromStudy> far = far_from_study(study);
        for (const Layer* demand : layers) {
            const std::size_t first_of_layer = study.hotspots.size();
            if (demand->spec.cohorts != study.cohorts) {
                throw DataError(manifest.path + ": demand layers '" + layers.front()->spec.name + "' and '" +
                                demand->spec.name + "' count different cohorts; several demand layers are read "
                                "together only when their cohorts are the same. Fix: give both the same cohorts = [...], "
                                "or keep one.");
            }
            // A hidden or unreadable count is never read as 0: every total would be too small.
            if (const auto problem = missing_demand_counts(*demand)) throw DataError(describe(*demand, *problem));
            for (const auto& name : needs.hotspot_fields) {
                if (demand->field_index(name) < 0) {
                    std::string fields;
                    for (const auto& f : demand->field_names) fields += (fields.empty() ? "" : ", ") + f;
                    throw QueryError("the grouping field", "'" + name + "' is not a field of the demand layer '" +
                                                               demand->spec.name + "' (" + demand->spec.source_as_written +
                                                               "); its fields: " + fields +
                                                               ". Fix: name one of them, or add the field to the layer (count columns such as sex or age "
                                                               "bands: declare them with breakdowns = { … } in the manifest).");
                }
            }
            note_undeclared_breakdowns(*demand, study);
            std::vector<std::vector<long long>> breakdown;
            if (!needs.count_breakdown.empty()) {
                const auto& specs = demand->spec.breakdowns;
                const auto spec = std::find_if(specs.begin(), specs.end(),
                                               [&](const BreakdownSpec& b) { return b.name == needs.count_breakdown; });
                if (spec == specs.end()) {
                    throw DataError(manifest.path + ": demand layer '" + demand->spec.name + "' declares no breakdown '" +
                                    needs.count_breakdown + "', which '" + layers.front()->spec.name +
                                    "' does. Fix: declare the same breakdowns on every demand layer.");
                }
                if (study.count_breakdown.name.empty()) study.count_breakdown = {spec->name, spec->columns};
                if (spec->columns != study.count_breakdown.columns) {
                    throw DataError(manifest.path + ": demand layers '" + layers.front()->spec.name + "' and '" +
                                    demand->spec.name + "' declare different columns for breakdowns." + spec->name +
                                    ". Fix: give both the same columns.");
                }
                breakdown = read_breakdown(*demand, *spec, manifest.path);
            }
            std::size_t located = 0;
            if (demand->compact) {
                // Located features as rows; those without a location are still features, left out below.
                const std::size_t n_cohorts = study.cohorts.size();
                study.hotspots.reserve(study.hotspots.size() + demand->demand_rows.size());
                for (std::size_t r = 0; r < demand->demand_rows.size(); ++r) {
                    const DemandRow& row = demand->demand_rows[r];
                    Hotspot h;
                    h.id = row.id;
                    h.at = row.at;
                    const auto first = demand->demand_counts.begin() + static_cast<std::ptrdiff_t>(r * n_cohorts);
                    h.counts.assign(first, first + static_cast<std::ptrdiff_t>(n_cohorts));
                    h.town = study.town_at(h.at);
                    study.hotspots.push_back(std::move(h));
                }
            }
            for (const auto& f : demand->features) {
                const std::string id = demand->text(f, "id").value_or("");
                if (!f.geometry) {
                    study.left_out.push_back({demand->spec.source_as_written, f.where, record_name("hotspot", "", id),
                                              "no location; its people are left out of the analysis"});
                    continue;
                }
                Hotspot h;
                h.id = id;
                h.at = representative_point(*f.geometry);
                for (const auto& c : study.cohorts) h.counts.push_back(demand->integer(f, c).value_or(0));
                h.town = study.town_at(h.at);
                for (const auto& name : needs.hotspot_fields) h.attributes.push_back(demand->text(f, name).value_or(""));
                if (!breakdown.empty()) h.breakdown_counts = std::move(breakdown[located]);
                ++located;
                study.hotspots.push_back(std::move(h));
            }
            // One point far away in a layer that is otherwise about the study (a row in degrees among
            // eastings, a typo in a coordinate) is left out and named, never counted in the totals.
            if (far) {
                auto kept = study.hotspots.begin() + static_cast<std::ptrdiff_t>(first_of_layer);
                for (auto it = kept; it != study.hotspots.end(); ++it) {
                    const double gap = far->gap(it->at);
                    if (gap <= far->limit) {
                        if (kept != it) *kept = std::move(*it);
                        ++kept;
                        continue;
                    }
                    char at[96];
                    std::snprintf(at, sizeof at, "%.0f km from the study area, at %.0f, %.0f", gap / 1000.0, it->at.x, it->at.y);
                    study.left_out.push_back({demand->spec.source_as_written, "", record_name("hotspot", "", it->id),
                                              std::string("lies ") + at + " (" + study.crs.code +
                                                  "); its people are left out of the analysis. Fix: correct its coordinates "
                                                  "(written in another CRS than the layer's?), or remove it"});
                }
                study.hotspots.erase(kept, study.hotspots.end());
            }
        }
    }

    if (needs.meetings) {
        for (const Layer* layer_ptr : needed_layers(loaded, Role::meetings, manifest.path)) {
            const Layer& layer = *layer_ptr;
            const std::string& source = layer.spec.source_as_written;
            for (const auto& f : layer.features) {
                Meeting m;
                m.id = layer.text(f, "id").value_or("");
                m.name = layer.text(f, "name").value_or("");
                const std::string what = record_name("meeting", m.name, m.id);
                auto leave_out = [&](const std::string& reason) {
                    study.left_out.push_back({source, f.where, what, reason + "; the meeting is left out"});
                };
                m.fellowship_text = layer.text(f, "fellowship").value_or("");
                if (const auto known = fellowship_from_text(m.fellowship_text)) {
                    m.fellowship = *known;
                } else {
                    m.fellowship = Fellowship::Other;
                    study.left_out.push_back({source, f.where, what,
                                              "fellowship '" + m.fellowship_text +
                                                  "' is not one roisc knows, so the meeting counts as Other and no "
                                                  "fellowship filter selects it. " +
                                                  UnknownFellowship{m.fellowship_text}.message()});
                }
                m.venue = layer.text(f, "venue").value_or("");
                m.address = layer.text(f, "address").value_or("");
                m.postcode = layer.text(f, "postcode").value_or("");
                const std::string attendance = layer.text(f, "attendance").value_or("");
                if (attendance.empty()) {
                    m.attendance = Attendance::in_person;
                } else if (const auto a = attendance_from_text(attendance)) {
                    m.attendance = *a;
                } else {
                    leave_out("attendance '" + attendance +
                              "' is not in_person, online, hybrid, inactive or temporarily_closed");
                    continue;
                }
                m.type_codes = split_codes(layer.text(f, "types").value_or(""));
                const std::string day_text = layer.text(f, "weekday").value_or("");
                const std::string start_text = layer.text(f, "start").value_or("");
                const std::string end_text = layer.text(f, "end").value_or("");
                const auto day = weekday_from_name(day_text);
                bool start_12h = false, end_12h = false;
                const auto start = parse_clock_12_or_24(start_text, false, &start_12h);
                const auto end = parse_clock_12_or_24(end_text, true, &end_12h);
                if (!day) {
                    leave_out(day_text.empty() ? "no weekday" : "weekday '" + day_text + "' is not a day of the week");
                    continue;
                }
                if (!start) {
                    leave_out(start_text.empty() ? "no start time"
                                                 : "start '" + start_text + "' is not a time of day (19:30, 19.30 or 7.30pm)");
                    continue;
                }
                if (!end_text.empty() && !end) {
                    leave_out("end '" + end_text + "' is not a time of day (20:30, 20.30 or 8.30pm)");
                    continue;
                }
                for (const auto& [twelve, text, value] :
                     {std::tuple{start_12h, start_text, start}, std::tuple{end_12h, end_text, end}}) {
                    if (twelve) {
                        study.notes.push_back(source + ", " + f.where + ": read the 12-hour time '" + text + "' as " +
                                              format_clock(*value) + ".");
                    }
                }
                m.slots.push_back(WeeklySlot::from_clock(*day, *start, end.value_or(*start + 60)));
                if (f.geometry) {
                    m.at = representative_point(*f.geometry);
                    m.town = study.town_at(*m.at);
                    m.in_study = study.in_study(*m.at);
                } else if (m.attendance == Attendance::in_person || m.attendance == Attendance::hybrid) {
                    // Online meetings need no place; one people go to does, or it counts nowhere on the map.
                    study.left_out.push_back({source, f.where, what,
                                              "an in-person meeting with no location; it is left out of every "
                                              "distance and map (listed as online)"});
                }
                const std::string area = layer.text(f, "area").value_or("");
                m.place = !m.town.empty() ? m.town : m.in_study ? study.name : !area.empty() ? area : "outside";
                if (!m.at) m.place = "online";
                study.meetings.push_back(std::move(m));
            }
        }
    }

    if (needs.venues) {
        static const char* days[] = {"hours_mon", "hours_tue", "hours_wed", "hours_thu", "hours_fri", "hours_sat", "hours_sun"};
        for (const Layer* layer : needed_layers(loaded, Role::venues, manifest.path)) {
            for (const auto& f : layer->features) {
                Venue v;
                v.id = layer->text(f, "id").value_or("");
                v.name = layer->text(f, "name").value_or("");
                if (!f.geometry) {
                    study.left_out.push_back({layer->spec.source_as_written, f.where, record_name("venue", v.name, v.id),
                                              "no location; the venue is left out"});
                    continue;
                }
                v.kind = layer->text(f, "kind").value_or("");
                v.postcode = layer->text(f, "postcode").value_or("");
                v.address = layer->text(f, "address").value_or("");
                v.at = representative_point(*f.geometry);
                v.town = study.town_at(v.at);
                for (const char* d : days) v.hours.push_back(layer->text(f, d));
                study.venues.push_back(std::move(v));
            }
        }
    }
    if (needs.assets) {
        for (const Layer* layer : needed_layers(loaded, Role::assets, manifest.path)) {
            for (const auto& f : layer->features) {
                Asset a = read_asset_fields(*layer, f).asset;
                if (!f.geometry) {
                    study.left_out.push_back({layer->spec.source_as_written, f.where, record_name("asset", a.name, a.id),
                                              "no location; the asset is left out of the directory"});
                    continue;
                }
                a.at = representative_point(*f.geometry);
                a.town = study.town_at(a.at);
                study.assets.push_back(std::move(a));
            }
        }
    }

    if (needs.stops) {
        for (const Layer* layer : needed_layers(loaded, Role::stops, manifest.path)) {
            for (const auto& f : layer->features) {
                Stop s;
                s.id = layer->text(f, "id").value_or("");
                s.name = layer->text(f, "name").value_or(s.id);
                s.kind = layer->text(f, "kind").value_or("");
                if (!f.geometry) {
                    study.left_out.push_back({layer->spec.source_as_written, f.where, record_name("stop", s.name, s.id),
                                              "no location; the stop is left out"});
                    continue;
                }
                s.at = representative_point(*f.geometry);
                study.stops.push_back(std::move(s));
            }
        }
    }
    return study;
}

}  // namespace roisc
