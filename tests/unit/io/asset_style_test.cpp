// The directory's assets layer style: one QGIS category per asset kind of the vocabulary, each in
// its palette colour, labelled by name.
#include "roisc/io/styles.hpp"
#include "roisc/model/palette.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <regex>
#include <string>
#include <vector>

TEST_CASE("the assets style has every asset kind in its palette colour") {
    namespace palette = roisc::palette;
    const std::string qml = roisc::qgis_style(roisc::LayerStyle::assets, "name");
    std::vector<std::string> values, colours;
    const std::regex category("<category value=\"([^\"]*)\" label=\"[^\"]*\" symbol=\"([0-9]+)\"");
    for (std::sregex_iterator it(qml.begin(), qml.end(), category), end; it != end; ++it) values.push_back((*it)[1]);
    const std::regex colour("name=\"color\" value=\"([^\"]*)\"");
    for (std::sregex_iterator it(qml.begin(), qml.end(), colour), end; it != end; ++it) colours.push_back((*it)[1]);
    REQUIRE(values.size() == roisc::all_asset_kinds().size());
    REQUIRE(colours.size() == values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        const auto& s = palette::asset_symbols[i];
        CAPTURE(values[i]);
        CHECK(values[i] == roisc::to_string(s.kind));
        unsigned r = 0, g = 0, b = 0, a = 0;
        REQUIRE(std::sscanf(colours[i].c_str(), "%u,%u,%u,%u", &r, &g, &b, &a) == 4);
        CHECK(((r << 16) | (g << 8) | b) == s.colour);
        CHECK(a == 255);
    }
    // Every kind of the vocabulary has a symbol of its own.
    for (roisc::AssetKind k : roisc::all_asset_kinds()) CHECK(palette::symbol_for(k).kind == k);
    CHECK(qml.find("attr=\"kind\"") != std::string::npos);
    CHECK(qml.find("fieldName=\"name\"") != std::string::npos);
}
