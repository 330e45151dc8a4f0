// The one fellowship vocabulary: every alias a user or a feed may write, the names it refuses,
// its did-you-mean, and sets of fellowships for filters.
#include "roisc/model/fellowship.hpp"

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

using namespace roisc;

namespace {

// What the vocabulary reads `text` as, "" for nothing.
std::string read(const std::string& text) {
    const auto f = fellowship_from_text(text);
    return f ? to_string(*f) : "";
}

std::string closest(const std::string& text) {
    const auto f = closest_fellowship(text);
    return f ? to_string(*f) : "";
}

}  // namespace

TEST_CASE("every alias of every fellowship is read, in any case and punctuation") {
    const std::vector<std::pair<std::string, std::string>> aliases = {
        {"AA", "AA"},
        {"aa", "AA"},
        {"Alcoholics Anonymous", "AA"},
        {"NA", "NA"},
        {"na", "NA"},
        {"Narcotics Anonymous", "NA"},
        {"Narcotics Anonymous (NA)", "NA"},
        {"narcotics-anonymous", "NA"},
        {"Narcotics", "NA"},  // an unambiguous start of a full name
        {"CA", "CA"},
        {"Cocaine Anonymous", "CA"},
        {"SMART", "SMART"},
        {"smart", "SMART"},
        {"SMART Recovery", "SMART"},
        {"smart-recovery", "SMART"},
        {"Al-Anon", "Al-Anon"},
        {"al anon", "Al-Anon"},
        {"ALANON", "Al-Anon"},
        {"Al-Anon Family Groups", "Al-Anon"},
    };
    for (const auto& [text, name] : aliases) {
        CAPTURE(text);
        CHECK(read(text) == name);
    }
}

TEST_CASE("names the vocabulary does not know are refused, not guessed") {
    CHECK(read("Narcotics Anonymous (AA)") == "");  // the name and its short name disagree
    CHECK(read("Al") == "");                        // Alcoholics Anonymous or Al-Anon: too short to tell
    CHECK(read("Narc") == "");                      // a start shorter than five letters
    CHECK(read("Martians") == "");
    CHECK(read("") == "");
    CHECK(read(" - ") == "");
}

TEST_CASE("did you mean: the known name a slip was meant to be, and nothing for a stranger") {
    CHECK(closest("NAA") == "NA");  // as near AA, but NA starts the same
    CHECK(closest("Smrt") == "SMART");
    CHECK(closest("xyz") == "");
    CHECK(closest("") == "");

    const std::string slip = UnknownFellowship{"NAA"}.message();
    CHECK(slip.find("'NAA' is not a fellowship roisc knows") != std::string::npos);
    CHECK(slip.find("NA (Narcotics Anonymous)") != std::string::npos);  // the known names are listed
    CHECK(slip.find("SMART (SMART Recovery)") != std::string::npos);
    CHECK(slip.find("Did you mean NA?") != std::string::npos);
    const std::string stranger = UnknownFellowship{"xyz"}.message();
    CHECK(stranger.find("'xyz' is not a fellowship roisc knows") != std::string::npos);
    CHECK(stranger.find("Did you mean") == std::string::npos);
}

TEST_CASE("short and full names for tables, help and errors") {
    CHECK(std::string(to_string(Fellowship::AlAnon)) == "Al-Anon");
    CHECK(std::string(full_name(Fellowship::NA)) == "Narcotics Anonymous");
    // Every fellowship reads back from its own short and full names.
    for (Fellowship f : all_fellowships()) {
        CAPTURE(to_string(f));
        CHECK(fellowship_from_text(to_string(f)) == f);
        if (f != Fellowship::Other) CHECK(fellowship_from_text(full_name(f)) == f);
    }
}

TEST_CASE("a set of fellowships: names joined by commas or semicolons, in vocabulary order") {
    const FellowshipSet na_ca = FellowshipSet::parse("NA,CA");
    CHECK(na_ca.members() == std::vector<Fellowship>{Fellowship::NA, Fellowship::CA});
    CHECK(na_ca.text() == "NA or CA");
    CHECK(na_ca.contains(Fellowship::NA));
    CHECK(na_ca.contains(Fellowship::CA));
    CHECK_FALSE(na_ca.contains(Fellowship::AA));
    CHECK_FALSE(na_ca.any());
    CHECK(FellowshipSet::parse("CA, Narcotics Anonymous") == na_ca);  // order and spelling do not matter

    const FellowshipSet na_smart = FellowshipSet::parse("NA; SMART Recovery");
    CHECK(na_smart.members() == std::vector<Fellowship>{Fellowship::NA, Fellowship::SMART});
    CHECK(na_smart.text() == "NA or SMART");
    CHECK_FALSE(na_smart.contains(Fellowship::AlAnon));

    CHECK(FellowshipSet::parse("ca,aa,na").text() == "AA, NA or CA");
    CHECK(FellowshipSet::parse("NA,na").members() == std::vector<Fellowship>{Fellowship::NA});

    // No name: every fellowship.
    const FellowshipSet any = FellowshipSet::parse("");
    CHECK(any.any());
    CHECK(any.text() == "");
    for (Fellowship f : all_fellowships()) CHECK(any.contains(f));
}

TEST_CASE("a set with a name the vocabulary does not know is refused, naming that name") {
    try {
        FellowshipSet::parse("NA, NAA ");
        FAIL("expected UnknownFellowship");
    } catch (const UnknownFellowship& e) {
        CHECK(e.text == "NAA");
        CHECK(e.message().find("Did you mean NA?") != std::string::npos);
    }
    CHECK_THROWS_AS(FellowshipSet::parse("NA,Martians"), UnknownFellowship);
    CHECK_THROWS_AS(FellowshipSet::parse("Narcotics Anonymous (AA)"), UnknownFellowship);
}
