#include "isochrones.hpp"

#include "options/thresholds.hpp"
#include "shared/access.hpp"
#include "shared/names.hpp"
#include "shared/left_out.hpp"

#include "roisc/core/error.hpp"
#include "roisc/core/units.hpp"
#include "roisc/engine/disclosure.hpp"
#include "roisc/io/manifest.hpp"
#include "roisc/io/study_loader.hpp"
#include "roisc/io/output.hpp"

#include <algorithm>
#include <cstdio>

namespace roisc::cli {

void IsochronesCommand::declare(CLI::App& app) {
    add_times(app, "--times", times_, "Travel times with their unit, comma-separated: 10min,20min,30min")->required();
    add_threshold(app, "--buffer", buffer_, "Half-width of the band around reachable roads (default 25m)", ThresholdKinds::distance);
    option_for("the times", "--times");
    option_for("the buffer", "--buffer");
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

int IsochronesCommand::run(Context& context) {
    travel_.request();  // bad travel options are argument errors before any file is read
    const MeetingFilter filter = meetings_.filter();
    const IsochroneQuery query{filter, times_, buffer_.metres()};
    roisc::validate(query);
    const Threshold& buffer = buffer_;

    const Manifest manifest = load_manifest(context.manifest_path());
    const Study study = load_study(manifest, {false, true, false});
    report_left_out(context, study);
    const bool quiet = context.global.quiet;
    Isochrones iso = isochrones_for(context, study, manifest, query, travel_, quiet);
    const std::vector<Threshold>& times = iso.times;
    const TravelModel& model = iso.model;
    const EligibleMeetings& eligible = iso.eligible;
    const auto& unplaced = iso.unplaced;
    const std::size_t used = iso.used();

    OutputLayer layer;
    layer.name = "isochrones";
    layer.title = "Land from which an eligible meeting (" + filter.describe() + ") is reached within each time, " +
                  to_string(model.kind()) + " model, " + to_string(model.mode());
    layer.style = LayerStyle::isochrones;
    layer.label_field = "";
    for (const auto& t : times) layer.style_categories.push_back(t.text);
    layer.fields = {{"time", OutputField::Type::text},          {"time_min", OutputField::Type::real},
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
    meeting_layer.style = LayerStyle::meetings;
    meeting_layer.fields = {{"meeting", OutputField::Type::text},   {"fellowship", OutputField::Type::text},
                            {"place", OutputField::Type::text},     {"used", OutputField::Type::boolean},
                            {"off_network_m", OutputField::Type::real}};
    for (std::size_t i = 0; i < eligible.points.size(); ++i) {
        const Meeting& m = study.meetings[eligible.site[i]];
        OutputFeature f;
        f.id = m.id;
        f.geometry = std::shared_ptr<const OGRGeometry>(new OGRPoint(eligible.points[i].x, eligible.points[i].y), OGRGeometryDeleter());
        const bool placed = std::find(unplaced.begin(), unplaced.end(), i) == unplaced.end();
        FieldValue off;
        if (model.kind() == TravelKind::network && iso.meeting_snaps[i].found) off = iso.meeting_snaps[i].off_network_m;
        f.values = {m.name, std::string(to_string(m.fellowship)), m.place, static_cast<long long>(placed), off};
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
    const std::string dir = results_.open_folder(name);
    write_geojson(dir + "/isochrones.geojson", layer, study.crs, meta);
    write_geojson(dir + "/isochrone_meetings.geojson", meeting_layer, study.crs, meta);
    write_text(dir + "/metadata.json", metadata_json(meta));
    const std::string gpkg = (results_.name.empty() ? name : results_.name) + ".gpkg";
    write_geopackage(dir + "/" + gpkg, {&layer, &meeting_layer}, study.crs, meta);
    if (!quiet) {
        context.err << "wrote " << shown_path(dir) << "/: isochrones.geojson, isochrone_meetings.geojson, metadata.json, " << gpkg << "\n";
    }
    return 0;
}

}  // namespace roisc::cli
