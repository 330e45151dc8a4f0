#pragma once
// QGIS styles for roisc's layers, so GIS users open results already symbolised: written as .qml
// files beside the GeoJSON and as rows of the GeoPackage's layer_styles table, which QGIS reads
// as the layer's default style.
#include <string>

namespace roisc {

enum class LayerStyle {
    none,
    coverage,  // land within reach: a translucent blue fill
    gap,       // land beyond reach: an orange fill
    hotspots,  // demand points: circles sized by a published count (size_field), hollow where suppressed
    meetings,  // meetings by fellowship
    venues,    // candidate venues, numbered by rank where ranked
    outline,   // towns, boroughs: outline with a label
};

// The QML document for a layer; `label_field` is labelled when not empty. Colours are from the
// Okabe–Ito palette, safe for colour-blind readers.
// The hotspots style sizes its circles by `size_field` (null: suppressed, drawn hollow).
std::string qgis_style(LayerStyle style, const std::string& label_field = "", const std::string& size_field = "people");

}  // namespace roisc
