#include "within.hpp"

#include "options/thresholds.hpp"
#include "shared/meetings_layer.hpp"
#include "shared/names.hpp"
#include "shared/left_out.hpp"
#include "shared/progress.hpp"
#include "roisc/engine/reach.hpp"

#include "roisc/core/error.hpp"
#include "roisc/engine/access.hpp"
#include "roisc/io/place.hpp"
#include "roisc/engine/travel.hpp"
#include "roisc/io/manifest.hpp"
#include "roisc/io/output.hpp"
#include "roisc/io/study_loader.hpp"
#include "roisc/engine/disclosure.hpp"

#include <cmath>
#include <cstdio>

namespace roisc::cli {

void WithinCommand::declare(CLI::App& app) {
    app.add_option("--from", options_.from, "A postcode (B69 3DE, B69 3), a venue name or id, or lon,lat")
        ->required()
        ->type_name("PLACE");
    add_threshold(app, "-r,--radius", options_.radius,
                  "A straight-line distance with its unit (800m, 2km, 5mi), or a travel time (20min) under the travel "
                  "model (--by, --mode, --network)")
        ->required()
        ->type_name("DISTANCE|TIME");
    option_for("the reach", "--radius");
    options_.meetings.declare(app);
    options_.travel.declare(app);
    options_.results.declare(app);
}

void WithinCommand::validate() {
    options_.travel.check(options_.radius, "--radius");
}

namespace {
std::string fixed(double v, int decimals) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}
}  // namespace

