#pragma once
// What the benchmarks that compare with a database share: shell helpers, the load average, and a
// throwaway PostgreSQL 15 server (bench/postgis_server.sh) that is stopped and removed when the
// object goes out of scope, whatever happens in between.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <sys/wait.h>

#ifndef ROISC_BENCH_DIR
#define ROISC_BENCH_DIR "bench"
#endif

namespace roisc::bench {

// Runs a shell command (stdout flushed first, so the outputs keep their order); its exit status.
inline int run_command(const std::string& command) {
    std::fflush(stdout);
    const int rc = std::system(command.c_str());
    return rc == -1 ? -1 : WEXITSTATUS(rc);
}

// `s` quoted for the shell.
inline std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// "2.31 2.05 1.87", to print beside the figures: these machines are shared.
inline std::string load_average() {
    std::ifstream in("/proc/loadavg");
    std::string a, b, c;
    if (!(in >> a >> b >> c)) return "unknown";
    return a + " " + b + " " + c;
}

class ThrowawayServer {
public:
    // Starts a server in `dir` with PostGIS and the `extensions` named (e.g. "pgrouting").
    // started() says whether it came up; the script prints why not.
    explicit ThrowawayServer(const std::string& dir, const std::vector<std::string>& extensions = {}) : dir_(dir) {
        const std::string out = dir_ + ".conn";
        std::string extra;
        for (const auto& e : extensions) extra += " " + quote(e);
        const int rc = run_command("bash " + quote(script()) + " start " + quote(dir_) + extra + " > " + quote(out));
        std::ifstream in(out);
        std::getline(in, conn_);
        std::remove(out.c_str());
        started_ = rc == 0 && !conn_.empty();
        if (!started_) {
            run_command("bash " + quote(script()) + " stop " + quote(dir_));
            return;
        }
        std::istringstream words(conn_);
        for (std::string w; words >> w;) {
            if (w.rfind("host=", 0) == 0) host_ = w.substr(5);
            if (w.rfind("port=", 0) == 0) port_ = w.substr(5);
        }
    }
    ~ThrowawayServer() {
        if (started_) run_command("bash " + quote(script()) + " stop " + quote(dir_));
    }
    ThrowawayServer(const ThrowawayServer&) = delete;
    ThrowawayServer& operator=(const ThrowawayServer&) = delete;

    bool started() const { return started_; }
    const std::string& conn() const { return conn_; }
    // Runs SQL (or psql meta-commands) through psql; throws when psql fails.
    void psql(const std::string& sql, const std::string& redirect = "") const {
        if (run_command(command(sql) + (redirect.empty() ? "" : " " + redirect)) != 0)
            throw std::runtime_error("psql failed: " + sql.substr(0, 200));
    }
    // The shell command that runs SQL through psql.
    std::string command(const std::string& sql) const {
        return "psql -X -q -v ON_ERROR_STOP=1 -h " + quote(host_) + " -p " + port_ + " -U postgres -d bench -c " + quote(sql);
    }
    // Seconds the query took by psql's \timing (its round trip, without starting psql).
    double timed(const std::string& sql, const std::string& scratch) const {
        if (run_command(command("\\timing on") + " -c " + quote(sql) + " > " + quote(scratch)) != 0)
            throw std::runtime_error("psql failed: " + sql.substr(0, 200));
        std::ifstream in(scratch);
        for (std::string line; std::getline(in, line);) {
            if (line.rfind("Time: ", 0) == 0) return std::atof(line.c_str() + 6) / 1000;
        }
        throw std::runtime_error("psql printed no timing for: " + sql.substr(0, 200));
    }

private:
    static std::string script() { return std::string(ROISC_BENCH_DIR) + "/postgis_server.sh"; }
    std::string dir_, conn_, host_, port_;
    bool started_ = false;
};

}  // namespace roisc::bench
