// The asset vocabulary (names, labels, aliases, did-you-mean), weekly sessions and opening hours
// as the directory shows them.
#include "roisc/model/asset.hpp"
#include "roisc/model/opening_hours.hpp"

#include <doctest/doctest.h>

using namespace roisc;

TEST_CASE("asset kinds are read from names, labels and aliases in any case and punctuation") {
    CHECK(asset_kind_from_text("library") == AssetKind::library);
    CHECK(asset_kind_from_text("Recovery Café") == AssetKind::recovery_cafe);
    CHECK(asset_kind_from_text("recovery-cafe") == AssetKind::recovery_cafe);
    CHECK(asset_kind_from_text("CAFE") == AssetKind::recovery_cafe);
    CHECK(asset_kind_from_text("drop-in") == AssetKind::drop_in);
    CHECK(asset_kind_from_text("NSP") == AssetKind::needle_exchange);
    CHECK(asset_kind_from_text("pharmacy with needle exchange") == AssetKind::needle_exchange);
    CHECK(asset_kind_from_text("GP surgery") == AssetKind::gp_practice);
    CHECK(asset_kind_from_text("gp_practice") == AssetKind::gp_practice);
    CHECK(asset_kind_from_text("Chemist") == AssetKind::pharmacy);
    CHECK(asset_kind_from_text("treatment service") == AssetKind::treatment_service);
    CHECK_FALSE(asset_kind_from_text("libary"));
    CHECK_FALSE(asset_kind_from_text(""));
    // Every kind reads back from its own name and label.
    for (AssetKind k : all_asset_kinds()) {
        CHECK(asset_kind_from_text(to_string(k)) == k);
        CHECK(asset_kind_from_text(label(k)) == k);
    }
}

TEST_CASE("an unknown asset kind names the known ones and the closest") {
    CHECK(closest_asset_kind("libary") == AssetKind::library);
    CHECK(closest_asset_kind("pharmcy") == AssetKind::pharmacy);
    CHECK_FALSE(closest_asset_kind("zzzzzzzzzz"));
    const std::string m = UnknownAssetKind{"libary"}.message();
    CHECK(m.find("'libary' is not an asset kind roisc knows") != std::string::npos);
    CHECK(m.find("recovery_hub") != std::string::npos);
    CHECK(m.find("Did you mean library?") != std::string::npos);
}

TEST_CASE("weekly sessions are read as day and times joined by ';'") {
    std::string problem;
    const auto s = parse_sessions("Tue 10:00-14:00; thursday 7.30pm-9pm;Sat 23:00-01:00", &problem);
    REQUIRE(s);
    REQUIRE(s->size() == 3);
    CHECK((*s)[0].to_string() == "Tue 10:00-14:00");
    CHECK((*s)[1].weekday == Weekday::thu);
    CHECK((*s)[1].start == 19 * 60 + 30);
    CHECK((*s)[1].end == 21 * 60);
    CHECK((*s)[2].ends_next_day());
    CHECK(parse_sessions("", &problem)->empty());
    CHECK_FALSE(parse_sessions("Funday 10:00-12:00", &problem));
    CHECK(problem.find("'Funday 10:00-12:00'") != std::string::npos);
    CHECK_FALSE(parse_sessions("Tue 10:00", &problem));
    CHECK_FALSE(parse_sessions("Tue 25:00-26:00", &problem));
}

TEST_CASE("opening hours run days with the same hours together") {
    std::string problem;
    const auto h = OpeningHours::parse({std::string("09:30-17:30"), std::string("09:30-17:30"), std::string("09:30-17:30"),
                                        std::string("09:30-17:30"), std::string("09:30-17:00"), std::string("10:00-16:00"),
                                        std::string("")},
                                       &problem);
    REQUIRE(h);
    CHECK(h->compact() == "Mon-Thu 09:30-17:30; Fri 09:30-17:00; Sat 10:00-16:00; Sun closed");
    const auto split = OpeningHours::parse({std::string("09:00-13:00,14:00-17:00"), std::string("09:00-13:00,14:00-17:00"),
                                            std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt},
                                           &problem);
    REQUIRE(split);
    CHECK(split->compact() == "Mon,Tue 09:00-13:00,14:00-17:00");
    CHECK(OpeningHours().compact().empty());
}
