// libFuzzer target: the saved query file reader (TOML: [query] command, [options]), against a
// fixed list of commands and options. Any input may be refused with roisc::Error; an accepted
// file gives the command first, then only --options it declares.
#include "roisc/core/error.hpp"
#include "shared/query_file.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const roisc::cli::QueryCommands commands{
        {"gaps", "coverage", "run"},
        [](const std::string& command) {
            return command == "gaps" ? std::vector<std::string>{"fellowship", "beyond", "when", "out", "name", "top"}
                                     : std::vector<std::string>{"fellowship", "within", "name"};
        }};
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const auto args = roisc::cli::query_arguments_text(text, "/tmp/fuzz-query.toml", commands);
        const auto command = std::find_if(args.begin(), args.end(), [](const std::string& a) { return a == "gaps" || a == "coverage"; });
        if (command == args.end()) __builtin_trap();
    } catch (const roisc::Error&) {
    }
    return 0;
}
