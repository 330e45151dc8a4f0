#include "import_meetings.hpp"

#include "options/meetings.hpp"
#include "roisc/core/text.hpp"

#include "roisc/core/crs.hpp"
#include "roisc/core/error.hpp"
#include "roisc/io/layer.hpp"
#include "roisc/io/manifest.hpp"
#include "roisc/io/meeting_feed.hpp"
#include "roisc/io/output.hpp"

#include <ogr_spatialref.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>

namespace fs = std::filesystem;

namespace roisc::cli {

namespace {

struct OutputPaths {
    std::string geojson, gpkg;
    std::string directory;  // set when --out names a folder (created if missing)
};

// --out is a folder (meetings.geojson + meetings.gpkg inside) or one of the two files, the other
// written beside it with the same name.
OutputPaths output_paths(const std::string& out) {
    const fs::path p(out);
    const std::string ext = lower(p.extension().string());
    OutputPaths paths;
    std::error_code ec;
    const bool trailing_slash = !out.empty() && (out.back() == '/' || out.back() == '\\');
    if (trailing_slash || fs::is_directory(p, ec) || ext.empty()) {
        paths.directory = out;
        paths.geojson = (p / "meetings.geojson").string();
        paths.gpkg = (p / "meetings.gpkg").string();
    } else if (ext == ".geojson" || ext == ".json") {
        paths.geojson = out;
        paths.gpkg = fs::path(p).replace_extension(".gpkg").string();
    } else if (ext == ".gpkg") {
        paths.gpkg = out;
        paths.geojson = fs::path(p).replace_extension(".geojson").string();
    } else {
        throw ArgumentError("--out " + out + ": give a folder, or a file ending in .geojson or .gpkg (both are "
                                             "written, side by side).");
    }
    return paths;
}

// lon/lat -> the working CRS, for meetings placed by their feed's own coordinates.
GridProjection grid_projection(const WorkingCrs& crs) {
    OGRSpatialReference wgs84, target;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (target.SetFromUserInput(crs.code.c_str()) != OGRERR_NONE) return {};
    target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::shared_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&wgs84, &target));
    if (!ct) return {};
    // As when reading layers: a margin around the CRS's area of use, nothing far outside it.
    LonLatBox allowed = crs.area_of_use;
    allowed.west -= 1.0, allowed.east += 1.0, allowed.south -= 1.0, allowed.north += 1.0;
    return [ct, allowed](double lon, double lat) -> std::optional<std::pair<double, double>> {
        if (!allowed.contains(lon, lat)) return std::nullopt;
        double x = lon, y = lat;
        if (!ct->Transform(1, &x, &y)) return std::nullopt;
        return std::make_pair(x, y);
    };
}

// The postcode lookup for import: an exact match on the normalised postcode in the manifest's
// `postcodes` layer (units, sectors and districts alike). Kept small on purpose; the project's
// geocoder can take its place by providing another MeetingPostcodeLookup.
class PostcodeLayerIndex {
public:
    PostcodeLayerIndex(const Layer& layer, const std::string& working_crs) {
        OGRSpatialReference working, wgs84;
        working.SetFromUserInput(working_crs.c_str());
        working.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        wgs84.SetWellKnownGeogCS("WGS84");
        wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        std::unique_ptr<OGRCoordinateTransformation> to_lonlat(OGRCreateCoordinateTransformation(&working, &wgs84));
        for (const auto& f : layer.features) {
            if (!f.geometry || !to_lonlat) continue;
            const auto code = layer.text(f, "postcode");
            if (!code) continue;
            OGRPoint centre;
            if (f.geometry->Centroid(&centre) != OGRERR_NONE) continue;
            double lon = centre.getX(), lat = centre.getY();
            if (!to_lonlat->Transform(1, &lon, &lat)) continue;
            points_.emplace(normalise_meeting_postcode(*code),
                            MeetingLocation{lon, lat, centre.getX(), centre.getY()});
        }
    }
    std::optional<MeetingLocation> find(const std::string& postcode) const {
        auto it = points_.find(normalise_meeting_postcode(postcode));
        if (it == points_.end()) return std::nullopt;
        return it->second;
    }
    std::size_t size() const { return points_.size(); }

private:
    std::unordered_map<std::string, MeetingLocation> points_;
};

