// Protecting a national demand table (issue 14 part 6): seeded NDTMS-shaped tables of 10,000,
// 100,000 and 1,700,000 hotspots x 4 cohorts (heavy-tailed towns, most counts 0 to 4), protected by
// roisc::protect under the standard policy. Prints the best of 3 wall and CPU times, rows per
// second, the peak memory of the protection, and the ratio to two peers measured in the same run:
//   * the plain pass: the same table built with every total but nothing suppressed
//     (protect under --disclosure none), the floor any protection starts from;
//   * the secondary suppression roisc used before (bench/legacy_protect.hpp: a graph search per
//     suppressed count), up to --legacy-max rows, as it grows quadratically.
// Checks every protected table: no published count of 1 to threshold-1, zeros shown, every small
// count suppressed; and prints how much each algorithm hides.
//
//   bench_protect [--sizes 10000,100000,1700000] [--cohorts 4] [--seed S] [--runs 3]
//                 [--legacy-max 10000] [--legacy-runs 1] [--towns N (default: rows / 1000, at least 6)]
//
// Columns: the best wall and the best CPU seconds of the runs, rows per CPU second, the peak RSS
// during the protection and (table) the RSS before it (the CountTable and what the process holds
// already), the plain pass's CPU seconds and the ratio to it, the legacy algorithm's CPU seconds and
// the speedup over it, and the share of the table's cells each hides. CPU times are the figures to
// compare on a shared machine (the protection runs on one thread); the growth exponent uses them.
#include "legacy_protect.hpp"
#include "roisc/engine/disclosure.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// Resident memory from /proc/self/status (MB = 10^6 bytes): "VmRSS" now, "VmHWM" the peak.
double status_mb(const char* field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    const std::string key = std::string(field) + ":";
    while (std::getline(in, line)) {
        if (line.rfind(key, 0) == 0) return std::atof(line.c_str() + key.size()) * 1024.0 / 1e6;
    }
    return 0;
}

// Resets the peak (VmHWM) to the current RSS, so that each size's peak is its own.
void reset_peak() {
    std::ofstream out("/proc/self/clear_refs");
    out << "5";
}

double load_average() {
    std::ifstream in("/proc/loadavg");
    double l = 0;
    in >> l;
    return l;
}

