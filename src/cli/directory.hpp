#pragma once
#include "options/report.hpp"
#include "options/results.hpp"

#include "roisc/cli/command.hpp"
#include "roisc/core/units.hpp"
#include "roisc/engine/directory.hpp"
#include "roisc/io/manifest.hpp"
#include "roisc/io/report.hpp"

#include <string>
#include <vector>

namespace roisc::cli {

// roisc directory: the town-by-town recovery directory. What there is and what there is not in each
// town (meetings by fellowship, assets by kind, zeros as "none"), every town's listing with the
// nearest stops, a styled layer of each, and one weekly calendar (iCalendar) per town.
class DirectoryCommand : public Command {
public:
    struct Options {
        Threshold stops_within;      // default 400m
        int stops = 3;
        std::vector<std::string> towns;  // list only these towns (default: all)
        bool summary_only = false;
        ResultOptions results;
        ReportOptions report;  // --report: the directory as a page (map by kind and fellowship, the summary)
    };

    void declare(CLI::App& app) override;
    void validate() override;
    int run(Context& context) override;
    const Options& options() const { return options_; }

private:
    void write_files(Context& context, const Manifest& manifest, const Study& study, const Directory& directory,
                     const LeafletAssets& leaflet) const;
    Options options_;
};

}  // namespace roisc::cli
