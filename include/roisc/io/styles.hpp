#pragma once
// QGIS styles for roisc's layers, so GIS users open results already symbolised: written as .qml
// files beside the GeoJSON and as rows of the GeoPackage's layer_styles table, which QGIS reads
// as the layer's default style. Every colour and marker shape is the printed map's, from the one
// palette (roisc/model/palette.hpp).
#include <string>
#include <vector>

namespace roisc {

enum class LayerStyle {
    none,
    coverage,    // land within reach: a translucent sky-blue fill, blue outline
    gap,         // land beyond reach: a translucent orange fill
    hotspots,    // demand points: circles sized by a published count (size_field), hollow where suppressed
    meetings,    // meetings, categorized by `fellowship`: each fellowship its colour and shape
    venues,      // new venues chosen by rank: vermillion discs ringed in white
    catchments,  // a new venue's catchment: a dashed vermillion outline
    isochrones,  // travel-time areas, categorized by `time` (categories: shortest first) on the isochrone ramp
    outline,     // towns, boroughs, a search area's edge: outline only
    assets,      // community assets, categorized by `kind`: each kind its colour and shape (palette::asset_symbols)
};

// The QML document for a layer; `label_field` is labelled when not empty. Point labels are placed
// around their point (never over the marker); areas are not label obstacles, so the labels of
// points inside them are still placed when the layers are shown together.
// The hotspots style sizes its circles by `size_field` (null: suppressed, drawn hollow).
// The isochrones style has one category per value of `categories`, shortest time first.
std::string qgis_style(LayerStyle style, const std::string& label_field = "", const std::string& size_field = "people",
                       const std::vector<std::string>& categories = {});

}  // namespace roisc