// splitmix64: the same tables on every machine and standard library.
class Random {
public:
    explicit Random(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
    long long between(long long lo, long long hi) {
        return lo + static_cast<long long>(next() % static_cast<std::uint64_t>(hi - lo + 1));
    }

private:
    std::uint64_t state_;
};

// An NDTMS-shaped demand table: towns of Zipf-like sizes (a few cities, a long tail of small
// towns, about one town per 1,000 hotspots) and the hotspots outside every town; per cell 45 %
// zeros, 35 % counts of 1 to 4, and the rest 5 upwards with a heavy tail.
roisc::CountTable ndtms_table(std::size_t rows, std::size_t cohorts, std::uint64_t seed, std::size_t town_count) {
    Random rnd(seed * 1000003ULL + rows);
    std::vector<std::string> names;
    for (std::size_t k = 0; k < cohorts; ++k) names.push_back("cohort " + std::to_string(k + 1));
    roisc::CountTable table(names);
    const std::size_t towns = town_count ? town_count : std::max<std::size_t>(6, rows / 1000);
    std::vector<double> cumulative;
    double sum = 0;
    for (std::size_t t = 0; t < towns; ++t) {
        sum += 1.0 / std::pow(static_cast<double>(t + 1), 1.1);
        cumulative.push_back(sum);
    }
    for (std::size_t t = 0; t < towns; ++t) table.add_region("town " + std::to_string(t + 1));
    const std::size_t outside = table.add_region("outside the towns");
    for (std::size_t h = 0; h < rows; ++h) {
        std::size_t region = outside;
        if (rnd.uniform() >= 0.08) {
            const double u = rnd.uniform() * sum;
            region = static_cast<std::size_t>(std::lower_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin());
            region = std::min(region, towns - 1);
        }
        std::vector<long long> counts(cohorts);
        for (auto& c : counts) {
            const double roll = rnd.uniform();
            if (roll < 0.45) {
                c = 0;
            } else if (roll < 0.80) {
                c = rnd.between(1, 4);
            } else {
                // Pareto-like: 5, 6, ... with a long tail (a few hundred at most).
                c = 5 + static_cast<long long>(std::floor(4.0 / std::pow(1.0 - rnd.uniform() * 0.999, 0.8) - 4.0));
            }
        }
        table.add_row(region, "h" + std::to_string(h), counts);
    }
    return table;
}

struct Outcome {
    double wall = 0, cpu = 0, peak_mb = 0, before_mb = 0;  // peak RSS during the run, RSS before it
    std::size_t hidden = 0, secondary = 0, cells = 0;
    long long people_hidden = 0;  // in the hotspot cells, a measure of what the protection costs readers
    bool checked = true;
    std::string problem;
};

Outcome measure(const std::function<roisc::ProtectedTable()>& run, int runs, const roisc::DisclosurePolicy& policy) {
    Outcome best;
    best.wall = 1e300;
    for (int r = 0; r < runs; ++r) {
        reset_peak();
        const double before = status_mb("VmRSS");
        const double cpu0 = cpu_seconds();
        const auto t0 = Clock::now();
        const roisc::ProtectedTable t = run();
        const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
        const double cpu = cpu_seconds() - cpu0;
        const double peak = status_mb("VmHWM");
        // Best of each on its own: on a shared machine the fastest wall time and the least CPU time
        // may come from different runs.
        if (wall < best.wall) best.wall = wall;
        if (r == 0 || cpu < best.cpu) best.cpu = cpu;
        if (r == 0) {
            best.peak_mb = peak;
            best.before_mb = before;
        }
        if (r > 0) continue;
        best.cells = t.cell_count();
        best.hidden = t.suppressed_count();
        auto check = [&](const roisc::ProtectedCell& c) {
            best.secondary += c.suppression == roisc::Suppression::secondary;
            if (c.value == 0 && c.is_suppressed()) best.checked = false, best.problem = "a zero is suppressed";
            if (policy.is_small(c.value) && !c.is_suppressed()) best.checked = false, best.problem = "a small count is published";
        };
        for (const auto& l : t.rows) {
            for (const auto& c : l.cells) {
                check(c);
                if (c.is_suppressed()) best.people_hidden += c.value;
            }
            check(l.total);
        }
        for (const auto& l : t.regions) {
            for (const auto& c : l.cells) check(c);
            check(l.total);
        }
        for (const auto& c : t.whole.cells) check(c);
        check(t.whole.total);
    }
    return best;
}

std::vector<std::size_t> parse_sizes(const std::string& s) {
    std::vector<std::size_t> out;
    std::stringstream in(s);
    std::string part;
    while (std::getline(in, part, ',')) out.push_back(static_cast<std::size_t>(std::stoull(part)));
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::size_t> sizes{10000, 100000, 1700000};
    std::size_t cohorts = 4, legacy_max = 10000, towns = 0;
    std::uint64_t seed = 14;
    int runs = 3, legacy_runs = 1;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "bench_protect: %s needs a value\n", a.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--sizes") sizes = parse_sizes(value());
        else if (a == "--cohorts") cohorts = std::stoul(value());
        else if (a == "--seed") seed = std::stoull(value());
        else if (a == "--runs") runs = std::stoi(value());
        else if (a == "--legacy-max") legacy_max = std::stoul(value());
        else if (a == "--legacy-runs") legacy_runs = std::stoi(value());
        else if (a == "--towns") towns = std::stoul(value());
        else {
            std::fprintf(stderr, "bench_protect: unknown option %s\n", a.c_str());
            return 2;
        }
    }
    const roisc::DisclosurePolicy standard = roisc::DisclosurePolicy::standard(5);
    const roisc::DisclosurePolicy none = roisc::DisclosurePolicy::none();
    std::printf("bench_protect: %zu cohorts, seed %llu, best of %d (legacy: best of %d, up to %zu rows); load average %.2f\n\n",
                cohorts, static_cast<unsigned long long>(seed), runs, legacy_runs, legacy_max, load_average());
    std::printf("%10s %8s | %8s %8s %11s %8s %8s | %8s %7s | %9s %8s | %7s %7s\n", "rows", "towns", "wall s", "cpu s",
                "rows/cpu s", "peak MB", "(table)", "plain s", "ratio", "legacy s", "speedup", "hidden", "legacy");
    bool ok = true;
    double previous_cpu = 0;
    std::size_t previous_rows = 0;
    for (std::size_t rows : sizes) {
        const roisc::CountTable table = ndtms_table(rows, cohorts, seed, towns);
        const Outcome plain = measure([&] { return roisc::protect(table, none); }, runs, none);
        const Outcome fast = measure([&] { return roisc::protect(table, standard); }, runs, standard);
        Outcome old;
        const bool with_legacy = rows <= legacy_max;
        if (with_legacy) old = measure([&] { return roisc::legacy::protect(table, standard); }, legacy_runs, standard);
        ok = ok && fast.checked && (!with_legacy || old.checked);
        auto share = [](const Outcome& o) { return 100.0 * static_cast<double>(o.hidden) / static_cast<double>(o.cells); };
        char legacy_s[32] = "-", speedup[32] = "-", legacy_share[32] = "-";
        if (with_legacy) {
            std::snprintf(legacy_s, sizeof legacy_s, "%.3f", old.cpu);
            std::snprintf(speedup, sizeof speedup, "%.0fx", old.cpu / fast.cpu);
            std::snprintf(legacy_share, sizeof legacy_share, "%.1f%%", share(old));
        }
        std::printf("%10zu %8zu | %8.3f %8.3f %11.0f %8.0f %8.0f | %8.3f %6.1fx | %9s %8s | %6.1f%% %7s\n", rows,
                    table.region_count(), fast.wall, fast.cpu, static_cast<double>(rows) / fast.cpu, fast.peak_mb,
                    fast.before_mb, plain.cpu, fast.cpu / plain.cpu, legacy_s, speedup, share(fast), legacy_share);
        std::printf("%10s           secondary %zu of %zu hidden; people in hidden hotspot cells %lld%s%s\n", "",
                    fast.secondary, fast.hidden, fast.people_hidden,
                    with_legacy ? ("; legacy secondary " + std::to_string(old.secondary) + " of " + std::to_string(old.hidden) +
                                   ", people " + std::to_string(old.people_hidden))
                                      .c_str()
                                : "",
                    fast.checked ? "" : ("; CHECK FAILED: " + fast.problem).c_str());
        if (previous_rows) {
            const double growth = fast.cpu / previous_cpu, size = static_cast<double>(rows) / static_cast<double>(previous_rows);
            std::printf("%10s           %.0fx the rows took %.1fx the CPU time (exponent %.2f)\n", "", size, growth,
                        std::log(growth) / std::log(size));
        }
        previous_cpu = fast.cpu;
        previous_rows = rows;
        std::fflush(stdout);
    }
    std::printf("\nload average at the end %.2f\n", load_average());
    return ok ? 0 : 1;
}
