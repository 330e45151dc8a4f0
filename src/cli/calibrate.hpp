#pragma once
#include "options/travel.hpp"
#include "roisc/cli/command.hpp"

#include <string>

namespace roisc::cli {

// roisc calibrate: the detour factor (network distance / straight line) of a road network, over
// random node pairs drawn with a fixed seed, for the estimate model of areas with no network.
class CalibrateCommand : public Command {
public:
    void declare(CLI::App& app) override;
    int run(Context& context) override;

private:
    TravelOptions travel_;
    int pairs_ = 2000;
    unsigned long long seed_ = 6;
    std::string min_ = "500m";
    std::string max_ = "5km";
};

}  // namespace roisc::cli
