#pragma once
// Builds the study from a manifest: reads the layers a job needs, maps their fields onto the model
// (fellowships and attendance through the model's vocabulary), and places each record in its town.
#include "roisc/io/layer.hpp"
#include "roisc/io/manifest.hpp"
#include "roisc/model/study.hpp"

#include <optional>

namespace roisc {

// Reads the manifest's layers and builds the study. Throws DataError when a needed layer is
// unusable or missing. Records it cannot use are left out and named in Study::notes.
// Records it cannot use as written are named in Study::left_out; several layers with the role of
// demand, meetings or venues are all read, in manifest order.
Study load_study(const Manifest& manifest, const StudyNeeds& needs);

// A demand layer whose cohort counts are empty, hidden ("*", as roisc hotspots publishes them) or
// not whole numbers: one error naming the first features, or nothing. load_study refuses such a
// layer (exit 3) and roisc layers --check lists it.
std::optional<Problem> missing_demand_counts(const Layer& demand);
// The same from layers already read (layers --check reads them once for both).
struct LoadedLayers;
Study build_study(const Manifest& manifest, const LoadedLayers& loaded, const StudyNeeds& needs);

}  // namespace roisc
