#pragma once
#include "disclosure_options.hpp"
#include "isochrones.hpp"
#include "meeting_options.hpp"
#include "roisc/cli/command.hpp"
#include "roisc/io/manifest.hpp"
#include "roisc/render/map.hpp"

#include <string>
#include <vector>

namespace roisc::cli {

// The data credits printed on every map.
extern const char* const map_attribution;
// Whether a layer of this role says, in its description or date, one of `words` ("modelled").
bool layer_says(const Manifest& manifest, Role role, const std::vector<std::string>& words);
// What every map of the study shows: boundary, towns, the meetings (in person or counted by the
// filter, the counted ones marked), the credits.
render::MapContent study_map(const Study& study, const MeetingFilter& filter);

// roisc map: the gap result of roisc gaps drawn as a printable map (PNG, SVG, PDF), for the
// borough and, on request, for each town; and/or the isochrones of roisc isochrones as bands.
class MapCommand : public Command {
public:
    void declare(CLI::App& app) override;
    void validate() override;
    int run(Context& context) override;

private:
    std::string beyond_;
    std::vector<std::string> isochrone_times_;
    TravelOptions travel_;
    std::string town_;
    bool per_town_ = false;
    std::string out_;
    std::string name_;
    std::vector<std::string> format_names_{"png", "svg", "pdf"};
    std::string page_name_ = "A4";
    double dpi_ = 150;
    MeetingOptions meetings_;
    DisclosureOptions disclosure_;
    std::vector<render::MapFormat> formats_;  // from format_names_, by validate()
};

}  // namespace roisc::cli
