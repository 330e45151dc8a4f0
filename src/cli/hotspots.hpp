#pragma once
#include "roisc/cli/command.hpp"

#include <string>
#include <vector>

namespace roisc::cli {

// roisc hotspots: an NDTMS-style table of treatment counts by partial postcode -> a demand layer
// (GeoJSON and GeoPackage) and a per-town summary, with disclosure control on every count.
class HotspotsCommand : public Command {
public:
    struct Options {
        std::string input;                  // the hotspot CSV
        std::string lookup;                 // empty: the manifest's postcodes layer
        std::string spread = "none";        // none | units
        bool strict = false;                // rows that cannot be placed are an error (exit 3)
        std::string disclosure = "standard";
        long long threshold = 5;
        bool threshold_given = false;
        std::string rounding = "none";
        std::string out_dir;  // default outputs/<name>
        std::string name;                   // output base name; default: the input's file name stem
        std::vector<std::string> breakdowns;  // --breakdown sex=male,female (other cuts of the same people)
    };

    void declare(CLI::App& app) override;
    void validate() override;
    int run(Context& context) override;
    const Options& options() const { return options_; }

private:
    Options options_;
    CLI::Option* threshold_option_ = nullptr;
};

}  // namespace roisc::cli
