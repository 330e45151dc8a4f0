#pragma once
// Small text helpers the meeting feed readers share: quoting, splitting, joining and reading numbers.
#include <optional>
#include <string>
#include <vector>

namespace roisc::feeds {

std::string upper(std::string s);
std::string in_quotes(const std::string& s);
// The non-empty trimmed pieces of `text` between any of `separators`.
std::vector<std::string> split_any(const std::string& text, const std::string& separators);
// The non-empty trimmed parts joined with `sep`.
std::string join_nonempty(const std::vector<std::string>& parts, const std::string& sep);
// The whole (trimmed) text as a finite number; nothing otherwise.
std::optional<double> number_from_text(const std::string& text);
// The whole (trimmed) text as a decimal integer; nothing otherwise.
std::optional<long long> integer_from_text(const std::string& text);

}  // namespace roisc::feeds
