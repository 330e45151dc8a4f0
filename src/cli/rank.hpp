#pragma once
#include "options/breakdown.hpp"
#include "options/disclosure.hpp"
#include "options/meetings.hpp"
#include "options/report.hpp"
#include "options/results.hpp"
#include "options/travel.hpp"
#include "options/venue_choice.hpp"
#include "roisc/cli/command.hpp"

#include <optional>
#include <string>
#include <vector>

namespace roisc::cli {

// roisc rank: the candidate venues that would reach the most people no eligible meeting reaches
// today, chosen together (maximal covering), in pick order, with a time for each new group.
class RankCommand : public Command {
public:
    void declare(CLI::App& app) override;
    void validate() override;
    int run(Context& context) override;

private:
    int new_ = 3;
    Threshold within_{Threshold::Kind::time, 20 * 60.0, "20min"};
    int per_town_ = 0;
    int min_per_town_ = 0;
    std::optional<Threshold> min_spacing_;
    std::vector<std::string> weights_;
    std::string venues_;
    Threshold duration_{Threshold::Kind::time, 90 * 60.0, "90min"};
    std::string solver_ = "auto";
    Threshold time_limit_{Threshold::Kind::time, 10.0, "10s"};
    std::string write_lp_;
    bool map_ = false;
    VenueChoiceOptions choice_;  // --list, --exclude, --require, --known-hours-only, --near-stops
    std::string for_;  // --for KIND: site assets of that kind, not meetings ("" = meetings)
    MeetingOptions meetings_;
    TravelOptions travel_;
    ResultOptions results_;
    ReportOptions report_;
    DisclosureOptions disclosure_;
    BreakdownOptions breakdown_;  // --by GROUPING (no --chart here)
};

}  // namespace roisc::cli
