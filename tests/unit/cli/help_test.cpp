// `roisc <command> --help` for every command of the one list (commands()): it exits 0 and shows
// the command's description and every option the command declares, so a command (or a
// subcommand such as `import meetings`) that loses its help, or an option without one, fails here.
#include "roisc/cli/command.hpp"

#include "../support/run_roisc.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace {

// How the help names an option: its first long name, else its first short name, else (a
// positional) its name.
std::string shown_name(const CLI::Option& o) {
    if (!o.get_lnames().empty()) return "--" + o.get_lnames().front();
    if (!o.get_snames().empty()) return "-" + o.get_snames().front();
    return o.get_name();
}

// The first line of a description (CLI11 indents the lines after it).
std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

// `roisc PATH… --help` against what `app` (the command as declared) holds.
void check_help(const CLI::App& app, const std::vector<std::string>& path, const std::string& description) {
    std::vector<std::string> args = path;
    args.push_back("--help");
    const roisc::test::RoiscRun r = roisc::test::run_roisc(args);
    std::string typed = "roisc";
    for (const auto& p : path) typed += " " + p;
    INFO(typed << " --help\n" << r.out << r.err);
    CHECK(r.code == 0);
    CHECK(r.err.empty());
    CHECK(r.out_has(first_line(description)));
    int options = 0;
    for (const CLI::Option* o : app.get_options()) {
        if (o->get_group().empty()) continue;  // hidden on purpose
        const std::string name = shown_name(*o);
        CAPTURE(name);
        CHECK(r.out_has(name));
        if (name == "--help") continue;
        ++options;
        CHECK_FALSE(o->get_description().empty());
        CHECK(r.out_has(first_line(o->get_description())));
    }
    const auto subcommands = app.get_subcommands([](const CLI::App*) { return true; });
    CHECK(options + static_cast<int>(subcommands.size()) > 0);  // every command takes something
    for (const CLI::App* sub : subcommands) {
        CHECK(r.out_has(sub->get_name()));
        std::vector<std::string> deeper = path;
        deeper.push_back(sub->get_name());
        check_help(*sub, deeper, sub->get_description());
    }
}

}  // namespace

TEST_CASE("every command's --help shows its description and every option it declares") {
    const auto& commands = roisc::cli::commands();
    REQUIRE(commands.size() >= 12);
    for (const auto& info : commands) {
        CAPTURE(info.name);
        // The command's options as it declares them, on an app of its own.
        CLI::App app{info.description, info.name};
        info.make()->declare(app);
        check_help(app, {info.name}, info.description);
    }
}

TEST_CASE("roisc --help lists every command with its description") {
    const roisc::test::RoiscRun r = roisc::test::run_roisc({"--help"});
    CHECK(r.code == 0);
    for (const auto& info : roisc::cli::commands()) {
        CAPTURE(info.name);
        CHECK(r.out_has(info.name));
        CHECK(r.out_has(first_line(info.description)));
    }
}
