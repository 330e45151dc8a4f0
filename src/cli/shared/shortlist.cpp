#include "shortlist.hpp"

#include "left_out.hpp"
#include "study_map.hpp"

#include "roisc/core/error.hpp"
#include "roisc/core/table.hpp"
#include "roisc/io/output.hpp"
#include "roisc/render/map.hpp"
#include "roisc/version.hpp"

#include <cmath>
#include <cstdio>
#include <memory>
#include <ostream>

namespace roisc::cli {

namespace {

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
    return out;
}

std::string or_unknown(const std::string& text) { return text.empty() ? "unknown" : text; }

// Every free evening, one per day: "Mon 19:00-20:30, Wed 19:00-20:30" (CSV, JSON, the layer).
std::string evenings_text(const ShortlistVenue& v) {
    std::vector<std::string> parts;
    for (const auto& s : v.free_evenings) parts.push_back(s.to_string());
    return parts.empty() ? "none free" : join(parts, ", ");
}

// The same for reading: consecutive days at the same time run together ("Mon-Fri 19:00-20:30, Sun 19:00-20:30").
std::string evenings_short(const ShortlistVenue& v) {
    std::vector<std::string> parts;
    const auto& e = v.free_evenings;
    for (std::size_t i = 0; i < e.size();) {
        std::size_t j = i;
        while (j + 1 < e.size() && day_index(e[j + 1].weekday) == day_index(e[j].weekday) + 1 && e[j + 1].start == e[i].start &&
               e[j + 1].end == e[i].end) {
            ++j;
        }
        std::string days = abbreviation(e[i].weekday);
        if (j > i) days += std::string(j == i + 1 ? ", " : "-") + abbreviation(e[j].weekday);
        parts.push_back(days + " " + e[i].start_text() + "-" + e[i].end_text());
        i = j + 1;
    }
    return parts.empty() ? "none free" : join(parts, ", ");
}

std::string stops_text(const ShortlistRun& run, const ShortlistVenue& v) {
    if (!run.has_stops) return "no stops layer";
    if (v.stops.empty()) return "none within a " + run.walk_text + " walk";
    std::vector<std::string> parts;
    for (const auto& s : v.stops) {
        const Stop& stop = run.study.stops[s.stop];
        parts.push_back(stop.name + (stop.kind.empty() ? "" : " (" + stop.kind + ")") + " " +
                        std::to_string(std::lround(s.walk_m)) + " m");
    }
    return join(parts, "; ");
}

OutputLayer shortlist_layer(const ShortlistRun& run) {
    using T = OutputField::Type;
    OutputLayer layer;
    layer.name = "shortlist";
    layer.title = "Venues that could host a new " + run.fellowship + " meeting, by town: the people beyond " + run.reach_text +
                  " of an eligible meeting each would reach on its own, free evenings and nearest stops (roisc rank --list)";
    layer.style = LayerStyle::venues;
    layer.label_field = "venue";
    layer.fields = {{"venue_id", T::text},      {"venue", T::text},       {"kind", T::text},
                    {"town", T::text},          {"address", T::text},     {"postcode", T::text},
                    {"hours_known", T::boolean}, {"reaches", T::integer}, {"suppressed", T::boolean},
                    {"free_evenings", T::text}, {"near_stops", T::text},  {"nearest_stop_m", T::real},
                    {"pick", T::integer}};
    auto text = [](const std::string& t) { return t.empty() ? FieldValue{} : FieldValue{t}; };
    for (const auto& town : run.list.towns) {
        for (const auto& v : town.venues) {
            const Venue& site = run.study.venues[v.venue];
            OutputFeature f;
            f.id = site.id;
            f.geometry = std::make_shared<OGRPoint>(site.at.x, site.at.y);
            f.values = {site.id,
                        site.name,
                        site.kind,
                        town.name == outside_the_towns ? FieldValue{} : FieldValue{town.name},
                        text(site.address),
                        text(site.postcode),
                        static_cast<long long>(v.hours_known),
                        v.people.exact() ? FieldValue{v.people.published} : FieldValue{},
                        static_cast<long long>(!v.people.exact()),
                        v.free_evenings.empty() ? FieldValue{} : FieldValue{evenings_text(v)},
                        run.has_stops && !v.stops.empty() ? FieldValue{stops_text(run, v)} : FieldValue{},
                        v.stops.empty() ? FieldValue{} : FieldValue{v.stops.front().walk_m},
                        v.pick ? FieldValue{static_cast<long long>(*v.pick)} : FieldValue{}};
            layer.features.push_back(std::move(f));
        }
    }
    return layer;
}

// The sheet: a cover, then per town its map (the venues numbered as listed) and its listing.
render::Booklet shortlist_sheet(const ShortlistRun& run) {
    render::Booklet b;
    b.title = "Venues for new " + run.fellowship + " meetings — " + run.study.name;
    b.cover = {"Every venue that could host a new " + run.fellowship + " meeting, town by town: its address and postcode, "
               "whether its opening hours are known, the people in treatment beyond " + run.reach_text +
               " of an eligible meeting today whom it would reach on its own, its free evenings (open, and no " +
               run.fellowship + " meeting within " + run.reach_text + " meets that day), and its nearest stops.",
               std::to_string(run.list.venues) + " venues. Reach: " + run.model + ".",
               "Walk to a stop: " + run.walk_rule + ".",
               run.policy.summary()};
    b.footer = std::string(run.has_stops ? "Stops: NaPTAN (DfT, OGL v3). " : "") + map_attribution;
    if (layer_says(run.manifest, Role::demand, {"modelled", "modeled", "synthetic"})) {
        b.cover.push_back("The counts of people are MODELLED, not real treatment data.");
        b.footer = "Counts MODELLED. " + b.footer;
    }
    if (layer_says(run.manifest, Role::meetings, {"illustrative"})) {
        b.cover.push_back("The meetings are ILLUSTRATIVE, not a real listing: see the layers' README.");
        b.footer = "Meetings ILLUSTRATIVE. " + b.footer;
    }
    for (const auto& town : run.list.towns) {
        render::BookletSection section;
        section.heading = town.name == outside_the_towns ? std::string("Outside the towns") : town.name;
        section.listing_title = std::to_string(town.venues.size()) + " venue" + (town.venues.size() == 1 ? "" : "s") +
                                " for a new " + run.fellowship + " meeting";
        section.map = study_map(run.study, run.filter);
        section.map.title = section.heading + ": venues for a new " + run.fellowship + " meeting";
        section.map.subtitle = {"Numbered as in the listing that follows (most people reached first)."};
        section.map.focus_town = town.name;
        const Area* area = nullptr;
        for (const auto& t : run.study.towns) {
            if (t.name == town.name) area = &t;
        }
        if (area && area->geometry) section.map.extent = render::MapBox::of(*area->geometry).grown(600);
        else if (run.study.boundary) section.map.extent = render::MapBox::of(*run.study.boundary->geometry).grown(600);
        section.map.credit = std::string("Made with roisc ") + roisc::version + ": roisc rank --list";
        section.map.description = section.map.title;
        section.map.picks_label = "Venue, numbered as in the listing";
        if (town.venues.empty()) section.lines.push_back({"No venue in " + section.heading + " can host (see the run's left-out venues).", false, 0});
        int n = 0;
        for (const auto& v : town.venues) {
            const Venue& site = run.study.venues[v.venue];
            section.map.picks.push_back({site.at, ++n, nullptr});
            section.lines.push_back({std::to_string(n) + ". " + site.name + " (" + site.kind + ") — reaches " +
                                         v.people.text(run.policy) + " on its own" + (v.pick ? ", rank's pick " + std::to_string(*v.pick) : ""),
                                     true, 0});
            section.lines.push_back({"Address: " + or_unknown(site.address) + "; postcode " + or_unknown(site.postcode), false, 1});
            section.lines.push_back({std::string("Opening hours: ") + (v.hours_known ? "known" : "unknown (check before booking)") +
                                         ". Free evenings: " + evenings_short(v), false, 1});
            section.lines.push_back({"Stops: " + stops_text(run, v), false, 1});
        }
        b.sections.push_back(std::move(section));
    }
    return b;
}

}  // namespace

