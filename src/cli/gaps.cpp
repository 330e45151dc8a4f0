#include "gaps.hpp"

#include "options/thresholds.hpp"
#include "shared/access.hpp"
#include "roisc/engine/service.hpp"
#include "shared/breakdown.hpp"
#include "shared/names.hpp"
#include "shared/left_out.hpp"
#include "shared/progress.hpp"
#include "shared/report_page.hpp"

#include "roisc/core/error.hpp"
#include "roisc/engine/access.hpp"
#include "roisc/engine/disclosure.hpp"
#include "roisc/engine/gaps.hpp"
#include "roisc/io/manifest.hpp"
#include "roisc/io/study_loader.hpp"
#include "roisc/io/output.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <future>
#include <map>
#include <optional>

namespace roisc::cli {

void GapsCommand::declare(CLI::App& app) {
    add_threshold(app, "--beyond", beyond_, "Gap threshold with its unit: hotspots whose nearest eligible meeting is "
                                           "further than this (800m, 2km, 2mi), or further in travel time (20min)")
        ->required();
    option_for("the reach", "--beyond");
    add_count(app, "--top", top_, "Print only the N hotspots with most people (files keep them all)");
    service_.declare_of(app);
    service_.declare_min_options(app);
    meetings_.declare(app);
    travel_.declare(app, &breakdown_.by);
    results_.declare(app);
    report_.declare(app);
    disclosure_.declare(app);
    breakdown_.declare(app);  // --chart; --by is declared with the travel options
    option_for("the grouping field", "--by");
}

void GapsCommand::validate() {
    report_.check(results_);
    breakdown_.validate();
    service_.check(meetings_);
    service_.check_min_options(beyond_, "--beyond");
}

namespace {

std::string km(double metres) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", metres / 1000.0);
    return buf;
}

std::string mi(double metres) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", metres / metres_per_mile);
    return buf;
}

FieldValue count_value(const ProtectedCell& cell) {
    if (cell.is_suppressed()) return {};
    return cell.shown;  // rounded under --rounding
}

}  // namespace

