#include "coverage.hpp"

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
#include "roisc/engine/protected_demand.hpp"
#include "roisc/io/manifest.hpp"
#include "roisc/io/study_loader.hpp"
#include "roisc/io/output.hpp"

#include <cstdio>
#include <future>
#include <map>
#include <optional>

namespace roisc::cli {

void CoverageCommand::declare(CLI::App& app) {
    add_threshold(app, "--within", within_, "Reach threshold with its unit: a distance (800m, 2km, 2mi) or a travel time (20min)")->required();
    option_for("the reach", "--within");
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

void CoverageCommand::validate() {
    report_.check(results_);
    breakdown_.validate();
    service_.check(meetings_);
    service_.check_min_options(within_, "--within");
}

namespace {

// A share is shown only when both counts are exact: a share of a sum with hidden cells in it would
// say something of their size.
std::string share(const DerivedCount& part, const DerivedCount& whole) {
    if (!part.exact() || !whole.exact() || whole.published == 0) return "";
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.0f%%", 100.0 * static_cast<double>(part.published) / static_cast<double>(whole.published));
    return buf;
}

}  // namespace

int CoverageCommand::run(Context& context) {
    const Threshold& within = within_;
    travel_.check(within, "--within");
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
    reading.done();
    auto computing = progress.phase("computing the coverage");
    // Disclosure control needs the study's counts only, not the reach: it runs on a second core
    // beside the reach (a national table takes seconds to protect).
    std::future<ProtectedDemand> protecting = std::async(std::launch::async, [&study, &policy] { return ProtectedDemand(study, policy); });
    AccessResult reach = reach_with_options(context, study, manifest, {filter, within}, travel_, service_.min_options);

    Table town_table({{study.towns_level}, {"hotspots", Table::Align::right, true}, {"people", Table::Align::right, true},
                      {"covered", Table::Align::right, true}, {"not_covered", Table::Align::right, true},
                      {"covered_share", Table::Align::right}});
    Table cohort_table({{"cohort"}, {"people", Table::Align::right, true}, {"covered", Table::Align::right, true},
                        {"not_covered", Table::Align::right, true}, {"covered_share", Table::Align::right}});
    std::optional<BreakdownReport> by;
    {
        // Every count comes from the study's protected demand table, the same in every run: sums of
        // its published cells, with "+*" where hidden cells are left out. The table and the
        // per-hotspot answers live in this block only: hundreds of megabytes on a national run, let go
        // before the writing.
        const ProtectedDemand demand = protecting.get();
        const auto& access = reach.access;
        const auto rows = coverage_by_town(study, access);  // towns…, [outside the towns], the study
        std::map<std::string, std::vector<std::size_t>> covered_in, missed_in;  // area -> hotspots
        std::vector<std::size_t> covered_all, missed_all;
        for (const auto& a : access) {
            const Hotspot& h = study.hotspots[a.hotspot];
            const std::string area = h.town.empty() ? outside_the_towns : h.town;
            (a.covered ? covered_in : missed_in)[area].push_back(a.hotspot);
            (a.covered ? covered_all : missed_all).push_back(a.hotspot);
    }
    // The area's people: the base table's own total where it is published.
    auto people_of = [&](const std::string& area, const DerivedCount& in, const DerivedCount& out) {
        const ProtectedLine* line = demand.town(area);
        if (line && !line->total.is_suppressed()) return ProtectedDemand::of(line->total);
        DerivedCount sum = in;
        sum += out;
        return sum;
    };

    for (std::size_t r = 0; r + 1 < rows.size(); ++r) {
        const DerivedCount in = demand.total_of(covered_in[rows[r].area]);
        const DerivedCount out = demand.total_of(missed_in[rows[r].area]);
        const DerivedCount people = people_of(rows[r].area, in, out);
        town_table.add_row({rows[r].area, std::to_string(rows[r].hotspots), people.text(policy), in.text(policy),
                            out.text(policy), share(in, people)});
    }
    const AreaCoverage& all = rows.back();
    const DerivedCount whole = ProtectedDemand::of(demand.table().whole.total);
    const DerivedCount all_in = demand.total_of(covered_all);
    town_table.add_row({all.area, std::to_string(all.hotspots), whole.text(policy), all_in.text(policy),
                        demand.total_of(missed_all).text(policy), share(all_in, whole)});

    for (std::size_t c = 0; c < study.cohorts.size(); ++c) {
        const DerivedCount people = ProtectedDemand::of(demand.table().whole.cells[c]);
        const DerivedCount in = demand.cohort_of(covered_all, c);
        cohort_table.add_row({study.cohorts[c], people.text(policy), in.text(policy),
                              demand.cohort_of(missed_all, c).text(policy), share(in, people)});
    }

    if (breakdown_.wanted()) by = report_breakdown(breakdown_, study, manifest, access, demand);
    }
    std::vector<HotspotAccess>().swap(reach.access);

    int eligible = 0, eligible_inside = 0;
    for (const auto& m : study.meetings) {
        if (filter.accepts(m)) {
            ++eligible;
            if (m.in_study) ++eligible_inside;
        }
    }
    const std::string model = reach.model;


    const TableFormat format = context.format();
    // With --by, csv and json print the breakdown alone: one table a pipe can read.
    if (by && format != TableFormat::table) {
        by->table.print(context.out, format);
    } else {
        town_table.print(context.out, format);
    }
    if (format == TableFormat::table) {
        context.out << "\n";
        cohort_table.print(context.out, format);
        if (by) {
            context.out << "\nBy " << by->breakdown.by << " (reached: " << target << " within " << within.text << "):\n\n";
            by->table.print(context.out, format);
            for (const auto& note : breakdown_notes(*by, policy)) context.out << note << "\n";
        }
        if (service.meetings()) {
            context.out << "\nMeetings: " << filter.describe() << "; " << eligible << " eligible, " << eligible_inside
                        << " inside " << study.name << ".";
        } else {
            context.out << "\nService: " << service.assets->describe() << "; " << eligible << " in the study's assets, "
                        << eligible_inside << " inside " << study.name << ".";
        }
        if (service_.min_options > 1) {
            context.out << "\nReached: at least " << service_.min_options << " distinct places within " << within.text << ".";
        }
        context.out << "\nReach: " << model << ".\n" << policy.summary() << "\n";
    }

    computing.done();
    auto writing = progress.phase("writing the results");
    if (!results_.no_files) {
        std::string name = service.meetings() && service_.min_options == 1
                               ? result_name("coverage", filter, within.text, meetings_.when)
                               : "coverage-" + service_.name_part(service) + "-" + slug(within.text);
        if (by) name += "-by-" + slug(by->breakdown.by);
        const std::string dir = results_.open_folder(name);
        Metadata meta = with_model(run_metadata(context, manifest, study, model, policy), reach);
        for (auto& kv : service_.metadata(service)) meta.push_back(std::move(kv));
        if (by) add_breakdown_metadata(meta, *by);
        OutputLayer area;
        area.name = "coverage_areas";
        area.style = LayerStyle::coverage;
        area.title = "Land within " + within.text + " of " + target;
        if (service.meetings()) {
            area.fields = {{"fellowship", OutputField::Type::text}, {"reach", OutputField::Type::text},
                           {"reach_m", OutputField::Type::real}, {"meetings", OutputField::Type::integer},
                           {"area_km2", OutputField::Type::real}};
        } else {
            area.fields = {{"service", OutputField::Type::text}, {"reach", OutputField::Type::text},
                           {"reach_m", OutputField::Type::real}, {"sites", OutputField::Type::integer},
                           {"area_km2", OutputField::Type::real}};
        }
        if (service_.min_options > 1) area.fields.push_back({"min_options", OutputField::Type::integer});
        GeometryPtr land = std::move(reach.land);
        const double km2 = polygonal_area(land.get()) / 1e6;
        area.features.push_back({"coverage", std::shared_ptr<const OGRGeometry>(land.release(), OGRGeometryDeleter()),
                                 {service.meetings() ? (filter.fellowships.any() ? FieldValue{} : FieldValue{filter.fellowships.text()})
                                                     : FieldValue{std::string(to_string(service.assets->kind))},
                                  within.text, within.is_distance() ? FieldValue{within.metres()} : FieldValue{},
                                  static_cast<long long>(eligible), km2}});
        if (service_.min_options > 1) area.features.back().values.push_back(static_cast<long long>(service_.min_options));
        if (results_.to_database()) {
            const std::string prefix = results_.table_prefix(name);
            std::vector<const OutputLayer*> layers{&area};
            OutputLayer groups;
            if (by) {
                groups = breakdown_layer(*by, policy);
                layers.push_back(&groups);
            }
            write_postgis(results_.out, prefix, layers, study.crs, meta);
            writing.done();
            if (!context.global.quiet) {
                context.err << "wrote tables " << prefix << "_coverage_areas, " << (by ? prefix + "_reach_by_group, " : "")
                            << prefix << "_metadata" << "\n";
            }
            return 0;
        }
        write_geojson(dir + "/coverage_areas.geojson", area, study.crs, meta);
        write_csv(dir + "/coverage_by_town.csv", town_table);
        write_csv(dir + "/coverage_by_cohort.csv", cohort_table);
        std::string more;
        if (by) {
            write_layer_csv(dir + "/reach_by_group.csv", breakdown_layer(*by, policy));
            more += ", reach_by_group.csv";
            if (breakdown_.chart) {
                const auto charts = write_breakdown_charts(
                    dir, *by, policy, "Share of the people in treatment within " + within.text + " of " + target,
                    study.name + ", by " + (by->breakdown.by == imd_decile_field ? std::string("IMD decile") : by->breakdown.by) + ". Reach: " + model + ".", context.command_line);
                for (const auto& c : charts) more += ", " + c;
            }
        }
        write_text(dir + "/metadata.json", metadata_json(meta));
        write_geopackage(dir + "/" + (results_.name.empty() ? name : results_.name) + ".gpkg", {&area}, study.crs, meta);
        std::string page;
        if (report_.report) {
            ReportSection section;
            section.title = study.name + ": people in treatment within " + within.text + " of " + target;
            section.summary = {(service.meetings() ? "Meetings: " + filter.describe() + "; " + std::to_string(eligible) + " eligible, "
                                                   : "Service: " + service.assets->describe() + "; " + std::to_string(eligible) + " in the study's assets, ") +
                                   std::to_string(eligible_inside) + " inside " + study.name + ".",
                               "Reach: " + model + "."};
            section.layers = {{towns_layer(study), "Towns", true, {}},
                              {std::make_shared<OutputLayer>(area), "Land within " + within.text + " of " + (service.meetings() && service_.min_options == 1 ? std::string("an eligible meeting") : target), true, {}},
                              service_for_report(study, service, filter)};
            section.tables = {{"coverage_by_town", "Coverage by town", std::make_shared<Table>(town_table)},
                              {"coverage_by_cohort", "Coverage by cohort", std::make_shared<Table>(cohort_table)}};
            section.metadata = meta;
            section.crs = study.crs;
            page = publish_report(dir, std::move(section), report_, leaflet);
        }
        writing.done();
        if (!context.global.quiet) {
            context.err << "wrote " << shown_path(dir) << "/: coverage_areas.geojson, coverage_by_town.csv, "
                        << "coverage_by_cohort.csv" << more << ", metadata.json, " << (results_.name.empty() ? name : results_.name) << ".gpkg"
                        << (page.empty() ? "" : ", " + page) << "\n";
        }
    }
    return 0;
}

}  // namespace roisc::cli
