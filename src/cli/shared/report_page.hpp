#pragma once
#include "roisc/engine/service.hpp"
// The shareable report of a run (--report): the context layers every report map shows, and where
// the page goes: report.html in the run's output folder, or, while `roisc report` gathers several
// saved queries into one page, to that page.
#include "../options/report.hpp"
#include "roisc/cli/command.hpp"
#include "roisc/engine/access.hpp"
#include "roisc/io/output.hpp"
#include "roisc/io/report.hpp"
#include "roisc/model/study.hpp"

#include <memory>
#include <string>
#include <vector>

namespace roisc::cli {

// The towns as outlines (fields: town, area_km2).
std::shared_ptr<OutputLayer> towns_layer(const Study& study);
// The meetings a map of the study shows, styled by fellowship: those with a place that meet in
// person, and any the filter counts (fields as within_meetings).
std::shared_ptr<OutputLayer> study_meetings_layer(const Study& study, const MeetingFilter& filter);
// The places measured against: the meetings layer above for meetings; for an asset service
// (whose sites are the study's meetings after measure_against) the layer `service_sites`.
std::shared_ptr<OutputLayer> service_layer(const Study& study, const Service& service, const MeetingFilter& filter);

// The service layer for the page (service_layer), with the query's fellowships the ones switched
// on at first when the meetings are too many to draw quickly (ReportLayer::first_shown).
ReportLayer service_for_report(const Study& study, const Service& service, const MeetingFilter& filter);

// A layer of hotspots for the page, in the order of the run's table (most people first by their
// published counts, the hidden ones after): the whole layer, or past report_max_features its first
// ones, with the sentence saying how many of how many and `where_all` ("gap_hotspots.csv … hold
// them all").
ReportLayer hotspots_for_report(const OutputLayer& layer, std::string legend, std::vector<std::string> counts, bool table,
                                const std::string& where_all);

// Leaflet, when the run writes a report (loaded before any work, so a missing package fails the run
// before it writes anything).
LeafletAssets leaflet_for(const ReportOptions& options);

// Writes `section` as <dir>/report.html (one section, titled by it), or hands it to the gathering
// `roisc report` when there is one. Returns the file name written ("report.html"), or "" when gathered.
std::string publish_report(const std::string& dir, ReportSection section, const ReportOptions& options,
                           const LeafletAssets& leaflet);

// `roisc report`: while one of these lives, publish_report() adds sections to it instead of writing.
class ReportGathering {
public:
    ReportGathering();
    ~ReportGathering();
    ReportGathering(const ReportGathering&) = delete;
    ReportGathering& operator=(const ReportGathering&) = delete;
    std::vector<ReportSection> sections;
};

}  // namespace roisc::cli
