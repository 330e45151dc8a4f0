#pragma once
// What every output of a run carries about it: the query, the model, the sources, the disclosure
// policy and the version, as ordered key/value pairs.
#include <string>
#include <utility>
#include <vector>

namespace roisc {

using Metadata = std::vector<std::pair<std::string, std::string>>;

}  // namespace roisc
