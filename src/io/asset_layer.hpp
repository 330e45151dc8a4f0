#pragma once
// Reading one feature of an assets layer into an Asset: its kind through the model's vocabulary,
// its opening hours and weekly sessions. The layer reader reports the problems (so `roisc layers
// --check` lists them); the study loader builds the assets of a usable layer. Private to src/io.
#include "roisc/io/layer.hpp"
#include "roisc/model/asset.hpp"

#include <optional>
#include <vector>

namespace roisc {

struct AssetReading {
    Asset asset;                    // the fields as read (not its place)
    std::vector<Problem> problems;  // errors naming the feature and the source field
};

AssetReading read_asset_fields(const Layer& layer, const Feature& feature);

}  // namespace roisc
