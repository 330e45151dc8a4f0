#pragma once
#include "options/meetings.hpp"
#include "options/results.hpp"
#include "options/travel.hpp"
#include "roisc/cli/command.hpp"
#include "roisc/core/units.hpp"

#include <string>
#include <vector>

namespace roisc::cli {

// roisc isochrones: the land from which an eligible meeting is reached within each time.
class IsochronesCommand : public Command {
public:
    void declare(CLI::App& app) override;
    int run(Context& context) override;

private:
    std::vector<Threshold> times_;
    Threshold buffer_{Threshold::Kind::distance, 25, "25m"};
    TravelOptions travel_;
    MeetingOptions meetings_;
    ResultOptions results_;
};

}  // namespace roisc::cli
