#pragma once
// --by for coverage and gaps: the groups of the study's hotspots, the table of people reached and
// not reached per group (the same cells in every output), the concentration index across IMD
// deciles, the breakdown layer, the metadata and the chart.
#include "../options/breakdown.hpp"

#include "roisc/cli/command.hpp"
#include "roisc/engine/equity.hpp"
#include "roisc/io/manifest.hpp"
#include "roisc/io/output.hpp"
#include "roisc/model/metadata.hpp"
#include "roisc/model/study.hpp"

#include <optional>
#include <string>
#include <vector>

namespace roisc::cli {

// What the study must load for --by: a breakdown the demand layer declares (manifest `breakdowns`,
// e.g. --by sex), whose count columns are read; else the demand field of that name.
void add_breakdown_needs(const BreakdownOptions& options, const Manifest& manifest, StudyNeeds& needs);

// The partition of the study's hotspots by the attribute BreakdownOptions::field() (loaded as the
// study's first hotspot attribute). IMD deciles: always the ten groups "1".."10"; a value that is
// not a whole number from 1 to 10 is bad data (DataError naming the hotspot, the field and the
// fix). Any other field: its distinct values in order (numbers by value), "(empty)" for none.
HotspotGroups hotspot_groups(const BreakdownOptions& options, const Study& study, const Manifest& manifest);

struct BreakdownReport {
    ReachBreakdown breakdown;
    std::optional<Inequality> inequality;  // IMD deciles only
    Table table;                           // as printed: group, hotspots, people, reached, not_reached, share_reached
};

BreakdownReport report_breakdown(const BreakdownOptions& options, const Study& study, const Manifest& manifest,
                                 const std::vector<HotspotAccess>& access, const ProtectedDemand& demand);

// The lines under the table: what the shares are of, and the inequality measures.
std::vector<std::string> breakdown_notes(const BreakdownReport& report, const DisclosurePolicy& policy);

// metadata.json entries: breakdown_by and the inequality measures.
void add_breakdown_metadata(Metadata& metadata, const BreakdownReport& report);

// The layer reach_by_group (a table without geometry; docs/outputs.md).
OutputLayer breakdown_layer(const BreakdownReport& report, const DisclosurePolicy& policy);

// Writes reach_by_group.png/.svg/.pdf into `dir`; returns the file names written. With `before`
// (rank: today), each group has two bars, before and after, labelled `labels` ("today", "with the
// 3 new meetings").
struct BeforeAfter {
    const BreakdownReport* before = nullptr;
    std::string before_label, after_label;
};
std::vector<std::string> write_breakdown_charts(const std::string& dir, const BreakdownReport& report,
                                                const DisclosurePolicy& policy, const std::string& title,
                                                const std::string& subtitle, const std::string& command_line,
                                                const BeforeAfter& compare = {});

// --chart needs files: throws ArgumentError with --no-files or a PG: output.
void check_chart_output(const BreakdownOptions& options, bool no_files, bool to_database);

// "IMD decile", or the grouping's own name: for titles.
std::string grouping_title(const BreakdownReport& report);

}  // namespace roisc::cli
