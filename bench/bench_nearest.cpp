// The nearest-meeting pass at national scale (issue 5): 1,700,000 demand points and 20,000 meetings
// over England's extent in EPSG:27700, clustered like towns. Times the pass through roisc's engine
// (MeetingIndex::nearest_all on N threads) with its peak memory, a bare Boost.Geometry R-tree pass
// as a peer, and PostGIS's KNN (`<->` with a GiST index, CROSS JOIN LATERAL ... LIMIT 1) on a
// throwaway server it starts and stops itself; checks that all three give the same answers
// (comparing distances, so that equidistant meetings do not count as disagreements) and prints
// the ratios.
//
//   bench_nearest [--demand N] [--meetings M] [--threads T] [--seed S] [--runs R] [--no-postgis]
//                 [--pg-split]
#include "roisc/engine/access.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>

#include "throwaway_server.hpp"
#include <thread>
#include <vector>


namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace {

using roisc::bench::load_average;
using roisc::bench::quote;
using roisc::bench::run_command;
using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

double peak_rss_mb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

double cpu_seconds() {  // user + system time of every thread of the process
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

struct Timing {
    double wall = 0, cpu = 0;
};

// The run with the median wall time.
Timing median(std::vector<Timing> v) {
    std::sort(v.begin(), v.end(), [](const Timing& a, const Timing& b) { return a.wall < b.wall; });
    return v[v.size() / 2];
}

class Stopwatch {
public:
    double wall() const { return seconds_since(t0_); }
    Timing stop() const { return {wall(), cpu_seconds() - cpu0_}; }

private:
    Clock::time_point t0_ = Clock::now();
    double cpu0_ = cpu_seconds();
};

struct Options {
    std::size_t demand = 1'700'000;
    std::size_t meetings = 20'000;
    unsigned threads = 2;
    unsigned long long seed = 20261123;
    int runs = 3;
    bool postgis = true;
    bool pg_split = false;  // also time the KNN pass split over two sessions (one per core)
};

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
            return argv[++i];
        };
        if (a == "--demand") o.demand = std::stoull(value());
        else if (a == "--meetings") o.meetings = std::stoull(value());
        else if (a == "--threads") o.threads = static_cast<unsigned>(std::stoul(value()));
        else if (a == "--seed") o.seed = std::stoull(value());
        else if (a == "--runs") o.runs = std::max(1, std::stoi(value()));
        else if (a == "--no-postgis") o.postgis = false;
        else if (a == "--pg-split") o.pg_split = true;
        else if (a == "-h" || a == "--help") {
            std::cout << "bench_nearest [--demand N (1700000)] [--meetings M (20000)] [--threads T (2)] [--seed S]\n"
                         "              [--runs R (3)] [--no-postgis] [--pg-split]\n"
                         "--pg-split also times the PostGIS pass split over two concurrent sessions (odd and even demand\n"
                         "ids), since PostgreSQL's plan for the query is serial: one core.\n";
            std::exit(0);
        } else {
            throw std::runtime_error("unknown argument '" + a + "' (see --help)");
        }
    }
    if (o.demand == 0 || o.meetings == 0) throw std::runtime_error("--demand and --meetings must be positive");
    return o;
}

// England's extent in British National Grid.
constexpr double kMinX = 85'000, kMaxX = 655'000, kMinY = 10'000, kMaxY = 660'000;

// Towns: centres spread over the extent, sizes heavy-tailed (a few cities, many small towns).
struct Town {
    double x, y, sigma;
};

struct Case {
    std::vector<roisc::Point> demand;
    std::vector<roisc::Meeting> meetings;
};

