#include "demand_columns.hpp"

#include "roisc/model/study.hpp"

#include <cpl_error.h>
#include <cpl_string.h>
#include <ogr_recordbatch.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string_view>
#include <utility>

namespace roisc::demand_columns {

namespace {

// The Arrow C structs own their memory through `release`; these give each one a single owner.
struct StreamHolder {
    ArrowArrayStream s{};
    ~StreamHolder() {
        if (s.release) s.release(&s);
    }
};
struct SchemaHolder {
    ArrowSchema s{};
    ~SchemaHolder() {
        if (s.release) s.release(&s);
    }
};
struct ArrayHolder {
    ArrowArray a{};
    ~ArrayHolder() {
        if (a.release) a.release(&a);
    }
    void reset() {
        if (a.release) a.release(&a);
        a = ArrowArray{};
    }
};

// The value of `key` in an Arrow schema's metadata (int32 count, then length-prefixed keys and
// values, in native byte order), or "".
std::string metadata_value(const char* metadata, const std::string& key) {
    if (!metadata) return "";
    auto read_int = [&](const char*& p) {
        std::int32_t n = 0;
        std::memcpy(&n, p, sizeof n);
        p += sizeof n;
        return n;
    };
    const char* p = metadata;
    const std::int32_t pairs = read_int(p);
    for (std::int32_t i = 0; i < pairs; ++i) {
        const std::int32_t key_len = read_int(p);
        const std::string k(p, static_cast<std::size_t>(key_len));
        p += key_len;
        const std::int32_t value_len = read_int(p);
        const std::string v(p, static_cast<std::size_t>(value_len));
        p += value_len;
        if (k == key) return v;
    }
    return "";
}

// What a column is to us, decided once from its Arrow format.
enum class Kind {
    integer,     // c s i l: whole numbers, signed
    text,        // u U: UTF-8 text, to check
    wkb,         // z Z with the ogc.wkb extension: the geometry
    unchecked,   // numbers, booleans, dates, times, bytes: nothing the loop could object to
};

std::optional<Kind> kind_of(const ArrowSchema& column) {
    if (column.dictionary || column.n_children != 0) return std::nullopt;
    const std::string format = column.format ? column.format : "";
    if (format == "c" || format == "s" || format == "i" || format == "l") return Kind::integer;
    if (format == "u" || format == "U") return Kind::text;
    if (format == "z" || format == "Z") {
        return metadata_value(column.metadata, "ARROW:extension:name") == "ogc.wkb" ? Kind::wkb : Kind::unchecked;
    }
    if (format == "b" || format == "C" || format == "S" || format == "I" || format == "L" || format == "e" ||
        format == "f" || format == "g" || format == "tdD" || format == "tdm" || format.rfind("tt", 0) == 0 ||
        format.rfind("ts", 0) == 0) {
        return Kind::unchecked;
    }
    return std::nullopt;  // lists, structs, decimals, …: the loop reads them its own way
}

// One column of one batch: its array, the row offset it inherits from the batch, and its kind.
struct Column {
    const ArrowArray* array = nullptr;
    std::int64_t base = 0;  // batch offset + own offset
    Kind kind = Kind::unchecked;
    bool large = false;     // 64-bit offsets (U, Z)
    char format = 0;