int WithinCommand::run(Context& context) {
    const Threshold& radius = options_.radius;
    const MeetingFilter filter = options_.meetings.filter();
    roisc::validate(AccessQuery{filter, radius});
    Progress progress = Progress::of(context);
    auto reading = progress.phase("reading the study");
    const Manifest manifest = load_manifest(context.manifest_path());
    // Venues are only needed to name a place; a manifest without them still answers.
    const Study study = load_study(manifest, {false, true, !manifest.with_role(Role::venues).empty()});
    report_left_out(context, study);
    reading.done();
    const Place place = resolve_place(options_.from, manifest, study);
    const bool table_format = context.format() == TableFormat::table;

    if (radius.is_distance()) {
        const MeetingIndex index(study.meetings);
        const auto hits = index.within(place.at, radius.metres(), filter);
        Table table({{"meeting"}, {"fellowship"}, {"when"}, {"venue"}, {"place"}, {"in_study"},
                     {"distance_km", Table::Align::right, true}, {"distance_mi", Table::Align::right, true}});
        std::size_t inside = 0;
        std::vector<ListedMeeting> found;
        for (const auto& hit : hits) {
            const Meeting& m = study.meetings[hit.meeting];
            found.push_back({hit.meeting, hit.distance, std::nullopt});
            if (m.in_study) ++inside;
            table.add_row({m.name, to_string(m.fellowship), m.slots_text(), m.venue, m.place, m.in_study ? "yes" : "no",
                           fixed(hit.distance / 1000.0, 2), fixed(hit.distance / metres_per_mile, 2)});
        }
        table.print(context.out, context.format());
        if (table_format) {
            context.out << "\n" << hits.size() << " meeting" << (hits.size() == 1 ? "" : "s") << " (" << filter.describe()
                        << ") within " << radius.text << " of " << place.label << "; " << inside << " inside " << study.name
                        << ", " << hits.size() - inside << " outside.\n";
        }
        write_layers(context, manifest, study, place, found, false, "straight-line distance");
        return 0;
    }

    // A travel time: the model coverage and gaps use, one search from the place.
    const bool quiet = context.global.quiet;
    const ChosenModel chosen = choose_travel_model(options_.travel.request(), manifest, study.crs);
    const TravelModel& model = chosen.model;
    if (!quiet) {
        for (const auto& note : chosen.notes) context.err << note << "\n";
    }
    const std::string reach_line = model.describe() + "; reach " + radius.text;
    const EligibleMeetings eligible = eligible_meetings(study.meetings, filter);
    const TripsFrom trips = trips_from(model, place.at, eligible.points, radius.seconds());
    if (trips.flagged) {
        const std::string how_far = std::isfinite(trips.off_network_m)
                                        ? fixed(trips.off_network_m, 0) + " m from the nearest road or path"
                                        : "nowhere near any road or path";
        throw DataError(place.label + " is " + how_far + " usable by the " + to_string(model.mode()) + " profile in " +
                        model.network_graph()->source + ", beyond the snap limit of " + fixed(model.profile().snap_limit_m, 0) +
                        " m: it is flagged, not snapped to a road it may not reach. Give a network that covers it (--network), "
                        "raise --snap-limit, or use --by estimate.");
    }
    if (!trips.unplaced.empty() && !quiet) {
        context.err << "warning: " << trips.unplaced.size() << " of " << eligible.points.size()
                    << " eligible meetings are further than " << fixed(model.profile().snap_limit_m, 0)
                    << " m from any usable edge of the network and are left out:";
        for (std::size_t i = 0; i < trips.unplaced.size() && i < 10; ++i) {
            context.err << (i ? "; " : " ") << study.meetings[eligible.site[trips.unplaced[i]]].name;
        }
        context.err << (trips.unplaced.size() > 10 ? "; …" : "")
                    << ". Give a network that reaches them, or raise --snap-limit.\n";
    }

    Table table({{"meeting"}, {"fellowship"}, {"when"}, {"venue"}, {"place"}, {"in_study"},
                 {"travel_min", Table::Align::right, true}, {"distance_km", Table::Align::right, true},
                 {"distance_mi", Table::Align::right, true}, {"model"}});
    const std::string model_cell = std::string(to_string(model.kind())) + " " + to_string(model.mode());
    std::size_t inside = 0;
    std::vector<ListedMeeting> found;
    for (const auto& trip : trips.reached) {
        const Meeting& m = study.meetings[eligible.site[trip.meeting]];
        found.push_back({eligible.site[trip.meeting], trip.straight_m, trip.seconds});
        if (m.in_study) ++inside;
        table.add_row({m.name, to_string(m.fellowship), m.slots_text(), m.venue, m.place, m.in_study ? "yes" : "no",
                       minutes_text(trip.seconds), fixed(trip.straight_m / 1000.0, 2),
                       fixed(trip.straight_m / metres_per_mile, 2), model_cell});
    }
    table.print(context.out, context.format());
    const std::size_t n = trips.reached.size();
    if (table_format) {
        context.out << "\n" << n << " meeting" << (n == 1 ? "" : "s") << " (" << filter.describe() << ") within "
                    << radius.text << " (" << to_string(model.mode()) << ", " << to_string(model.kind()) << " model) of "
                    << place.label << "; " << inside << " inside " << study.name << ", " << n - inside << " outside.\n";
        if (n == 0 && !eligible.points.empty()) {
            // Nothing in reach: say how far the nearest one is, which is the next question.
            const Reach nearest = AccessTimes(model, eligible.points).reach(place.at);
            if (nearest.meeting) {
                const Meeting& m = study.meetings[eligible.site[*nearest.meeting]];
                context.out << "The nearest is " << m.name << " (" << m.place << "), " << minutes_text(nearest.seconds)
                            << " min away.\n";
            } else {
                context.out << "No eligible meeting can be reached from there on this network.\n";
            }
        }
        if (model.kind() == TravelKind::network) {
            context.out << "The walk from " << place.label << " to the nearest road or path: " << fixed(trips.off_network_m, 0)
                        << " m.\n";
        }
        context.out << "Distances are straight lines; times are door to door.\nReach: " << reach_line << ".\n";
    } else if (!quiet) {
        context.err << "note: reach: " << reach_line << ".\n";
    }
    GeometryPtr reached;
    if (!options_.results.no_files) reached = area_reached_from(model, place.at, radius.seconds());
    write_layers(context, manifest, study, place, found, true, model.describe(), std::move(reached));
    return 0;
}

