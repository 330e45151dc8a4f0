#include "roisc/cli/command.hpp"

#include "roisc/core/error.hpp"
#include "roisc/io/manifest.hpp"
#include "roisc/io/output.hpp"
#include "roisc/version.hpp"

#include <iostream>

namespace roisc::cli {

std::string Context::manifest_path() const {
    return global.manifest.empty() ? default_manifest_path() : global.manifest;
}

std::string Command::option_of(const std::string& subject) const {
    for (const auto& [s, option] : subjects_) {
        if (s == subject) return option;
    }
    // The shared option groups' concepts, the same in every command (options/disclosure.hpp).
    if (subject == "the disclosure policy") return "--disclosure";
    if (subject == "the disclosure threshold") return "--threshold";
    if (subject == "the disclosure rounding") return "--rounding";
    return "";
}

namespace {

std::string quote(const std::string& s) { return s.find_first_of(" \"'") == std::string::npos ? s : "\"" + s + "\""; }

// The question a run answers, written the same whatever order the options were typed in, or
// whether they came from a query file: options in declaration order, without those that only say
// where results go or how they are printed.
std::string canonical_command(const CLI::App& sub, const GlobalOptions& global) {
    std::string line = "roisc";
    if (!global.manifest.empty()) line += " --manifest " + quote(global.manifest);
    line += " " + sub.get_name();
    for (const CLI::Option* o : sub.get_options()) {
        const std::string name = o->get_lnames().empty() ? "" : o->get_lnames().front();
        if (o->count() == 0 || name == "help" || name == "out" || name == "name" || name == "no-files") continue;
        const std::string flag = name.empty() ? "" : "--" + name;
        if (o->get_type_size_max() == 0 || o->get_expected_max() == 0) {
            line += " " + flag;
            continue;
        }
        for (const auto& r : o->results()) line += (flag.empty() ? "" : " " + flag) + " " + quote(r);
    }
    return line;
}

}  // namespace

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
    CLI::App app{"roisc: gap analysis and outreach planning for drug and alcohol recovery services.\n"
                 "Loads towns, treatment hotspots, mutual aid meetings and candidate venues as layers and\n"
                 "answers who is left out, where and when. Without --manifest it uses the embedded Sandwell layers."};
    app.name("roisc");
    GlobalOptions global;
    app.set_version_flag("--version", std::string("roisc ") + roisc::version);
    app.add_option("-m,--manifest", global.manifest,
                   "Layer manifest (TOML) naming each layer's source and role; default: the embedded Sandwell layers")
        ->type_name("FILE");
    app.add_option("--format", global.format, "How tables are printed on stdout")
        ->check(CLI::IsMember({"table", "csv", "json"}))
        ->type_name("table|csv|json");
    app.add_flag("-q,--quiet", global.quiet, "Print only results, no progress or notes on stderr");
    app.add_flag("--strict", global.strict,
                 "Fail (exit 3) when any record would be left out or counted otherwise than it says, or (layers "
                 "--check, hotspots) on warnings");
    app.add_flag("--debug", global.debug,
                 "Print each phase's time and memory and how large files were written; let internal errors through "
                 "with their details");
    app.require_subcommand(1);

    std::vector<std::pair<CLI::App*, std::unique_ptr<Command>>> subcommands;
    for (const auto& info : commands()) {
        CLI::App* sub = app.add_subcommand(info.name, info.description);
        sub->fallthrough();  // global options may come after the command name
        auto command = info.make();
        command->declare(*sub);
        subcommands.emplace_back(sub, std::move(command));
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e, out, err);
        return code == 0 ? 0 : static_cast<int>(ExitCode::arguments);
    }
    // --debug: how the files were written, on this run's stderr, for this run only.
    struct SayWriteDetails {
        SayWriteDetails(bool on, std::ostream& err) {
            if (on) on_write_detail([&err](const std::string& what) { err << "debug: " << what << "\n"; });
        }
        ~SayWriteDetails() { on_write_detail(nullptr); }
    } say_write_details(global.debug, err);
    for (auto& [sub, command] : subcommands) {
        if (!sub->parsed()) continue;
        Context context{global, out, err, canonical_command(*sub, global)};
        try {
            command->validate();
            OutputSet files;  // the run's files move into place together, once it has succeeded
            const int code = command->run(context);
            if (code != 0) return code;
            for (const auto& note : files.commit()) {
                if (!global.quiet) err << "note: " << note << "\n";
            }
            return code;
        } catch (const QueryError& e) {
            const std::string option = command->option_of(e.subject());
            throw ArgumentError(option.empty() ? e.what() : option + ": " + e.what());
        }
    }
    return static_cast<int>(ExitCode::arguments);
}

}  // namespace roisc::cli
