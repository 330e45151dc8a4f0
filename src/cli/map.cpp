#include "map.hpp"
#include "roisc/core/text.hpp"

#include "options/results.hpp"
#include "options/thresholds.hpp"
#include "shared/access.hpp"
#include "shared/names.hpp"
#include "shared/progress.hpp"
#include "shared/study_map.hpp"
#include "shared/left_out.hpp"

#include "roisc/core/error.hpp"
#include "roisc/engine/access.hpp"
#include "roisc/engine/disclosure.hpp"
#include "roisc/engine/gaps.hpp"
#include "roisc/io/study_loader.hpp"
#include "roisc/io/manifest.hpp"
#include "roisc/io/output.hpp"
#include "roisc/version.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cmath>
#include <filesystem>
#include <future>
#include <optional>

namespace fs = std::filesystem;

namespace roisc::cli {

namespace {

// "2mi" -> "2 mi", "800m" -> "800 m": the threshold in the unit it was given in.
std::string spoken(const Threshold& t) {
    std::string unit;
    for (char c : t.text) {
        if (std::isalpha(static_cast<unsigned char>(c))) unit += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    double per = 1;
    if (unit == "mi" || unit == "mile" || unit == "miles") unit = "mi", per = metres_per_mile;
    else if (unit == "km") per = 1000;
    else unit = "m";
    char buf[48];
    std::snprintf(buf, sizeof buf, "%g %s", t.metres() / per, unit.c_str());
    return buf;
}

std::string km_text(double metres) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f km", metres / 1000.0);
    return buf;
}

}  // namespace

namespace {

std::shared_ptr<const OGRGeometry> shared(GeometryPtr g) {
    return std::shared_ptr<const OGRGeometry>(g.release(), OGRGeometryDeleter());
}

// "10 min", "1 h 30 min": a travel time as people say it.
std::string time_spoken(double seconds) {
    const long long minutes = std::llround(seconds / 60.0);
    if (minutes < 60) return std::to_string(minutes) + " min";
    const long long h = minutes / 60, m = minutes % 60;
    return std::to_string(h) + " h" + (m ? " " + std::to_string(m) + " min" : std::string());
}

const char* travelling(TravelMode mode) {
    switch (mode) {
        case TravelMode::walk: return "Walking";
        case TravelMode::cycle: return "Cycling";
        case TravelMode::drive: return "Driving";
    }
    return "Travel";
}

std::string spoken_list(const std::vector<Threshold>& times) {
    std::string out;
    for (std::size_t i = 0; i < times.size(); ++i) {
        const std::string t = time_spoken(times[i].seconds());
        out += (i == 0 ? "" : i + 1 == times.size() ? " and " : ", ") + t;
    }
    return out;
}

}  // namespace

void MapCommand::declare(CLI::App& app) {
    app.add_option_function<std::string>(
           "--beyond", [this](const std::string& text) { beyond_ = parse_threshold_option(text, "--beyond", ThresholdKinds::either); },
           "Gap threshold with its unit, as for roisc gaps: a distance (800m, 2km, 2mi) or a travel time (20min)")
        ->type_name("DISTANCE|TIME");
    add_times(app, "--isochrones", isochrone_times_,
              "Draw the land within these travel times of an eligible meeting as bands, computed as roisc "
              "isochrones does: 10min,20min,30min");
    option_for("the reach", "--beyond");
    option_for("the times", "--isochrones");
    service_.declare_of(app);
    meetings_.declare(app);
    travel_.declare(app);
    app.add_option("--town", town_, "Draw only this town's map (its name, e.g. \"West Bromwich\")")->type_name("NAME");
    app.add_flag("--per-town", per_town_, "Draw a map of each town as well as the whole study area");
    app.add_option("-o,--out", out_, "Folder for the map files (default: outputs/<name>)")->type_name("DIR");
    app.add_option("--name", name_, "Name of the result, used for the default folder")->type_name("NAME");
    app.add_option("--formats", format_names_, "File formats, comma-separated: png, svg, pdf (default: all three)")
        ->delimiter(',')
        ->type_name("LIST");
    app.add_option("--page", page_name_, "Page size, landscape: A4 (default) or A3")
        ->check(CLI::IsMember({"A4", "A3"}, CLI::ignore_case))
        ->type_name("A4|A3");
    add_number(app, "--dpi", dpi_, "PNG resolution in dots per inch (default 150: A4 is 1754 x 1240 pixels)", 50, 600,
               "a resolution from 50 to 600 dots per inch, e.g. 150")
        ->type_name("N");
    app.add_option_function<std::string>(
           "--hotspots",
           [this](const std::string& text) {
               const std::string t = lower(text);
               if (t == "auto") hotspots_ = render::HotspotDrawing::automatic;
               else if (t == "points") hotspots_ = render::HotspotDrawing::points;
               else if (t == "grid") hotspots_ = render::HotspotDrawing::grid;
               else {
                   throw ArgumentError("--hotspots '" + text + "': give auto (the default: a grid of squares where the circles "
                                       "would crowd), points (a circle per hotspot) or grid (squares summing the published counts).");
               }
           },
           "Gap hotspots as a circle each (points), summed in a grid of squares (grid), or chosen by how crowded the "
           "circles would be (auto, the default; see docs/map.md)")
        ->type_name("auto|points|grid");
    disclosure_.declare(app);
}

void MapCommand::validate() {
    if (!beyond_ && isochrone_times_.empty()) {
        throw ArgumentError("give --beyond (the gap map, as roisc gaps: --beyond 2mi or --beyond 20min), --isochrones "
                            "(travel-time bands, as roisc isochrones: --isochrones 10min,20min,30min), or both.");
    }
    const bool by_time = !isochrone_times_.empty() || (beyond_ && beyond_->is_time());
    if (!by_time && !travel_.given().empty()) {
        std::string list;
        for (const auto& g : travel_.given()) list += (list.empty() ? "" : ", ") + g;
        throw ArgumentError("--beyond " + beyond_->text + " is a straight-line distance and no --isochrones are asked for, so the "
                            "travel options (" + list + ") have nothing to do. Give --beyond as a time (20min), add "
                            "--isochrones 10min,20min, or leave them out.");
    }
    if (per_town_ && !town_.empty()) {
        throw ArgumentError("--town and --per-town: give one of them. --town \"" + town_ +
                            "\" draws that town's map only; --per-town draws the whole area and every town.");
    }
    formats_.clear();
    for (const auto& name : format_names_) {
        const auto format = render::map_format_from_string(name);
        if (!format) {
            throw ArgumentError("--formats: unknown format '" + name + "'. Use png, svg or pdf, separated by commas: --formats png,pdf");
        }
        if (std::find(formats_.begin(), formats_.end(), *format) == formats_.end()) formats_.push_back(*format);
    }
    if (formats_.empty()) throw ArgumentError("--formats: give at least one of png, svg, pdf.");
    service_.check(meetings_);
}

int MapCommand::run(Context& context) {
    const std::optional<Threshold>& beyond = beyond_;
    const MeetingFilter filter = meetings_.filter();
    IsochroneQuery iso_query{filter, isochrone_times_, 25.0};
    std::sort(iso_query.times.begin(), iso_query.times.end(),
              [](const Threshold& a, const Threshold& b) { return a.seconds() < b.seconds(); });
    const std::vector<Threshold>& times = iso_query.times;
    if (beyond) roisc::validate(AccessQuery{filter, *beyond});
    if (!times.empty()) roisc::validate(iso_query);
    const DisclosurePolicy policy = disclosure_.policy();
    const render::Page page = *render::Page::named(page_name_, dpi_);
    Progress progress = Progress::of(context);
    auto reading = progress.phase("reading the study");
    const Manifest manifest = load_manifest(context.manifest_path());
    Study loaded = load_study(manifest, {beyond.has_value(), service_.meetings(), false, !service_.meetings()});
    const Service service = measure_against(loaded, manifest, service_.text, "--of");
    const Study& study = loaded;
    report_left_out(context, study);
    // The words for what is measured: meetings as ever, or the asset kind.
    const bool of_meetings = service.meetings();
    const std::string noun = service.noun();
    const std::string nearest_one = of_meetings ? "the nearest eligible meeting" : "the nearest " + noun;
    const std::string an_one = of_meetings ? "an eligible meeting" : service.one();
    reading.done();
    auto computing = progress.phase("computing the map's content");
    const bool quiet = context.global.quiet;

    const Area* only = nullptr;
    if (!town_.empty()) {
        std::string names;
        for (const auto& t : study.towns) {
            if (lower(t.name) == lower(town_)) only = &t;
            names += (names.empty() ? "" : ", ") + t.name;
        }
        if (!only) throw ArgumentError("--town \"" + town_ + "\": " + study.name + " has no such town. Its towns: " + names + ".");
    }

    const bool illustrative = layer_says(manifest, of_meetings ? Role::meetings : Role::assets, {"illustrative"});
    const bool modelled = layer_says(manifest, Role::demand, {"modelled", "modeled", "synthetic"});
    const std::string fellowship = filter.fellowships.text();
    const std::string window = filter.window ? filter.window->text() : std::string("any time of the week");

    render::MapContent base = study_map(study, filter);
    std::string credit = std::string("Made with roisc ") + roisc::version + ": " + context.command_line +
                         ". Distances are straight lines in " + study.crs.code + ".";
    std::vector<std::string> subtitle;
    Metadata model_metadata;   // the travel model's, once
    std::string gap_model, iso_model;

    // The gap map: the same computation as roisc gaps (distance or travel time), the same protected counts.
    std::string reach;  // "2 mi", "20 min walk"
    bool reach_by_time = false;
    if (beyond) {
        // Disclosure control needs the study's counts only: on a second core beside the reach.
        std::future<ProtectedDemand> protecting = std::async(std::launch::async, [&study, &policy] { return ProtectedDemand(study, policy); });
        const AccessResult result = reach_for(context, study, manifest, {filter, *beyond}, travel_);
        reach_by_time = result.by_time;
        const ProtectedDemand demand = protecting.get();
        const GapCounts counts = count_gaps(study, result.access, demand);
        auto land = gap_areas(study, result.land.get());
        for (auto& g : land) base.gaps.push_back(shared(std::move(g.geometry)));
        for (std::size_t i = 0; i < counts.gaps.size(); ++i) {
            const Hotspot& h = study.hotspots[counts.gaps[i]->hotspot];
            base.hotspots.push_back({h.at, demand.hotspot(counts.gaps[i]->hotspot).total.published()});
        }
        std::string travel_mode;
        for (const auto& kv : result.model_metadata) {
            if (kv.first == "travel_mode") travel_mode = kv.second;
        }
        reach = result.by_time ? time_spoken(beyond->seconds()) + " " + travel_mode : spoken(*beyond);
        // With isochrones the reach is their bands; shading it as well would blur the two blues.
        if (times.empty()) {
            base.coverage = std::shared_ptr<const OGRGeometry>(result.land.get() ? result.land->clone() : nullptr, OGRGeometryDeleter());
        }
        base.reach_metres = result.by_time ? 0 : beyond->metres();  // each meeting's circle: distances only
        subtitle.push_back(
            result.by_time
                ? "Threshold: more than " + reach + " from " + nearest_one + " (" + result.model + ")." +
                      (of_meetings ? " Time window: " + window + "." : "")
                : "Threshold: more than " + reach + " (" + km_text(beyond->metres()) +
                      ") in a straight line from " + nearest_one + "." + (of_meetings ? " Time window: " + window + "." : ""));
        base.gap_label = "Gap: more than " + reach + " from " + an_one;
        if (times.empty()) {
            base.coverage_label = "Within " + reach + " of " + an_one;
            if (!result.by_time) base.reach_circles_note = " (dashed: each " + noun + "'s reach)";
        } else if (!result.by_time) {
            // The row is the circles alone: left out with them on a crowded map.
            base.reach_circles_note = (of_meetings ? std::string("Each eligible meeting") : "Each " + noun) + "'s reach of " + reach + " (dashed)";
        }
        base.hotspot_label = std::string(modelled ? "Modelled people" : "People") + " in treatment, gap hotspots (postcode sectors)";
        base.suppressed_label =
            policy.method == DisclosureMethod::none ? "" : "Gap hotspot whose count is suppressed (disclosure control)";
        gap_model = result.by_time ? result.model
                                   : "straight-line distance in " + study.crs.code + "; gap beyond " + beyond->text + " (" +
                                         km_text(beyond->metres()) + ")";
        if (result.by_time) {
            model_metadata = result.model_metadata;
            credit += " Travel times: " + result.model + ".";
        }
    }

    // Isochrones: the same computation as roisc isochrones.
    if (!times.empty()) {
        // The travel model's notes were given once already when --beyond is a time.
        const Isochrones iso = isochrones_for(context, study, manifest, iso_query, travel_, quiet || reach_by_time);
        const TravelModel& model = iso.model;
        const std::string kind = to_string(model.kind());
        base.isochrone_heading = std::string(travelling(model.mode())) + " time to " + nearest_one + " (" + kind +
                                 " model" + (model.kind() == TravelKind::estimate ? ", no road network" : "") + ")";
        for (std::size_t i = 0; i < times.size(); ++i) {
            const std::string label = i == 0 ? "Within " + time_spoken(times[i].seconds())
                                             : time_spoken(times[i - 1].seconds()) + " to " + time_spoken(times[i].seconds());
            base.isochrones.push_back({label, shared(GeometryPtr(iso.areas[i]->clone()))});
        }
        // The model in short here; the footnote states it in full.
        const std::string model_short = model.kind() == TravelKind::network
                                            ? "network model: " + model.profile().describe() + ", on " + model.network_graph()->source
                                            : model.describe();
        std::string line = (beyond ? "Bands: " + lower(travelling(model.mode())) : std::string(travelling(model.mode()))) +
                           " time to " + nearest_one + " (" + spoken_list(times) + "), " + model_short + ".";
        if (!beyond && of_meetings) line += " Time window: " + window + ".";
        if (iso.used() < iso.eligible.points.size()) {
            line += " " + std::to_string(iso.eligible.points.size() - iso.used()) + (of_meetings ? " eligible meeting(s)" : " " + noun + " place(s)") + " beyond the snap limit left out.";
        }
        subtitle.push_back(line);
        iso_model = model.describe();
        if (!reach_by_time) {  // else the same model, stated once
            credit += " Travel times: " + iso_model + ".";
            model_metadata = model.metadata();
        }
    }
    base.credit = credit;

    // Which meetings count and what the data is.
    std::string line2 = "Eligible meetings: " + (fellowship.empty() ? std::string("any fellowship") : fellowship) +
                        (filter.include_online ? ", any attendance" : ", in person or hybrid");
    for (const auto& t : filter.types) line2 += ", type " + t;
    line2 += ".";
    if (!of_meetings) {
        line2 = "Measured against: " + service.assets->describe() + " (" + std::to_string(study.meetings.size()) +
                " in the study's assets; --of " + service_.text + ").";
        base.meetings_label = "Places measured: " + noun;
        base.sites_row = noun;
        base.sites_row[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(base.sites_row[0])));
    }
    std::string notes;
    if (illustrative) notes = of_meetings ? "meetings illustrative" : "some assets illustrative";
    if (modelled && beyond) notes += std::string(notes.empty() ? "" : ", ") + "demand modelled";
    if (!notes.empty()) line2 += " Data: " + notes + ".";
    if (beyond && policy.method == DisclosureMethod::none) line2 += " Disclosure control: none (exact counts, not for publication).";
    subtitle.push_back(line2);
    base.subtitle = subtitle;

