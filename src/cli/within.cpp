#include "within.hpp"

#include "thresholds.hpp"

#include "roisc/engine/access.hpp"
#include "roisc/engine/place.hpp"
#include "roisc/io/manifest.hpp"

#include <cstdio>

namespace roisc::cli {

void WithinCommand::declare(CLI::App& app) {
    app.add_option("--from", options_.from, "A postcode (B69 3DE, B69 3), a venue name or id, or lon,lat")
        ->required()
        ->type_name("PLACE");
    app.add_option("-r,--radius", options_.radius, "Straight-line radius with its unit: 800m, 2km, 5mi")
        ->required()
        ->type_name("DISTANCE");
    options_.meetings.declare(app);
}

namespace {
std::string km_mi(double metres) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.2f", metres / 1000.0);
    std::string km = buf;
    std::snprintf(buf, sizeof buf, "%.2f", metres / metres_per_mile);
    return km + "|" + buf;
}
}  // namespace

int WithinCommand::run(Context& context) {
    const Threshold radius = distance_threshold(options_.radius, "--radius");
    const MeetingFilter filter = options_.meetings.filter();
    const Manifest manifest = load_manifest(context.manifest_path());
    // Venues are only needed to name a place; a manifest without them still answers.
    const Study study = load_study(manifest, {false, true, !manifest.with_role(Role::venues).empty()});
    const Place place = resolve_place(options_.from, manifest, study);
    const MeetingIndex index(study.meetings);
    const auto hits = index.within(place.at, radius.metres(), filter);

    Table table({{"meeting"}, {"fellowship"}, {"when"}, {"venue"}, {"place"}, {"in_study"},
                 {"distance_km", Table::Align::right, true}, {"distance_mi", Table::Align::right, true}});
    int inside = 0;
    for (const auto& hit : hits) {
        const MeetingSite& m = study.meetings[hit.meeting];
        std::string when;
        for (const auto& s : m.slots) when += (when.empty() ? "" : "; ") + s.to_string();
        const std::string d = km_mi(hit.distance);
        if (m.in_study) ++inside;
        table.add_row({m.name, m.fellowship, when, m.venue, m.place, m.in_study ? "yes" : "no", d.substr(0, d.find('|')),
                       d.substr(d.find('|') + 1)});
    }
    table.print(context.out, context.format());
    if (context.format() == TableFormat::table) {
        context.out << "\n" << hits.size() << " meeting" << (hits.size() == 1 ? "" : "s") << " (" << filter.describe()
                    << ") within " << radius.text << " of " << place.label << "; " << inside << " inside " << study.name
                    << ", " << hits.size() - inside << " outside.\n";
    }
    return 0;
}

}  // namespace roisc::cli
