// The one list of roisc's commands: help, tests and docs are driven from it.
#include "roisc/cli/command.hpp"

#include "coverage.hpp"
#include "demand.hpp"
#include "directory.hpp"
#include "gaps.hpp"
#include "hotspots.hpp"
#include "import_meetings.hpp"
#include "calibrate.hpp"
#include "isochrones.hpp"
#include "layers.hpp"
#include "map.hpp"
#include "rank.hpp"
#include "report.hpp"
#include "run.hpp"
#include "schedule.hpp"
#include "within.hpp"

namespace roisc::cli {

const std::vector<CommandInfo>& commands() {
    static const std::vector<CommandInfo> list = {
        {"layers", "List the manifest's layers with counts, CRS, extent, fields and every problem found",
         [] { return std::make_unique<LayersCommand>(); }},
        {"hotspots", "Treatment counts by partial postcode -> demand layer and town table, with disclosure control",
         [] { return std::make_unique<HotspotsCommand>(); }},
        {"within", "List the meetings within a radius (5mi) or travel time (20min) of a place (postcode, venue or lon,lat)",
         [] { return std::make_unique<WithinCommand>(); }},
        {"import", "Import a published list into a layer: roisc import meetings FEED --out DIR",
         [] { return std::make_unique<ImportCommand>(); }},
        {"schedule", "The week as a grid: meetings by town, day and part of day (--fellowship NA --within 5mi)",
         [] { return std::make_unique<ScheduleCommand>(); }},
        {"directory", "The town-by-town recovery directory: meetings and assets, what there is and is not, stops, calendars",
         [] { return std::make_unique<DirectoryCommand>(); }},
        {"coverage", "How much demand, per town and cohort, has an eligible meeting within reach",
         [] { return std::make_unique<CoverageCommand>(); }},
        {"gaps", "The hotspots whose nearest eligible meeting is beyond reach, ranked by demand, by town",
         [] { return std::make_unique<GapsCommand>(); }},
        {"demand", "Make a demand layer: roisc demand model --population LSOAS --deprivation IMD --total N (modelled, not counts)",
         [] { return std::make_unique<DemandCommand>(); }},
        {"map", "The gap result and/or travel-time bands as a printable map (PNG, SVG, PDF) of the borough or each town",
         [] { return std::make_unique<MapCommand>(); }},
        {"rank", "Venues for new meetings that reach the most people beyond reach today, with a time for each (--fellowship NA --new 3)",
         [] { return std::make_unique<RankCommand>(); }},
        {"isochrones", "Land from which an eligible meeting is reached within each time (--times 10min,20min --mode walk)",
         [] { return std::make_unique<IsochronesCommand>(); }},
        {"calibrate", "The detour factor of a road network (route / straight line) for the estimate travel model",
         [] { return std::make_unique<CalibrateCommand>(); }},
        {"run", "Run a saved query file (TOML) from queries/ or your own",
         [] { return std::make_unique<RunCommand>(); }},
        {"report", "Gather saved gaps, coverage and rank queries into one shareable HTML page (map, tables, method)",
         [] { return std::make_unique<ReportCommand>(); }},
    };
    return list;
}

}  // namespace roisc::cli
