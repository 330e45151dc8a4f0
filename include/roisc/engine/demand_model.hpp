#pragma once
// Modelled demand: a stated number of people in treatment shared out over small areas (LSOAs) by
// population and deprivation, as the embedded Sandwell default is built
// (scripts/build_sandwell_layers.py): each area weighs population x (1 + 0.25 x (10 - IMD
// decile)), decile 1 (most deprived) x3.25 .. decile 10 x1.00; each cohort's total is shared out
// in proportion and rounded by the largest-remainder method (ties: area order), so every cohort
// sums exactly to its total and the cohorts to the whole. For a borough without NDTMS access: the
// result is a model, never a count, and says so in its own fields.
#include "roisc/core/geometry.hpp"

#include <string>
#include <utility>
#include <vector>

namespace roisc {

struct ModelArea {
    std::string id;          // the LSOA code
    double population = 0;   // residents (all ages)
    int imd_decile = 0;      // 1 most deprived .. 10 least
    Point at;                // where its demand is placed (a point on its surface)
};

struct DemandModelQuery {
    std::vector<ModelArea> areas;  // in the order ties are broken (sorted by id by the reader)
    long long total = 0;           // people in treatment to share out
    // Cohorts and their shares of the total in percent (summing to 100), as NDTMS reports adults
    // in treatment; the default is the embedded default's national-like split.
    std::vector<std::pair<std::string, double>> cohorts = {
        {"opiate", 47}, {"non_opiate", 11}, {"alcohol_only", 29}, {"non_opiate_and_alcohol", 13}};

    // Throws QueryError by concept ("the total", "the cohort shares", "the areas").
    void validate() const;
};

// The weight of an area: population x (1 + 0.25 x (10 - decile)).
double deprivation_weight(int imd_decile);

struct ModelledArea {
    const ModelArea* area = nullptr;
    double weight = 0;                // deprivation_weight(decile)
    std::vector<long long> counts;    // one per cohort
    long long total = 0;
};

struct DemandModel {
    std::vector<std::string> cohorts;
    std::vector<long long> cohort_totals;  // largest remainder of total x share
    std::vector<ModelledArea> areas;       // the query's order
    long long total = 0;
};

DemandModel model_demand(const DemandModelQuery& query);

// Integers summing to `total`, in proportion to `weights` (not all zero): floors, then one more to
// the largest remainders (ties: the earlier index).
std::vector<long long> largest_remainder(long long total, const std::vector<double>& weights);

}  // namespace roisc
