#include "meeting_options.hpp"

namespace roisc::cli {

void MeetingOptions::declare(CLI::App& app) {
    app.add_option("-f,--fellowship", fellowship, "Only meetings of this fellowship (AA, NA, CA, SMART, Al-Anon)")
        ->type_name("NAME");
    app.add_option("--type", types, "Only meetings with this type code, e.g. W (women), O (open); repeatable")
        ->type_name("CODE");
    app.add_option("--when", when,
                   "Only meetings whose whole slot lies in this time of week: weekday-evenings, weekends, mornings, "
                   "'Tue 18:00-21:00', lists joined by ';'")
        ->type_name("WINDOW");
    app.add_flag("--include-online", include_online, "Count online-only meetings too (they have no place)");
}

MeetingFilter MeetingOptions::filter() const {
    MeetingFilter f;
    f.fellowship = fellowship;
    f.types = types;
    if (!when.empty()) f.window = TimeWindow::parse(when, "--when");
    f.include_online = include_online;
    return f;
}

}  // namespace roisc::cli