std::string counts_text(const std::map<std::string, int>& counts) {
    std::string out;
    for (const auto& [k, n] : counts) out += (out.empty() ? "" : ", ") + k + " " + std::to_string(n);
    return out.empty() ? "none" : out;
}

constexpr std::size_t max_listed = 20;

}  // namespace

void ImportCommand::declare(CLI::App& app) {
    app.require_subcommand(1);
    meetings_app_ = app.add_subcommand(
        "meetings",
        "Read a meeting list (Meeting Guide JSON, BMLT JSON, AA GB marker CSV or a plain CSV) and write a meetings "
        "layer as GeoJSON and GeoPackage");
    meetings_app_->fallthrough();
    meetings_app_->add_option("feed", meetings_.feed, "The meeting list file")->required()->type_name("FEED");
    meetings_app_
        ->add_option("--format-of", meetings_.format_of, "The feed's format; default: detected from its content")
        ->check(CLI::IsMember({"meeting-guide", "bmlt", "aa-gb", "csv"}))
        ->type_name("meeting-guide|bmlt|aa-gb|csv");
    meetings_app_
        ->add_option("--fellowship", meetings_.fellowship,
                     "Fellowship of the meetings when the feed does not say: AA, NA, CA, SMART, Al-Anon, Other")
        ->check(fellowship_validator(false))
        ->type_name("NAME");
    meetings_app_
        ->add_option("-o,--out", meetings_.out,
                     "A folder (meetings.geojson and meetings.gpkg are written in it), or a .geojson or .gpkg file "
                     "(the other is written beside it)")
        ->required()
        ->type_name("DIR_OR_FILE");
    meetings_app_->add_flag("--no-postcodes", meetings_.no_postcodes,
                            "Do not place meetings without coordinates from the manifest's postcodes layer");
}

void ImportCommand::validate() {
    if (!meetings_app_ || !meetings_app_->parsed()) return;
    (void)output_paths(meetings_.out);  // the extension check needs no file access beyond is_directory
}

