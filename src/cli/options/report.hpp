#pragma once
// --report and --tiles: the shareable HTML page beside a command's other result files.
#include "results.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace roisc::cli {

struct ReportOptions {
    bool report = false;
    std::string tiles;  // a basemap tile URL template; empty: none (the page loads nothing)

    void declare(CLI::App& app);
    // --report writes into the output folder, so it needs one; --tiles only means something with it.
    void check(const ResultOptions& results) const;  // throws ArgumentError
};

}  // namespace roisc::cli
