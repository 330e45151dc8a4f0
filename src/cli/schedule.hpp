#pragma once
#include "options/meetings.hpp"

#include "roisc/cli/command.hpp"
#include "roisc/core/units.hpp"
#include "roisc/engine/access.hpp"
#include "roisc/engine/schedule.hpp"

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
    };

    void declare(CLI::App& app) override;
    void validate() override;
    int run(Context& context) override;
    const Options& options() const { return options_; }

private:
    Options options_;
};

}  // namespace roisc::cli