int ImportCommand::run(Context& context) {
    if (!meetings_app_ || !meetings_app_->parsed()) throw ArgumentError("roisc import: say what to import: meetings.");
    auto& err = context.err;
    const bool quiet = context.global.quiet;

    FeedOptions options;
    if (!meetings_.format_of.empty()) options.format = feed_format_from_string(meetings_.format_of);
    if (!meetings_.fellowship.empty()) {
        options.fellowship = fellowship_from_text(meetings_.fellowship);
        options.fellowship_text = meetings_.fellowship;
    }
    FeedResult feed = read_meeting_feed(meetings_.feed, options);

    // Placing needs the working CRS and, for meetings without coordinates, the postcodes layer.
    MeetingPostcodeLookup lookup;
    GridProjection projection;
    std::string crs_code;
    std::vector<std::string> placing_notes;
    std::unique_ptr<PostcodeLayerIndex> postcodes;
    std::optional<Manifest> manifest;
    try {
        manifest = load_manifest(context.manifest_path());
    } catch (const Error& e) {
        // An explicit --manifest must work; the default one is only a convenience here.
        if (!context.global.manifest.empty()) throw;
        placing_notes.push_back(std::string("no manifest (") + e.what() +
                                "): meetings are placed by their own coordinates only");
    }
    if (manifest) {
        const auto postcode_specs = manifest->with_role(Role::postcodes);
        std::optional<LonLatBox> extent;
        if (manifest->crs == "auto" && !postcode_specs.empty()) extent = probe_extent(*postcode_specs.front());
        const WorkingCrs crs = choose_working_crs(manifest->crs, extent);
        crs_code = crs.code;
        projection = grid_projection(crs);
        const bool needs_postcodes = std::any_of(feed.meetings.begin(), feed.meetings.end(), [](const Meeting& m) {
            return !m.online_only() && !m.location && !m.postcode.empty();
        });
        if (meetings_.no_postcodes) {
            placing_notes.push_back("--no-postcodes: meetings without coordinates are not placed");
        } else if (needs_postcodes && postcode_specs.empty()) {
            placing_notes.push_back(manifest->path + " has no postcodes layer: meetings without coordinates cannot be "
                                                     "placed");
        } else if (needs_postcodes) {
            const LayerSpec& spec = *postcode_specs.front();
            if (!quiet) err << "reading postcodes layer '" << spec.name << "' to place meetings without coordinates\n";
            const Layer layer = read_layer(spec, crs);
            if (!layer.usable()) {
                placing_notes.push_back("the postcodes layer '" + spec.name + "' (" + spec.source_as_written +
                                        ") cannot be used (run `roisc layers " + spec.name +
                                        "`): meetings without coordinates are not placed");
            } else {
                postcodes = std::make_unique<PostcodeLayerIndex>(layer, crs.code);
                const PostcodeLayerIndex* index = postcodes.get();
                lookup = [index](const std::string& postcode) { return index->find(postcode); };
            }
        }
    }
    const PlacementSummary placed = place_meetings(feed.meetings, lookup, projection);

    const OutputPaths paths = output_paths(meetings_.out);
    if (!paths.directory.empty()) {
        result_folder(paths.directory);  // both layers replace the folder's earlier set together
    } else {
        const fs::path parent = fs::path(paths.geojson).parent_path();
        std::error_code ec;
        if (!parent.empty() && !fs::is_directory(parent, ec)) {
            throw ArgumentError("--out " + meetings_.out + ": the folder " + parent.string() +
                                " does not exist. Create it first, or name an existing folder.");
        }
    }
    const std::size_t features = write_meeting_layers(feed.meetings, paths.geojson, paths.gpkg);

    if (quiet) return 0;
    std::map<std::string, int> by_fellowship, by_attendance;
    std::size_t slots = 0, without_time = 0;
    for (const auto& m : feed.meetings) {
        ++by_fellowship[to_string(m.fellowship)];
        ++by_attendance[to_string(m.attendance)];
        slots += m.slots.size();
        if (m.slots.empty()) ++without_time;
    }
    err << "read " << feed.path << " as " << description(feed.format) << ": " << feed.records << " meeting"
        << (feed.records == 1 ? "" : "s") << ", " << feed.meetings.size() << " kept, " << feed.skipped()
        << " skipped\n";
    err << "  fellowship:   " << counts_text(by_fellowship) << "\n";
    err << "  attendance:   " << counts_text(by_attendance) << "\n";
    err << "  weekly slots: " << slots << " (" << without_time << " meeting" << (without_time == 1 ? "" : "s")
        << " without a fixed weekly time)\n";
    err << "  placed:       " << placed.from_feed << " by feed coordinates, " << placed.from_postcode
        << " by postcode; " << placed.online_only << " online only (no place needed); " << placed.unplaced
        << " unplaced\n";
    if (placed.outside_grid > 0) {
        err << "  outside the area of " << crs_code << ": " << placed.outside_grid
            << " placed meeting(s) (kept, in lon/lat; a manifest for their area gives them x/y)\n";
    }
    for (const auto& n : feed.notes) err << "  note: " << n << "\n";
    for (const auto& n : placing_notes) err << "  note: " << n << "\n";
    if (!placed.unplaced_meetings.empty()) {
        err << "  unplaced (kept in the layer without a location, out of spatial analysis):\n";
        for (std::size_t i = 0; i < placed.unplaced_meetings.size() && i < max_listed; ++i) {
            err << "    " << placed.unplaced_meetings[i].first << ": " << placed.unplaced_meetings[i].second << "\n";
        }
        if (placed.unplaced_meetings.size() > max_listed) {
            err << "    … and " << placed.unplaced_meetings.size() - max_listed << " more (field unplaced_reason)\n";
        }
    }
    if (feed.problems.empty()) {
        err << "  warnings:     none\n";
    } else {
        std::map<std::string, int> by_code;
        for (const auto& p : feed.problems) ++by_code[p.code];
        err << "  warnings:     " << feed.problems.size() << " (" << counts_text(by_code) << ")\n";
        for (std::size_t i = 0; i < feed.problems.size() && i < max_listed; ++i) {
            err << "    warning: " << describe(feed, feed.problems[i]) << "\n";
        }
        if (feed.problems.size() > max_listed) {
            err << "    … and " << feed.problems.size() - max_listed
                << " more; each kept meeting's are in its notes field\n";
        }
    }
    err << "wrote " << features << " feature" << (features == 1 ? "" : "s") << " (one per weekly slot) to "
        << paths.geojson << " and " << paths.gpkg << "\n";
    return 0;
}

}  // namespace roisc::cli
