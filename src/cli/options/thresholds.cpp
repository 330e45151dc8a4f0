#include "thresholds.hpp"

#include "roisc/core/error.hpp"

#include <cmath>
#include <cstdlib>

namespace roisc::cli {

Threshold parse_threshold_option(const std::string& text, const std::string& option, ThresholdKinds kinds) {
    Threshold t = parse_threshold(text, option);
    if (kinds == ThresholdKinds::distance && t.is_time()) {
        throw ArgumentError(option + " " + text +
                            ": this command takes a distance (e.g. 1mi or 2km). Travel times work in within, coverage, "
                            "gaps and isochrones (e.g. roisc gaps --beyond 20min --mode walk).");
    }
    if (kinds == ThresholdKinds::time && t.is_distance()) {
        throw ArgumentError(option + ": '" + text + "' is a distance; give a time such as 20min.");
    }
    if (!std::isfinite(t.value) || t.value <= 0) {
        throw ArgumentError(option + " " + text + ": give " + (t.is_time() ? "a time" : "a distance") +
                            " of more than zero, e.g. " + (t.is_time() ? "20min." : "2mi."));
    }
    return t;
}

CLI::Option* add_threshold(CLI::App& app, const std::string& name, Threshold& value, const std::string& description,
                           ThresholdKinds kinds) {
    const std::string option = name.substr(name.rfind(',') == std::string::npos ? 0 : name.rfind(',') + 1);
    return app
        .add_option_function<std::string>(
            name, [&value, option, kinds](const std::string& text) { value = parse_threshold_option(text, option, kinds); },
            description)
        ->type_name(kinds == ThresholdKinds::time ? "TIME" : "DISTANCE");
}

CLI::Option* add_times(CLI::App& app, const std::string& name, std::vector<Threshold>& values, const std::string& description) {
    return app
        .add_option_function<std::vector<std::string>>(
            name,
            [&values, name](const std::vector<std::string>& texts) {
                values.clear();
                for (const auto& t : texts) values.push_back(parse_threshold_option(t, name, ThresholdKinds::time));
            },
            description)
        ->delimiter(',')
        ->type_name("TIME,…");
}

CLI::Option* add_number(CLI::App& app, const std::string& name, double& value, const std::string& description,
                        double minimum, double maximum, const std::string& range) {
    const std::string option = name.substr(name.rfind(',') == std::string::npos ? 0 : name.rfind(',') + 1);
    return app.add_option_function<std::string>(
        name,
        [&value, option, minimum, maximum, range](const std::string& text) {
            // strtod reads "nan" and "inf" as numbers; a range check alone lets NaN through.
            char* end = nullptr;
            const double v = std::strtod(text.c_str(), &end);
            if (text.empty() || end == text.c_str() || *end != '\0' || !std::isfinite(v) || v < minimum || v > maximum) {
                throw ArgumentError(option + " '" + text + "': give " + range + ".");
            }
            value = v;
        },
        description);
}

CLI::Option* add_count(CLI::App& app, const std::string& name, int& value, const std::string& description, int minimum) {
    return app.add_option(name, value, description)
        ->check(CLI::Range(minimum, 1000000, "a whole number from " + std::to_string(minimum) + " to 1,000,000"))
        ->type_name("N");
}

}  // namespace roisc::cli
