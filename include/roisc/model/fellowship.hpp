#pragma once
// The one fellowship vocabulary: the names roisc knows, their aliases ("Narcotics Anonymous",
// "narcotics-anonymous", "Narcotics Anonymous (NA)", "al anon", "SMART Recovery"), and sets of
// them for filters ("NA,CA"). Import, the layer reader and every filter read fellowships here.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace roisc {

enum class Fellowship { AA, NA, CA, SMART, AlAnon, Other };

// "AA", "NA", "CA", "SMART", "Al-Anon", "Other": the names written to layers and tables.
const char* to_string(Fellowship f);
// "Narcotics Anonymous": the full name, for help and errors.
const char* full_name(Fellowship f);
const std::vector<Fellowship>& all_fellowships();

// Reads a short name, a full name or a known alias in any case and punctuation ("na",
// "Narcotics Anonymous", "narcotics-anonymous", "Narcotics Anonymous (NA)", "al anon",
// "smart-recovery"), or an unambiguous start of a full name of five letters or more
// ("Narcotics"). Nothing for text it does not know.
std::optional<Fellowship> fellowship_from_text(std::string_view text);

// The known name closest to `text` (a typing slip: "NAA" -> NA), if one is close enough.
std::optional<Fellowship> closest_fellowship(std::string_view text);

// "AA (Alcoholics Anonymous), NA (Narcotics Anonymous), …": for errors.
std::string known_fellowships_text();

// Thrown for a fellowship the vocabulary does not know: the message lists the known names and
// suggests the closest. Callers that read options say which option; readers say which feature.
struct UnknownFellowship {
    std::string text;
    std::string message() const;  // "'NAA' is not a fellowship roisc knows (…). Did you mean NA?"
};

// Which fellowships a filter accepts; empty accepts every one.
class FellowshipSet {
public:
    FellowshipSet() = default;
    explicit FellowshipSet(std::vector<Fellowship> members);
    // "NA", "NA,CA", "Narcotics Anonymous; SMART Recovery": names joined by ',' or ';'.
    // Throws UnknownFellowship for a name not in the vocabulary.
    static FellowshipSet parse(std::string_view text);

    bool any() const { return members_.empty(); }
    bool contains(Fellowship f) const;
    const std::vector<Fellowship>& members() const { return members_; }  // in vocabulary order
    // "NA", "NA or CA"; "" for any.
    std::string text() const;
    bool operator==(const FellowshipSet& other) const { return members_ == other.members_; }

private:
    std::vector<Fellowship> members_;
};

}  // namespace roisc
