#pragma once
// Builds the study from a manifest: reads the layers a job needs, maps their fields onto the model
// (fellowships and attendance through the model's vocabulary), and places each record in its town.
#include "roisc/io/manifest.hpp"
#include "roisc/model/study.hpp"

namespace roisc {

// Reads the manifest's layers and builds the study. Throws DataError when a needed layer is
// unusable or missing. Records it cannot use are left out and named in Study::notes.
// Records it cannot use as written are named in Study::left_out; several layers with the role of
// demand, meetings or venues are all read, in manifest order.
Study load_study(const Manifest& manifest, const StudyNeeds& needs);

// The same from layers already read (layers --check reads them once for both).
struct LoadedLayers;
Study build_study(const Manifest& manifest, const LoadedLayers& loaded, const StudyNeeds& needs);

}  // namespace roisc
