#include "isochrones.hpp"

#include "names.hpp"

#include "roisc/core/error.hpp"
#include "roisc/core/units.hpp"
#include "roisc/engine/disclosure.hpp"
#include "roisc/io/manifest.hpp"
#include "roisc/io/output.hpp"

#include <algorithm>
#include <cstdio>

namespace roisc::cli {

void TravelOptions::declare(CLI::App& app) {
    app.add_option("--by", by,
                   "Travel model: network (shortest time on the roads), estimate (straight line × detour factor), "
                   "straight, or auto (network when there is one, else estimate)")
        ->check(CLI::IsMember({"auto", "network", "estimate", "straight"}))
        ->type_name("MODEL");
    app.add_option("--mode", mode, "How people travel: walk, cycle or drive (speeds and road classes from the profile)")
        ->check(CLI::IsMember({"walk", "cycle", "drive"}))
        ->type_name("MODE");
    app.add_option("--network", network,
                   "Road network: a line layer with a road class field (OSM-style GeoJSON, GeoPackage, Shapefile), an "
                   "OpenStreetMap .osm or .osm.pbf file, or an edge CSV graph; repeatable, joined where they share vertices. Default: the manifest's network layers")
        ->type_name("FILE");
    app.add_option("--class-field", class_field, "Field of --network holding the road class (default highway)")
        ->type_name("FIELD");
    app.add_option("--nodes", nodes, "Nodes CSV of an edge CSV --network (default: its *nodes* sibling)")->type_name("FILE");
    app.add_option("--profile", profile, "Travel profile TOML (default: profiles/<mode>.toml, else built in)")
        ->type_name("FILE");
    app.add_option("--snap-limit", snap_limit,
                   "Places further than this from any usable edge are flagged, not snapped (default: the profile's, 250m)")
        ->type_name("DISTANCE");
    app.add_option("--detour", detour, "Detour factor of the estimate model (default: the profile's)")
        ->check(CLI::Range(1.0, 10.0))
        ->type_name("FACTOR");
}

void TravelOptions::check(const Threshold& threshold, const std::string& option) const {
    if (threshold.is_distance()) {
        const auto options = given();
        if (!options.empty()) {
            std::string list;
            for (const auto& g : options) list += (list.empty() ? "" : ", ") + g;
            throw ArgumentError(option + " " + threshold.text + " is a straight-line distance, so the travel options (" + list +
                                ") have nothing to do. Give " + option + " as a travel time (e.g. " + option +
                                " 20min), or leave them out.");
        }
        return;
    }
    if (threshold.seconds() <= 0) throw ArgumentError(option + " " + threshold.text + ": give a time of more than zero, e.g. 20min.");
    if (!network.empty() && (by == "estimate" || by == "straight")) {
        throw ArgumentError("--by " + by + " does not use a road network, so --network has nothing to do. Use --by network "
                            "(or leave --by out) to travel on the roads, or leave --network out.");
    }
    if (detour > 0 && (by == "network" || by == "straight")) {
        throw ArgumentError("--detour is the estimate model's factor; --by " + by + " does not use it. Use --by estimate "
                            "with --detour, or leave --detour out.");
    }
    if (!nodes.empty() && network.empty()) {
        throw ArgumentError("--nodes names the nodes file of an edge CSV --network; give the edges with --network FILE.");
    }
}

TravelRequest TravelOptions::request() const {
    TravelRequest r;
    r.by = by;
    r.mode = travel_mode_from_string(mode);
    r.network_files = network;
    r.class_field = class_field;
    r.nodes_file = nodes;
    r.profile_path = profile;
    if (!snap_limit.empty()) {
        const Threshold t = parse_threshold(snap_limit, "--snap-limit");
        if (!t.is_distance()) throw ArgumentError("--snap-limit: give a distance (250m), not a time.");
        r.snap_limit_m = t.metres();
    }
    if (detour > 0) r.detour_factor = detour;
    return r;
}

std::vector<std::string> TravelOptions::given() const {
    std::vector<std::string> out;
    if (by != "auto") out.push_back("--by " + by);
    if (mode != "walk") out.push_back("--mode " + mode);
    for (const auto& n : network) out.push_back("--network " + n);
    if (class_field != "highway") out.push_back("--class-field " + class_field);
    if (!nodes.empty()) out.push_back("--nodes " + nodes);
    if (!profile.empty()) out.push_back("--profile " + profile);
    if (!snap_limit.empty()) out.push_back("--snap-limit " + snap_limit);
    if (detour > 0) out.push_back("--detour");
    return out;
}

void IsochronesCommand::declare(CLI::App& app) {
    app.add_option("--times", times_, "Travel times with their unit, comma-separated: 10min,20min,30min")
        ->required()
        ->delimiter(',')
        ->type_name("TIME,…");
    app.add_option("--buffer", buffer_, "Half-width of the band around reachable roads (default 25m)")->type_name("DISTANCE");
    travel_.declare(app);
    meetings_.declare(app);
    results_.declare(app);
}

namespace {
std::string fixed(double v, int decimals) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}
}  // namespace

