#pragma once
#include "meeting_options.hpp"
#include "results.hpp"
#include "roisc/cli/command.hpp"
#include "roisc/core/units.hpp"
#include "roisc/engine/travel.hpp"

#include <ostream>
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
    // The travel options given other than at their defaults ("--by network, --mode drive"), for
    // refusing them where only a distance is asked for.
    std::vector<std::string> given() const;
    // Throws ArgumentError for options that cannot work with `threshold` (given as `option`):
    // travel options with a distance, --network with --by estimate, --detour with --by network, …
    void check(const Threshold& threshold, const std::string& option) const;
};

// Travel times from the command line (--times 10min,20min or map --isochrones …): each must be a
// time of more than zero; shortest first. `option` names the option in errors.
std::vector<Threshold> parse_times(const std::vector<std::string>& texts, const std::string& option);

// The isochrones of roisc isochrones, for every command that draws or writes them: the model the
// travel options choose, one multi-source pass from the eligible meetings, and for each time the
// land from which one is reached. Notes and warnings (the estimate fallback, meetings beyond the
// snap limit) go to `err` unless `quiet`.
struct Isochrones {
    TravelModel model;
    EligibleMeetings eligible;
    std::vector<std::size_t> unplaced;  // into eligible: beyond the snap limit, left out
    std::vector<Threshold> times;       // shortest first
    std::vector<GeometryPtr> areas;     // one per time, working CRS
    std::vector<Snap> meeting_snaps;    // per eligible meeting, where it met the network (network model)
    std::size_t used() const { return eligible.points.size() - unplaced.size(); }
};
Isochrones compute_isochrones(const Study& study, const Manifest& manifest, const MeetingFilter& filter,
                              const std::vector<Threshold>& times, const TravelOptions& travel, double buffer_m,
                              std::ostream& err, bool quiet);

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
