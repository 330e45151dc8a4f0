#pragma once
// Reading a saved query file (TOML: [query] command = "…", [options] …) into the command line it
// stands for. The commands and their options are given, so the reader is tested (and fuzzed,
// tests/fuzz/fuzz_query_file.cpp) without the command list.
#include <functional>
#include <string>
#include <vector>

namespace roisc::cli {

struct QueryCommands {
    std::vector<std::string> names;  // every command, "run" among them (a query cannot run a query)
    // The option names a command declares, without dashes: "fellowship", "within", …
    std::function<std::vector<std::string>(const std::string& command)> options_of;
};

// The argument list a query file's text stands for: {"gaps", "--fellowship", "NA", …}, global
// options (manifest, format, quiet) first. `path` names the file in messages and is where a
// relative manifest is found from. Throws DataError naming the file, line and key for anything
// that is not an option of the command.
std::vector<std::string> query_arguments_text(const std::string& text, const std::string& path,
                                              const QueryCommands& commands);

}  // namespace roisc::cli
