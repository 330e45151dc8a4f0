#pragma once
#include "options/meetings.hpp"
#include "options/results.hpp"

#include "roisc/cli/command.hpp"
#include "roisc/core/units.hpp"
#include "roisc/engine/access.hpp"
#include "roisc/engine/schedule.hpp"
#include "roisc/io/manifest.hpp"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace roisc::cli {

// roisc schedule: the week as a grid of towns by day and part of day, so a gap in the week shows
// at a glance ("no NA meeting in Sandwell on any evening").
class ScheduleCommand : public Command {
public:
    struct Options {
        MeetingOptions meetings;  // --fellowship, --type, --when, --include-online
        std::optional<Threshold> within;  // a distance: also count meetings this close to each town
        ResultOptions results;
    };

    void declare(CLI::App& app) override;
    void validate() override;
    int run(Context& context) override;
    const Options& options() const { return options_; }

private:
    void write_files(Context& context, const Manifest& manifest, const Study& study, const MeetingFilter& filter,
                     const std::vector<ScheduleRow>& rows) const;
    Options options_;
};

}  // namespace roisc::cli