std::vector<Threshold> parse_times(const std::vector<std::string>& texts, const std::string& option) {
    std::vector<Threshold> times;
    for (const auto& t : texts) {
        const Threshold th = parse_threshold(t, option);
        if (!th.is_time()) throw ArgumentError(option + ": '" + t + "' is a distance; give times such as 10min,20min,30min.");
        if (th.seconds() <= 0) throw ArgumentError(option + ": '" + t + "' must be more than zero.");
        times.push_back(th);
    }
    if (times.empty()) throw ArgumentError(option + ": give at least one time, e.g. 10min,20min,30min.");
    std::sort(times.begin(), times.end(), [](const Threshold& a, const Threshold& b) { return a.seconds() < b.seconds(); });
    return times;
}

Isochrones compute_isochrones(const Study& study, const Manifest& manifest, const MeetingFilter& filter,
                              const std::vector<Threshold>& times, const TravelOptions& travel, double buffer_m,
                              std::ostream& err, bool quiet) {
    const ChosenModel chosen = choose_travel_model(travel.request(), manifest, study.crs);
    Isochrones out{chosen.model, eligible_meetings(study.meetings, filter), {}, times, {}, {}};
    const TravelModel& model = out.model;
    if (!quiet) {
        for (const auto& note : chosen.notes) err << note << "\n";
        if (model.kind() != TravelKind::network) {
            err << "note: without a network the isochrones are circles of radius speed × time / detour around "
                   "each eligible meeting, not areas reached along roads.\n";
        }
    }
    if (out.eligible.points.empty() && !quiet) {
        err << "warning: no meeting is eligible (" << filter.describe() << "): every isochrone is empty.\n";
    }
    const AccessTimes access(model, out.eligible.points);
    out.unplaced = access.unplaced_meetings();
    if (!out.unplaced.empty() && !quiet) {
        err << "warning: " << out.unplaced.size() << " of " << out.eligible.points.size()
            << " eligible meetings are further than " << fixed(model.profile().snap_limit_m, 0)
            << " m from any usable edge of the network and are left out:";
        for (std::size_t i = 0; i < out.unplaced.size() && i < 10; ++i) {
            err << (i ? "; " : " ") << study.meetings[out.eligible.site[out.unplaced[i]]].name;
        }
        err << (out.unplaced.size() > 10 ? "; …" : "") << ". Give a network that reaches them, or raise --snap-limit.\n";
    }
    for (const auto& t : times) out.areas.push_back(access.reachable_area(t.seconds(), buffer_m));
    out.meeting_snaps = access.meeting_snaps();
    return out;
}

