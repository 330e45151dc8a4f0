#pragma once
// Thresholds on the command line: declared once with their unit rules, parsed once while the
// command line is read (800m, 2km, 2mi, 20min; a bare number is an error).
#include "roisc/core/units.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace roisc::cli {

enum class ThresholdKinds { distance, time, either };

// Declares `name` (e.g. "--within") as a threshold parsed into `value` while the command line is
// read: a distance, a time or either, as `kinds` says; more than zero and finite.
CLI::Option* add_threshold(CLI::App& app, const std::string& name, Threshold& value, const std::string& description,
                           ThresholdKinds kinds = ThresholdKinds::either);

// A comma-separated list of travel times (--times 10min,20min), each more than zero.
CLI::Option* add_times(CLI::App& app, const std::string& name, std::vector<Threshold>& values, const std::string& description);

// Parses one threshold of the given kinds: throws ArgumentError naming `option`.
Threshold parse_threshold_option(const std::string& text, const std::string& option, ThresholdKinds kinds);

// Declares a number (--detour, --dpi) from `minimum` to `maximum`: NaN, infinities and anything
// outside are refused while the command line is read, with the range in words (`range`).
CLI::Option* add_number(CLI::App& app, const std::string& name, double& value, const std::string& description,
                        double minimum, double maximum, const std::string& range);

// Declares a count (--new, --per-town, --top): a whole number of at least `minimum`.
CLI::Option* add_count(CLI::App& app, const std::string& name, int& value, const std::string& description, int minimum = 1);

}  // namespace roisc::cli
