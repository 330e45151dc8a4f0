// Each command's page in docs/ names every option the command declares, so a new option cannot
// ship undocumented: the page is the user's manual, --help only the reminder. The page is
// docs/<command>.md (docs/import.md for `import meetings`); an option counts as documented when
// its long name (or, with none, its short name) appears as written on the command line.
#include "roisc/cli/command.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

std::string page_text(const std::string& command) {
    const fs::path page = fs::path(ROISC_SOURCE_DIR) / "docs" / (command + ".md");
    std::ifstream in(page);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The option as a user types it: "--within", else "-x"; positionals are named in the synopsis by
// what they hold (FEED, QUERY), so only named options are checked.
std::string typed_name(const CLI::Option& o) {
    if (!o.get_lnames().empty()) return "--" + o.get_lnames().front();
    if (!o.get_snames().empty()) return "-" + o.get_snames().front();
    return "";
}

// The options of `app` and of its subcommands, missing from `text`.
void collect_missing(const CLI::App& app, const std::string& text, const std::string& path,
                     std::vector<std::string>& missing) {
    for (const CLI::Option* o : app.get_options()) {
        if (o->get_group().empty()) continue;  // hidden on purpose
        const std::string name = typed_name(*o);
        if (name.empty() || name == "--help") continue;
        // "--out" must not be satisfied by "--outline": the name must end where a word ends.
        bool found = false;
        for (std::size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + 1)) {
            const std::size_t after = at + name.size();
            const char next = after < text.size() ? text[after] : ' ';
            if (!(std::isalnum(static_cast<unsigned char>(next)) || next == '-' || next == '_')) {
                found = true;
                break;
            }
        }
        if (!found) missing.push_back(path + " " + name);
    }
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        collect_missing(*sub, text, path + " " + sub->get_name(), missing);
    }
}

}  // namespace

TEST_CASE("every option each command declares is documented on the command's page in docs/") {
    const auto& commands = roisc::cli::commands();
    REQUIRE(commands.size() >= 12);
    for (const auto& info : commands) {
        const std::string command = info.name;
        CAPTURE(command);
        const std::string text = page_text(command);
        CHECK_MESSAGE(!text.empty(), "docs/" << command << ".md is missing or empty");
        if (text.empty()) continue;
        CLI::App app{info.description, info.name};
        info.make()->declare(app);
        std::vector<std::string> missing;
        collect_missing(app, text, "roisc " + command, missing);
        std::string listed;
        for (const auto& m : missing) listed += "\n  " + m;
        CHECK_MESSAGE(missing.empty(), "options not named in docs/" << command << ".md:" << listed);
    }
}

TEST_CASE("the check finds an option that a page does not name") {
    // The test above must be able to fail: an app with an option no page could contain.
    CLI::App app{"probe", "probe"};
    std::string value;
    app.add_option("--an-option-no-page-names", value, "never documented")->group("Options");
    std::vector<std::string> missing;
    collect_missing(app, "roisc probe --an-option-no-page-name --an-option-no-page-names-too", "roisc probe", missing);
    REQUIRE(missing.size() == 1);
    CHECK(missing.front() == "roisc probe --an-option-no-page-names");
}