Case generate(const Options& o) {
    std::mt19937_64 rng(o.seed);
    std::uniform_real_distribution<double> ux(kMinX, kMaxX), uy(kMinY, kMaxY), u01(0.0, 1.0);
    std::normal_distribution<double> gauss(0.0, 1.0);

    const std::size_t n_towns = 2'000;
    std::vector<Town> towns(n_towns);
    std::vector<double> weight(n_towns);
    for (std::size_t t = 0; t < n_towns; ++t) {
        // Pareto(alpha 1.1) population weights, capped so that one draw cannot be a whole country.
        const double w = std::min(2'000.0, std::pow(1.0 - u01(rng), -1.0 / 1.1));
        weight[t] = w;
        towns[t] = {ux(rng), uy(rng), std::min(25'000.0, 1'500.0 * std::sqrt(w))};
    }
    std::discrete_distribution<std::size_t> pick(weight.begin(), weight.end());

    // A point near a town (rural: anywhere), rounded to whole metres like grid references.
    auto draw = [&](double rural_share) {
        for (;;) {
            double x, y;
            if (u01(rng) < rural_share) {
                x = ux(rng), y = uy(rng);
            } else {
                const Town& t = towns[pick(rng)];
                x = t.x + t.sigma * gauss(rng);
                y = t.y + t.sigma * gauss(rng);
            }
            x = std::round(x), y = std::round(y);
            if (x >= kMinX && x <= kMaxX && y >= kMinY && y <= kMaxY) return roisc::Point{x, y};
        }
    };

    Case c;
    c.demand.reserve(o.demand);
    for (std::size_t i = 0; i < o.demand; ++i) c.demand.push_back(draw(0.10));
    c.meetings.resize(o.meetings);
    for (std::size_t i = 0; i < o.meetings; ++i) {
        auto& m = c.meetings[i];
        m.id = std::to_string(i + 1);
        const double f = u01(rng);
        m.fellowship = f < 0.60 ? roisc::Fellowship::AA : f < 0.85 ? roisc::Fellowship::NA : roisc::Fellowship::CA;
        m.attendance = roisc::Attendance::in_person;
        m.at = draw(0.15);
    }
    return c;
}

using BPoint = bg::model::point<double, 2, bg::cs::cartesian>;
using BEntry = std::pair<BPoint, std::uint32_t>;

struct BareHit {
    std::uint32_t meeting;
    double distance;
};

// The peer: a bare, packed Boost.Geometry R-tree over the given meetings (nodes of `Node`
// entries), queried with k = 1 over contiguous chunks on `threads` threads.
template <std::size_t Node>
std::vector<BareHit> bare_pass(const std::vector<roisc::Point>& demand, const std::vector<roisc::Meeting>& meetings,
                               const std::string& fellowship, unsigned threads) {
    std::vector<BEntry> entries;
    for (std::size_t i = 0; i < meetings.size(); ++i) {
        if (fellowship.empty() || roisc::to_string(meetings[i].fellowship) == fellowship)
            entries.emplace_back(BPoint(meetings[i].at->x, meetings[i].at->y), static_cast<std::uint32_t>(i));
    }
    const bgi::rtree<BEntry, bgi::rstar<Node>> tree(entries.begin(), entries.end());
    std::vector<BareHit> out(demand.size());
    auto run = [&](std::size_t b, std::size_t e) {
        BEntry found[1];
        for (std::size_t i = b; i < e; ++i) {
            const BPoint p(demand[i].x, demand[i].y);
            tree.query(bgi::nearest(p, 1), found);
            out[i] = {found[0].second, bg::distance(p, found[0].first)};
        }
    };
    std::vector<std::thread> workers;
    const std::size_t n = demand.size();
    for (unsigned t = 1; t < threads; ++t) workers.emplace_back(run, n * t / threads, n * (t + 1) / threads);
    run(0, n / threads);
    for (auto& w : workers) w.join();
    return out;
}

double meeting_distance(const roisc::Point& p, const roisc::Meeting& m) {
    return bg::distance(BPoint(p.x, p.y), BPoint(m.at->x, m.at->y));
}

// Same answers: the same meeting, or another one at exactly the same distance (a tie).
struct Agreement {
    std::size_t same = 0, ties = 0, differ = 0, first_differ = 0;
    void add(std::size_t i, std::size_t a, std::size_t b, double da, double db) {
        if (a == b) ++same;
        else if (da == db) ++ties;
        else if (differ++ == 0) first_differ = i;
    }
    std::string text(std::size_t n) const {
        std::ostringstream s;
        s << same << " of " << n << " the same meeting, " << ties << " a different meeting at the same distance, "
          << differ << " disagree";
        if (differ) s << " (first: demand point " << first_differ + 1 << ")";
        return s.str();
    }
};

int run(const Options& o) {
    std::cout << "bench_nearest: " << o.demand << " demand points, " << o.meetings << " meetings, " << o.threads
              << " thread(s), seed " << o.seed << " (" << std::thread::hardware_concurrency()
              << " hardware threads; load average " << load_average() << ")\n";

    auto t0 = Clock::now();
    const Case c = generate(o);
    std::printf("generated the case in %.2f s (2,000 towns, heavy-tailed sizes; 10%% of demand and 15%% of meetings rural)\n",
                seconds_since(t0));
    const double rss_before = peak_rss_mb();
    std::printf("peak RSS after generating: %.0f MB\n\n", rss_before);

    // --- roisc's engine (MeetingIndex, then the batch pass over every demand point) and its peers,
    // bare Boost.Geometry R-trees with MeetingIndex's nodes of 16 and nearest_all's of 8. The runs
    // take turns, so that a busy machine slows each of them alike; CPU time is shown beside the wall
    // time because it hardly depends on what else the machine is doing.
    const roisc::MeetingFilter any;
    std::vector<Timing> engine_t, bare16_t, bare8_t;
    std::vector<double> index_times;
    std::vector<std::optional<roisc::MeetingIndex::Hit>> hits;
    std::vector<BareHit> bare16, bare8;
    double rss_after = 0;
    for (int r = 0; r < o.runs; ++r) {
        hits.clear();
        hits.shrink_to_fit();
        Stopwatch sw;
        const roisc::MeetingIndex index(c.meetings);
        index_times.push_back(sw.wall());
        hits = index.nearest_all(c.demand, any, o.threads);
        engine_t.push_back(sw.stop());
        if (r == 0) rss_after = peak_rss_mb();

        bare16.clear();
        bare16.shrink_to_fit();
        sw = Stopwatch();
        bare16 = bare_pass<16>(c.demand, c.meetings, "", o.threads);
        bare16_t.push_back(sw.stop());

        bare8.clear();
        bare8.shrink_to_fit();
        sw = Stopwatch();
        bare8 = bare_pass<8>(c.demand, c.meetings, "", o.threads);
        bare8_t.push_back(sw.stop());
    }
    const Timing engine_m = median(engine_t), bare16_m = median(bare16_t), bare8_m = median(bare8_t);
    const double engine = engine_m.wall, bare16_time = bare16_m.wall, bare8_time = bare8_m.wall;
    std::printf("roisc engine (MeetingIndex + nearest_all, %u threads): median %.3f s wall, %.3f s CPU, of %d runs (",
                o.threads, engine, engine_m.cpu, o.runs);
    for (std::size_t r = 0; r < engine_t.size(); ++r) std::printf("%s%.3f", r ? ", " : "", engine_t[r].wall);
    std::printf("; MeetingIndex build %.3f s), %.2f M points/s\n", median(index_times),
                static_cast<double>(o.demand) / engine / 1e6);
    std::printf("peak RSS after the engine pass: %.0f MB (+%.0f MB over the generated case: the results, %.0f MB, and the "
                "indexes)\n",
                rss_after, rss_after - rss_before, static_cast<double>(hits.size() * sizeof(hits[0])) / (1024.0 * 1024.0));

    Agreement engine_vs_bare;
    auto compare = [&](const std::vector<BareHit>& bare, const Timing& t, const char* name) {
        Agreement a;
        for (std::size_t i = 0; i < o.demand; ++i) {
            if (!hits[i]) {
                ++a.differ;
                continue;
            }
            a.add(i, hits[i]->meeting, bare[i].meeting, hits[i]->distance, bare[i].distance);
        }
        std::printf("bare Boost.Geometry R-tree, %s (%u threads): median %.3f s wall, %.3f s CPU; engine / bare = %.2f\n",
                    name, o.threads, t.wall, t.cpu, engine / t.wall);
        std::printf("  engine vs bare R-tree: %s\n", a.text(o.demand).c_str());
        engine_vs_bare.differ += a.differ;
    };
    compare(bare16, bare16_m, "rstar<16>");
    compare(bare8, bare8_m, "rstar<8>");

    // --- a filtered pass (NA only, about a quarter of the meetings), against a bare tree of NA meetings.
    roisc::MeetingFilter na;
    na.fellowships = roisc::FellowshipSet({roisc::Fellowship::NA});
    {
        const roisc::MeetingIndex index(c.meetings);
        t0 = Clock::now();
        const auto na_hits = index.nearest_all(c.demand, na, o.threads);
        const double na_time = seconds_since(t0);
        t0 = Clock::now();
        const auto na_bare = bare_pass<8>(c.demand, c.meetings, "NA", o.threads);
        const double na_bare_time = seconds_since(t0);
        Agreement a;
        for (std::size_t i = 0; i < o.demand; ++i) {
            if (!na_hits[i]) {
                ++a.differ;
                continue;
            }
            a.add(i, na_hits[i]->meeting, na_bare[i].meeting, na_hits[i]->distance, na_bare[i].distance);
        }
        std::printf("filtered (NA only): engine %.3f s, bare rstar<8> R-tree over NA meetings %.3f s\n  engine vs bare: %s\n",
                    na_time, na_bare_time, a.text(o.demand).c_str());
        if (a.differ) engine_vs_bare.differ += a.differ;

        // The one-at-a-time query the commands used before (incremental nearest && satisfies), on a sample.
        const std::size_t sample = std::min<std::size_t>(o.demand, 20'000);
        t0 = Clock::now();
        std::size_t agree = 0;
        for (std::size_t i = 0; i < sample; ++i) {
            const auto h = index.nearest(c.demand[i], na);
            agree += h && h->distance == na_hits[i]->distance;
        }
        const double one = seconds_since(t0);
        std::printf("  MeetingIndex::nearest (one query at a time, 1 thread): %.2f us per point over %zu points, "
                    "%zu agree (%.1f s for all %zu points on one thread)\n",
                    one / static_cast<double>(sample) * 1e6, sample, agree,
                    one / static_cast<double>(sample) * static_cast<double>(o.demand), o.demand);
    }

    int status = engine_vs_bare.differ ? 1 : 0;
    double pg_time = 0, pg_split_time = 0;
    if (!o.postgis) {
        std::printf("\nPostGIS skipped (--no-postgis)\n");
    } else {

        // --- PostGIS on a throwaway server.
        std::printf("\nPostGIS\n");
        std::fflush(stdout);
        char tmpl[] = "/tmp/roisc-bench-nearest.XXXXXX";
        if (!mkdtemp(tmpl)) throw std::runtime_error("cannot make a temporary folder");
        const std::string work = tmpl;
        chmod(work.c_str(), 0755);  // the server runs as postgres and keeps its socket below
        struct Cleanup {
            std::string dir;
            ~Cleanup() { run_command("rm -rf " + quote(dir)); }
        } cleanup{work};

        t0 = Clock::now();
        const roisc::bench::ThrowawayServer server(work + "/pg");
        if (!server.started()) throw std::runtime_error("the PostGIS server did not start (see above)");
        std::printf("server started in %.1f s (%s)\n", seconds_since(t0), server.conn().c_str());

        t0 = Clock::now();
        {
            std::FILE* f = std::fopen((work + "/demand.csv").c_str(), "w");
            for (std::size_t i = 0; i < o.demand; ++i)
                std::fprintf(f, "%zu,SRID=27700;POINT(%.0f %.0f)\n", i + 1, c.demand[i].x, c.demand[i].y);
            std::fclose(f);
            f = std::fopen((work + "/meetings.csv").c_str(), "w");
            for (std::size_t i = 0; i < o.meetings; ++i)
                std::fprintf(f, "%zu,SRID=27700;POINT(%.0f %.0f)\n", i + 1, c.meetings[i].at->x, c.meetings[i].at->y);
            std::fclose(f);
        }
        server.psql("CREATE TABLE demand (id integer PRIMARY KEY, geom geometry(Point, 27700) NOT NULL);"
                    "CREATE TABLE meetings (id integer PRIMARY KEY, geom geometry(Point, 27700) NOT NULL)");
        server.psql("\\copy demand (id, geom) FROM '" + work + "/demand.csv' WITH (FORMAT csv)");
        server.psql("\\copy meetings (id, geom) FROM '" + work + "/meetings.csv' WITH (FORMAT csv)");
        const double load = seconds_since(t0);
        t0 = Clock::now();
        server.psql("CREATE INDEX demand_geom ON demand USING gist (geom);"
                    "CREATE INDEX meetings_geom ON meetings USING gist (geom);"
                    "ANALYZE demand; ANALYZE meetings");
        std::printf("loaded with COPY in %.1f s; GiST indexes and ANALYZE in %.1f s\n", load, seconds_since(t0));

        const std::string knn = "SELECT d.id, m.id FROM demand d CROSS JOIN LATERAL "
                                "(SELECT id FROM meetings ORDER BY geom <-> d.geom LIMIT 1) m";
        std::printf("plan:\n");
        std::fflush(stdout);
        server.psql("EXPLAIN (COSTS OFF) " + knn, "| sed 's/^/    /'");
        std::printf("query: %s\n", knn.c_str());
        std::fflush(stdout);
        t0 = Clock::now();
        server.psql("\\copy (" + knn + ") TO '" + work + "/knn.csv' WITH (FORMAT csv)");
        pg_time = seconds_since(t0);

        std::vector<std::size_t> pg(o.demand, 0);
        std::size_t rows = 0;
        {
            std::FILE* f = std::fopen((work + "/knn.csv").c_str(), "r");
            if (!f) throw std::runtime_error("PostGIS wrote no results");
            unsigned long d = 0, m = 0;
            while (std::fscanf(f, "%lu,%lu", &d, &m) == 2) {
                if (d >= 1 && d <= o.demand && m >= 1 && m <= o.meetings) pg[d - 1] = m, ++rows;
            }
            std::fclose(f);
        }
        Agreement engine_vs_pg;
        for (std::size_t i = 0; i < o.demand; ++i) {
            if (!pg[i] || !hits[i]) {
                if (engine_vs_pg.differ++ == 0) engine_vs_pg.first_differ = i;
                continue;
            }
            const std::size_t m = pg[i] - 1;
            engine_vs_pg.add(i, hits[i]->meeting, m, hits[i]->distance, meeting_distance(c.demand[i], c.meetings[m]));
        }
        std::printf("PostGIS KNN pass: %.1f s (%zu rows, to a CSV file through psql \\copy)\n", pg_time, rows);
        std::printf("  engine vs PostGIS: %s\n", engine_vs_pg.text(o.demand).c_str());
        if (engine_vs_pg.differ) status = 1;

        if (o.pg_split) {
            // The same query over the odd and the even demand ids, in two sessions at once.
            std::string both = "(";
            for (int k = 0; k < 2; ++k) {
                const std::string part = "SELECT d.id, m.id FROM demand d CROSS JOIN LATERAL "
                                         "(SELECT id FROM meetings ORDER BY geom <-> d.geom LIMIT 1) m WHERE d.id % 2 = " +
                                         std::to_string(k);
                both += server.command("\\copy (" + part + ") TO '" + work + "/knn_" + std::to_string(k) + ".csv' WITH (FORMAT csv)") +
                        " & ";
            }
            both += "wait)";
            std::printf("split over two sessions (WHERE d.id %% 2 = 0, and = 1), run at once\n");
            std::fflush(stdout);
            t0 = Clock::now();
            if (run_command(both) != 0) throw std::runtime_error("psql failed (split pass)");
            pg_split_time = seconds_since(t0);
            std::vector<std::size_t> pgs(o.demand, 0);
            for (int k = 0; k < 2; ++k) {
                std::FILE* f = std::fopen((work + "/knn_" + std::to_string(k) + ".csv").c_str(), "r");
                if (!f) throw std::runtime_error("PostGIS wrote no results (split pass)");
                unsigned long d = 0, m = 0;
                while (std::fscanf(f, "%lu,%lu", &d, &m) == 2) {
                    if (d >= 1 && d <= o.demand && m >= 1 && m <= o.meetings) pgs[d - 1] = m;
                }
                std::fclose(f);
            }
            Agreement a;
            for (std::size_t i = 0; i < o.demand; ++i) {
                if (!pgs[i] || !hits[i]) {
                    if (a.differ++ == 0) a.first_differ = i;
                    continue;
                }
                a.add(i, hits[i]->meeting, pgs[i] - 1, hits[i]->distance, meeting_distance(c.demand[i], c.meetings[pgs[i] - 1]));
            }
            std::printf("PostGIS KNN pass, two sessions: %.1f s\n  engine vs PostGIS: %s\n", pg_split_time, a.text(o.demand).c_str());
            if (a.differ) status = 1;
        }
    }

    std::printf("\nsummary (%zu demand points, %zu meetings, %u threads)\n", o.demand, o.meetings, o.threads);
    std::printf("  roisc engine        %8.3f s   peak RSS %.0f MB\n", engine, rss_after);
    std::printf("  bare R-tree <16>    %8.3f s   engine / bare = %.2f\n", bare16_time, engine / bare16_time);
    std::printf("  bare R-tree <8>     %8.3f s   engine / bare = %.2f\n", bare8_time, engine / bare8_time);
    if (o.postgis) std::printf("  PostGIS KNN         %8.3f s   PostGIS / engine = %.0fx\n", pg_time, pg_time / engine);
    if (o.pg_split)
        std::printf("  PostGIS, 2 sessions %8.3f s   PostGIS / engine = %.0fx\n", pg_split_time, pg_split_time / engine);
    std::printf("  answers: %s\n", status == 0 ? "the same (ties aside)" : "DIFFER");
    std::printf("  load average at the end: %s\n", load_average().c_str());
    return status;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(parse(argc, argv));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_nearest: %s\n", e.what());
        return 2;
    }
}
