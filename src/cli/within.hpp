#pragma once
#include "options/meetings.hpp"
#include "options/travel.hpp"
#include "roisc/cli/command.hpp"

namespace roisc::cli {

// roisc within: the meetings within a radius of a place: a straight-line distance (5mi), or a travel
// time (20min) under the travel model (--by, --mode, --network …, as in coverage and gaps).
class WithinCommand : public Command {
public:
    struct Options {
        std::string from;
        Threshold radius;
        MeetingOptions meetings;
        TravelOptions travel;
    };
    void declare(CLI::App& app) override;
    void validate() override;
    int run(Context& context) override;

private:
    Options options_;
};

}  // namespace roisc::cli
