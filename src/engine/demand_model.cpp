#include "roisc/engine/demand_model.hpp"

#include "roisc/core/error.hpp"
#include "roisc/model/study.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <sstream>

namespace roisc {

double deprivation_weight(int imd_decile) { return 1.0 + 0.25 * (10 - imd_decile); }

void DemandModelQuery::validate() const {
    if (total <= 0) throw QueryError("the total", "must be at least 1 person");
    if (total > max_people_count) {
        throw QueryError("the total", "(" + std::to_string(total) + ") is more than roisc counts in one place (" +
                                          std::to_string(max_people_count) + ")");
    }
    if (cohorts.empty()) throw QueryError("the cohort shares", "name at least one cohort");
    double sum = 0;
    std::set<std::string> names;
    for (const auto& [name, share] : cohorts) {
        if (name.empty()) throw QueryError("the cohort shares", "have a cohort without a name");
        if (!names.insert(name).second) throw QueryError("the cohort shares", "name '" + name + "' twice");
        if (!(share >= 0) || !std::isfinite(share)) {
            throw QueryError("the cohort shares", "give '" + name + "' a share that is not a percentage of zero or more");
        }
        sum += share;
    }
    if (std::fabs(sum - 100) > 1e-9) {
        throw QueryError("the cohort shares", "add up to " + [&] { std::ostringstream o; o << sum; return o.str(); }() + "%, not 100%");
    }
    if (areas.empty()) throw QueryError("the areas", "are none: there is nowhere to place the demand");
    double weight = 0;
    for (const auto& a : areas) {
        if (a.imd_decile < 1 || a.imd_decile > 10) {
            throw QueryError("the areas", "give area '" + a.id + "' the IMD decile " + std::to_string(a.imd_decile) +
                                              "; a decile is a whole number from 1 (most deprived) to 10");
        }
        if (!(a.population >= 0) || !std::isfinite(a.population)) {
            throw QueryError("the areas", "give area '" + a.id + "' a population that is not a number of zero or more");
        }
        weight += a.population * deprivation_weight(a.imd_decile);
    }
    if (!(weight > 0)) throw QueryError("the areas", "have no population to share the demand by");
}

std::vector<long long> largest_remainder(long long total, const std::vector<double>& weights) {
    const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
    std::vector<long long> out(weights.size(), 0);
    if (!(sum > 0)) return out;
    std::vector<double> remainder(weights.size());
    long long given = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        const double quota = static_cast<double>(total) * weights[i] / sum;
        out[i] = static_cast<long long>(std::floor(quota));
        remainder[i] = quota - static_cast<double>(out[i]);
        given += out[i];
    }
    std::vector<std::size_t> order(weights.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
    // Rounding can leave the floors a little over or under; the remainders settle it either way.
    for (std::size_t k = 0; given < total && k < order.size(); ++k, ++given) ++out[order[k]];
    for (std::size_t k = order.size(); given > total && k > 0; --k) {
        if (out[order[k - 1]] > 0) {
            --out[order[k - 1]];
            --given;
        }
    }
    return out;
}

DemandModel model_demand(const DemandModelQuery& query) {
    query.validate();
    DemandModel out;
    out.total = query.total;
    std::vector<double> shares;
    for (const auto& [name, share] : query.cohorts) {
        out.cohorts.push_back(name);
        shares.push_back(share);
    }
    out.cohort_totals = largest_remainder(query.total, shares);
    std::vector<double> weights;
    for (const auto& a : query.areas) {
        ModelledArea m;
        m.area = &a;
        m.weight = deprivation_weight(a.imd_decile);
        weights.push_back(a.population * m.weight);
        out.areas.push_back(std::move(m));
    }
    for (std::size_t c = 0; c < out.cohorts.size(); ++c) {
        const auto counts = largest_remainder(out.cohort_totals[c], weights);
        for (std::size_t i = 0; i < counts.size(); ++i) {
            out.areas[i].counts.push_back(counts[i]);
            out.areas[i].total += counts[i];
        }
    }
    return out;
}

}  // namespace roisc
