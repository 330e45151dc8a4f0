#pragma once
// The disclosure options of every command that publishes treatment counts.
#include "roisc/engine/disclosure.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace roisc::cli {

struct DisclosureOptions {
    std::string method = "standard";
    std::optional<long long> threshold;
    std::string rounding = "none";

    void declare(CLI::App& app);
    // --rounding alone, for a command that declares the other two itself (hotspots).
    static void add_rounding(CLI::App& app, std::string& rounding);
    DisclosurePolicy policy() const;  // throws ArgumentError
};

}  // namespace roisc::cli
