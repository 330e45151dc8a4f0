#pragma once
#include "options/disclosure.hpp"
#include "options/meetings.hpp"
#include "options/service.hpp"
#include "options/travel.hpp"
#include "roisc/cli/command.hpp"
#include "roisc/io/manifest.hpp"
#include "roisc/render/map.hpp"

#include <optional>
#include <string>
#include <vector>

namespace roisc::cli {

// roisc map: the gap result of roisc gaps drawn as a printable map (PNG, SVG, PDF), for the
// borough and, on request, for each town; and/or the isochrones of roisc isochrones as bands.
class MapCommand : public Command {
public:
    void declare(CLI::App& app) override;
    void validate() override;
    int run(Context& context) override;

private:
    std::optional<Threshold> beyond_;
    std::vector<Threshold> isochrone_times_;
    TravelOptions travel_;
    std::string town_;
    bool per_town_ = false;
    std::string out_;
    std::string name_;
    std::vector<std::string> format_names_{"png", "svg", "pdf"};
    std::string page_name_ = "A4";
    double dpi_ = 150;
    render::HotspotDrawing hotspots_ = render::HotspotDrawing::automatic;
    MeetingOptions meetings_;
    ServiceOptions service_;
    DisclosureOptions disclosure_;
    std::vector<render::MapFormat> formats_;  // from format_names_, by validate()
};

}  // namespace roisc::cli
