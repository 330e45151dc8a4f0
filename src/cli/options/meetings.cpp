#include "meetings.hpp"

#include "roisc/core/error.hpp"
#include "roisc/model/fellowship.hpp"

namespace roisc::cli {

CLI::Validator fellowship_validator(bool several) {
    return CLI::Validator(
        [several](std::string& text) -> std::string {
            try {
                const FellowshipSet set = FellowshipSet::parse(text);
                if (!several && set.members().size() != 1) return "give one fellowship, e.g. NA.";
            } catch (const UnknownFellowship& unknown) {
                return unknown.message();
            }
            return "";
        },
        several ? "NAME[,NAME…]" : "NAME");
}

void MeetingOptions::declare(CLI::App& app) {
    app.add_option("-f,--fellowship", fellowship,
                   "Only meetings of these fellowships: AA, NA, CA, SMART, Al-Anon, Other, or their full names; "
                   "several joined by commas (NA,CA)")
        ->check(fellowship_validator())
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
    try {
        f.fellowships = FellowshipSet::parse(fellowship);
    } catch (const UnknownFellowship& unknown) {
        throw ArgumentError("--fellowship: " + unknown.message());
    }
    f.types = types;
    if (!when.empty()) f.window = TimeWindow::parse(when, "--when");
    f.include_online = include_online;
    return f;
}

}  // namespace roisc::cli
