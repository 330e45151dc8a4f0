#pragma once
// Small text helpers every layer needs: names and codes are compared case-insensitively and
// values read from files are trimmed.
#include <cstddef>
#include <string>
#include <string_view>

namespace roisc {

// ASCII lower case (codes, units, kinds, options; UTF-8 bytes above 127 are left as they are).
std::string lower(std::string_view text);
// Without leading and trailing white space (spaces, tabs, line ends).
std::string trim(std::string_view text);
// The text with control bytes written as escapes (\t, \r, \n, \x07), for messages that quote a
// value read from a file: a stray byte is seen, not acted on by the terminal.
std::string shown(std::string_view text);
// Levenshtein distance (insertions, deletions, substitutions), for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

// What in a TOML text the TOML parser (toml++ 3) must not be given, as "line 3, column 7: …", or
// "" for nothing: control bytes other than tab and line ends (TOML forbids them; one after "["
// trips an assertion in toml++), and bytes beyond ASCII outside quotes and comments (TOML allows
// none there; toml++ reaches an unreachable branch on some, found by fuzz_query_file).
std::string toml_text_problem(std::string_view text);

}  // namespace roisc
