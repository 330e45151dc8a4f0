#pragma once
// --by and --chart of coverage and gaps: who is reached and who is left out, per group of hotspots
// (IMD deciles, or the values of any demand field).
#include <CLI/CLI.hpp>

#include <string>

namespace roisc::cli {

// What `--by imd-decile` reads: the demand layer's IMD decile field (1 most deprived .. 10).
inline constexpr const char* imd_decile_field = "imd_decile";

struct BreakdownOptions {
    std::string by;      // "" (none), "imd-decile", or a demand field's name (field:NAME); set by --by
    bool chart = false;  // draw the share reached per group (needs --by)

    void declare(CLI::App& app);
    // Throws ArgumentError: --chart without --by.
    void validate() const;
    bool wanted() const { return !by.empty(); }
    bool by_imd_decile() const;
    // The demand field the groups come from.
    std::string field() const;
};

}  // namespace roisc::cli