    struct Sheet {
        std::string stem, place, focus;
        render::MapBox extent;
    };
    std::vector<Sheet> sheets;
    if (!only) {
        render::MapBox box;
        if (study.boundary) {
            box = render::MapBox::of(*study.boundary->geometry);
        } else {
            OGREnvelope all;
            for (const auto& t : study.towns) {
                OGREnvelope e;
                t.geometry->getEnvelope(&e);
                all.Merge(e);
            }
            if (!all.IsInit()) {
                throw DataError(manifest.path + ": nothing to draw: the manifest names no boundary and no towns layer. Add "
                                                "[study] boundary = \"<areas layer>\" (see docs/manifest.md).");
            }
            box = {all.MinX, all.MinY, all.MaxX, all.MaxY};
        }
        sheets.push_back({slug(study.name), study.name, "", box.grown(std::max(box.width(), box.height()) * 0.04)});
    }
    for (const auto& t : study.towns) {
        if (!(per_town_ || &t == only)) continue;
        const render::MapBox box = render::MapBox::of(*t.geometry);
        sheets.push_back({slug(t.name), t.name, t.name, box.grown(std::max(800.0, std::max(box.width(), box.height()) * 0.12))});
    }

    const std::string meetings_word = !of_meetings ? "the nearest " + noun : fellowship.empty() ? std::string("meetings") : fellowship + " meetings";
    std::string what;
    if (beyond) {
        what = !of_meetings ? "Places with a " + noun + " and gap hotspots beyond " + reach
                            : (fellowship.empty() ? std::string("Meetings") : fellowship + " meetings") + " and gap hotspots beyond " + reach;
    }
    if (!times.empty()) {
        const std::string mode = base.isochrone_heading.substr(0, base.isochrone_heading.find(' '));
        what = beyond ? what + ", and " + lower(mode) + " time" : mode + " time to " + meetings_word;
    }
    std::string threshold_name = beyond ? beyond->text : "";
    if (!times.empty()) {
        std::string list;
        for (const auto& t : times) list += (list.empty() ? "" : "-") + t.text;
        threshold_name += (threshold_name.empty() ? "" : "-") + std::string("isochrones-") + list;
    }
    const std::string dir = out_.empty()
                                ? (fs::path("outputs") / (name_.empty() ? (of_meetings ? result_name("map", filter, threshold_name, meetings_.when)
                                                                                       : "map-" + service_.name_part(service) + "-" + slug(threshold_name))
                                                                    : name_)).string()
                                : out_;
    result_folder(dir);  // the sheets and metadata replace the folder's earlier set together
    computing.done();
    auto drawing = progress.phase("drawing and writing the maps");
    std::vector<std::string> written;
    for (const auto& sheet : sheets) {
        render::MapContent map = base;
        map.hotspot_drawing = hotspots_;
        map.title = what + " — " + sheet.place;
        map.extent = sheet.extent;
        map.focus_town = sheet.focus;
        map.description = map.title + "." + (beyond ? (of_meetings ? std::string(" Gap areas, reach of eligible meetings,") : " Gap areas, reach of each " + noun + ",") +
                                                          " gap hotspots sized by their published counts (suppressed counts drawn alike)."
                                                    : "") +
                          (times.empty() ? "" : " Travel-time bands to " + nearest_one + ".") +
                          (of_meetings ? " Meetings by fellowship." : " Places with a " + noun + ".");
        for (const auto format : formats_) {
            const std::string file = sheet.stem + "." + render::extension(format);
            write_text(dir + "/" + file, render::render_map(map, format, page).bytes);
            written.push_back(file);
        }
    }
    const std::string model_text = gap_model.empty()  ? iso_model
                                   : iso_model.empty() ? gap_model
                                                       : gap_model + "; isochrones: " + iso_model;
    Metadata meta = run_metadata(context, manifest, study, model_text, policy);
    for (auto& kv : service_.metadata(service)) meta.push_back(std::move(kv));
    for (const auto& kv : model_metadata) meta.push_back(kv);
    write_text(dir + "/metadata.json", metadata_json(meta));
    written.push_back("metadata.json");
    drawing.done();

    if (!quiet) {
        std::string list;
        for (const auto& f : written) list += (list.empty() ? "" : ", ") + f;
        context.err << "wrote " << shown_path(dir) << "/: " << list << "\n";
    }
    return 0;
}

}  // namespace roisc::cli
