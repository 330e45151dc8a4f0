#pragma once
// rank --list: the officer's shortlist on the terminal (table, CSV, JSON), as the `shortlist` layer
// (GeoJSON, GeoPackage, CSV) and as a printable sheet per town (shortlist.pdf, the booklet's pages);
// and the venues the officer's own rules leave out (--exclude, --known-hours-only, --near-stops),
// named in the run's "left out" block.
#include "../options/results.hpp"
#include "roisc/cli/command.hpp"
#include "roisc/engine/shortlist.hpp"
#include "roisc/io/manifest.hpp"
#include "roisc/model/metadata.hpp"

#include <optional>
#include <string>
#include <utility>

namespace roisc::cli {

struct ShortlistRun {
    const Manifest& manifest;
    const Study& study;
    const RankResult& result;
    const Shortlist& list;
    const DisclosurePolicy& policy;
    const MeetingFilter& filter;  // the existing meetings that count (drawn on the sheets)
    std::string fellowship;  // "NA"
    std::string reach_text;  // "20min"
    std::string walk_text;   // stops listed within this walk: "400m"
    std::string walk_rule;   // how a walk to a stop is measured, for the report
    std::string model;       // the reach model, for the report
    bool has_stops = true;   // the study has a stops layer
};

// Prints the list in the context's format and, unless --no-files, writes its files into the result
// folder `name` (or --out). Returns the exit code.
int present_shortlist(Context& context, const ShortlistRun& run, const ResultOptions& results, const std::string& name,
                      Metadata meta);

// How a walk to a stop is measured (--near-stops, the shortlist's stops), as rank measures reach on
// foot: the straight line × a detour factor, and the rule in words for the report.
std::pair<double, std::string> stop_walk(const std::optional<TravelModel>& model);

// The venues the officer's own rules leave out, on stderr in the "left out" block's form (not bad
// data: --strict does not fail on them), and in the metadata as "venues_left_out".
void report_venues_left_out(const Context& context, const Study& study, const RankResult& result);
void add_venues_left_out(Metadata& meta, const Study& study, const RankResult& result);

}  // namespace roisc::cli