int GapsCommand::run(Context& context) {
    const Threshold& beyond = beyond_;
    travel_.check(beyond, "--beyond");
    const MeetingFilter filter = meetings_.filter();
    const DisclosurePolicy policy = disclosure_.policy();
    if (breakdown_.chart && (results_.no_files || results_.to_database())) {
        throw ArgumentError(std::string("--chart: the chart is a file (PNG, SVG, PDF); drop ") +
                            (results_.no_files ? "--no-files" : "--out PG:…") + ", or drop --chart.");
    }
    const LeafletAssets leaflet = leaflet_for(report_);
    Progress progress = Progress::of(context);
    auto reading = progress.phase("reading the study");
    const Manifest manifest = load_manifest(context.manifest_path());
    StudyNeeds needs{true, service_.meetings(), false, !service_.meetings()};
    add_breakdown_needs(breakdown_, manifest, needs);
    Study loaded = load_study(manifest, needs);
    const Service service = measure_against(loaded, manifest, service_.text, "--of");
    const Study& study = loaded;
    report_left_out(context, study);
    // What a hotspot must have within reach: "an eligible meeting (NA, …)", "a pharmacy", …
    const std::string target = service_.reached(service, filter.describe());
    const bool default_service = service.meetings() && service_.min_options == 1;
    reading.done();
    auto computing = progress.phase("computing the gaps");
    // Disclosure control needs the study's counts only, not the reach: it runs on a second core
    // beside the reach (a national table takes seconds to protect).
    std::future<ProtectedDemand> protecting = std::async(std::launch::async, [&study, &policy] { return ProtectedDemand(study, policy); });
    const AccessResult reach = reach_with_options(context, study, manifest, {filter, beyond}, travel_, service_.min_options);
    const auto& access = reach.access;

    // Gap hotspots and their protected counts (shared with roisc map); ranked by people within the whole.
    // Every count comes from the study's protected demand table, the same in every run.
    const ProtectedDemand demand = protecting.get();
    const GapCounts gap_counts = count_gaps(study, access, demand);
    const std::vector<const HotspotAccess*>& gaps = gap_counts.gaps;
    auto line_of = [&](std::size_t i) -> const ProtectedLine& { return demand.hotspot(gaps[i]->hotspot); };
    const std::string outside = outside_the_towns;

    // Most people first, among the published counts; the suppressed ones follow in postcode order,
    // since ranking them by their true size would tell between which published counts they lie.
    std::vector<std::size_t> order(gaps.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const ProtectedCell& ca = line_of(a).total;
        const ProtectedCell& cb = line_of(b).total;
        if (ca.is_suppressed() != cb.is_suppressed()) return cb.is_suppressed();
        // By the published (rounded) value: the true one would order hotspots that show the same.
        if (!ca.is_suppressed() && ca.shown != cb.shown) return ca.shown > cb.shown;
        return study.hotspots[gaps[a]->hotspot].id < study.hotspots[gaps[b]->hotspot].id;
    });

    // With an asset service the nearest fields name the nearest asset and its address; with
    // --min-options N they are the N-th nearest place's.
    const std::string nearest_field = service.meetings() ? "nearest_meeting" : "nearest_asset";
    const std::string place_field = service.meetings() ? "meeting_place" : "asset_address";
    std::vector<Table::Column> columns = {{"rank", Table::Align::right, true}, {"hotspot"}, {"town"},
                                          {"people", Table::Align::right, true}, {nearest_field}, {place_field},
                                          {"distance_km", Table::Align::right, true}, {"distance_mi", Table::Align::right, true}};
    if (reach.by_time) columns.push_back({"travel_min", Table::Align::right, true});
    Table hotspot_table(columns);
    // One printed row: the gap hotspot at `i` (into gaps) with its rank.
    auto row_for = [&](std::size_t i, int rank) {
        const Hotspot& h = study.hotspots[gaps[i]->hotspot];
        const auto& nearest = gaps[i]->nearest;
        const Meeting* m = nearest ? &study.meetings[nearest->meeting] : nullptr;
        std::vector<std::string> row{std::to_string(rank), h.id, h.town.empty() ? outside : h.town,
                                     line_of(i).total.published().text(policy), m ? m->name : service_.min_options > 1 ? "fewer places than asked" : "none eligible",
                                     m ? (service.meetings() ? m->place : m->address) : "", nearest ? km(nearest->distance) : "", nearest ? mi(nearest->distance) : ""};
        if (reach.by_time) row.push_back(minutes_text(reach.seconds[gaps[i]->hotspot]));
        return row;
    };
    OutputLayer hotspot_layer;
    hotspot_layer.name = "gap_hotspots";
    hotspot_layer.style = LayerStyle::hotspots;
    hotspot_layer.label_field = "hotspot";
    hotspot_layer.title = default_service ? "Hotspots whose nearest eligible meeting (" + filter.describe() + ") is beyond " + beyond.text
                                          : "Hotspots without " + target + " within " + beyond.text;
    hotspot_layer.fields = {{"rank", OutputField::Type::integer},  {"hotspot", OutputField::Type::text},
                            {"town", OutputField::Type::text},     {"people", OutputField::Type::integer}};
    for (const auto& c : study.cohorts) hotspot_layer.fields.push_back({c, OutputField::Type::integer});
    hotspot_layer.fields.insert(hotspot_layer.fields.end(),
                                {{"suppressed", OutputField::Type::boolean}, {"suppressed_counts", OutputField::Type::text},
                                 {nearest_field, OutputField::Type::text}, {place_field, OutputField::Type::text},
                                 {"distance_km", OutputField::Type::real}, {"distance_mi", OutputField::Type::real}});
    if (reach.by_time) hotspot_layer.fields.push_back({"travel_min", OutputField::Type::real});
    // The printed rows and the layer's features are made as they are printed and written, not held:
    // a national run has hundreds of thousands of gap hotspots.
    const std::size_t printed = top_ > 0 ? std::min(order.size(), static_cast<std::size_t>(top_)) : order.size();
    hotspot_table.generate_rows(printed, [&](std::size_t r) { return row_for(order[r], static_cast<int>(r) + 1); });
    hotspot_layer.generated = order.size();
    hotspot_layer.generate = [&](std::size_t r, OutputFeature& f) {
        const std::size_t i = order[r];
        const Hotspot& h = study.hotspots[gaps[i]->hotspot];
        const ProtectedLine& line = line_of(i);
        const auto& nearest = gaps[i]->nearest;
        const Meeting* m = nearest ? &study.meetings[nearest->meeting] : nullptr;
        f.id = h.id;
        f.geometry = std::make_shared<OGRPoint>(h.at.x, h.at.y);
        // Which counts of the row are hidden, by field name ("" when none).
        std::string hidden = line.total.is_suppressed() ? "people" : "";
        f.values.resize(4);
        f.values[0] = static_cast<long long>(r + 1);
        f.values[1] = h.id;
        f.values[2] = h.town.empty() ? FieldValue{} : FieldValue{h.town};
        f.values[3] = count_value(line.total);
        for (std::size_t c = 0; c < line.cells.size(); ++c) {
            f.values.push_back(count_value(line.cells[c]));
            if (line.cells[c].is_suppressed()) hidden += (hidden.empty() ? "" : ",") + study.cohorts[c];
        }
        f.values.push_back(static_cast<long long>(!hidden.empty()));
        f.values.push_back(hidden);
        f.values.push_back(m ? FieldValue{m->name} : FieldValue{});
        f.values.push_back(m ? FieldValue{service.meetings() ? m->place : m->address} : FieldValue{});
        f.values.push_back(nearest ? FieldValue{nearest->distance / 1000.0} : FieldValue{});
        f.values.push_back(nearest ? FieldValue{nearest->distance / metres_per_mile} : FieldValue{});
        if (reach.by_time) {
            const double t = reach.seconds[gaps[i]->hotspot];
            f.values.push_back(std::isfinite(t) ? FieldValue{t / 60.0} : FieldValue{});
        }
    };

    // Per town: people in gap hotspots (protected with the rows above) and the gap land.
    const auto land = gap_areas(study, reach.land.get());
    Table town_table({{study.towns_level}, {"gap_hotspots", Table::Align::right, true}, {"people_beyond", Table::Align::right, true},
                      {"gap_km2", Table::Align::right, true}, {"town_km2", Table::Align::right, true},
                      {"gap_share", Table::Align::right}});
    OutputLayer gap_layer;
    gap_layer.name = "gap_areas";
    gap_layer.style = LayerStyle::gap;
    gap_layer.label_field = "town";
    gap_layer.title = "Each town's land beyond " + beyond.text + " of " + target;
    gap_layer.fields = {{"town", OutputField::Type::text}, {"people_beyond", OutputField::Type::integer},
                        {"gap_km2", OutputField::Type::real}, {"town_km2", OutputField::Type::real}};
    std::map<std::string, int> gaps_in;  // gap hotspots per town, counted once (not per town × hotspot)
    for (const HotspotAccess* g : gaps) ++gaps_in[study.hotspots[g->hotspot].town];
    for (const auto& g : land) {
        const auto counted = gaps_in.find(g.town);
        const int n = counted == gaps_in.end() ? 0 : counted->second;
        const auto it = gap_counts.by_town.find(g.town);
        const DerivedCount people = it == gap_counts.by_town.end() ? DerivedCount{} : it->second;
        char a[32], t[32], s[16];
        std::snprintf(a, sizeof a, "%.2f", g.area_km2);
        std::snprintf(t, sizeof t, "%.2f", g.town_km2);
        std::snprintf(s, sizeof s, "%.0f%%", g.town_km2 > 0 ? 100.0 * g.area_km2 / g.town_km2 : 0.0);
        town_table.add_row({g.town, std::to_string(n), people.text(policy), a, t, s});
        OutputFeature f;
        f.id = slug(g.town);
        f.geometry = std::shared_ptr<const OGRGeometry>(g.geometry->clone(), OGRGeometryDeleter());
        f.values = {g.town, people.exact() ? FieldValue{people.published} : FieldValue{}, g.area_km2, g.town_km2};
        gap_layer.features.push_back(std::move(f));
    }
    town_table.add_row({study.name, std::to_string(gaps.size()), gap_counts.whole.text(policy), "", "", ""});

    // --by: "reached" is an eligible meeting within the threshold; the rest are the gap hotspots.
    std::optional<BreakdownReport> by;
    if (breakdown_.wanted()) by = report_breakdown(breakdown_, study, manifest, access, demand);

    computing.done();
    const std::string model = reach.model;
    std::string name = default_service ? result_name("gaps", filter, beyond.text, meetings_.when)
                                       : "gaps-" + service_.name_part(service) + "-" + slug(beyond.text);
    if (by) name += "-by-" + slug(by->breakdown.by);
    Metadata meta = with_model(run_metadata(context, manifest, study, model, policy), reach);
    for (auto& kv : service_.metadata(service)) meta.push_back(std::move(kv));
    if (by) add_breakdown_metadata(meta, *by);
    const bool to_folder = !results_.no_files && !results_.to_database();
    const std::string dir = to_folder ? results_.open_folder(name) : "";
    const std::string gpkg = (results_.name.empty() ? name : results_.name) + ".gpkg";
    // On a national run the GeoPackage, the gap hotspots' GeoJSON and the printed table with the
    // other files each take seconds: the first two are written beside the rest (two cores).
    std::future<void> geopackage, hotspots_geojson;
    if (to_folder) {
        geopackage = std::async(std::launch::async, [&] { write_geopackage(dir + "/" + gpkg, {&hotspot_layer, &gap_layer}, study.crs, meta); });
        hotspots_geojson = std::async(std::launch::async, [&] { write_geojson(dir + "/gap_hotspots.geojson", hotspot_layer, study.crs, meta); });
    }
    // Whatever fails first, the writers are waited for before the error goes on, so no thread
    // writes into a folder the error path is removing.
    struct Joined {
        std::future<void>& a;
        std::future<void>& b;
        ~Joined() {
            if (a.valid()) a.wait();
            if (b.valid()) b.wait();
        }
    } joined{geopackage, hotspots_geojson};

    const TableFormat format = context.format();
    if (format == TableFormat::table) {
        context.out << "Hotspots beyond " << beyond.text << " of " << target << ", most people first:\n\n";
    }
    // With --by, csv and json print the breakdown alone: one table a pipe can read.
    if (by && format != TableFormat::table) {
        by->table.print(context.out, format);
    } else {
        hotspot_table.print(context.out, format);
    }
    if (format == TableFormat::table) {
        if (top_ > 0 && static_cast<int>(gaps.size()) > top_) {
            context.out << "… and " << gaps.size() - static_cast<std::size_t>(top_) << " more (all are in the files).\n";
        }
        context.out << "\nBy town:\n\n";
        town_table.print(context.out, format);
        if (by) {
            context.out << "\nBy " << by->breakdown.by << " (not reached: beyond " << beyond.text << "):\n\n";
            by->table.print(context.out, format);
            for (const auto& note : breakdown_notes(*by, policy)) context.out << note << "\n";
        }
        if (!service.meetings()) {
            context.out << "\nService: " << service.assets->describe() << "; " << study.meetings.size() << " in the study's assets.";
        }
        if (service_.min_options > 1) {
            context.out << "\nReached: at least " << service_.min_options << " distinct places within " << beyond.text
                        << "; the nearest columns give the " << ordinal(service_.min_options) << " nearest place.";
        }
        context.out << "\nReach: " << model << ".\n" << policy.summary() << "\n";
    }

    auto writing = progress.phase("writing the results");
    if (!results_.no_files && results_.to_database()) {
        const std::string prefix = results_.table_prefix(name);
        std::vector<const OutputLayer*> layers{&hotspot_layer, &gap_layer};
        OutputLayer groups;
        if (by) {
            groups = breakdown_layer(*by, policy);
            layers.push_back(&groups);
        }
        write_postgis(results_.out, prefix, layers, study.crs, meta);
        writing.done();
        if (!context.global.quiet) {
            context.err << "wrote tables " << prefix << "_gap_hotspots, " << prefix << "_gap_areas, "
                        << (by ? prefix + "_reach_by_group, " : "") << prefix << "_metadata\n";
        }
    } else if (to_folder) {
        write_geojson(dir + "/gap_areas.geojson", gap_layer, study.crs, meta);
        // The layer's own fields and every gap hotspot, whatever --top printed.
        write_layer_csv(dir + "/gap_hotspots.csv", hotspot_layer);
        write_csv(dir + "/gaps_by_town.csv", town_table);
        std::string more;
        if (by) {
            write_layer_csv(dir + "/reach_by_group.csv", breakdown_layer(*by, policy));
            more += ", reach_by_group.csv";
            if (breakdown_.chart) {
                const auto charts = write_breakdown_charts(
                    dir, *by, policy, "Share of the people in treatment within " + beyond.text + " of " + target,
                    study.name + ", by " + (by->breakdown.by == imd_decile_field ? std::string("IMD decile") : by->breakdown.by) + "; the rest are beyond " + beyond.text + ". Reach: " + model + ".",
                    context.command_line);
                for (const auto& c : charts) more += ", " + c;
            }
        }
        write_text(dir + "/metadata.json", metadata_json(meta));
        std::string page;
        if (report_.report) {
            ReportSection section;
            section.title = study.name + ": hotspots beyond " + beyond.text + " of " + target;
            section.summary = {std::to_string(gaps.size()) + " hotspots have " + (default_service ? std::string("no eligible meeting") : "not " + target) + " within " + beyond.text +
                                   "; the people in them: " + gap_counts.whole.text(policy) + ".",
                               "Reach: " + model + "."};
            std::vector<std::string> counts{"people"};
            counts.insert(counts.end(), study.cohorts.begin(), study.cohorts.end());
            section.layers = {{towns_layer(study), "Towns", true, {}},
                              {std::make_shared<OutputLayer>(gap_layer), "Land beyond " + beyond.text + " of " + (default_service ? std::string("an eligible meeting") : target),
                               true, {"people_beyond"}},
                              service_for_report(study, service, filter),
                              hotspots_for_report(hotspot_layer, "Hotspots beyond " + beyond.text + ": people in treatment", counts, true,
                                                  "gap_hotspots.geojson, gap_hotspots.csv and " + gpkg + " hold them all")};
            section.tables = {{"gaps_by_town", "Gaps by town: people in hotspots beyond " + beyond.text,
                               std::make_shared<Table>(town_table)}};
            section.metadata = meta;
            section.crs = study.crs;
            page = publish_report(dir, std::move(section), report_, leaflet);
        }
        hotspots_geojson.get();  // their errors, if any, are the command's
        geopackage.get();
        writing.done();
        if (!context.global.quiet) {
            context.err << "wrote " << shown_path(dir) << "/: gap_hotspots.geojson, gap_areas.geojson, gap_hotspots.csv, "
                        << "gaps_by_town.csv" << more << ", metadata.json, " << gpkg
                        << (page.empty() ? "" : ", " + page) << "\n";
        }
    }
    return 0;
}

}  // namespace roisc::cli
