// The roisc binary: runs the command line and turns errors into exit codes
// (0 success, 1 runtime failure, 2 bad arguments, 3 bad input data).
#include "roisc/cli/command.hpp"
#include "roisc/core/error.hpp"
#include "roisc/io/output.hpp"

#include <cstring>
#include <exception>
#include <iostream>

int main(int argc, char** argv) {
    bool debug = false;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--debug") == 0) debug = true;
    }
    roisc::remove_temporaries_on_signals();
    try {
        return roisc::cli::run_cli(argc, argv, std::cout, std::cerr);
    } catch (const roisc::Error& e) {
        std::cerr << "roisc: " << e.what() << '\n';
        return static_cast<int>(e.exit_code());
    } catch (const std::exception& e) {
        if (debug) throw;
        std::cerr << "roisc: internal error: " << e.what()
                  << "\nThis is a bug in roisc; run again with --debug and report what it prints.\n";
        return static_cast<int>(roisc::ExitCode::runtime);
    }
}
