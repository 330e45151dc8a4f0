// After reading a meeting feed: placing its meetings (feed coordinates or postcode) and writing
// them as a meetings layer (GeoJSON, GeoPackage).
#include "roisc/io/meeting_feed.hpp"

#include "feeds/feed_text.hpp"
#include "roisc/io/output.hpp"
#include "roisc/version.hpp"

#include <ogr_geometry.h>

#include <memory>
#include <set>

namespace roisc {

using feeds::in_quotes;

PlacementSummary place_meetings(std::vector<Meeting>& meetings, const MeetingPostcodeLookup& lookup,
                                const GridProjection& project) {
    PlacementSummary summary;
    for (auto& m : meetings) {
        m.unplaced_reason.clear();
        if (m.online_only()) {
            // Nowhere to walk to: kept out of physical coverage.
            m.location.reset();
            m.placed_by = Placement::none;
            ++summary.online_only;
            continue;
        }
        if (m.location) {
            m.placed_by = Placement::feed;
            ++summary.from_feed;
        } else if (!m.postcode.empty() && lookup) {
            if (auto found = lookup(normalise_meeting_postcode(m.postcode))) {
                m.location = *found;
                m.placed_by = Placement::postcode;
                ++summary.from_postcode;
            } else {
                m.unplaced_reason = "no coordinates, and postcode " + m.postcode + " is not in the postcodes layer";
            }
        } else if (!m.postcode.empty()) {
            m.unplaced_reason = "no coordinates, and no postcode lookup to place postcode " + m.postcode;
        } else {
            m.unplaced_reason = "no coordinates and no postcode";
        }
        if (!m.location) {
            m.placed_by = Placement::none;
            ++summary.unplaced;
            summary.unplaced_meetings.emplace_back(m.source.where() + " " + in_quotes(m.name), m.unplaced_reason);
            continue;
        }
        if (project && !(m.location->x && m.location->y)) {
            if (auto xy = project(m.location->lon, m.location->lat)) {
                m.location->x = xy->first;
                m.location->y = xy->second;
            } else {
                ++summary.outside_grid;
            }
        }
    }
    return summary;
}

// ---- writing ------------------------------------------------------------------------------------

const std::vector<std::string>& meeting_layer_fields() {
    static const std::vector<std::string> fields = [] {
        std::vector<std::string> f = {"meeting_id", "feed_id", "name",     "fellowship", "fellowship_text",
                                      "venue",      "address", "postcode", "weekday",    "start",
                                      "end",        "slots",   "attendance", "types"};
        for (const auto& [name, member] : meeting_flag_fields()) f.push_back(name);
        for (const char* n : {"timezone", "placed_by", "unplaced_reason", "source", "notes"}) f.push_back(n);
        return f;
    }();
    return fields;
}

namespace {

std::string join_notes(const std::vector<std::string>& notes) {
    std::string out;
    for (const auto& n : notes) out += (out.empty() ? "" : "; ") + n;
    return out;
}

// The meetings in lon/lat, one feature per weekly slot, fields as meeting_layer_fields().
OutputLayer meeting_layer(const std::vector<Meeting>& meetings) {
    OutputLayer layer;
    layer.name = "meetings";
    layer.title = "Meetings, one feature per weekly slot (roisc import-meetings)";
    std::set<std::string> flag_names;
    for (const auto& [name, member] : meeting_flag_fields()) flag_names.insert(name);
    for (const auto& name : meeting_layer_fields()) {
        layer.fields.push_back({name, flag_names.count(name) ? OutputField::Type::boolean : OutputField::Type::text});
    }
    auto text = [](const std::string& value) { return value.empty() ? FieldValue{} : FieldValue{value}; };
    for (const auto& m : meetings) {
        const std::size_t slot_count = std::max<std::size_t>(1, m.slots.size());
        for (std::size_t k = 0; k < slot_count; ++k) {
            OutputFeature f;
            f.id = m.slots.size() > 1 ? m.id + "#" + std::to_string(k + 1) : m.id;
            const WeeklySlot* slot = m.slots.empty() ? nullptr : &m.slots[k];
            f.values = {text(f.id),
                        text(m.id),
                        text(m.name),
                        text(to_string(m.fellowship)),
                        text(m.fellowship_text),
                        text(m.venue),
                        text(m.address),
                        text(m.postcode),
                        slot ? text(abbreviation(slot->weekday)) : FieldValue{},
                        slot ? text(slot->start_text()) : FieldValue{},
                        slot ? text(slot->end_text()) : FieldValue{},
                        text(m.slots_text()),
                        text(to_string(m.attendance)),
                        text(m.types_text())};
            for (const auto& [name, member] : meeting_flag_fields()) f.values.emplace_back(m.flags.*member ? 1LL : 0LL);
            for (const std::string& v : {m.timezone, std::string(to_string(m.placed_by)), m.unplaced_reason,
                                         m.source.path + ": " + m.source.where(), join_notes(m.notes)}) {
                f.values.push_back(text(v));
            }
            if (m.location) f.geometry = std::make_shared<OGRPoint>(m.location->lon, m.location->lat);
            layer.features.push_back(std::move(f));
        }
    }
    return layer;
}

}  // namespace

std::size_t write_meeting_layers(const std::vector<Meeting>& meetings, const std::string& geojson_path,
                                 const std::string& gpkg_path) {
    const OutputLayer layer = meeting_layer(meetings);
    WorkingCrs lon_lat;  // the layer's own CRS: meetings are written as the feeds give them
    lon_lat.code = "EPSG:4326";
    lon_lat.name = "WGS 84";
    const Metadata metadata = {{"generator", std::string("roisc ") + roisc::version + " import-meetings"}};
    if (!geojson_path.empty()) write_geojson(geojson_path, layer, lon_lat, metadata);
    if (!gpkg_path.empty()) write_geopackage(gpkg_path, {&layer}, lon_lat, metadata);
    return layer.features.size();
}

}  // namespace roisc
