#include "map.hpp"

#include "gaps.hpp"
#include "names.hpp"
#include "results.hpp"
#include "thresholds.hpp"

#include "roisc/core/error.hpp"
#include "roisc/engine/access.hpp"
#include "roisc/engine/disclosure.hpp"
#include "roisc/io/manifest.hpp"
#include "roisc/io/output.hpp"
#include "roisc/version.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>

namespace fs = std::filesystem;

namespace roisc::cli {

namespace {

const char* const attribution =
    "Contains OS data © Crown copyright and database right; Royal Mail data © Royal Mail copyright and database "
    "right; National Statistics data © Crown copyright; © OpenStreetMap contributors (ODbL).";

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

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

// Whether a layer of this role says, in its description or date, that it is not real data.
bool layer_says(const Manifest& manifest, Role role, const std::vector<std::string>& words) {
    for (const LayerSpec* spec : manifest.with_role(role)) {
        const std::string text = lower(spec->description + " " + spec->date);
        for (const auto& w : words) {
            if (text.find(w) != std::string::npos) return true;
        }
    }
    return false;
}

std::shared_ptr<const OGRGeometry> shared(GeometryPtr g) {
    return std::shared_ptr<const OGRGeometry>(g.release(), OGRGeometryDeleter());
}

}  // namespace

void MapCommand::declare(CLI::App& app) {
    app.add_option("--beyond", beyond_, "Gap threshold with its unit, as for roisc gaps: 800m, 2km, 2mi")
        ->required()
        ->type_name("DISTANCE");
    meetings_.declare(app);
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
    app.add_option("--dpi", dpi_, "PNG resolution in dots per inch (default 150: A4 is 1754 x 1240 pixels)")
        ->check(CLI::Range(50.0, 600.0))
        ->type_name("N");
    disclosure_.declare(app);
}

void MapCommand::validate() {
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
}

int MapCommand::run(Context& context) {
    const Threshold beyond = distance_threshold(beyond_, "--beyond");
    const MeetingFilter filter = meetings_.filter();
    const DisclosurePolicy policy = disclosure_.policy();
    const render::Page page = *render::Page::named(page_name_, dpi_);
    const Manifest manifest = load_manifest(context.manifest_path());
    const Study study = load_study(manifest, {true, true, false});

    const Area* only = nullptr;
    if (!town_.empty()) {
        std::string names;
        for (const auto& t : study.towns) {
            if (lower(t.name) == lower(town_)) only = &t;
            names += (names.empty() ? "" : ", ") + t.name;
        }
        if (!only) throw ArgumentError("--town \"" + town_ + "\": " + study.name + " has no such town. Its towns: " + names + ".");
    }

    // The same computation as roisc gaps, and the same protected counts.
    const MeetingIndex index(study.meetings);
    const auto access = assess_access(study, index, filter, beyond.metres());
    const GapCounts counts = protect_gap_counts(study, access, policy);
    GeometryPtr covered = coverage_area(study, filter, beyond.metres());
    auto land = gap_areas(study, covered.get());

    const bool illustrative = layer_says(manifest, Role::meetings, {"illustrative"});
    const bool modelled = layer_says(manifest, Role::demand, {"modelled", "modeled", "synthetic"});
    const std::string reach = spoken(beyond);
    const std::string fellowship = filter.fellowship.empty() ? "" : normalise_fellowship(filter.fellowship);

    render::MapContent base;
    base.attribution = attribution;
    base.credit = std::string("Made with roisc ") + roisc::version + ": " + context.command_line +
                  ". Distances are straight lines in " + study.crs.code + ".";
    if (study.boundary) base.boundary = render::MapArea{study.boundary->name, study.boundary->geometry};
    for (const auto& t : study.towns) base.towns.push_back({t.name, t.geometry});
    for (auto& g : land) base.gaps.push_back(shared(std::move(g.geometry)));
    base.coverage = shared(std::move(covered));
    base.reach_metres = beyond.metres();
    for (std::size_t i = 0; i < counts.gaps.size(); ++i) {
        const Hotspot& h = study.hotspots[counts.gaps[i]->hotspot];
        base.hotspots.push_back({h.at, counts.published.rows[counts.row_of[i]].total.published()});
    }
    for (const auto& m : study.meetings) {
        if (!m.at || (m.attendance != "in_person" && m.attendance != "hybrid" && !filter.accepts(m))) continue;
        base.meetings.push_back({*m.at, m.fellowship, filter.accepts(m)});
    }
    base.fellowship = fellowship;

    // The threshold and the time window first, then which meetings count and what the data is.
    const std::string window = filter.window ? filter.window->text() : std::string("any time of the week");
    std::string line1 = "Threshold: more than " + reach + " (" + km_text(beyond.metres()) +
                        ") in a straight line from the nearest eligible meeting. Time window: " + window + ".";
    std::string line2 = "Eligible meetings: " + (fellowship.empty() ? std::string("any fellowship") : fellowship) +
                        (filter.include_online ? ", any attendance" : ", in person or hybrid");
    for (const auto& t : filter.types) line2 += ", type " + t;
    line2 += ".";
    std::string notes;
    if (illustrative) notes = "meetings illustrative";
    if (modelled) notes += std::string(notes.empty() ? "" : ", ") + "demand modelled";
    if (!notes.empty()) line2 += " Data: " + notes + ".";
    if (policy.method == DisclosureMethod::none) line2 += " Disclosure control: none (exact counts, not for publication).";
    base.subtitle = {line1, line2};

    base.gap_label = "Gap: more than " + reach + " from an eligible meeting";
    base.coverage_label = "Within " + reach + " of an eligible meeting (dashed: each meeting's reach)";
    base.hotspot_label = std::string(modelled ? "Modelled people" : "People") + " in treatment, gap hotspots (postcode sectors)";
    base.suppressed_label =
        policy.method == DisclosureMethod::none ? "" : "Gap hotspot whose count is suppressed (disclosure control)";
    base.meetings_label = "Meetings";

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

    const std::string what = (fellowship.empty() ? std::string("Meetings") : fellowship + " meetings") +
                             " and gap hotspots beyond " + reach;
    const std::string dir = out_.empty()
                                ? (fs::path("outputs") / (name_.empty() ? result_name("map", filter, beyond.text, meetings_.when) : name_)).string()
                                : out_;
    std::vector<std::string> written;
    for (const auto& sheet : sheets) {
        render::MapContent map = base;
        map.title = what + " — " + sheet.place;
        map.extent = sheet.extent;
        map.focus_town = sheet.focus;
        map.description = map.title + ". Gap areas, reach of eligible meetings, gap hotspots sized by their published "
                                      "counts (suppressed counts drawn alike), meetings by fellowship.";
        for (const auto format : formats_) {
            const std::string file = sheet.stem + "." + render::extension(format);
            write_text(dir + "/" + file, render::render_map(map, format, page).bytes);
            written.push_back(file);
        }
    }
    const std::string model = "straight-line distance in " + study.crs.code + "; gap beyond " + beyond.text + " (" +
                              km_text(beyond.metres()) + ")";
    write_text(dir + "/metadata.json", metadata_json(run_metadata(context, manifest, study, model, policy)));
    written.push_back("metadata.json");

    if (!context.global.quiet) {
        std::string list;
        for (const auto& f : written) list += (list.empty() ? "" : ", ") + f;
        context.err << "wrote " << shown_path(dir) << "/: " << list << "\n";
    }
    return 0;
}

}  // namespace roisc::cli
