#pragma once
// Printable maps: a result drawn with Cairo on an A4 or A3 landscape page, as PNG, SVG or PDF.
//
// The renderer knows nothing of queries: it is given what to draw, in the working CRS, with every
// count already through disclosure control. Hotspots carry a PublishedCount, not a number, so a
// suppressed count cannot be sized or labelled by its true value.
#include "roisc/engine/disclosure.hpp"
#include "roisc/model/palette.hpp"
#include "roisc/model/study.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace roisc::render {

enum class MapFormat { png, svg, pdf };

// "png" | "svg" | "pdf" (any case), or nothing.
std::optional<MapFormat> map_format_from_string(const std::string& text);
const char* extension(MapFormat format);  // "png"

// A landscape page. Sizes are in points (1/72 in); PNGs are drawn at `dpi`.
struct Page {
    std::string name = "A4";
    double width_pt = 841.89;
    double height_pt = 595.28;
    double dpi = 150;

    // "A4" | "A3" (any case), landscape. Nothing for other names.
    static std::optional<Page> named(const std::string& name, double dpi);
    int png_width() const;   // A4 at 150 dpi: 1754
    int png_height() const;  // A4 at 150 dpi: 1240
};

// A rectangle in the working CRS (metres).
struct MapBox {
    double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
    static MapBox of(const OGRGeometry& geometry);
    MapBox grown(double metres) const;
    double width() const { return max_x - min_x; }
    double height() const { return max_y - min_y; }
};

struct MapArea {
    std::string name;
    std::shared_ptr<const OGRGeometry> outline;  // polygonal, working CRS
};

// A gap hotspot: where, and its people as they may be published.
struct MapHotspot {
    Point at;
    PublishedCount people = PublishedCount::suppressed();
};

// How gap hotspots are drawn: a circle each (points), or summed in a square grid at the map's
// resolution (grid); automatic: the grid when the circles in the map frame would crowd (map.md).
enum class HotspotDrawing { automatic, points, grid };

struct MapMeeting {
    Point at;
    std::string fellowship;  // "NA", "AA", "CA", "SMART", "Al-Anon"; anything else is drawn as Other
    bool eligible = false;   // counted by the query: its reach circle is drawn
};

// The land from which an eligible meeting is reached within a travel time (roisc isochrones).
struct MapIsochrone {
    std::string label;                          // legend text: "Within 10 min", "10 to 20 min"
    std::shared_ptr<const OGRGeometry> area;    // all the land within the time (not only the band); working CRS
};

// A venue chosen by roisc rank: drawn as its pick number in a disc, its catchment outlined.
struct MapPick {
    Point at;
    int rank = 1;                                  // 1 = the first pick
    std::shared_ptr<const OGRGeometry> catchment;  // land within reach of it (working CRS), or null
};

struct MapContent {
    std::string title;
    std::vector<std::string> subtitle;  // lines under the title
    std::string attribution;            // wrapped to the page width
    std::string credit;                 // "roisc 0.1.0: roisc map …", small, under the attribution

    MapBox extent;                      // what must be in view; widened to the frame's shape
    std::optional<MapArea> boundary;    // the study area (the borough)
    std::vector<MapArea> towns;
    std::string focus_town;             // drawn with a heavier outline ("" for none)
    std::vector<std::shared_ptr<const OGRGeometry>> gaps;  // land beyond reach
    std::shared_ptr<const OGRGeometry> coverage;           // land within reach (dissolved)
    double reach_metres = 0;            // radius of each eligible meeting's circle
    std::vector<MapHotspot> hotspots;   // sizes are relative to the largest published count here
    HotspotDrawing hotspot_drawing = HotspotDrawing::automatic;
    std::vector<MapMeeting> meetings;
    std::string fellowship;             // the fellowship asked about ("" for any): named first in the legend
    // Travel-time bands, shortest time first; each is drawn translucent as the band between its time
    // and the one before, over the areas and under the hotspots and meetings.
    std::vector<MapIsochrone> isochrones;
    std::string isochrone_heading;      // "Walking time to an eligible meeting (estimate model)"
    // New meeting venues in pick order, drawn on top of everything with their numbers.
    std::vector<MapPick> picks;
    std::string picks_label;            // "New NA meeting venue, in pick order (dashed: its reach)"

    // Legend wording. An empty label leaves its row out (a map of isochrones alone has no gaps).
    std::string gap_label;         // "More than 2 mi from an eligible meeting (gap)"
    std::string coverage_label;    // "Within 2 mi of an eligible meeting"
    // Said after coverage_label when each eligible meeting's dashed circle is drawn (" (dashed: each
    // meeting's reach)"); left out with the circles when the meetings crowd (a national map).
    std::string reach_circles_note;
    std::string hotspot_label;     // "People in treatment in gap hotspots (modelled)"; "" for no hotspot section
    std::string suppressed_label;  // "Count suppressed (disclosure control)"
    // The hatched square of the hotspot grid: hotspots there, every one's count suppressed.
    std::string suppressed_cell_label = "Gap hotspots here, every count suppressed (disclosure control)";
    std::string meetings_label;    // "Meetings (eligible: NA, in person or hybrid, any time)"
    // Measuring an asset service (map --of pharmacies): `meetings` are its places, drawn alike, and
    // the legend gives them this one row ("Pharmacy") in place of the fellowships'.
    std::string sites_row;

