#include "directory.hpp"

#include "options/thresholds.hpp"
#include "shared/left_out.hpp"
#include "shared/names.hpp"
#include "shared/report_page.hpp"
#include "shared/study_map.hpp"

#include "roisc/core/error.hpp"
#include "roisc/core/text.hpp"
#include "roisc/engine/disclosure.hpp"
#include "roisc/io/calendar.hpp"
#include "roisc/io/output.hpp"
#include "roisc/io/study_loader.hpp"
#include "roisc/render/map.hpp"
#include "roisc/version.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <set>

namespace roisc::cli {

void DirectoryCommand::declare(CLI::App& app) {
    options_.stops_within = parse_threshold("400m", "--stops-within");
    add_threshold(app, "--stops-within", options_.stops_within,
                  "List the stops within this straight-line walk of each place (default 400m)", ThresholdKinds::distance);
    option_for("the walk to a stop", "--stops-within");
    add_count(app, "--stops", options_.stops, "At most this many stops per place, nearest first (default 3)");
    option_for("the stops per place", "--stops");
    app.add_option("--town", options_.towns, "List only these towns (the summary still shows every town)")
        ->type_name("TOWN");
    app.add_flag("--summary-only", options_.summary_only, "Print the town-by-kind summary without the listings");
    options_.results.declare(app);
    options_.report.declare(app);
}

void DirectoryCommand::validate() { options_.report.check(options_.results); }

namespace {

std::string join(const std::vector<std::string>& parts, const std::string& separator) {
    std::string out;
    for (const auto& p : parts) {
        if (p.empty()) continue;
        out += (out.empty() ? "" : separator) + p;
    }
    return out;
}

std::string metres_text(double m) { return std::to_string(static_cast<long long>(std::lround(m))) + " m"; }

std::string stops_text(const Study& study, const DirectoryListing& l) {
    std::vector<std::string> parts;
    for (const auto& s : l.stops) parts.push_back(study.stops[s.stop].name + " " + metres_text(s.distance_m));
    return join(parts, "; ");
}

// "St Matthew's Church, Freeth Street, Oldbury, B69 3DE": the building, the street address and the
// postcode, each once.
std::string place_text(const std::string& venue, const std::string& address, const std::string& postcode) {
    std::vector<std::string> parts = {venue};
    if (address != venue) parts.push_back(address);
    if (address.find(postcode) == std::string::npos) parts.push_back(postcode);
    return join(parts, ", ");
}

std::string when_text(const Asset& a) {
    std::vector<std::string> parts;
    const std::string hours = a.hours.compact();
    parts.push_back(hours.empty() ? std::string(a.sessions.empty() ? "hours unknown" : "") : "open " + hours);
    std::vector<std::string> sessions;
    for (const auto& s : a.sessions) sessions.push_back(s.to_string());
    if (!sessions.empty()) parts.push_back("sessions " + join(sessions, "; "));
    return join(parts, "; ");
}

std::string plural(int n, const std::string& one, const std::string& many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string count_text(int n) { return n == 0 ? "none" : std::to_string(n); }

// The town's listing for the terminal: meetings, then assets, two or three lines each.
void print_town(std::ostream& out, const Study& study, const Directory& dir, const DirectoryArea& town,
                const std::string& walk) {
    out << "\n" << town.name << "\n" << std::string(town.name.size(), '-') << "\n";
    std::vector<std::string> missing;
    for (std::size_t c = 0; c < dir.categories.size(); ++c) {
        if (town.counts[c] == 0) missing.push_back(dir.categories[c].fellowship ? dir.categories[c].name : dir.categories[c].label);
    }
    out << "Not in " << town.name << ": " << (missing.empty() ? "nothing missing" : join(missing, ", ")) << "\n";
    if (town.listings.empty()) out << "  (nothing listed)\n";
    for (const auto& l : town.listings) {
        const std::string stops = l.stops.empty() ? "none within " + walk : stops_text(study, l);
        if (l.what == DirectoryListing::What::meeting) {
            const Meeting& m = study.meetings[l.index];
            out << "  [" << to_string(m.fellowship) << " meeting] " << m.name << " — " << m.slots_text() << "\n";
            out << "      " << place_text(m.venue, m.address, m.postcode) << "\n";
        } else {
            const Asset& a = study.assets[l.index];
            out << "  [" << label(a.kind) << "] " << a.name << " — " << when_text(a) << "\n";
            const std::string where = join({place_text("", a.address, a.postcode), a.contact, a.web}, " · ");
            if (!where.empty()) out << "      " << where << "\n";
            if (a.illustrative) out << "      ILLUSTRATIVE: not real service information\n";
        }
        out << "      stops: " << stops << "\n";
    }
}

OutputLayer assets_layer(const Study& study, const Directory& dir, const std::string& walk) {
    using T = OutputField::Type;
    OutputLayer layer;
    layer.name = "directory_assets";
    layer.title = "Community assets by town, with their nearest stops within " + walk + " (roisc directory)";
    layer.style = LayerStyle::assets;
    layer.label_field = "name";
    layer.fields = {{"name", T::text},     {"kind", T::text},        {"kind_label", T::text},   {"town", T::text},
                    {"address", T::text},  {"postcode", T::text},    {"hours", T::text},        {"hours_known", T::boolean},
                    {"sessions", T::text}, {"contact", T::text},     {"web", T::text},          {"illustrative", T::boolean},
                    {"note", T::text},     {"near_stops", T::text},  {"nearest_stop_m", T::real}};
    auto text = [](const std::string& s) { return s.empty() ? FieldValue{} : FieldValue{s}; };
    for (const auto& town : dir.towns) {
        for (const auto& l : town.listings) {
            if (l.what != DirectoryListing::What::asset) continue;
            const Asset& a = study.assets[l.index];
            std::vector<std::string> sessions;
            for (const auto& s : a.sessions) sessions.push_back(s.to_string());
            OutputFeature f;
            f.id = a.id;
            f.geometry = std::make_shared<OGRPoint>(a.at.x, a.at.y);
            f.values = {text(a.name),
                        text(to_string(a.kind)),
                        text(label(a.kind)),
                        text(town.name),
                        text(a.address),
                        text(a.postcode),
                        text(a.hours.compact()),
                        static_cast<long long>(a.hours.any_known()),
                        text(join(sessions, "; ")),
                        text(a.contact),
                        text(a.web),
                        static_cast<long long>(a.illustrative),
                        text(a.note),
                        text(stops_text(study, l)),
                        l.stops.empty() ? FieldValue{} : FieldValue{l.stops.front().distance_m}};
            layer.features.push_back(std::move(f));
        }
    }
    return layer;
}

OutputLayer meetings_layer(const Study& study, const Directory& dir, const std::string& walk) {
    using T = OutputField::Type;
    OutputLayer layer;
    layer.name = "directory_meetings";
    layer.title = "Weekly in-person meetings by town, with their nearest stops within " + walk + " (roisc directory)";
    layer.style = LayerStyle::meetings;
    layer.fields = {{"meeting", T::text}, {"fellowship", T::text},  {"when", T::text},      {"venue", T::text},
                    {"address", T::text}, {"postcode", T::text},    {"town", T::text},      {"near_stops", T::text},
                    {"nearest_stop_m", T::real}};
    auto text = [](const std::string& s) { return s.empty() ? FieldValue{} : FieldValue{s}; };
    for (const auto& town : dir.towns) {
        for (const auto& l : town.listings) {
            if (l.what != DirectoryListing::What::meeting) continue;
            const Meeting& m = study.meetings[l.index];
            OutputFeature f;
            f.id = m.id;
            f.geometry = std::make_shared<OGRPoint>(m.at->x, m.at->y);
            f.values = {text(m.name),    text(to_string(m.fellowship)), text(m.slots_text()), text(m.venue),
                        text(m.address), text(m.postcode),              text(town.name),      text(stops_text(study, l)),
                        l.stops.empty() ? FieldValue{} : FieldValue{l.stops.front().distance_m}};
            layer.features.push_back(std::move(f));
        }
    }
    return layer;
}

std::string hhmm(int minute) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d%02d", (minute / 60) % 24, minute % 60);
    return buf;
}

// The town's weekly meetings and sessions as calendar events, in the listing's order.
std::vector<CalendarEvent> town_events(const Study& study, const DirectoryArea& town) {
    std::vector<CalendarEvent> events;
    const std::string domain = "@" + slug(study.name) + ".roisc";
    for (const auto& l : town.listings) {
        if (l.what == DirectoryListing::What::meeting) {
            const Meeting& m = study.meetings[l.index];
            for (const auto& s : m.slots) {
                CalendarEvent e;
                // The id alone when it is the one slot (a layer's ids often hold the day and time already).
                e.uid = "meeting-" + slug(m.id) +
                        (m.slots.size() > 1 ? "-" + lower(abbreviation(s.weekday)) + "-" + hhmm(s.start) : "") + domain;
                e.summary = std::string(to_string(m.fellowship)) + ": " + m.name;
                e.location = place_text(m.venue, m.address, m.postcode);
                e.description = std::string(full_name(m.fellowship)) + " meeting, every " + full_name(s.weekday) + " " +
                                s.start_text() + "-" + s.end_text() + ".";
                e.slot = s;
                events.push_back(std::move(e));
            }
        } else {
            const Asset& a = study.assets[l.index];
            for (const auto& s : a.sessions) {
                CalendarEvent e;
                e.uid = "asset-" + slug(a.id) + "-" + lower(abbreviation(s.weekday)) + "-" + hhmm(s.start) + domain;
                e.summary = a.name;
                e.location = place_text("", a.address, a.postcode);
                e.description = join({std::string(label(a.kind)) + " session", a.contact,
                                      a.illustrative && a.note.find("ILLUSTRATIVE") == std::string::npos
                                          ? "ILLUSTRATIVE: not real service information. " + a.note
                                          : a.note},
                                     ". ");
                e.url = a.web;
                e.slot = s;
                events.push_back(std::move(e));
            }
        }
    }
    return events;
}

// The town's listing for the booklet: the same entries as the terminal's, as heading and detail lines.
std::vector<render::BookletLine> booklet_lines(const Study& study, const Directory& dir, const DirectoryArea& town,
                                               const std::string& walk) {
    std::vector<render::BookletLine> lines;
    std::vector<std::string> missing;
    for (std::size_t c = 0; c < dir.categories.size(); ++c) {
        if (town.counts[c] == 0) missing.push_back(dir.categories[c].fellowship ? dir.categories[c].name : dir.categories[c].label);
    }
    lines.push_back({"Not in " + town.name + ": " + (missing.empty() ? "nothing missing" : join(missing, ", ")) + ".", false, 0});
    lines.push_back({"", false, 0});
    for (const auto& l : town.listings) {
        const std::string stops = l.stops.empty() ? "none within " + walk : stops_text(study, l);
        if (l.what == DirectoryListing::What::meeting) {
            const Meeting& m = study.meetings[l.index];
            lines.push_back({std::string(to_string(m.fellowship)) + " meeting: " + m.name + " — " + m.slots_text(), true, 0});
            lines.push_back({place_text(m.venue, m.address, m.postcode), false, 1});
        } else {
            const Asset& a = study.assets[l.index];
            lines.push_back({std::string(label(a.kind)) + ": " + a.name + " — " + when_text(a), true, 0});
            const std::string where = join({place_text("", a.address, a.postcode), a.contact, a.web}, " · ");
            if (!where.empty()) lines.push_back({where, false, 1});
            if (a.illustrative) lines.push_back({"ILLUSTRATIVE: not real service information", false, 1});
        }
        lines.push_back({"Stops: " + stops, false, 1});
    }
    return lines;
}

render::Booklet make_booklet(const Manifest& manifest, const Study& study, const Directory& dir, const std::string& walk) {
    render::Booklet b;
    b.title = study.name + " recovery directory";
    b.cover.push_back("What there is, and what there is not, town by town: mutual aid meetings by fellowship, and "
                      "community assets by kind, each with its nearest stops within " + walk + ".");
    std::string towns;
    for (const auto& t : dir.towns) towns += (towns.empty() ? "" : ", ") + t.name;
    b.cover.push_back("One section per town (" + towns + "): a map of its meetings, then its listing.");
    b.footer = std::string("Stops: NaPTAN (DfT, OGL v3). ") + map_attribution;
    if (layer_says(manifest, Role::meetings, {"illustrative"})) {
        b.cover.push_back("The meetings are ILLUSTRATIVE, not a real listing: see the layers' README.");
        b.footer = "Meetings ILLUSTRATIVE, not a real listing. " + b.footer;
    }
    if (std::any_of(study.assets.begin(), study.assets.end(), [](const Asset& a) { return a.illustrative; })) {
        b.cover.push_back("Assets marked ILLUSTRATIVE are invented to show the directory; the others are public venues.");
    }
    for (std::size_t i = 0; i < dir.towns.size(); ++i) {
        const Area& area = study.towns[i];
        render::BookletSection section;
        section.heading = area.name;
        section.map = study_map(study, MeetingFilter{});
        section.map.title = area.name + ": " + study.name + " recovery directory";
        section.map.subtitle = {"Weekly in-person meetings in and around " + area.name +
                                "; the listing of its meetings and assets follows."};
        section.map.focus_town = area.name;
        if (area.geometry) section.map.extent = render::MapBox::of(*area.geometry).grown(600);
        section.map.credit = std::string("Made with roisc ") + roisc::version + ": roisc directory";
        section.map.description = section.map.title;
        section.lines = booklet_lines(study, dir, dir.towns[i], walk);
        b.sections.push_back(std::move(section));
    }
    return b;
}

}  // namespace

void DirectoryCommand::write_files(Context& context, const Manifest& manifest, const Study& study,
                                   const Directory& dir, const LeafletAssets& leaflet) const {
    const ResultOptions& results = options_.results;
    if (results.no_files) return;
    const std::string walk = options_.stops_within.text;
    const OutputLayer assets = assets_layer(study, dir, walk);
    const OutputLayer meetings = meetings_layer(study, dir, walk);

    Metadata meta;
    const std::string model = "directory: meetings counted as roisc schedule counts them (weekly in-person slots in "
                              "each town); assets once each; stops within " + walk + " in a straight line";
    for (const auto& kv : run_metadata(context, manifest, study, model, DisclosurePolicy::standard())) {
        if (kv.first.rfind("disclosure", 0) != 0) meta.push_back(kv);  // it lists services, no counts of people
    }
    // The calendars start on the data's date: the latest date of the meetings and assets layers.
    std::optional<CalendarDate> from;
    for (const auto& l : manifest.layers) {
        if (l.role != Role::meetings && l.role != Role::assets) continue;
        if (const auto d = calendar_date_from_text(l.date)) {
            if (!from || d->text() > from->text()) from = d;
        }
    }
    if (!from) {
        from = CalendarDate{2000, 1, 1};
        if (!context.global.quiet) {
            context.err << "note: no meetings or assets layer has a date (date = \"2026-01\" in the manifest); the "
                           "calendars start on 2000-01-01.\n";
        }
    }
    meta.emplace_back("calendar_start", from->text());

    const std::string name = "directory";
    if (results.to_database()) {
        const std::string prefix = results.table_prefix(name);
        write_postgis(results.out, prefix, {&assets, &meetings}, study.crs, meta);
        if (!context.global.quiet) {
            context.err << "wrote tables " << prefix << "_directory_assets, " << prefix << "_directory_meetings and "
                        << prefix << "_metadata (calendars are written only to a folder)\n";
        }
        return;
    }
    const std::string folder = results.open_folder(name);
    const std::string gpkg = (results.name.empty() ? name : results.name) + ".gpkg";

    // The CSV keeps numbers; the page shows "none" as the terminal does, so a gap reads as one.
    auto summary_table = [&](bool words) {
        auto cell = [&](long long n) { return words && n == 0 ? std::string("none") : std::to_string(n); };
        std::vector<Table::Column> columns = {{"category"}, {"label"}};
        for (const auto& t : dir.towns) columns.push_back({t.name, Table::Align::right, true});
        columns.push_back({dir.study.name, Table::Align::right, true});
        Table table(columns);
        for (std::size_t c = 0; c < dir.categories.size(); ++c) {
            std::vector<std::string> row = {dir.categories[c].name, dir.categories[c].label};
            for (const auto& t : dir.towns) row.push_back(cell(t.counts[c]));
            row.push_back(cell(dir.study.counts[c]));
            table.add_row(std::move(row));
        }
        return table;
    };
    const Table summary = summary_table(false);
    write_csv(folder + "/directory_summary.csv", summary);
    write_layer_csv(folder + "/directory_assets.csv", assets);
    write_layer_csv(folder + "/directory_meetings.csv", meetings);
    write_geojson(folder + "/directory_assets.geojson", assets, study.crs, meta);
    write_geojson(folder + "/directory_meetings.geojson", meetings, study.crs, meta);
    write_text(folder + "/metadata.json", metadata_json(meta));
    write_geopackage(folder + "/" + gpkg, {&assets, &meetings}, study.crs, meta);

    render::Page page;
    const render::RenderedMap booklet = render::render_booklet(make_booklet(manifest, study, dir, walk), page);
    write_text(folder + "/directory_booklet.pdf", booklet.bytes);

    std::vector<std::string> written, without;
    std::set<std::string> used;
    for (std::size_t i = 0; i < dir.towns.size(); ++i) {
        const auto& town = dir.towns[i];
        const auto events = town_events(study, town);
        // RFC 5545 wants at least one event in a calendar: a town with none gets none, and is named.
        if (events.empty()) {
            without.push_back(town.name);
            continue;
        }
        // One file per town, even when two names make the same slug ("St. Mary", "St Mary") or none.
        std::string stem = slug(town.name);
        if (stem.empty() || used.count(stem)) stem = (stem.empty() ? "town" : stem) + "-" + std::to_string(i + 1);
        used.insert(stem);
        const std::string file = "calendars/" + stem + ".ics";
        write_calendar(folder + "/" + file, study.name + " recovery directory: " + town.name, events, *from);
        written.push_back(file);
    }
    std::string report_file;
    if (options_.report.report) {
        ReportSection section;
        section.title = study.name + " recovery directory: what there is and what there is not, by town";
        section.summary = {"Meetings are weekly in-person slots, counted as roisc schedule counts them; assets are places and "
                           "services, once each; \"none\" is what there is not.",
                           "Each place's popup gives its address, hours or sessions, contact and nearest stops within " + walk + "."};
        section.layers = {{towns_layer(study), "Towns", true, {}},
                          {std::make_shared<OutputLayer>(assets), "", true, {}, true},
                          {std::make_shared<OutputLayer>(meetings), "", true, {}, true}};
        section.tables = {{"directory_summary", "What there is in each town", std::make_shared<Table>(summary_table(true))}};
        section.metadata = meta;
        section.crs = study.crs;
        report_file = publish_report(folder, std::move(section), options_.report, leaflet);
    }
    if (!context.global.quiet) {
        if (!report_file.empty()) context.err << "wrote " << shown_path(folder) << "/" << report_file << "\n";
        context.err << "wrote " << shown_path(folder) << "/: directory_summary.csv, directory_assets.{geojson,csv,qml}, "
                    << "directory_meetings.{geojson,csv,qml}, directory_booklet.pdf, metadata.json, " << gpkg;
        if (!written.empty()) context.err << ", " << join(written, ", ");
        context.err << "\n";
        if (!without.empty()) {
            context.err << "no calendar for " << join(without, ", ")
                        << ": no weekly meetings or sessions there (a calendar must hold at least one event).\n";
        }
    }
}

int DirectoryCommand::run(Context& context) {
    DirectoryQuery query;
    query.stop_walk_m = options_.stops_within.metres();
    query.stops_per_place = static_cast<std::size_t>(options_.stops);
    query.validate();
    const LeafletAssets leaflet = leaflet_for(options_.report);  // a missing package fails before any work

    const Manifest manifest = load_manifest(context.manifest_path());
    StudyNeeds needs;
    needs.meetings = !manifest.with_role(Role::meetings).empty();
    needs.assets = !manifest.with_role(Role::assets).empty();
    needs.stops = !manifest.with_role(Role::stops).empty();
    if (!needs.meetings && !needs.assets) {
        throw DataError(manifest.path + ": the directory lists meetings and community assets, and the manifest has "
                                        "neither. Fix: add a [layers.<name>] table with role = \"meetings\" or role = "
                                        "\"assets\".");
    }
    query.meetings = needs.meetings;
    query.assets = needs.assets;
    const Study study = load_study(manifest, needs);
    report_left_out(context, study);
    if (study.towns.empty()) {
        throw DataError(manifest.path + ": the directory is made town by town, but the manifest has no towns layer. Fix: "
                                        "set towns = \"<areas layer>\" in its [study] table.");
    }
    for (const auto& t : options_.towns) {
        const bool known = std::any_of(study.towns.begin(), study.towns.end(),
                                       [&](const Area& a) { return lower(a.name) == lower(t) || lower(a.id) == lower(t); });
        if (!known) {
            std::string names;
            for (const auto& a : study.towns) names += (names.empty() ? "" : ", ") + a.name;
            throw ArgumentError("--town " + t + ": not a town of " + study.name + " (its towns: " + names + ").");
        }
    }
    const Directory dir = build_directory(study, query);
    const std::string walk = options_.stops_within.text;

    const TableFormat format = context.format();
    std::vector<Table::Column> columns = {{"category"}, {"label"}};
    for (const auto& t : dir.towns) columns.push_back({t.name, Table::Align::right, true});
    columns.push_back({dir.study.name, Table::Align::right, true});
    if (format == TableFormat::table) {
        auto& out = context.out;
        out << study.name << " recovery directory: what there is and what there is not, by town\n"
            << "(meetings: weekly in-person meetings, as roisc schedule counts them; assets: places and services";
        if (!needs.meetings) out << "; no meetings layer, so no meetings are listed";
        if (!needs.assets) out << "; no assets layer, so no assets are listed";
        if (!needs.stops) out << "; no stops layer, so no stops are listed";
        out << ")\n\n";
        Table table(columns);
        for (std::size_t c = 0; c < dir.categories.size(); ++c) {
            const auto& cat = dir.categories[c];
            std::vector<std::string> row = {cat.name, cat.fellowship ? cat.label + " meetings" : cat.label};
            for (const auto& t : dir.towns) row.push_back(count_text(t.counts[c]));
            row.push_back(count_text(dir.study.counts[c]));
            table.add_row(std::move(row));
        }
        table.print_aligned(out);
        if (dir.outside_towns) {
            out << "\n" << plural(static_cast<int>(dir.outside_towns), "asset lies", "assets lie") << " in " << study.name
                << " but in no town: counted in the " << study.name << " column only.\n";
        }
        if (!options_.summary_only) {
            for (std::size_t i = 0; i < dir.towns.size(); ++i) {
                const Area& area = study.towns[i];
                const bool wanted = options_.towns.empty() ||
                                    std::any_of(options_.towns.begin(), options_.towns.end(), [&](const std::string& t) {
                                        return lower(t) == lower(area.name) || lower(t) == lower(area.id);
                                    });
                if (wanted) print_town(out, study, dir, dir.towns[i], walk);
            }
        }
    } else {
        Table table(columns);
        for (std::size_t c = 0; c < dir.categories.size(); ++c) {
            std::vector<std::string> row = {dir.categories[c].name, dir.categories[c].label};
            for (const auto& t : dir.towns) row.push_back(std::to_string(t.counts[c]));
            row.push_back(std::to_string(dir.study.counts[c]));
            table.add_row(std::move(row));
        }
        table.print(context.out, format);
    }
    write_files(context, manifest, study, dir, leaflet);
    return 0;
}

}  // namespace roisc::cli
