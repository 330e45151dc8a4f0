#pragma once
// The meeting filter options (--fellowship, --type, --when, --include-online), declared once for
// every command that counts meetings. --fellowship takes names from the model's vocabulary
// ("NA", "Narcotics Anonymous", "NA,CA"); an unknown name is refused while the command line is read.
#include "roisc/engine/access.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace roisc::cli {

// Checks a --fellowship value against the vocabulary: the known names and a did-you-mean. With
// `several`, names joined by commas.
CLI::Validator fellowship_validator(bool several = true);

struct MeetingOptions {
    std::string fellowship;  // as typed, for result names and the canonical command
    std::vector<std::string> types;
    std::string when;
    bool include_online = false;

    void declare(CLI::App& app);
    MeetingFilter filter() const;  // throws ArgumentError for a bad --when
};

}  // namespace roisc::cli
