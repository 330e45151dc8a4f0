#include "disclosure.hpp"

namespace roisc::cli {

void DisclosureOptions::declare(CLI::App& app) {
    app.add_option("--disclosure", method,
                   "Disclosure control of treatment counts: standard (small counts suppressed, with secondary "
                   "suppression), or none (only inside the secure environment; recorded in every output)")
        ->check(CLI::IsMember({"standard", "none"}))
        ->type_name("standard|none");
    app.add_option("--threshold", threshold, "Counts from 1 to this minus one are suppressed (default 5)")
        ->type_name("N");
    add_rounding(app, rounding);
}

void DisclosureOptions::add_rounding(CLI::App& app, std::string& rounding) {
    app.add_option("--rounding", rounding,
                   "none (default), or 5: published counts rounded to the nearest multiple of 5 on top of the "
                   "suppression; totals made of several counts are sums of the rounded ones")
        ->check(CLI::IsMember({"none", "5"}))
        ->type_name("none|5");
}

DisclosurePolicy DisclosureOptions::policy() const {
    return DisclosurePolicy::from_options(method, threshold, rounding);
}

}  // namespace roisc::cli
