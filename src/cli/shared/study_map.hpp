#pragma once
// What every map of the study shows (boundary, towns, meetings, the credits), for the commands
// that draw maps (map, rank --map).
#include "roisc/engine/access.hpp"
#include "roisc/io/manifest.hpp"
#include "roisc/model/study.hpp"
#include "roisc/render/map.hpp"

#include <string>
#include <vector>

namespace roisc::cli {

// The data credits printed on every map.
extern const char* const map_attribution;
// Whether a layer of this role says, in its description or date, one of `words` ("modelled").
bool layer_says(const Manifest& manifest, Role role, const std::vector<std::string>& words);
// What every map of the study shows: boundary, towns, the meetings (in person or counted by the
// filter, the counted ones marked), the credits.
render::MapContent study_map(const Study& study, const MeetingFilter& filter);

}  // namespace roisc::cli
