#include "shared/progress.hpp"

#include <doctest/doctest.h>

#include <sstream>
#include <thread>

using roisc::cli::Progress;

namespace {
const std::chrono::milliseconds wait{300};  // the announcing threshold, short for the test
}

TEST_CASE("progress: long phases are reported, short ones are not, nothing with -q, timings with --debug") {
    {
        std::ostringstream err;
        Progress progress(err, false, false, false, false, wait);
        { auto quick = progress.phase("reading the study"); }
        CHECK(err.str().empty());
        {
            auto slow = progress.phase("writing the results");
            std::this_thread::sleep_for(wait + std::chrono::milliseconds(100));
        }
        CHECK(err.str().rfind("writing the results: done in ", 0) == 0);
        CHECK(err.str().find('\r') == std::string::npos);  // plain lines off a terminal
    }
    {
        std::ostringstream err;
        Progress progress(err, true, false, false, false, wait);
        auto slow = progress.phase("computing the gaps");
        std::this_thread::sleep_for(wait + std::chrono::milliseconds(100));
        slow.done();
        CHECK(err.str().empty());
    }
    {
        std::ostringstream err;
        Progress progress(err, true, true, false, false, wait);
        progress.phase("reading the study").done();
        CHECK(err.str().rfind("debug: reading the study: ", 0) == 0);
        CHECK(err.str().find(" s wall, ") != std::string::npos);
        CHECK(err.str().find("peak memory ") != std::string::npos);
    }
    {
        // With the ticking thread: announced while running, then done.
        std::ostringstream err;
        Progress progress(err, false, false, false, true, wait);
        {
            auto slow = progress.phase("computing the gaps");
            std::this_thread::sleep_for(wait * 2);
        }
        CHECK(err.str().rfind("computing the gaps…\ncomputing the gaps: done in ", 0) == 0);
    }
    {
        // A phase ended by an error says nothing of being done.
        std::ostringstream err;
        Progress progress(err, false, false, false, false, wait);
        try {
            auto failing = progress.phase("reading the study");
            std::this_thread::sleep_for(wait + std::chrono::milliseconds(100));
            throw std::runtime_error("bad data");
        } catch (const std::runtime_error&) {
        }
        CHECK(err.str().empty());
    }
}
