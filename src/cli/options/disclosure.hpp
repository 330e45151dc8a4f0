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

    void declare(CLI::App& app);
    DisclosurePolicy policy() const;  // throws ArgumentError
};

}  // namespace roisc::cli
