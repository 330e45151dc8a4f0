#pragma once
// Reading the JSON meeting feeds (Meeting Guide, BMLT): parsing with a message that names the
// position, and members read as text or numbers whatever type the feed gave them.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace roisc::feeds {

using json = nlohmann::json;

// Throws DataError naming the path and the position when the text is not JSON.
json parse_json_feed(const std::string& text, const std::string& path);
// A string or number as text; nothing for other types.
std::optional<std::string> json_text(const json& j);
// The member as trimmed text; "" when missing or not text/number.
std::string json_member_text(const json& obj, const char* key);
// The member as a number (numbers, or text holding one).
std::optional<double> json_number(const json& obj, const char* key);
// Whether the member is there, not null and not blank text.
bool json_present(const json& obj, const char* key);

}  // namespace roisc::feeds
