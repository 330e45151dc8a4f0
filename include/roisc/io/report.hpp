#pragma once
// The shareable report: one self-contained HTML page per run (or per set of saved queries) for
// readers without GIS, with an interactive map (Leaflet, inlined), a layer switcher that is also the
// legend, the result tables (sortable) and how the results were made. The page makes no network
// request: the map library, its stylesheet and the data are inside it, and a Content-Security-Policy
// forbids loading anything else, unless the user asks for basemap tiles. The same inputs give the
// same bytes.
#include "roisc/core/crs.hpp"
#include "roisc/core/table.hpp"
#include "roisc/io/output.hpp"
#include "roisc/model/metadata.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace roisc {

// Leaflet's script and stylesheet as read from disk, ready to inline.
struct LeafletAssets {
    std::string js;
    std::string css;
    std::string version;  // "1.7.1", read from the script's banner; "" when it has none
    std::string dir;      // where they were found
};

// Where the report looks for Leaflet: $ROISC_LEAFLET_DIR when set, else Debian's libjs-leaflet
// (/usr/share/javascript/leaflet).
std::string leaflet_dir();
// Reads leaflet.js and leaflet.css from `dir`, with source-map comments removed (a browser with its
// developer tools open would fetch the map) and the stylesheet's image references dropped (the
// page never shows Leaflet's own icons). Throws RuntimeFailure naming the missing file and the
// package to install.
LeafletAssets load_leaflet(const std::string& dir);

// One layer of a report's map, drawn in its layer style (the printed map's symbols, from the one
// palette). Layers are drawn in the order given, the first at the bottom.
struct ReportLayer {
    std::shared_ptr<const OutputLayer> layer;  // features in the working CRS; fields shown in popups
    std::string legend;                  // the switcher's label: what the layer shows
    bool shown = true;                   // switched on when the page opens
    // Count fields whose null means "hidden by disclosure control" (shown as the marker). Fields
    // named in a feature's `suppressed_counts` are always shown so.
    std::vector<std::string> counts;
    // Also show its attribute table, as in its CSV (`id`, then the fields), after the summary tables.
    bool table = false;
    // When `layer` holds only part of the run's layer (a national run's hotspots: a page a browser
    // can open), the sentence saying which part and where the rest is; shown under the layer's
    // legend entry and its table's caption. Empty: the page holds the whole layer.
    std::string partial;
    // A meetings layer of more than report_max_features meetings: only these fellowships' layers
    // ("NA") are switched on when the page opens, the others a tick away (20,000 meeting markers
    // make a page slow to draw and to pan). Empty: every one is switched on.
    std::vector<std::string> first_shown;
};

// The most features of one layer a report page holds: a browser opens a page of some megabytes,
// not one of hundreds (843,721 hotspots made a 661 MB page).
constexpr std::size_t report_max_features = 5000;

// A result table as the command prints it (counts already protected: "*", "97+*").
struct ReportTable {
    std::string id;     // the CSV file it matches, without .csv ("gaps_by_town")
    std::string title;  // a caption for people
    std::shared_ptr<const Table> table;
};

// One question answered: its map, tables and method. A report holds one section per query.
struct ReportSection {
    std::string title;                    // the question, as a heading
    std::vector<std::string> summary;     // sentences printed under the heading (the command's notes)
    std::vector<ReportLayer> layers;      // the map's layers, bottom first
    std::vector<ReportTable> tables;      // summary tables
    Metadata metadata;                    // the run's metadata.json: query, model, sources, disclosure
    WorkingCrs crs;
};

struct ReportPage {
    std::string title;
    std::vector<ReportSection> sections;
    std::string tiles;        // a basemap tile URL template ({z}/{x}/{y}); empty: none, no request at all
    std::string attribution;  // data credits, printed under each map
};

// Checks a basemap tile URL template: http(s), a host, and {z}, {x}, {y}. Returns the origin
// ("https://tile.example.org") the page's security policy then allows images from. Throws
// ArgumentError saying what is wrong.
std::string tile_origin(const std::string& url_template);

// The page's HTML.
std::string report_html(const ReportPage& page, const LeafletAssets& leaflet);
// Writes it through a temporary file (a failed run leaves no partial page).
void write_report(const std::string& path, const ReportPage& page, const LeafletAssets& leaflet);

}  // namespace roisc
