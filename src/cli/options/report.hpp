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
    // --tiles alone (roisc report always writes a page); `where` names the maps it adds to.
    void declare_tiles(CLI::App& app, const std::string& where);
    // --report writes into the output folder, so it needs one; --tiles only means something with it.
    void check(const ResultOptions& results) const;  // throws ArgumentError
};

}  // namespace roisc::cli