    bool is_null(std::int64_t row) const {
        if (array->null_count == 0 || !array->buffers[0]) return false;
        const std::int64_t i = base + row;
        const auto* bits = static_cast<const std::uint8_t*>(array->buffers[0]);
        return (bits[i >> 3] & (1u << (i & 7))) == 0;
    }
    long long integer(std::int64_t row) const {
        const std::int64_t i = base + row;
        switch (format) {
            case 'c': return static_cast<const std::int8_t*>(array->buffers[1])[i];
            case 's': return static_cast<const std::int16_t*>(array->buffers[1])[i];
            case 'i': return static_cast<const std::int32_t*>(array->buffers[1])[i];
            default: return static_cast<const std::int64_t*>(array->buffers[1])[i];
        }
    }
    std::string_view bytes(std::int64_t row) const {
        const std::int64_t i = base + row;
        std::int64_t begin = 0, end = 0;
        if (large) {
            const auto* offsets = static_cast<const std::int64_t*>(array->buffers[1]);
            begin = offsets[i], end = offsets[i + 1];
        } else {
            const auto* offsets = static_cast<const std::int32_t*>(array->buffers[1]);
            begin = offsets[i], end = offsets[i + 1];
        }
        const char* data = static_cast<const char*>(array->buffers[2]);
        return {data + begin, static_cast<std::size_t>(end - begin)};
    }
};

// Text the loop would take as it is: valid UTF-8, and no NUL (GDAL's strings end there).
bool plain_text(std::string_view s) {
    return std::memchr(s.data(), '\0', s.size()) == nullptr && CPLIsUTF8(s.data(), static_cast<int>(s.size())) != 0;
}

// A non-empty 2D WKB Point (either byte order); ISO/extended Z and M variants are left to the loop.
bool wkb_point(std::string_view wkb, double& x, double& y) {
    if (wkb.size() != 21) return false;
    const auto order = static_cast<unsigned char>(wkb[0]);
    if (order > 1) return false;
    const bool swap = (order == 1) != (CPL_IS_LSB == 1);
    unsigned char raw[20];
    std::memcpy(raw, wkb.data() + 1, 20);
    if (swap) {
        std::reverse(raw, raw + 4);
        std::reverse(raw + 4, raw + 12);
        std::reverse(raw + 12, raw + 20);
    }
    std::uint32_t type = 0;
    std::memcpy(&type, raw, 4);
    if (type != 1) return false;
    std::memcpy(&x, raw + 4, 8);
    std::memcpy(&y, raw + 12, 8);
    return std::isfinite(x) && std::isfinite(y);  // NaN is GDAL's empty point
}

}  // namespace

std::optional<CleanDemand> read_clean_demand(const Source& source) {
    OGRLayer& layer = source.layer;
    if (layer.GetLayerDefn()->GetGeomFieldCount() != 1) return std::nullopt;

    StreamHolder stream;
    CPLStringList options;
    options.SetNameValue("INCLUDE_FID", "NO");
    if (!layer.GetArrowStream(&stream.s, options.List())) return std::nullopt;
    SchemaHolder schema;
    if (stream.s.get_schema(&stream.s, &schema.s) != 0 || !schema.s.format || std::string(schema.s.format) != "+s") {
        return std::nullopt;
    }

    // Each Arrow column by name: every field of the layer and the one geometry, nothing else.
    const std::size_t n_columns = static_cast<std::size_t>(schema.s.n_children);
    std::vector<Kind> kinds(n_columns);
    std::vector<char> formats(n_columns);
    std::vector<int> field_of(n_columns, -1);
    int geometry = -1;
    std::vector<int> column_of_field(source.field_names.size(), -1);
    for (std::size_t c = 0; c < n_columns; ++c) {
        const ArrowSchema& column = *schema.s.children[c];
        const auto kind = kind_of(column);
        if (!kind) return std::nullopt;
        kinds[c] = *kind;
        formats[c] = column.format[0];
        if (*kind == Kind::wkb) {
            if (geometry >= 0) return std::nullopt;
            geometry = static_cast<int>(c);
            continue;
        }
        const std::string name = column.name ? column.name : "";
        for (std::size_t f = 0; f < source.field_names.size(); ++f) {
            if (source.field_names[f] == name && column_of_field[f] < 0) {
                field_of[c] = static_cast<int>(f);
                column_of_field[f] = static_cast<int>(c);
                break;
            }
        }
        if (field_of[c] < 0) return std::nullopt;
    }
    if (geometry < 0) return std::nullopt;
    for (const int c : column_of_field) {
        if (c < 0) return std::nullopt;
    }
    if (source.id_field < 0) return std::nullopt;
    const int id_column = column_of_field[static_cast<std::size_t>(source.id_field)];
    if (kinds[id_column] != Kind::text && !(kinds[id_column] == Kind::integer)) return std::nullopt;
    std::vector<int> cohort_columns;
    for (const int f : source.cohort_fields) {
        if (f < 0) return std::nullopt;
        const int c = column_of_field[static_cast<std::size_t>(f)];
        if (kinds[c] != Kind::integer) return std::nullopt;
        cohort_columns.push_back(c);
    }

    CleanDemand clean;
    if (source.expected_rows > 0) {
        clean.rows.reserve(source.expected_rows);
        clean.counts.reserve(source.expected_rows * cohort_columns.size());
    }

    // Projected sources: moved a block at a time exactly as read_layer's settle_points does (same
    // block boundaries, same calls), so that the points are the same to the bit.
    constexpr std::size_t block = 4096;
    std::size_t settled = 0;
    std::vector<double> lon, lat, wx, wy, wz;
    std::vector<int> lon_ok, w_ok;
    Extent source_extent;
    // Moving every point to longitude/latitude only to check that it lies in `allowed` was most of
    // the reading's time. A block whose bounding box (in the source's CRS) has its whole outline,
    // densely sampled, well inside `allowed` has every point inside too (the projection is smooth and
    // one-to-one there, so the outline's image encloses the points' images, and `allowed` is convex):
    // its points need no check of their own. Any other block is checked point by point as before.
    constexpr int samples_per_side = 32;
    constexpr double margin_degrees = 0.05;  // far more than the outline bends between two samples
    std::vector<double> edge_x, edge_y;
    std::vector<int> edge_ok;
    auto surely_allowed = [&](const Extent& box) {
        edge_x.clear(), edge_y.clear();
        for (int k = 0; k < samples_per_side; ++k) {
            const double t = static_cast<double>(k) / samples_per_side;
            const double x = box.min_x + t * (box.max_x - box.min_x), y = box.min_y + t * (box.max_y - box.min_y);
            const double x_back = box.max_x - t * (box.max_x - box.min_x), y_back = box.max_y - t * (box.max_y - box.min_y);
            edge_x.insert(edge_x.end(), {x, box.max_x, x_back, box.min_x});
            edge_y.insert(edge_y.end(), {box.min_y, y, box.max_y, y_back});
        }
        edge_ok.assign(edge_x.size(), 1);
        source.to_lonlat.Transform(edge_x.size(), edge_x.data(), edge_y.data(), nullptr, edge_ok.data());
        const LonLatBox& a = source.allowed;
        for (std::size_t i = 0; i < edge_x.size(); ++i) {
            if (!edge_ok[i] || !std::isfinite(edge_x[i]) || !std::isfinite(edge_y[i])) return false;
            if (edge_x[i] < a.west + margin_degrees || edge_x[i] > a.east - margin_degrees ||
                edge_y[i] < a.south + margin_degrees || edge_y[i] > a.north - margin_degrees) {
                return false;
            }
        }
        return true;
    };
    auto settle = [&]() {
        const std::size_t n = clean.rows.size() - settled;
        if (n == 0) return true;
        lon.resize(n), lat.resize(n), wx.resize(n), wy.resize(n);
        wz.assign(n, 0.0), lon_ok.assign(n, 1), w_ok.assign(n, 1);
        Extent box;  // the block's, in the source's CRS
        for (std::size_t i = 0; i < n; ++i) {
            const Point& p = clean.rows[settled + i].at;
            lon[i] = wx[i] = p.x, lat[i] = wy[i] = p.y;
            OGREnvelope at;
            at.MinX = at.MaxX = p.x;
            at.MinY = at.MaxY = p.y;
            box.expand(at);
        }
        const bool checked = surely_allowed(box);
        if (!checked) source.to_lonlat.Transform(n, lon.data(), lat.data(), nullptr, lon_ok.data());
        source.to_working.Transform(n, wx.data(), wy.data(), wz.data(), w_ok.data());
        for (std::size_t i = 0; i < n; ++i) {
            if (!checked && (!lon_ok[i] || !source.allowed.contains(lon[i], lat[i]))) return false;
            if (!w_ok[i]) return false;
            OGREnvelope at;
            at.MinX = at.MaxX = wx[i];
            at.MinY = at.MaxY = wy[i];
            clean.extent.expand(at);
            clean.rows[settled + i].at = Point{wx[i], wy[i]};
        }
        settled += n;
        return true;
    };

    std::vector<Column> columns(n_columns);
    ArrayHolder batch;
    for (;;) {
        batch.reset();
        CPLErrorReset();
        if (stream.s.get_next(&stream.s, &batch.a) != 0) return std::nullopt;
        // GDAL 3.6's GeoPackage stream, stopped by a damaged page, says so once and then hands out
        // empty batches for ever: an error or an empty batch ends the stream as a doubt.
        if (CPLGetLastErrorType() != CE_None) return std::nullopt;
        if (!batch.a.release) break;  // the end of the stream
        if (batch.a.length <= 0 || batch.a.null_count != 0 || batch.a.n_children != schema.s.n_children) return std::nullopt;
        for (std::size_t c = 0; c < n_columns; ++c) {
            const ArrowArray* a = batch.a.children[c];
            columns[c] = {a, batch.a.offset + a->offset, kinds[c], formats[c] == 'U' || formats[c] == 'Z', formats[c]};
        }
        for (std::int64_t row = 0; row < batch.a.length; ++row) {
            // Every text must be UTF-8 (the loop checks every field).
            for (std::size_t c = 0; c < n_columns; ++c) {
                if (kinds[c] == Kind::text && !columns[c].is_null(row) && !plain_text(columns[c].bytes(row))) {
                    return std::nullopt;
                }
            }
            const Column& id = columns[static_cast<std::size_t>(id_column)];
            if (id.is_null(row)) return std::nullopt;
            std::string id_text = id.kind == Kind::text ? std::string(id.bytes(row)) : std::to_string(id.integer(row));
            // A blank id is the loop's "the id is empty".
            if (id_text.find_first_not_of(" \t\r\n\f\v") == std::string::npos) return std::nullopt;
            for (const int c : cohort_columns) {
                const Column& count = columns[static_cast<std::size_t>(c)];
                if (count.is_null(row)) return std::nullopt;
                const long long value = count.integer(row);
                if (value < 0 || value > max_people_count) return std::nullopt;
                clean.counts.push_back(value);
            }
            const Column& g = columns[static_cast<std::size_t>(geometry)];
            double x = 0, y = 0;
            if (g.is_null(row) || !wkb_point(g.bytes(row), x, y)) return std::nullopt;
            OGREnvelope env;
            env.MinX = env.MaxX = x;
            env.MinY = env.MaxY = y;
            source_extent.expand(env);
            if (source.geographic) {
                const bool in_range = std::fabs(x) <= 180 && std::fabs(y) <= 90;
                if (!in_range || !source.allowed.contains(x, y)) return std::nullopt;
                // As OGRPoint::transform does it, one point at a time: the loop's own call.
                double z = 0;
                if (!source.to_working.Transform(1, &x, &y, &z)) return std::nullopt;
                OGREnvelope at;
                at.MinX = at.MaxX = x;
                at.MinY = at.MaxY = y;
                clean.extent.expand(at);
            }
            clean.rows.push_back({std::move(id_text), Point{x, y}});
            if (!source.geographic && clean.rows.size() - settled == block && !settle()) return std::nullopt;
        }
    }
    if (!source.geographic && !settle()) return std::nullopt;
    if (clean.rows.empty()) return std::nullopt;
    // Coordinates that all read as degrees in a projected CRS: the loop says so for the layer.
    if (!source.geographic && std::fabs(source_extent.min_x) <= 180 && std::fabs(source_extent.max_x) <= 180 &&
        std::fabs(source_extent.min_y) <= 90 && std::fabs(source_extent.max_y) <= 90) {
        return std::nullopt;
    }
    // Each id once. Sorting the ids' hashes and comparing the texts of equal ones only is several
    // times faster for millions of ids than a hash set, whose every insert misses the cache.
    std::vector<std::pair<std::size_t, std::size_t>> by_hash(clean.rows.size());
    const std::hash<std::string_view> hash;
    for (std::size_t i = 0; i < clean.rows.size(); ++i) by_hash[i] = {hash(clean.rows[i].id), i};
    std::sort(by_hash.begin(), by_hash.end());
    for (std::size_t i = 0; i < by_hash.size(); ++i) {
        for (std::size_t j = i + 1; j < by_hash.size() && by_hash[j].first == by_hash[i].first; ++j) {
            if (clean.rows[by_hash[i].second].id == clean.rows[by_hash[j].second].id) return std::nullopt;
        }
    }
    return clean;
}

}  // namespace roisc::demand_columns
