#pragma once
#include "roisc/cli/command.hpp"

#include <optional>
#include <string>

namespace roisc::cli {

// roisc demand model --population LSOA_LAYER --deprivation IMD_TABLE --total N (or --rate R):
// a modelled demand layer for a borough without NDTMS access, shared out over its LSOAs by
// population and deprivation as the embedded default is built (engine/demand_model.hpp), labelled
// modelled in its own fields. `demand` is a command with one kind so far.
class DemandCommand : public Command {
public:
    struct ModelOptions {
        std::string population, deprivation;
        std::string area_field, population_field, deprivation_area_field, decile_field;
        std::optional<long long> total;
        std::optional<double> rate;   // per 1,000 residents
        std::string cohorts;          // "opiate=47,non_opiate=11,…"; empty: the default split
        std::string out;              // a .geojson file
    };

    void declare(CLI::App& app) override;
    void validate() override;
    int run(Context& context) override;

private:
    CLI::App* model_app_ = nullptr;
    ModelOptions model_;
};

}  // namespace roisc::cli
