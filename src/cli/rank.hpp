#pragma once
#include "disclosure_options.hpp"
#include "isochrones.hpp"
#include "meeting_options.hpp"
#include "results.hpp"
#include "roisc/cli/command.hpp"

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
    std::string within_ = "20min";
    int per_town_ = 0;
    int min_per_town_ = 0;
    std::string min_spacing_;
    std::vector<std::string> weights_;
    std::string venues_;
    std::string duration_ = "90min";
    std::string solver_ = "auto";
    std::string time_limit_ = "10s";
    std::string write_lp_;
    bool map_ = false;
    MeetingOptions meetings_;
    TravelOptions travel_;
    ResultOptions results_;
    DisclosureOptions disclosure_;
};

// "10s", "2min", "1h" as seconds. Throws ArgumentError naming `option`.
double parse_duration_seconds(const std::string& text, const std::string& option);

}  // namespace roisc::cli
