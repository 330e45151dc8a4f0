#include "roisc/cli/command.hpp"

#include "roisc/core/error.hpp"
#include "roisc/io/manifest.hpp"
#include "roisc/version.hpp"

#include <iostream>

namespace roisc::cli {

std::string Context::manifest_path() const {
    return global.manifest.empty() ? default_manifest_path() : global.manifest;
}

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
    app.add_flag("--debug", global.debug, "Let internal errors through with their details");
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
    for (auto& [sub, command] : subcommands) {
        if (!sub->parsed()) continue;
        command->validate();
        std::string command_line = "roisc";
        for (int i = 1; i < argc; ++i) {
            const std::string a = argv[i];
            command_line += a.find(' ') == std::string::npos ? " " + a : " \"" + a + "\"";
        }
        Context context{global, out, err, command_line};
        return command->run(context);
    }
    return static_cast<int>(ExitCode::arguments);
}

}  // namespace roisc::cli
