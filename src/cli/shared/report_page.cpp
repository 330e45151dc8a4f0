#include "report_page.hpp"

#include "meetings_layer.hpp"
#include "names.hpp"
#include "study_map.hpp"

namespace roisc::cli {

namespace {
ReportGathering* gathering = nullptr;

// 843721 as "843,721".
std::string grouped(std::size_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}
}  // namespace

ReportGathering::ReportGathering() { gathering = this; }
ReportGathering::~ReportGathering() { gathering = nullptr; }

ReportLayer service_for_report(const Study& study, const Service& service, const MeetingFilter& filter) {
    ReportLayer r{service_layer(study, service, filter), "", true, {}};
    for (const Fellowship f : filter.fellowships.members()) r.first_shown.push_back(std::string(to_string(f)));
    return r;
}

ReportLayer hotspots_for_report(const OutputLayer& layer, std::string legend, std::vector<std::string> counts, bool table,
                                                const std::string& where_all) {
    ReportLayer r{nullptr, std::move(legend), true, std::move(counts), table, ""};
    if (layer.size() <= report_max_features) {
        r.layer = std::make_shared<OutputLayer>(layer.materialised());
        return r;
    }
    r.layer = std::make_shared<OutputLayer>(layer.first(report_max_features));
    r.partial = "The page shows the " + grouped(report_max_features) + " with the most people of " +
                grouped(layer.size()) + " (by published count; hidden counts last); " + where_all;
    return r;
}

std::shared_ptr<OutputLayer> towns_layer(const Study& study) {
    auto layer = std::make_shared<OutputLayer>();
    layer->name = "towns";
    layer->title = "The " + study.towns_level + "s of " + study.name;
    layer->style = LayerStyle::outline;
    layer->label_field = "town";
    layer->fields = {{"town", OutputField::Type::text}, {"area_km2", OutputField::Type::real}};
    for (const auto& t : study.towns) {
        OutputFeature f;
        f.id = slug(t.name);
        f.geometry = t.geometry;
        f.values = {t.name, polygonal_area(t.geometry.get()) / 1e6};
        layer->features.push_back(std::move(f));
    }
    return layer;
}

std::shared_ptr<OutputLayer> study_meetings_layer(const Study& study, const MeetingFilter& filter) {
    std::vector<ListedMeeting> listed;
    for (std::size_t i = 0; i < study.meetings.size(); ++i) {
        const Meeting& m = study.meetings[i];
        if (!m.at || (!meets_in_person(m.attendance) && !filter.accepts(m))) continue;
        listed.push_back({i, std::nullopt, std::nullopt});
    }
    return std::make_shared<OutputLayer>(
        meetings_layer("meetings", "Meetings with a place, by fellowship", study, listed, false));
}

std::shared_ptr<OutputLayer> service_layer(const Study& study, const Service& service, const MeetingFilter& filter) {
    if (service.meetings()) return study_meetings_layer(study, filter);
    auto layer = std::make_shared<OutputLayer>();
    layer->name = "service_sites";
    layer->title = "The places measured against: " + service.assets->describe();
    layer->style = LayerStyle::assets;
    layer->label_field = "name";
    using T = OutputField::Type;
    layer->fields = {{"name", T::text}, {"kind", T::text}, {"address", T::text}, {"postcode", T::text},
                     {"place", T::text}, {"in_study", T::boolean}};
    auto text = [](const std::string& s) { return s.empty() ? FieldValue{} : FieldValue{s}; };
    for (const Meeting& m : study.meetings) {  // the service's sites, in a meeting's shape
        if (!m.at) continue;
        OutputFeature f;
        f.id = m.id;
        f.geometry = std::make_shared<OGRPoint>(m.at->x, m.at->y);
        f.values = {m.name, m.fellowship_text, text(m.address), text(m.postcode), text(m.place), static_cast<long long>(m.in_study)};
        layer->features.push_back(std::move(f));
    }
    return layer;
}

LeafletAssets leaflet_for(const ReportOptions& options) {
    if (!options.report) return {};
    return load_leaflet(leaflet_dir());
}

std::string publish_report(const std::string& dir, ReportSection section, const ReportOptions& options,
                           const LeafletAssets& leaflet) {
    if (gathering) {
        gathering->sections.push_back(std::move(section));
        return "";
    }
    ReportPage page;
    page.title = section.title;
    page.tiles = options.tiles;
    page.attribution = map_attribution;
    page.sections.push_back(std::move(section));
    write_report(dir + "/report.html", page, leaflet);
    return "report.html";
}

}  // namespace roisc::cli
