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

AccessResult reach_for(const Context& context, const Study& study, const Manifest& manifest, const AccessQuery& query,
                       const TravelOptions& travel);

Isochrones isochrones_for(const Context& context, const Study& study, const Manifest& manifest,
                          const IsochroneQuery& query, const TravelOptions& travel, bool quiet);

}  // namespace roisc::cli
