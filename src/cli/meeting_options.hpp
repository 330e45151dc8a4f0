#pragma once
// The meeting filter options shared by within, coverage, gaps and schedule-like commands.
#include "roisc/engine/access.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace roisc::cli {

struct MeetingOptions {
    std::string fellowship;
    std::vector<std::string> types;
    std::string when;
    bool include_online = false;

    void declare(CLI::App& app);
    MeetingFilter filter() const;  // throws ArgumentError for a bad --when
};

}  // namespace roisc::cli
