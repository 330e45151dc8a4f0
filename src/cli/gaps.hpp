#pragma once
#include "disclosure_options.hpp"
#include "meeting_options.hpp"
#include "results.hpp"
#include "roisc/cli/command.hpp"

namespace roisc::cli {

// roisc gaps: the hotspots whose nearest eligible meeting is beyond reach, ranked by demand.
class GapsCommand : public Command {
public:
    void declare(CLI::App& app) override;
    int run(Context& context) override;

private:
    std::string beyond_;
    int top_ = 0;
    MeetingOptions meetings_;
    ResultOptions results_;
    DisclosureOptions disclosure_;
};

}  // namespace roisc::cli