    // For the SVG <title>/<desc> and the PDF's document information.
    std::string description;
};

// What a piece of text on the map is, so tests can tell a scale-bar number from a count.
// legend_grid: the hotspot grid's heading (its cell size) and its classes' ranges ("10–49").
enum class MapTextRole { title, subtitle, town, legend, legend_reference, legend_grid, scale, north, attribution, credit, pick };

struct MapText {
    MapTextRole role;
    std::string text;
};

struct RenderedMap {
    std::string bytes;            // the file's content
    std::vector<MapText> texts;   // every piece of text drawn, in drawing order
    double hotspot_cell_metres = 0;  // the hotspot grid's square (1000 = 1 km), 0 when drawn as points
    bool small_meetings = false;     // meetings drawn small, without their reach circles (they crowd)
};

// The hotspots of one square of the grid. Only published counts are summed: a suppressed count is
// never added, so the sum is what the published table already gives.
struct HotspotCell {
    long long column = 0, row = 0;  // the square [column, column + 1) × [row, row + 1) in cell sizes
    long long published_sum = 0;    // the sum of the published counts in it
    std::size_t published = 0;      // hotspots with a published count (zero included)
    std::size_t suppressed = 0;     // hotspots whose count is suppressed
    // Drawn hatched: people are here but none of their counts may be shown.
    bool only_suppressed() const { return published_sum == 0 && suppressed > 0; }
};

// The hotspots inside `within` summed in squares of `cell_metres` aligned on multiples of it in the
// working CRS, ordered by row then column; squares without a hotspot are left out.
std::vector<HotspotCell> hotspot_cells(const std::vector<MapHotspot>& hotspots, double cell_metres, const MapBox& within);

// Marks crowd when, on average, each occupied square of `bin_pt` points on the page holds more than
// this many of them (map.md).
constexpr double crowded_marks_per_square = 2.0;
// How crowded marks at `points` are when drawn at `points_per_metre` inside `within`: the marks there
// divided by the squares of `bin_pt` points they occupy (0 for none).
double crowding(const std::vector<Point>& points, const MapBox& within, double points_per_metre, double bin_pt);

// The hotspot grid's square for a map scale: the smallest round size (1, 2, 5 × 10^k metres) at
// least `min_cell_pt` points wide on the page.
constexpr double min_cell_pt = 5.0;
double grid_cell_metres(double points_per_metre);

// The classes of the grid's positive sums: their lower bounds, round numbers (whole numbers to 10,
// then 1, 2, 2.5, 5 × 10^k) at or below the smallest sum and the quintiles; at most 5. Empty when
// no sum is positive.
std::vector<long long> grid_classes(std::vector<long long> sums);

// The radius in points of a hotspot symbol for a published count, when the largest published
// count on the map is `largest`: areas in proportion to the counts.
double hotspot_radius(long long count, long long largest);
// The one size every suppressed hotspot is drawn at, whatever its true count.
constexpr double suppressed_radius_pt = 4.0;

// Draws the map; the same content gives the same bytes. Throws RuntimeFailure when Cairo fails.
RenderedMap render_map(const MapContent& map, MapFormat format, const Page& page);

// A printable booklet (PDF): one section per town, each its map (a page as render_map draws it)
// followed by its listing on as many pages as it takes.
struct BookletLine {
    std::string text;
    bool heading = false;  // a sub-heading ("Meetings", "Assets") or an entry's first line
    int indent = 0;        // 0, 1, 2: deeper lines are details of the entry above
};

struct BookletSection {
    MapContent map;
    std::string heading;              // the town
    std::string listing_title = "what there is";  // after the heading on the listing's first page
    std::vector<BookletLine> lines;   // its listing
};

struct Booklet {
    std::string title;                // on the cover and in the PDF's information
    std::vector<std::string> cover;   // lines under the title on the cover page
    std::string footer;               // on every listing page (attribution, "illustrative" warnings)
    std::vector<BookletSection> sections;
};

// Draws the booklet as one PDF; the same content gives the same bytes. The texts recorded are every
// piece of text on every page, in order.
RenderedMap render_booklet(const Booklet& booklet, const Page& page);

// The fill colour of a pick's disc (0xRRGGBB), for tests that look at the pixels.
constexpr unsigned pick_fill_rgb = palette::new_venue_fill;

// The colour gap areas show in over the white of the study area (0xRRGGBB), for tests that look
// at the pixels: the palette's gap fill at its opacity.
constexpr unsigned gap_fill_rgb = palette::over_white(palette::gap.fill, palette::gap.fill_opacity);

// The colour of isochrone band `band` (0: the shortest time) of `bands` as it shows over the white
// of the study area (0xRRGGBB): the band's colour at its opacity. Up to 6 bands have their own
// colours; further ones repeat the lightest.
unsigned isochrone_band_rgb(std::size_t band, std::size_t bands);

}  // namespace roisc::render
