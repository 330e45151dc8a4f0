#include "progress.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <system_error>
#include <iostream>

namespace roisc::cli {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

struct Usage {
    double cpu_s = 0;
    double peak_mb = 0;
};

Usage usage_now() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    Usage out;
    out.cpu_s = static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
    out.peak_mb = static_cast<double>(u.ru_maxrss) * 1024.0 / 1e6;  // Linux gives kilobytes
    return out;
}

std::string fixed(double v, int digits) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

}  // namespace

struct Progress::Phase::State {
    std::ostream* err = nullptr;
    bool quiet = false, debug = false, live = false;
    std::chrono::milliseconds announce_after{1000};
    std::string what;
    Clock::time_point start = Clock::now();
    Usage at_start = usage_now();
    std::mutex mutex;
    std::condition_variable wake;
    bool finished = false;
    bool announced = false;
    std::thread ticker;

    void announce(double elapsed) {  // with the mutex held
        if (live) {
            *err << "\r" << what << "… " << fixed(elapsed, 0) << " s\033[K" << std::flush;
        } else if (!announced) {
            *err << what << "…\n" << std::flush;
        }
        announced = true;
    }

    void tick() {
        std::unique_lock<std::mutex> lock(mutex);
        auto next = start + announce_after;
        while (!finished) {
            if (wake.wait_until(lock, next, [&] { return finished; })) break;
            announce(seconds_since(start));
            next += std::chrono::seconds(1);
        }
    }

    // `stopped`: the phase ends by an error, so it says nothing of being done.
    void finish(bool stopped) {
        {
            std::lock_guard<std::mutex> lock(mutex);
            if (finished) return;
            finished = true;
        }
        wake.notify_all();
        if (ticker.joinable()) ticker.join();
        const double elapsed = seconds_since(start);
        if (stopped) {
            if (live && announced) *err << "\n";  // the error message starts on a line of its own
            err->flush();
            return;
        }
        if (!quiet && (announced || elapsed * 1000.0 >= static_cast<double>(announce_after.count()))) {
            if (live) *err << "\r" << what << ": " << fixed(elapsed, 1) << " s\033[K\n";
            else *err << what << ": done in " << fixed(elapsed, 1) << " s\n";
        }
        if (debug) {
            const Usage now = usage_now();
            *err << "debug: " << what << ": " << fixed(elapsed, 2) << " s wall, " << fixed(now.cpu_s - at_start.cpu_s, 2)
                 << " s CPU, peak memory " << fixed(now.peak_mb, 0) << " MB\n";
        }
        err->flush();
    }
};

Progress::Progress(std::ostream& err, bool quiet, bool debug, bool live, bool ticking,
                   std::chrono::milliseconds announce_after)
    : err_(&err), quiet_(quiet), debug_(debug), live_(live), ticking_(ticking), announce_after_(announce_after) {}

Progress Progress::of(const Context& context) {
    const bool own_stderr = &context.err == &std::cerr;
    const bool terminal = own_stderr && ::isatty(STDERR_FILENO) == 1;
    return Progress(context.err, context.global.quiet, context.global.debug, terminal, own_stderr,
                    terminal ? on_terminal : in_logs);
}

Progress::Phase Progress::phase(const std::string& what) {
    auto s = std::make_unique<Phase::State>();
    s->err = err_;
    s->quiet = quiet_;
    s->debug = debug_;
    s->live = live_;
    s->what = what;
    s->announce_after = announce_after_;
    if (ticking_ && !quiet_) {
        try {
            s->ticker = std::thread([state = s.get()] { state->tick(); });
        } catch (const std::system_error&) {
            // No thread to be had: the phase is still reported when it ends.
        }
    }
    return Phase(std::move(s));
}

Progress::Phase::Phase(std::unique_ptr<State> state) : state_(std::move(state)) {}
Progress::Phase::Phase(Phase&&) noexcept = default;

void Progress::Phase::done() {
    if (state_) state_->finish(false);
}

Progress::Phase::~Phase() {
    try {
        if (state_) state_->finish(std::uncaught_exceptions() > 0);
    } catch (...) {
        // Reporting progress never turns into a failure of the command.
    }
}

}  // namespace roisc::cli