void WithinCommand::write_layers(Context& context, const Manifest& manifest, const Study& study, const Place& place,
                                 const std::vector<ListedMeeting>& found, bool by_time, const std::string& model,
                                 GeometryPtr reach_area) {
    const ResultOptions& results = options_.results;
    if (results.no_files) return;
    const Threshold& radius = options_.radius;
    const MeetingFilter filter = options_.meetings.filter();
    const OutputLayer meetings = meetings_layer("within_meetings",
                                                "Meetings (" + filter.describe() + ") within " + radius.text + " of " + place.label,
                                                study, found, by_time);
    // The search area: the circle for a distance; for a travel time, the land reached from the
    // place under the model (on a one-way network that is not computed: the place alone, said so).
    OutputLayer area;
    area.name = "search_area";
    area.fields = {{"place", OutputField::Type::text}, {"radius", OutputField::Type::text}, {"radius_km", OutputField::Type::real}};
    OGRPoint centre(place.at.x, place.at.y);
    std::shared_ptr<const OGRGeometry> shape;
    if (by_time) {
        if (reach_area && !reach_area->IsEmpty()) {
            shape = std::shared_ptr<const OGRGeometry>(reach_area.release(), OGRGeometryDeleter());
            area.title = "The land reached within " + radius.text + " of " + place.label + " (" + model + ")";
        } else {
            shape = std::make_shared<OGRPoint>(centre);
            area.title = reach_area ? "The place searched from: nothing is reached from it on this network"
                                    : "The place searched from (the land reached on a one-way network is not drawn)";
        }
    } else {
        shape = std::shared_ptr<const OGRGeometry>(centre.Buffer(radius.metres(), 90), OGRGeometryDeleter());
        area.title = "The circle searched: " + radius.text + " of " + place.label;
    }
    const bool polygon = wkbFlatten(shape->getGeometryType()) != wkbPoint;
    area.style = polygon ? LayerStyle::outline : LayerStyle::none;
    area.label_field = polygon ? "radius" : "";
    area.features.push_back({"search", shape, {place.label, radius.text, by_time ? FieldValue{} : FieldValue{radius.metres() / 1000.0}}});

    Metadata meta;
    for (const auto& kv : run_metadata(context, manifest, study, model, DisclosurePolicy::standard())) {
        if (kv.first.rfind("disclosure", 0) != 0) meta.push_back(kv);  // no counts here
    }
    meta.emplace_back("from", place.label);
    const std::string name = result_name("within", filter, radius.text, options_.meetings.when) + "-" + slug(options_.from);
    if (results.to_database()) {
        const std::string prefix = results.table_prefix(name);
        write_postgis(results.out, prefix, {&meetings, &area}, study.crs, meta);
        if (!context.global.quiet) context.err << "wrote tables " << prefix << "_within_meetings, " << prefix << "_search_area and " << prefix << "_metadata\n";
        return;
    }
    const std::string dir = results.open_folder(name);
    const std::string gpkg = (results.name.empty() ? name : results.name) + ".gpkg";
    write_geojson(dir + "/within_meetings.geojson", meetings, study.crs, meta);
    write_geojson(dir + "/search_area.geojson", area, study.crs, meta);
    write_layer_csv(dir + "/within_meetings.csv", meetings);
    write_text(dir + "/metadata.json", metadata_json(meta));
    write_geopackage(dir + "/" + gpkg, {&meetings, &area}, study.crs, meta);
    if (!context.global.quiet) {
        context.err << "wrote " << shown_path(dir) << "/: within_meetings.geojson, search_area.geojson, within_meetings.csv, metadata.json, "
                    << gpkg << "\n";
    }
}

}  // namespace roisc::cli
