#include "coverage.hpp"

#include "options/thresholds.hpp"
#include "shared/access.hpp"
#include "shared/names.hpp"
#include "shared/progress.hpp"

#include "roisc/engine/access.hpp"
#include "roisc/engine/disclosure.hpp"
#include "roisc/io/manifest.hpp"
#include "roisc/io/study_loader.hpp"
#include "roisc/io/output.hpp"

#include <cstdio>

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

// A share is shown only when both counts are: with the total, it would give a hidden count away.
std::string share(const ProtectedCell& part, const ProtectedCell& whole) {
    if (part.is_suppressed() || whole.is_suppressed() || whole.value == 0) return "";
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.0f%%", 100.0 * static_cast<double>(part.value) / static_cast<double>(whole.value));
    return buf;
}

// The sum of two published counts adds nothing to what is known; of a hidden one, it would.
std::string sum_text(const ProtectedCell& a, const ProtectedCell& b, const DisclosurePolicy& policy) {
    if (a.is_suppressed() || b.is_suppressed()) return policy.marker;
    return std::to_string(a.value + b.value);
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
    reading.done();
    auto computing = progress.phase("computing the coverage");
    AccessResult reach = reach_for(context, study, manifest, {filter, within}, travel_);
    const auto& access = reach.access;
    const auto rows = coverage_by_town(study, access);  // towns…, [outside the towns], the study

    // One table of counts for everything published: town x (covered | not covered) x cohort.
    CountTable counts(study.cohorts);
    const std::size_t covered = counts.add_region("covered");
    const std::size_t not_covered = counts.add_region("not covered");
    for (std::size_t r = 0; r + 1 < rows.size(); ++r) {
        std::vector<long long> rest(study.cohorts.size());
        for (std::size_t c = 0; c < rest.size(); ++c) rest[c] = rows[r].demand[c] - rows[r].covered[c];
        counts.add_row(covered, rows[r].area, rows[r].covered);
        counts.add_row(not_covered, rows[r].area, rest);
    }
    const ProtectedTable pub = protect(counts, policy);

    Table town_table({{study.towns_level}, {"hotspots", Table::Align::right, true}, {"people", Table::Align::right, true},
                      {"covered", Table::Align::right, true}, {"not_covered", Table::Align::right, true},
                      {"covered_share", Table::Align::right}});
    for (std::size_t r = 0; r + 1 < rows.size(); ++r) {
        const ProtectedCell& in = pub.rows[2 * r].total;
        const ProtectedCell& out = pub.rows[2 * r + 1].total;
        ProtectedCell people{in.value + out.value, in.is_suppressed() || out.is_suppressed() ? Suppression::secondary : Suppression::none};
        town_table.add_row({rows[r].area, std::to_string(rows[r].hotspots), sum_text(in, out, policy),
                            in.published().text(policy), out.published().text(policy), share(in, people)});
    }
    const AreaCoverage& all = rows.back();
    town_table.add_row({all.area, std::to_string(all.hotspots), pub.whole.total.published().text(policy),
                        pub.regions[covered].total.published().text(policy),
                        pub.regions[not_covered].total.published().text(policy),
                        share(pub.regions[covered].total, pub.whole.total)});

    Table cohort_table({{"cohort"}, {"people", Table::Align::right, true}, {"covered", Table::Align::right, true},
                        {"not_covered", Table::Align::right, true}, {"covered_share", Table::Align::right}});
    for (std::size_t c = 0; c < study.cohorts.size(); ++c) {
        cohort_table.add_row({study.cohorts[c], pub.whole.cells[c].published().text(policy),
                              pub.regions[covered].cells[c].published().text(policy),
                              pub.regions[not_covered].cells[c].published().text(policy),
                              share(pub.regions[covered].cells[c], pub.whole.cells[c])});
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
        const std::string dir = results_.folder(name);
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
