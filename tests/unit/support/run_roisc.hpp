#pragma once
// The real command line, run in-process as main() runs it: an error becomes its exit code and a
// message on stderr ("roisc: …"), so tests see what a user sees.
#include "roisc/cli/command.hpp"
#include "roisc/core/error.hpp"

#include <sstream>
#include <string>
#include <vector>

namespace roisc::test {

struct RoiscRun {
    int code = 0;
    std::string out, err;
    // Whether stdout or stderr holds `text`.
    bool out_has(const std::string& text) const { return out.find(text) != std::string::npos; }
    bool err_has(const std::string& text) const { return err.find(text) != std::string::npos; }
};

// `roisc ARGS…`, exactly as typed.
inline RoiscRun run_roisc(const std::vector<std::string>& args) {
    std::vector<const char*> argv{"roisc"};
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

// `roisc --manifest MANIFEST -q ARGS…`
inline RoiscRun run_roisc(const std::string& manifest, const std::vector<std::string>& args) {
    std::vector<std::string> all{"--manifest", manifest, "-q"};
    all.insert(all.end(), args.begin(), args.end());
    return run_roisc(all);
}

// The embedded Sandwell default's manifest, for tests that name it.
inline const std::string& sandwell_manifest() {
    static const std::string path = std::string(ROISC_SOURCE_DIR) + "/layers/sandwell/manifest.toml";
    return path;
}

}  // namespace roisc::test
