#pragma once
#include "options/breakdown.hpp"
#include "options/disclosure.hpp"
#include "options/meetings.hpp"
#include "options/report.hpp"
#include "options/results.hpp"
#include "options/service.hpp"
#include "options/travel.hpp"
#include "roisc/cli/command.hpp"
#include "roisc/engine/access.hpp"
#include "roisc/engine/disclosure.hpp"

#include <map>
#include <string>
#include <vector>

namespace roisc::cli {

// roisc gaps: the hotspots whose nearest eligible meeting is beyond reach, ranked by demand.
class GapsCommand : public Command {
public:
    void declare(CLI::App& app) override;
    void validate() override;
    int run(Context& context) override;

private:
    Threshold beyond_;
    int top_ = 0;
    MeetingOptions meetings_;
    ServiceOptions service_;
    TravelOptions travel_;
    ResultOptions results_;
    ReportOptions report_;
    DisclosureOptions disclosure_;
    BreakdownOptions breakdown_;
};

}  // namespace roisc::cli
