#include "coverage.hpp"

#include "options/thresholds.hpp"
#include "shared/access.hpp"
#include "shared/names.hpp"
#include "shared/left_out.hpp"
#include "shared/progress.hpp"

#include "roisc/engine/access.hpp"
#include "roisc/engine/disclosure.hpp"
#include "roisc/engine/protected_demand.hpp"
#include "roisc/io/manifest.hpp"
#include "roisc/io/study_loader.hpp"
#include "roisc/io/output.hpp"

#include <cstdio>
#include <map>

namespace roisc::cli {

void CoverageCommand::declare(CLI::App& app) {
    add_threshold(app, "--within", within_, "Reach threshold with its unit: a distance (800m, 2km, 2mi) or a travel time (20min)")->required();
    option_for("the reach", "--within");
    meetings_.declare(app);
    travel_.declare(app);
    results_.declare(app);
    disclosure_.declare(app);
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
    Progress progress = Progress::of(context);
    auto reading = progress.phase("reading the study");
    const Manifest manifest = load_manifest(context.manifest_path());
    const Study study = load_study(manifest, {true, true, false});
    report_left_out(context, study);
    reading.done();
    auto computing = progress.phase("computing the coverage");
    AccessResult reach = reach_for(context, study, manifest, {filter, within}, travel_);
    const auto& access = reach.access;
    const auto rows = coverage_by_town(study, access);  // towns…, [outside the towns], the study

    // Every count comes from the study's protected demand table, the same in every run: sums of
    // its published cells, with "+*" where hidden cells are left out.
    const ProtectedDemand demand(study, policy);
    std::map<std::string, std::vector<std::size_t>> covered_in, missed_in;  // area -> hotspots
    std::vector<std::size_t> covered_all, missed_all, everyone;
    for (const auto& a : access) {
        const Hotspot& h = study.hotspots[a.hotspot];
        const std::string area = h.town.empty() ? outside_the_towns : h.town;
        (a.covered ? covered_in : missed_in)[area].push_back(a.hotspot);
        (a.covered ? covered_all : missed_all).push_back(a.hotspot);
        everyone.push_back(a.hotspot);
    }
    // The area's people: the base table's own total where it is published.
    auto people_of = [&](const std::string& area, const DerivedCount& in, const DerivedCount& out) {
        const ProtectedLine* line = demand.town(area);
        if (line && !line->total.is_suppressed()) return ProtectedDemand::of(line->total);
        DerivedCount sum = in;
        sum += out;
        return sum;
    };

    Table town_table({{study.towns_level}, {"hotspots", Table::Align::right, true}, {"people", Table::Align::right, true},
                      {"covered", Table::Align::right, true}, {"not_covered", Table::Align::right, true},
                      {"covered_share", Table::Align::right}});
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

    Table cohort_table({{"cohort"}, {"people", Table::Align::right, true}, {"covered", Table::Align::right, true},
                        {"not_covered", Table::Align::right, true}, {"covered_share", Table::Align::right}});
    for (std::size_t c = 0; c < study.cohorts.size(); ++c) {
        const DerivedCount people = ProtectedDemand::of(demand.table().whole.cells[c]);
        const DerivedCount in = demand.cohort_of(covered_all, c);
        cohort_table.add_row({study.cohorts[c], people.text(policy), in.text(policy),
                              demand.cohort_of(missed_all, c).text(policy), share(in, people)});
    }

    int eligible = 0, eligible_inside = 0;
    for (const auto& m : study.meetings) {
        if (filter.accepts(m)) {
            ++eligible;
            if (m.in_study) ++eligible_inside;
        }
    }
    const std::string model = reach.model;

    const TableFormat format = context.format();
    town_table.print(context.out, format);
    if (format == TableFormat::table) {
        context.out << "\n";
        cohort_table.print(context.out, format);
        context.out << "\nMeetings: " << filter.describe() << "; " << eligible << " eligible, " << eligible_inside
                    << " inside " << study.name << ".\nReach: " << model << ".\n" << policy.summary() << "\n";
    }

    computing.done();
    auto writing = progress.phase("writing the results");
    if (!results_.no_files) {
        const std::string name = result_name("coverage", filter, within.text, meetings_.when);
        const std::string dir = results_.open_folder(name);
        const Metadata meta = with_model(run_metadata(context, manifest, study, model, policy), reach);
        OutputLayer area;
        area.name = "coverage_areas";
        area.style = LayerStyle::coverage;
        area.title = "Land within " + within.text + " of an eligible meeting (" + filter.describe() + ")";
        area.fields = {{"fellowship", OutputField::Type::text}, {"reach", OutputField::Type::text},
                       {"reach_m", OutputField::Type::real}, {"meetings", OutputField::Type::integer},
                       {"area_km2", OutputField::Type::real}};
        GeometryPtr land = std::move(reach.land);
        const double km2 = polygonal_area(land.get()) / 1e6;
        area.features.push_back({"coverage", std::shared_ptr<const OGRGeometry>(land.release(), OGRGeometryDeleter()),
                                 {filter.fellowships.any() ? FieldValue{} : FieldValue{filter.fellowships.text()}, within.text,
                                  within.is_distance() ? FieldValue{within.metres()} : FieldValue{},
                                  static_cast<long long>(eligible), km2}});
        if (results_.to_database()) {
            const std::string prefix = results_.table_prefix(name);
            write_postgis(results_.out, prefix, {&area}, study.crs, meta);
            writing.done();
            if (!context.global.quiet) context.err << "wrote tables " << prefix << "_coverage_areas and " << prefix << "_metadata\n";
            return 0;
        }
        write_geojson(dir + "/coverage_areas.geojson", area, study.crs, meta);
        write_csv(dir + "/coverage_by_town.csv", town_table);
        write_csv(dir + "/coverage_by_cohort.csv", cohort_table);
        write_text(dir + "/metadata.json", metadata_json(meta));
        write_geopackage(dir + "/" + (results_.name.empty() ? name : results_.name) + ".gpkg", {&area}, study.crs, meta);
        writing.done();
        if (!context.global.quiet) {
            context.err << "wrote " << shown_path(dir) << "/: coverage_areas.geojson, coverage_by_town.csv, "
                        << "coverage_by_cohort.csv, metadata.json, " << (results_.name.empty() ? name : results_.name) << ".gpkg\n";
        }
    }
    return 0;
}

}  // namespace roisc::cli
