#pragma once
#include "options/meetings.hpp"
#include "options/results.hpp"
#include "options/travel.hpp"
#include "shared/meetings_layer.hpp"
#include "roisc/cli/command.hpp"
#include "roisc/io/manifest.hpp"
#include "roisc/io/place.hpp"

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
        ResultOptions results;
    };
    void declare(CLI::App& app) override;
    void validate() override;
    int run(Context& context) override;

private:
    // Writes the meetings found and the search area (outputs/<name>/ or --out): the circle for a
    // distance, `reach_area` for a time (nullptr: not computed, the place alone is written).
    void write_layers(Context& context, const Manifest& manifest, const Study& study, const Place& place,
                      const std::vector<ListedMeeting>& found, bool by_time, const std::string& model,
                      GeometryPtr reach_area = nullptr);
    Options options_;
};

}  // namespace roisc::cli
