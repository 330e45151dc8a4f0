#include "roisc/core/postcode.hpp"

#include "roisc/core/error.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace roisc {

namespace {

// The postcode areas (Royal Mail): 121 in the UK plus GY, IM and JE. BF (British Forces) and BX
// (non-geographic) are left out on purpose: they have no place to be mapped to.
constexpr std::array<std::string_view, 124> postcode_areas = {
    "AB", "AL", "B",  "BA", "BB", "BD", "BH", "BL", "BN", "BR", "BS", "BT", "CA", "CB", "CF", "CH", "CM", "CO",
    "CR", "CT", "CV", "CW", "DA", "DD", "DE", "DG", "DH", "DL", "DN", "DT", "DY", "E",  "EC", "EH", "EN", "EX",
    "FK", "FY", "G",  "GL", "GU", "GY", "HA", "HD", "HG", "HP", "HR", "HS", "HU", "HX", "IG", "IM", "IP", "IV",
    "JE", "KA", "KT", "KW", "KY", "L",  "LA", "LD", "LE", "LL", "LN", "LS", "LU", "M",  "ME", "MK", "ML", "N",
    "NE", "NG", "NN", "NP", "NR", "NW", "OL", "OX", "PA", "PE", "PH", "PL", "PO", "PR", "RG", "RH", "RM", "S",
    "SA", "SE", "SG", "SK", "SL", "SM", "SN", "SO", "SP", "SR", "SS", "ST", "SW", "SY", "TA", "TD", "TF", "TN",
    "TQ", "TR", "TS", "TW", "UB", "W",  "WA", "WC", "WD", "WF", "WN", "WR", "WS", "WV", "YO", "ZE"};

// Letters Royal Mail allows as a district's final letter (W1A, EC1A) and in a unit's last two places.
constexpr std::string_view district_letter_after_one = "ABCDEFGHJKPSTUW";  // A9A
constexpr std::string_view district_letter_after_two = "ABEHMNPRVWXY";     // AA9A
constexpr std::string_view unit_letters_never = "CIKMOV";

bool is_letter(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

std::size_t leading_letters(std::string_view s) {
    std::size_t n = 0;
    while (n < s.size() && is_letter(s[n])) ++n;
    return n;
}

// Why `s` is not a district ("B69", "WS10", "EC1A"), or "" when it is one.
std::string district_problem(std::string_view s) {
    const std::size_t letters = leading_letters(s);
    if (letters == 0) {
        return quoted(s) + " does not start with the letters of a postcode area (as B69 starts with B)";
    }
    if (letters > 2) {
        return quoted(s) + " starts with " + std::to_string(letters) +
               " letters; a postcode area has one or two (B, WS)";
    }
    const std::string_view area = s.substr(0, letters);
    if (!is_postcode_area(area)) return quoted(area) + " is not a UK postcode area";
    const std::string_view rest = s.substr(letters);
    if (rest.empty()) return quoted(s) + " is a postcode area, not a district: the district number is missing";
    if (!is_digit(rest[0])) return quoted(s) + ": a district number must follow the area";
    if (rest.size() == 1) return "";
    if (rest.size() > 2) {
        return quoted(s) + " is not a district: a district is the area and one or two digits, or a digit and a "
                           "letter (B69, WS10, EC1A)";
    }
    if (is_digit(rest[1])) return "";
    const std::string_view allowed = letters == 1 ? district_letter_after_one : district_letter_after_two;
    if (allowed.find(rest[1]) == std::string_view::npos) {
        return quoted(s) + " is not a district: " + quoted(std::string(1, rest[1])) +
               " is never the letter at the end of a district";
    }
    return "";
}

// Why `s` is not the inward part of a unit ("3DE"), or "".
std::string unit_inward_problem(std::string_view s) {
    if (s.size() != 3 || !is_digit(s[0]) || !is_letter(s[1]) || !is_letter(s[2])) {
        return quoted(s) + " is not a digit and two letters";
    }
    for (char c : s.substr(1)) {
        if (unit_letters_never.find(c) != std::string_view::npos) {
            return quoted(s) + ": the letters of a unit postcode never include C, I, K, M, O or V";
        }
    }
    return "";
}

PostcodeParse failure(std::string reason) { return PostcodeParse{std::nullopt, std::move(reason)}; }

}  // namespace

const char* to_string(PostcodeLevel level) {
    switch (level) {
        case PostcodeLevel::area: return "area";
        case PostcodeLevel::district: return "district";
        case PostcodeLevel::sector: return "sector";
        case PostcodeLevel::unit: return "unit";
    }
    return "?";
}

std::optional<PostcodeLevel> postcode_level_from_string(const std::string& text) {
    std::string t;
    for (char c : text) t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (t == "area") return PostcodeLevel::area;
    if (t == "district" || t == "outcode") return PostcodeLevel::district;
    if (t == "sector") return PostcodeLevel::sector;
    if (t == "unit" || t == "postcode") return PostcodeLevel::unit;
    return std::nullopt;
}

bool is_postcode_area(std::string_view letters) {
    return std::binary_search(postcode_areas.begin(), postcode_areas.end(), letters);
}

Postcode::Postcode(PostcodeLevel level, std::string outward, std::string inward)
    : level_(level), text_(std::move(outward)), outward_size_(text_.size()) {
    if (!inward.empty()) text_ += " " + inward;
}

std::string Postcode::area() const { return text_.substr(0, leading_letters(text_)); }

std::string Postcode::district() const {
    return level_ == PostcodeLevel::area ? std::string() : text_.substr(0, outward_size_);
}

std::string Postcode::sector() const {
    if (level_ == PostcodeLevel::sector || level_ == PostcodeLevel::unit) return text_.substr(0, outward_size_ + 2);
    return {};
}

std::optional<Postcode> Postcode::parent() const {
    switch (level_) {
        case PostcodeLevel::area: return std::nullopt;
        case PostcodeLevel::district: return Postcode(PostcodeLevel::area, area(), "");
        case PostcodeLevel::sector: return Postcode(PostcodeLevel::district, district(), "");
        case PostcodeLevel::unit: return Postcode(PostcodeLevel::sector, district(), text_.substr(outward_size_ + 1, 1));
    }
    return std::nullopt;
}

std::vector<Postcode> Postcode::parents() const {
    std::vector<Postcode> out;
    for (auto p = parent(); p; p = p->parent()) out.push_back(*p);
    return out;
}

bool Postcode::contains(const Postcode& other) const {
    if (other.level_ < level_) return false;
    if (*this == other) return true;
    for (const auto& p : other.parents()) {
        if (p == *this) return true;
    }
    return false;
}

PostcodeParse parse_postcode(std::string_view text) {
    // Upper case, and split on runs of blanks (Code-Point pads "B1  1AY" to seven characters).
    std::vector<std::string> parts(1);
    for (char raw : text) {
        const unsigned char c = static_cast<unsigned char>(raw);
        if (std::isspace(c)) {
            if (!parts.back().empty()) parts.emplace_back();
            continue;
        }
        if (c >= 0x80 || !std::isalnum(c)) {
            return failure(quoted(text) + " contains " + (c >= 0x80 ? std::string("a non-ASCII character") : quoted(std::string(1, raw))) +
                           ", which is not a letter, digit or space");
        }
        parts.back() += static_cast<char>(std::toupper(c));
    }
    if (parts.back().empty()) parts.pop_back();
    if (parts.empty()) return failure("the postcode is empty");
    if (parts.size() > 2) {
        return failure(quoted(text) + " has " + std::to_string(parts.size()) +
                       " parts; a postcode has at most two, the district and the rest (B69 3DE)");
    }

    if (parts.size() == 2) {
        const std::string& outward = parts[0];
        const std::string& inward = parts[1];
        if (std::string why = district_problem(outward); !why.empty()) return failure(why);
        if (inward.size() == 1 && is_digit(inward[0])) {
            return PostcodeParse{Postcode(PostcodeLevel::sector, outward, inward), ""};
        }
        if (inward.size() == 3 && is_digit(inward[0])) {
            if (std::string why = unit_inward_problem(inward); !why.empty()) return failure(why);
            return PostcodeParse{Postcode(PostcodeLevel::unit, outward, inward), ""};
        }
        std::string why = quoted(inward) + " after the district " + outward + " is malformed";
        if (!is_digit(inward[0])) why += " (the sector digit is missing)";
        why += "; a sector adds one digit (" + outward + " 9), a unit one digit and two letters (" + outward + " 9AA)";
        // "B6 93" is often "B69 3" with the space in the wrong place.
        if (auto joined = parse_postcode(outward + inward); joined && joined.postcode->level() != PostcodeLevel::district) {
            why += "; did you mean " + quoted(joined.postcode->text()) + "?";
        }
        return failure(why);
    }

    const std::string& s = parts[0];
    const std::size_t letters = leading_letters(s);
    if (letters == s.size()) {
        if (letters <= 2 && is_postcode_area(s)) return PostcodeParse{Postcode(PostcodeLevel::area, s, ""), ""};
        if (letters <= 2) return failure(quoted(s) + " is not a UK postcode area");
        return failure(quoted(s) + " is not a postcode: a postcode area has one or two letters, followed by a number");
    }
    if (district_problem(s).empty()) return PostcodeParse{Postcode(PostcodeLevel::district, s, ""), ""};
    const std::size_t n = s.size();
    if (n >= 5 && is_digit(s[n - 3]) && is_letter(s[n - 2]) && is_letter(s[n - 1])) {
        const std::string outward = s.substr(0, n - 3), inward = s.substr(n - 3);
        if (std::string why = district_problem(outward); !why.empty()) return failure(why);
        if (std::string why = unit_inward_problem(inward); !why.empty()) return failure(why);
        return PostcodeParse{Postcode(PostcodeLevel::unit, outward, inward), ""};
    }
    if (n >= 3 && is_digit(s[n - 1]) && district_problem(s.substr(0, n - 1)).empty()) {
        return PostcodeParse{Postcode(PostcodeLevel::sector, s.substr(0, n - 1), s.substr(n - 1)), ""};
    }
    return failure(district_problem(s));
}

Postcode postcode_or_throw(std::string_view text, const std::string& where) {
    PostcodeParse parsed = parse_postcode(text);
    if (!parsed) {
        throw DataError(where + ": not a postcode: " + parsed.reason +
                        ". Fix: write a postcode area, district, sector or unit, as B, B69, B69 3 or B69 3DE.");
    }
    return *parsed.postcode;
}

}  // namespace roisc
