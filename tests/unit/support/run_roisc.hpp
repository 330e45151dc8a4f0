#pragma once
// The real command line, run in-process as main() runs it: an error becomes its exit code and a
// message on stderr.
#include "roisc/cli/command.hpp"
#include "roisc/core/error.hpp"

#include <sstream>
#include <string>
#include <vector>

namespace roisc::test {

struct RoiscRun {
    int code = 0;
    std::string out, err;
};

// `roisc --manifest MANIFEST -q ARGS…`
inline RoiscRun run_roisc(const std::string& manifest, const std::vector<std::string>& args) {
    std::vector<const char*> argv{"roisc", "--manifest", manifest.c_str(), "-q"};
    for (const auto& a : args) argv.push_back(a.c_str());
    std::ostringstream out, err;
    RoiscRun r;
    try {
        r.code = cli::run_cli(static_cast<int>(argv.size()), argv.data(), out, err);
    } catch (const Error& e) {
        err << "roisc: " << e.what() << "\n";
        r.code = static_cast<int>(e.exit_code());
    }
    r.out = out.str();
    r.err = err.str();
    return r;
}

}  // namespace roisc::test
