// Maximal covering location on generated instances: roisc's branch and bound and lazy greedy beside
// GLPK (glpsol) and CBC solving the same LP file, in one run, with ratios.
//
//   bench_rank [--peer-limit SECONDS] [--roisc-limit SECONDS] [--only a,b,c,d] [--no-peers] [--keep DIR]
//
// Instances (points and candidates uniform in a square, reach radius set for the average number of
// points a candidate reaches, weights 1..50, fixed seeds):
//   a   2,000 points,    300 candidates,  10 new sites, ~40 points per candidate
//   b  10,000 points,  1,000 candidates, 100 new sites, ~40 points per candidate
//   c  10,000 points,  1,000 candidates, 100 new sites, ~100 points per candidate
//   d 200,000 points, 20,000 candidates, 500 new sites, ~100 points per candidate (greedy's size)
#include "roisc/engine/rank.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace fs = std::filesystem;
using roisc::CoveringProblem;
using roisc::CoveringSolution;

namespace {

struct Spec {
    std::string name;
    int points, candidates, new_sites;
    double per_candidate;
    unsigned seed;
};

CoveringProblem generate(const Spec& spec) {
    std::mt19937_64 rng(spec.seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::uniform_int_distribution<int> weight(1, 50);
    CoveringProblem p;
    std::vector<double> px(static_cast<std::size_t>(spec.points)), py(px.size());
    for (std::size_t i = 0; i < px.size(); ++i) {
        px[i] = u(rng);
        py[i] = u(rng);
        p.demand.push_back(weight(rng));
    }
    // Points within r of a candidate, on average per_candidate of them away from the edges.
    const double r = std::sqrt(spec.per_candidate / (M_PI * spec.points));
    const int cells = std::max(1, static_cast<int>(1.0 / r));
    std::vector<std::vector<int>> grid(static_cast<std::size_t>(cells * cells));
    auto cell = [&](double v) { return std::min(cells - 1, static_cast<int>(v * cells)); };
    for (std::size_t i = 0; i < px.size(); ++i) grid[static_cast<std::size_t>(cell(px[i]) * cells + cell(py[i]))].push_back(static_cast<int>(i));
    for (int j = 0; j < spec.candidates; ++j) {
        const double x = u(rng), y = u(rng);
        std::vector<int> reach;
        for (int cx = std::max(0, cell(x) - 1); cx <= std::min(cells - 1, cell(x) + 1); ++cx) {
            for (int cy = std::max(0, cell(y) - 1); cy <= std::min(cells - 1, cell(y) + 1); ++cy) {
                for (int i : grid[static_cast<std::size_t>(cx * cells + cy)]) {
                    const double dx = px[static_cast<std::size_t>(i)] - x, dy = py[static_cast<std::size_t>(i)] - y;
                    if (dx * dx + dy * dy <= r * r) reach.push_back(i);
                }
            }
        }
        std::sort(reach.begin(), reach.end());
        p.reach.push_back(std::move(reach));
    }
    p.new_sites = spec.new_sites;
    return p;
}

struct Peer {
    bool ran = false;
    double seconds = 0;
    double objective = NAN, bound = NAN;
    std::string status;
};

std::string slurp(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// A number from solver output, or NaN.
double number(const std::string& text) {
    try {
        return std::stod(text);
    } catch (const std::exception&) {
        return NAN;
    }
}

const char* const real = R"([-+]?[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?)";

double seconds_of(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

Peer run_glpsol(const fs::path& lp, const fs::path& dir, double limit) {
    Peer r;
    const fs::path out = dir / "glpsol.txt", log = dir / "glpsol.log";
    const std::string cmd = "glpsol --lp '" + lp.string() + "' --tmlim " + std::to_string(static_cast<int>(limit)) + " -o '" +
                            out.string() + "' > '" + log.string() + "' 2>&1";
    const auto start = std::chrono::steady_clock::now();
    const int rc = std::system(cmd.c_str());
    r.seconds = seconds_of(start);
    r.ran = rc == 0;
    const std::string text = slurp(out), logtext = slurp(log);
    std::smatch m;
    if (std::regex_search(text, m, std::regex(R"(Status:\s+([^\n]+))"))) r.status = m[1];
    if (std::regex_search(text, m, std::regex(std::string(R"(Objective:\s+\S+ = ()") + real + ")"))) r.objective = number(m[1]);
    // The last progress line: "mip = <best> <= <bound>" (or "tree is empty" when done).
    const std::regex progress(std::string(R"(mip =\s+(not found yet|)") + real + R"() <=\s+(tree is empty|\+inf|)" + real + ")");
    for (auto it = std::sregex_iterator(logtext.begin(), logtext.end(), progress); it != std::sregex_iterator(); ++it) {
        const std::string b = (*it)[2];
        r.bound = b == "tree is empty" ? r.objective : number(b);
    }
    if (r.status.find("INTEGER OPTIMAL") != std::string::npos) r.bound = r.objective;
    return r;
}

Peer run_cbc(const fs::path& lp, const fs::path& dir, double limit) {
    Peer r;
    const fs::path out = dir / "cbc.txt", log = dir / "cbc.log";
    const std::string cmd = "cbc '" + lp.string() + "' sec " + std::to_string(static_cast<int>(limit)) + " solve solu '" +
                            out.string() + "' > '" + log.string() + "' 2>&1";
    const auto start = std::chrono::steady_clock::now();
    const int rc = std::system(cmd.c_str());
    r.seconds = seconds_of(start);
    r.ran = rc == 0;
    const std::string text = slurp(out), logtext = slurp(log);
    std::smatch m;
    if (std::regex_search(text, m, std::regex(std::string(R"(^([^\n]*?) - objective value ()") + real + ")"))) {
        r.status = m[1];
        r.objective = std::fabs(number(m[2]));
    }
    // CBC minimises the negated objective: "best possible -X" is the bound on the maximum.
    if (std::regex_search(logtext, m, std::regex(std::string(R"(best possible ()") + real + ")"))) r.bound = std::fabs(number(m[1]));
    if (std::regex_search(logtext, m, std::regex(std::string(R"(Lower bound:\s+()") + real + ")"))) r.bound = std::fabs(number(m[1]));
    if (r.status.rfind("Optimal", 0) == 0) r.bound = r.objective;
    return r;
}

bool have(const char* tool) {
    const std::string cmd = std::string("command -v ") + tool + " > /dev/null 2>&1";
    return std::system(cmd.c_str()) == 0;
}

std::string num(double v, int digits = 0) {
    if (std::isnan(v)) return "-";
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

void row(const std::string& instance, const std::string& solver, double seconds, double objective, double bound,
         const std::string& status, double best_bound, double reference_seconds) {
    const double gap = (std::isnan(bound) || bound <= 0) ? NAN : 100.0 * (bound - objective) / bound;
    const double vs = std::isnan(best_bound) || best_bound <= 0 ? NAN : objective / best_bound;
    std::printf("%-3s %-20s %9s %12s %12s %7s %9s %9s  %s\n", instance.c_str(), solver.c_str(), num(seconds, 3).c_str(),
                num(objective).c_str(), num(bound).c_str(), num(gap, 2).c_str(), num(vs, 4).c_str(),
                reference_seconds > 0 ? num(seconds / reference_seconds, 1).c_str() : "-", status.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    double peer_limit = 300, roisc_limit = 30;
    bool peers = true;
    std::string only = "a,b,c,d";
    fs::path keep;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--peer-limit" && i + 1 < argc) peer_limit = std::atof(argv[++i]);
        else if (a == "--roisc-limit" && i + 1 < argc) roisc_limit = std::atof(argv[++i]);
        else if (a == "--only" && i + 1 < argc) only = argv[++i];
        else if (a == "--no-peers") peers = false;
        else if (a == "--keep" && i + 1 < argc) keep = argv[++i];
        else {
            std::fprintf(stderr, "usage: bench_rank [--peer-limit S] [--roisc-limit S] [--only a,b,c,d] [--no-peers] [--keep DIR]\n");
            return 2;
        }
    }
    const bool glpk = peers && have("glpsol"), cbc = peers && have("cbc");
    if (peers && !glpk) std::printf("glpsol not found: GLPK columns left out (Debian: apt install glpk-utils)\n");
    if (peers && !cbc) std::printf("cbc not found: CBC columns left out (Debian: apt install coinor-cbc)\n");

    const std::vector<Spec> specs = {
        {"a", 2000, 300, 10, 40, 101},
        {"b", 10000, 1000, 100, 40, 202},
        {"c", 10000, 1000, 100, 100, 303},
        {"d", 200000, 20000, 500, 100, 404},
    };
    const fs::path work = keep.empty() ? fs::temp_directory_path() / ("roisc-bench-rank-" + std::to_string(::getpid())) : keep;
    fs::create_directories(work);
    std::printf("roisc limit %.0f s, peer limit %.0f s; single thread each. gap = (bound - objective) / bound; "
                "vs_best = objective / best proven bound of the row's instance; time_x = time / roisc exact time\n\n",
                roisc_limit, peer_limit);
    std::printf("%-3s %-20s %9s %12s %12s %7s %9s %9s  %s\n", "", "solver", "seconds", "objective", "bound", "gap%",
                "vs_best", "time_x", "status");
    for (const Spec& spec : specs) {
        if (only.find(spec.name) == std::string::npos) continue;
        const CoveringProblem problem = generate(spec);
        std::size_t pairs = 0;
        for (const auto& r : problem.reach) pairs += r.size();
        std::printf("\n%s: %d points x %d candidates, p = %d, %.1f points per candidate (%zu pairs)\n", spec.name.c_str(),
                    spec.points, spec.candidates, spec.new_sites, static_cast<double>(pairs) / spec.candidates, pairs);
        std::fflush(stdout);

        const bool big = spec.name == "d";
        CoveringSolution exact;
        if (!big) exact = roisc::solve_exact(problem, roisc_limit);
        const CoveringSolution greedy = roisc::solve_greedy(problem);
        Peer g, c;
        const fs::path dir = work / spec.name;
        fs::create_directories(dir);
        if (glpk || cbc) {
            const fs::path lp = dir / "instance.lp";
            std::ofstream out(lp);
            roisc::write_lp(out, problem, "bench_rank instance " + spec.name);
            out.close();
            if (glpk) g = run_glpsol(lp, dir, peer_limit);
            if (cbc) c = run_cbc(lp, dir, peer_limit);
        }
        double best_bound = big ? greedy.bound : exact.bound;
        for (const Peer* peer : {&g, &c}) {
            if (!std::isnan(peer->bound)) best_bound = std::min(best_bound, peer->bound);
        }
        const double ref = big ? greedy.seconds : exact.seconds;
        if (!big) {
            row(spec.name, "roisc exact", exact.seconds, exact.objective, exact.bound,
                exact.optimal ? "optimal (" + std::to_string(exact.nodes) + " nodes)" : "time limit (" + std::to_string(exact.nodes) + " nodes)",
                best_bound, ref);
        }
        row(spec.name, "roisc greedy", greedy.seconds, greedy.objective, greedy.bound,
            "lazy greedy, data bound" + std::string(greedy.guarantee > 0 ? ", guarantee " + num(100 * greedy.guarantee, 1) + "%" : ""),
            best_bound, ref);
        if (glpk) row(spec.name, "glpsol", g.seconds, g.objective, g.bound, g.status, best_bound, ref);
        if (cbc) row(spec.name, "cbc", c.seconds, c.objective, c.bound, c.status, best_bound, ref);
        std::fflush(stdout);
    }
    if (keep.empty()) fs::remove_all(work);
    return 0;
}
