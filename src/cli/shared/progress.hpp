#pragma once
// Progress of a command's long phases on stderr: reading, computing, writing. On a terminal a
// phase that has run for about a second is announced on a line that counts the seconds in place
// and ends with the phase's time. Elsewhere (a log file, a pipe) a phase is announced in plain
// lines, when it has run for ten seconds and when it ends: a small run's log then stays the same
// from run to run however loaded the machine (scripts/compare_queries.sh compares stderr byte for
// byte; the Sandwell maps take about a second to draw). Nothing with -q. With --debug every phase ends with a line giving its
// wall time, CPU time and the peak memory of the process so far.
#include "roisc/cli/command.hpp"

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

namespace roisc::cli {

class Progress {
public:
    // `live`: stderr is a terminal, so the line may be redrawn. `ticking`: a thread may write to
    // `err` while the command runs (only for the process's own stderr, never a test's stream).
    Progress(std::ostream& err, bool quiet, bool debug, bool live, bool ticking, std::chrono::milliseconds announce_after);
    // For a command: stderr decides live and ticking.
    static Progress of(const Context& context);
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;
    Progress(Progress&&) = default;

    class Phase {
    public:
        ~Phase();
        Phase(Phase&&) noexcept;
        Phase(const Phase&) = delete;
        Phase& operator=(const Phase&) = delete;
        Phase& operator=(Phase&&) = delete;
        void done();  // ends the phase now (the destructor does it otherwise)

    private:
        friend class Progress;
        struct State;
        explicit Phase(std::unique_ptr<State> state);
        std::unique_ptr<State> state_;
    };

    // Starts a phase ("reading the study"); it ends when the returned object does.
    [[nodiscard]] Phase phase(const std::string& what);

    // After this long a phase is announced: on a terminal, elsewhere.
    static constexpr std::chrono::milliseconds on_terminal{1000}, in_logs{10000};

private:
    std::ostream* err_;
    bool quiet_, debug_, live_, ticking_;
    std::chrono::milliseconds announce_after_;
};

}  // namespace roisc::cli
