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
}

DisclosurePolicy DisclosureOptions::policy() const { return DisclosurePolicy::from_options(method, threshold); }

}  // namespace roisc::cli