int IsochronesCommand::run(Context& context) {
    const std::vector<Threshold> times = parse_times(times_, "--times");
    const Threshold buffer = parse_threshold(buffer_, "--buffer");
    if (!buffer.is_distance() || buffer.metres() <= 0) throw ArgumentError("--buffer: give a distance of more than 0, e.g. 25m.");
    travel_.request();  // bad travel options are argument errors before any file is read
    const MeetingFilter filter = meetings_.filter();

    const Manifest manifest = load_manifest(context.manifest_path());
    const Study study = load_study(manifest, {false, true, false});
    const bool quiet = context.global.quiet;
    Isochrones iso = compute_isochrones(study, manifest, filter, times, travel_, buffer.metres(), context.err, quiet);
    const TravelModel& model = iso.model;
    const EligibleMeetings& eligible = iso.eligible;
    const auto& unplaced = iso.unplaced;
    const std::size_t used = iso.used();

    OutputLayer layer;
    layer.name = "isochrones";
    layer.title = "Land from which an eligible meeting (" + filter.describe() + ") is reached within each time, " +
                  to_string(model.kind()) + " model, " + to_string(model.mode());
    layer.fields = {{"time", OutputField::Type::text},          {"minutes", OutputField::Type::real},
                    {"area_km2", OutputField::Type::real},      {"meetings", OutputField::Type::integer},
                    {"model", OutputField::Type::text},         {"mode", OutputField::Type::text},
                    {"speed_kmh", OutputField::Type::real},     {"detour_factor", OutputField::Type::real},
                    {"buffer_m", OutputField::Type::real}};
    Table table({{"time"}, {"area_km2", Table::Align::right, true}, {"meetings", Table::Align::right, true}, {"model"}});
    std::vector<OutputFeature> features;
    for (std::size_t k = 0; k < times.size(); ++k) {
        const Threshold& t = times[k];
        GeometryPtr area = std::move(iso.areas[k]);
        const double km2 = polygonal_area(area.get()) / 1e6;
        table.add_row({t.text, fixed(km2, 2), std::to_string(used), std::string(to_string(model.kind())) + " " + to_string(model.mode())});
        OutputFeature f;
        f.id = slug(t.text);
        f.geometry = std::shared_ptr<const OGRGeometry>(area.release(), OGRGeometryDeleter());
        f.values = {t.text, t.seconds() / 60.0, km2, static_cast<long long>(used), std::string(to_string(model.kind())),
                    std::string(to_string(model.mode())), model.speed_kmh(), model.detour_factor(), buffer.metres()};
        features.push_back(std::move(f));
    }
    // Longest first, so that in QGIS the shorter times are drawn on top.
    layer.features.assign(std::make_move_iterator(features.rbegin()), std::make_move_iterator(features.rend()));

    OutputLayer meeting_layer;
    meeting_layer.name = "isochrone_meetings";
    meeting_layer.title = "The eligible meetings and where they meet the network";
    meeting_layer.fields = {{"meeting", OutputField::Type::text},   {"fellowship", OutputField::Type::text},
                            {"place", OutputField::Type::text},     {"used", OutputField::Type::boolean},
                            {"off_network_m", OutputField::Type::real}};
    for (std::size_t i = 0; i < eligible.points.size(); ++i) {
        const MeetingSite& m = study.meetings[eligible.site[i]];
        OutputFeature f;
        f.id = m.id;
        f.geometry = std::shared_ptr<const OGRGeometry>(new OGRPoint(eligible.points[i].x, eligible.points[i].y), OGRGeometryDeleter());
        const bool placed = std::find(unplaced.begin(), unplaced.end(), i) == unplaced.end();
        FieldValue off;
        if (model.kind() == TravelKind::network && iso.meeting_snaps[i].found) off = iso.meeting_snaps[i].off_network_m;
        f.values = {m.name, m.fellowship, m.place, static_cast<long long>(placed), off};
        meeting_layer.features.push_back(std::move(f));
    }

    const TableFormat format = context.format();
    if (format == TableFormat::table) {
        context.out << "Land within reach of an eligible meeting (" << filter.describe() << "):\n\n";
    }
    table.print(context.out, format);
    if (format == TableFormat::table) context.out << "\nTravel: " << model.describe() << ".\n";

    std::string times_text;
    for (const auto& t : times) times_text += (times_text.empty() ? "" : "-") + t.text;
    const std::string name = result_name("isochrones", filter, times_text + "-" + to_string(model.mode()), meetings_.when);
    Metadata meta;
    for (const auto& kv : run_metadata(context, manifest, study, model.describe(), DisclosurePolicy::standard())) {
        if (kv.first.rfind("disclosure", 0) != 0) meta.push_back(kv);  // no counts here
    }
    for (const auto& kv : model.metadata()) meta.push_back(kv);
    meta.emplace_back("buffer_m", fixed(buffer.metres(), 1));
    if (results_.no_files) return 0;
    if (results_.to_database()) {
        const std::string prefix = results_.table_prefix(name);
        write_postgis(results_.out, prefix, {&layer, &meeting_layer}, study.crs, meta);
        if (!quiet) context.err << "wrote tables " << prefix << "_isochrones, " << prefix << "_isochrone_meetings\n";
        return 0;
    }
    const std::string dir = results_.folder(name);
    write_geojson(dir + "/isochrones.geojson", layer, study.crs, meta);
    write_geojson(dir + "/isochrone_meetings.geojson", meeting_layer, study.crs, meta);
    write_text(dir + "/metadata.json", metadata_json(meta));
    if (!quiet) context.err << "wrote " << shown_path(dir) << "/: isochrones.geojson, isochrone_meetings.geojson, metadata.json\n";
    return 0;
}

}  // namespace roisc::cli
