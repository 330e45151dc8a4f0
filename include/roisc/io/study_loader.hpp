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
Study load_study(const Manifest& manifest, const StudyNeeds& needs);

// A demand layer whose cohort counts are empty, hidden ("*", as roisc hotspots publishes them) or
// not whole numbers: one error naming the first features, or nothing. load_study refuses such a
// layer (exit 3) and roisc layers --check lists it.
std::optional<Problem> missing_demand_counts(const Layer& demand);

}  // namespace roisc
