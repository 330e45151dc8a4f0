#pragma once
#include "disclosure_options.hpp"
#include "isochrones.hpp"
#include "meeting_options.hpp"
#include "results.hpp"
#include "roisc/cli/command.hpp"
#include "roisc/engine/access.hpp"
#include "roisc/engine/disclosure.hpp"

#include <map>
#include <string>
#include <vector>

namespace roisc::cli {

// The region of the gap hotspots that lie in no town.
inline constexpr const char* outside_the_towns = "outside the towns";

// The gap hotspots of an assessment and their counts, protected as one table grouped by town. Every
// output of a gap result (roisc gaps, roisc map) publishes these, so they all hide the same counts.
struct GapCounts {
    std::vector<const HotspotAccess*> gaps;        // not covered, in the study's hotspot order
    std::map<std::string, std::size_t> region_of;  // town (or outside_the_towns) -> region of `published`
    std::vector<std::size_t> row_of;               // gaps[i] -> row of `published`
    ProtectedTable published;
};
GapCounts protect_gap_counts(const Study& study, const std::vector<HotspotAccess>& access, const DisclosurePolicy& policy);

// roisc gaps: the hotspots whose nearest eligible meeting is beyond reach, ranked by demand.
class GapsCommand : public Command {
public:
    void declare(CLI::App& app) override;
    int run(Context& context) override;

private:
    std::string beyond_;
    int top_ = 0;
    MeetingOptions meetings_;
    TravelOptions travel_;
    ResultOptions results_;
    DisclosureOptions disclosure_;
};

}  // namespace roisc::cli
