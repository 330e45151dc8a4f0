#pragma once
#include "options/breakdown.hpp"
#include "options/disclosure.hpp"
#include "options/meetings.hpp"
#include "options/report.hpp"
#include "options/results.hpp"
#include "options/service.hpp"
#include "options/travel.hpp"
#include "roisc/cli/command.hpp"

namespace roisc::cli {

// roisc coverage: how much demand, per town and cohort, has an eligible meeting within reach.
class CoverageCommand : public Command {
public:
    void declare(CLI::App& app) override;
    void validate() override;
    int run(Context& context) override;

private:
    Threshold within_;
    MeetingOptions meetings_;
    ServiceOptions service_;
    TravelOptions travel_;
    ResultOptions results_;
    ReportOptions report_;
    DisclosureOptions disclosure_;
    BreakdownOptions breakdown_;
};

}  // namespace roisc::cli
