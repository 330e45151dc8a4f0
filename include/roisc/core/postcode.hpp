#pragma once
// UK postcodes at every level of the postal geography: area "B", district "B69", sector "B69 3",
// unit "B69 3DE". Treatment data arrive as partial postcodes (district or sector), lookups as units;
// both are normalised here so that "b693de", "B69 3DE" and Code-Point's "WS100AA" meet as one key.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace roisc {

enum class PostcodeLevel { area, district, sector, unit };

const char* to_string(PostcodeLevel level);
std::optional<PostcodeLevel> postcode_level_from_string(const std::string& text);

struct PostcodeParse;
PostcodeParse parse_postcode(std::string_view text);

class Postcode {
public:
    PostcodeLevel level() const { return level_; }
    // Normalised: upper case, one space between the district and the rest: "B69 3DE", "WS10 0", "EC1A".
    const std::string& text() const { return text_; }

    std::string area() const;      // "B"
    std::string district() const;  // "B69"; empty for an area
    std::string sector() const;    // "B69 3"; empty for an area or district

    // The next level up (unit -> sector -> district -> area); none for an area.
    std::optional<Postcode> parent() const;
    // Every level above, nearest first: for "B69 3DE": "B69 3", "B69", "B".
    std::vector<Postcode> parents() const;
    // True when `other` is this postcode or lies inside it ("B69" contains "B69 3DE").
    bool contains(const Postcode& other) const;

    bool operator==(const Postcode& o) const { return text_ == o.text_; }
    bool operator!=(const Postcode& o) const { return text_ != o.text_; }
    bool operator<(const Postcode& o) const { return text_ < o.text_; }

private:
    friend PostcodeParse parse_postcode(std::string_view text);
    Postcode(PostcodeLevel level, std::string outward, std::string inward);

    PostcodeLevel level_ = PostcodeLevel::area;
    std::string text_;
    std::size_t outward_size_ = 0;  // characters of text_ before the space (the district, or the area)
};

// The result of reading one postcode: the postcode, or why the text is not one.
struct PostcodeParse {
    std::optional<Postcode> postcode;
    std::string reason;  // e.g. "'QQ' is not a UK postcode area"; empty when parsed
    explicit operator bool() const { return postcode.has_value(); }
};

// Reads a postcode of any level, in any case, with or without the space, and Code-Point's fixed
// width ("B1  1AY", "WS100AA"). Without a space, text that is a whole district ("B11") is read as
// the district, and only otherwise as a sector ("B693" -> "B69 3").
PostcodeParse parse_postcode(std::string_view text);

// As parse_postcode, but throws DataError("<where>: ... <reason>. Fix: ...") when it is not one.
Postcode postcode_or_throw(std::string_view text, const std::string& where);

// True for the 124 postcode areas (121 in the UK, plus Guernsey, Jersey and the Isle of Man).
bool is_postcode_area(std::string_view letters);

}  // namespace roisc
