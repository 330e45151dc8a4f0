// The one list of roisc's commands: help, tests and docs are driven from it.
#include "roisc/cli/command.hpp"

#include "layers.hpp"
#include "within.hpp"

namespace roisc::cli {

const std::vector<CommandInfo>& commands() {
    static const std::vector<CommandInfo> list = {
        {"layers", "List the manifest's layers with counts, CRS, extent, fields and every problem found",
         [] { return std::make_unique<LayersCommand>(); }},
        {"within", "List the meetings within a radius of a place (postcode, venue or lon,lat)",
         [] { return std::make_unique<WithinCommand>(); }},
    };
    return list;
}

}  // namespace roisc::cli
