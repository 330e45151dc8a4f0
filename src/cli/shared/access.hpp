#pragma once
// Running the reach and isochrone jobs for a command: the travel model its options choose (read
// through io), the engine's answer, and the notes and warnings on stderr that every command
// prints the same way.
#include "../options/travel.hpp"
#include "roisc/cli/command.hpp"
#include "roisc/engine/isochrones.hpp"
#include "roisc/engine/reach.hpp"
#include "roisc/io/manifest.hpp"

namespace roisc::cli {

// `none_eligible`: the warning when nothing is eligible ("" for the meetings' own).
AccessResult reach_for(const Context& context, const Study& study, const Manifest& manifest, const AccessQuery& query,
                       const TravelOptions& travel, const std::string& none_eligible = "");

// As reach_for, counting a hotspot reached only when at least `min_options` distinct places are
// within reach (a distance; the caller refuses a time): its nearest becomes the n-th nearest place
// and the land the land within reach of n places. min_options 1 is reach_for itself.
AccessResult reach_with_options(const Context& context, const Study& study, const Manifest& manifest,
                                const AccessQuery& query, const TravelOptions& travel, int min_options);

Isochrones isochrones_for(const Context& context, const Study& study, const Manifest& manifest,
                          const IsochroneQuery& query, const TravelOptions& travel, bool quiet);

}  // namespace roisc::cli
