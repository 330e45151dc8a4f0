#pragma once
// rank's choice of venues, declared once: --list (the officer's shortlist), --known-hours-only,
// --exclude ID…, --require ID…, --near-stops DISTANCE. The engine checks the ids against the
// venues layer (concepts "the excluded venues", "the required venues").
#include "roisc/core/units.hpp"
#include "roisc/engine/rank.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace roisc::cli {

struct VenueChoiceOptions {
    bool list = false;
    bool known_hours_only = false;
    std::vector<std::string> exclude, require;
    std::optional<Threshold> near_stops;

    void declare(CLI::App& app);
    // The same id both excluded and required (throws ArgumentError).
    void check() const;
    // Into the query; `stop_detour` is how a walk to a stop is measured (shared/shortlist.hpp).
    void apply(RankQuery& query, double stop_detour) const;
};

}  // namespace roisc::cli
