#pragma once
#include "meeting_options.hpp"
#include "results.hpp"
#include "roisc/cli/command.hpp"
#include "roisc/engine/travel.hpp"

#include <string>
#include <vector>

namespace roisc::cli {

// The travel model options (--by, --mode, --network, --profile, …), shared by every command that
// takes a time threshold. They live here until within/coverage/gaps take them up.
struct TravelOptions {
    std::string by = "auto";
    std::string mode = "walk";
    std::vector<std::string> network;
    std::string class_field = "highway";
    std::string nodes;
    std::string profile;
    std::string snap_limit;
    double detour = 0;  // 0: the profile's

    void declare(CLI::App& app);
    TravelRequest request() const;  // throws ArgumentError
};

// roisc isochrones: the land from which an eligible meeting is reached within each time.
class IsochronesCommand : public Command {
public:
    void declare(CLI::App& app) override;
    int run(Context& context) override;

private:
    std::vector<std::string> times_;
    std::string buffer_ = "25m";
    TravelOptions travel_;
    MeetingOptions meetings_;
    ResultOptions results_;
};

}  // namespace roisc::cli
