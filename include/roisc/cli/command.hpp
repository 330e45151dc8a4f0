#pragma once
// Every subcommand follows one lifecycle: declare its options on CLI11 (with their checks), then
// validate rules that span options, then run. Declaring must not open files, so argument handling
// is testable in-process.
#include "roisc/core/table.hpp"

#include <CLI/CLI.hpp>

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace roisc::cli {

// Options every command shares.
struct GlobalOptions {
    std::string manifest;           // empty: the default manifest
    std::string format = "table";   // table | csv | json
    bool quiet = false;
    bool debug = false;             // let exceptions through for a stack trace
    bool strict = false;            // a record left out, or a warning, is bad data (exit 3)
};

struct Context {
    GlobalOptions global;
    std::ostream& out;  // tables and results
    std::ostream& err;  // warnings and progress
    std::string command_line;  // as typed, for output metadata
    TableFormat format() const { return table_format_from_string(global.format); }
    std::string manifest_path() const;
};

class Command {
public:
    virtual ~Command() = default;
    virtual void declare(CLI::App& app) = 0;
    virtual void validate() {}
    // Returns the process exit code; failures throw roisc::Error.
    virtual int run(Context& context) = 0;
    // The option a concept of the engine's queries came from ("the reach" -> "--within"), so that
    // a QueryError names what the user typed; "" when the command did not say.
    std::string option_of(const std::string& subject) const;

protected:
    void option_for(const std::string& subject, const std::string& option) { subjects_.emplace_back(subject, option); }

private:
    std::vector<std::pair<std::string, std::string>> subjects_;
};

struct CommandInfo {
    const char* name;
    const char* description;
    std::function<std::unique_ptr<Command>()> make;
};

// The one list of commands (commands.cpp).
const std::vector<CommandInfo>& commands();

// Builds the whole command line, parses argv and runs the chosen command. Returns the exit code.
int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace roisc::cli
