#pragma once
#include "meeting_options.hpp"

#include "roisc/cli/command.hpp"
#include "roisc/engine/access.hpp"
#include "roisc/engine/study.hpp"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace roisc::cli {

// One row of the week grid: an area, and how many meetings start in each day and part of day.
struct ScheduleRow {
    std::string area;                // a town, or the study (borough) total
    std::string scope;               // "inside", or "within 5mi"
    std::array<int, 21> counts{};    // [day * 3 + part]: Mon morning, Mon afternoon, Mon evening, Tue …
    int total() const;
};

// The week grid for the meetings `filter` accepts: each town, then the study as a whole, counting
// the weekly slots that start inside it and, when `within_metres` is given, those within that
// distance of its boundary. Only placed meetings count; a meeting held on two days counts twice.
std::vector<ScheduleRow> week_grid(const Study& study, const MeetingFilter& filter,
                                   std::optional<double> within_metres, const std::string& within_text);

// roisc schedule: the week as a grid of towns by day and part of day, so a gap in the week shows
// at a glance ("no NA meeting in Sandwell on any evening").
class ScheduleCommand : public Command {
public:
    struct Options {
        MeetingOptions meetings;  // --fellowship, --type, --when, --include-online
        std::string within;       // a distance: also count meetings this close to each town
    };

    void declare(CLI::App& app) override;
    void validate() override;
    int run(Context& context) override;
    const Options& options() const { return options_; }

private:
    Options options_;
};

}  // namespace roisc::cli