int present_shortlist(Context& context, const ShortlistRun& run, const ResultOptions& results, const std::string& name,
                      Metadata meta) {
    const Study& study = run.study;
    const TableFormat format = context.format();
    if (format == TableFormat::table) {
        context.out << "Venues that could host a new " << run.fellowship << " meeting, by town: " << run.list.venues
                    << " eligible of " << study.venues.size() << " in the venues layer.\n"
                    << "reaches: people beyond " << run.reach_text << " of an eligible meeting today whom the venue would reach "
                    << "on its own; free evenings: open, and no " << run.fellowship << " meeting within " << run.reach_text
                    << " meets that day; pick: its place in rank's choice.\n";
        for (const auto& town : run.list.towns) {
            const std::string heading = (town.name == outside_the_towns ? std::string("Outside the towns") : town.name) + " (" +
                                        std::to_string(town.venues.size()) + ")";
            context.out << "\n" << heading << "\n" << std::string(heading.size(), '-') << "\n";
            if (town.venues.empty()) {
                context.out << "No eligible venue.\n";
                continue;
            }
            Table t({{"venue"}, {"kind"}, {"address"}, {"postcode"}, {"hours"}, {"reaches", Table::Align::right, true},
                     {"free_evenings"}, {"nearest_stops"}, {"pick", Table::Align::right, true}});
            for (const auto& v : town.venues) {
                const Venue& site = study.venues[v.venue];
                t.add_row({site.name, site.kind, or_unknown(site.address), or_unknown(site.postcode),
                           v.hours_known ? "known" : "unknown", v.people.text(run.policy), evenings_short(v), stops_text(run, v),
                           v.pick ? std::to_string(*v.pick) : ""});
            }
            t.print(context.out, format);
        }
        context.out << "\nWalk to a stop: " << run.walk_rule << ".\nReach: " << run.model << ".\n" << run.policy.summary() << "\n";
    } else {
        Table t({{"town"}, {"venue_id"}, {"venue"}, {"kind"}, {"address"}, {"postcode"}, {"hours_known"},
                 {"reaches", Table::Align::right, true}, {"suppressed"}, {"free_evenings"}, {"nearest_stops"},
                 {"nearest_stop_walk_m", Table::Align::right, true}, {"pick", Table::Align::right, true}});
        for (const auto& town : run.list.towns) {
            for (const auto& v : town.venues) {
                const Venue& site = study.venues[v.venue];
                t.add_row({town.name, site.id, site.name, site.kind, or_unknown(site.address), or_unknown(site.postcode),
                           v.hours_known ? "yes" : "no", v.people.text(run.policy), v.people.exact() ? "no" : "yes",
                           evenings_text(v), stops_text(run, v),
                           v.stops.empty() ? "" : std::to_string(std::lround(v.stops.front().walk_m)),
                           v.pick ? std::to_string(*v.pick) : ""});
            }
        }
        t.print(context.out, format);
    }
    if (results.no_files) return 0;
    if (results.to_database()) throw RuntimeFailure("the shortlist is written into a folder, not a database");
    meta.emplace_back("walk_to_stop", run.walk_rule);
    meta.emplace_back("listed_venues", std::to_string(run.list.venues));
    const OutputLayer layer = shortlist_layer(run);
    const std::string dir = results.open_folder(name);
    write_geojson(dir + "/shortlist.geojson", layer, study.crs, meta);
    write_layer_csv(dir + "/shortlist.csv", layer);
    write_text(dir + "/metadata.json", metadata_json(meta));
    const std::string gpkg = (results.name.empty() ? name : results.name) + ".gpkg";
    write_geopackage(dir + "/" + gpkg, {&layer}, study.crs, meta);
    const auto page = render::Page::named("A4", 150);
    write_text(dir + "/shortlist.pdf", render::render_booklet(shortlist_sheet(run), *page).bytes);
    if (!context.global.quiet) {
        context.err << "wrote " << shown_path(dir) << "/: shortlist.geojson, shortlist.csv, metadata.json, " << gpkg
                    << ", shortlist.pdf\n";
    }
    return 0;
}

// The estimate model's own factor on foot (1 for the straight line); with a road network the walk
// profile's calibrated factor (stops are not routed); the built-in walk profile's when the reach is
// a distance or another mode's time.
std::pair<double, std::string> stop_walk(const std::optional<TravelModel>& model) {
    char text[160];
    if (model && model->mode() == TravelMode::walk && model->kind() != TravelKind::network) {
        const double f = model->kind() == TravelKind::estimate ? model->detour_factor() : 1.0;
        std::snprintf(text, sizeof text, "the straight line × %.2f (the %s model's walk)", f, to_string(model->kind()));
        return {f, text};
    }
    const double f = model && model->mode() == TravelMode::walk ? model->profile().detour_factor
                                                               : builtin_profile(TravelMode::walk).detour_factor;
    std::snprintf(text, sizeof text, "the straight line × %.2f (the walk profile's detour factor; stops are not routed)", f);
    return {f, text};
}

// "venue 'NAME' (id ID): reason", for each venue the officer's own rules leave out.
std::vector<std::string> venues_left_out(const Study& study, const RankResult& result) {
    std::vector<std::string> out;
    for (const auto& n : result.not_eligible) {
        if (!n.by_choice) continue;
        const Venue& v = study.venues[n.venue];
        out.push_back("venue '" + v.name + "' (id " + v.id + "): " + n.reason);
    }
    return out;
}

void report_venues_left_out(const Context& context, const Study& study, const RankResult& result) {
    report_left_out_by_rule(context, "venues_left_out", venues_left_out(study, result));
}

void add_venues_left_out(Metadata& meta, const Study& study, const RankResult& result) {
    add_left_out_by_rule(meta, "venues_left_out", venues_left_out(study, result));
}

}  // namespace roisc::cli
