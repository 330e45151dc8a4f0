#include "geopackage_rtree.hpp"

#include "roisc/core/error.hpp"
#include "roisc/io/gdal_support.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <sqlite3.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace roisc {

bool gdal_fills_rtree_row_by_row() {
    return std::atoi(GDALVersionInfo("VERSION_NUM")) < 3070000;
}

namespace {

// ---- The packed tree ----------------------------------------------------------------------------

// A double as the float32 SQLite's R-tree stores, rounded down (for a minimum) or up (a maximum)
// as rtree.c does, so that the box holds the geometry and equals what SQLite's inserts would give;
// then stepped once more should that rounding ever fall short.
float rounded_down(double d) {
    float f = static_cast<float>(d);
    if (f > d) f = static_cast<float>(d * (d < 0 ? 1.0 + 1.0 / 8388608.0 : 1.0 - 1.0 / 8388608.0));
    while (f > d) f = std::nextafter(f, -HUGE_VALF);
    return f;
}
float rounded_up(double d) {
    float f = static_cast<float>(d);
    if (f < d) f = static_cast<float>(d * (d < 0 ? 1.0 - 1.0 / 8388608.0 : 1.0 + 1.0 / 8388608.0));
    while (f < d) f = std::nextafter(f, HUGE_VALF);
    return f;
}

}  // namespace

RtreeEntry rtree_entry(std::int64_t fid, double min_x, double max_x, double min_y, double max_y) {
    // Beyond float32 (or not a number): marked, so that GDAL's own index is built instead.
    auto fits = [](double d) { return std::isfinite(d) && std::fabs(d) <= FLT_MAX; };
    if (!fits(min_x) || !fits(max_x) || !fits(min_y) || !fits(max_y)) return {fid, NAN, NAN, NAN, NAN};
    return {fid, rounded_down(min_x), rounded_up(max_x), rounded_down(min_y), rounded_up(max_y)};
}

namespace {

// One level of the tree: its cells, node after node; node k holds cells[start[k], start[k + 1]).
// A cell is a leaf's row (id = fid) or an inner node's child (id = the child's index in the level
// below, until nodes are numbered).
struct Level {
    std::vector<RtreeEntry> cells;
    std::vector<std::size_t> start{0};
    std::size_t nodes() const { return start.size() - 1; }
};

// Sort-tile-recursive packing of one level, in place: sorted by x into vertical slices, each slice
// sorted by y and cut into nodes. Cells are spread evenly (every node holds about the same number,
// so none falls below SQLite's minimum fill and deletions behave as in any tree). Ties are broken
// by id, unique within a level: the same cells give the same tree.
void tile(Level& level, std::size_t capacity) {
    auto& cells = level.cells;
    const std::size_t n = cells.size();
    const std::size_t nodes = (n + capacity - 1) / capacity;
    const auto slices = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(nodes))));
    // By centre (twice the centre: the same order).
    auto by_x = [](const RtreeEntry& a, const RtreeEntry& b) {
        const double ax = double(a.min_x) + a.max_x, bx = double(b.min_x) + b.max_x;
        return ax != bx ? ax < bx : a.fid < b.fid;
    };
    auto by_y = [](const RtreeEntry& a, const RtreeEntry& b) {
        const double ay = double(a.min_y) + a.max_y, by = double(b.min_y) + b.max_y;
        return ay != by ? ay < by : a.fid < b.fid;
    };
    std::sort(cells.begin(), cells.end(), by_x);
    auto node_size = [&](std::size_t k) { return n / nodes + (k < n % nodes ? 1 : 0); };
    level.start.assign(1, 0);
    level.start.reserve(nodes + 1);
    std::size_t node = 0, at = 0;
    for (std::size_t s = 0; s < slices; ++s) {
        const std::size_t slice_nodes = nodes / slices + (s < nodes % slices ? 1 : 0);
        std::size_t slice_cells = 0;
        for (std::size_t k = node; k < node + slice_nodes; ++k) slice_cells += node_size(k);
        const auto first = cells.begin() + static_cast<std::ptrdiff_t>(at);
        std::sort(first, first + static_cast<std::ptrdiff_t>(slice_cells), by_y);
        for (std::size_t k = node; k < node + slice_nodes; ++k) {
            at += node_size(k);
            level.start.push_back(at);
        }
        node += slice_nodes;
    }
}

RtreeEntry bounds(const Level& level, std::size_t node) {
    const RtreeEntry* first = &level.cells[level.start[node]];
    RtreeEntry c{static_cast<std::int64_t>(node), first->min_x, first->max_x, first->min_y, first->max_y};
    for (std::size_t i = level.start[node]; i < level.start[node + 1]; ++i) {
        const RtreeEntry& x = level.cells[i];
        c.min_x = std::min(c.min_x, x.min_x);
        c.max_x = std::max(c.max_x, x.max_x);
        c.min_y = std::min(c.min_y, x.min_y);
        c.max_y = std::max(c.max_y, x.max_y);
    }
    return c;
}

// Levels from the leaves (front, holding `entries`, moved in) up to the one root (back); one
// empty leaf root for no entries.
std::vector<Level> pack(std::vector<RtreeEntry>&& entries, std::size_t capacity) {
    std::vector<Level> levels(1);
    levels[0].cells = std::move(entries);
    if (levels[0].cells.empty()) {
        levels[0].start = {0, 0};
        return levels;
    }
    tile(levels[0], capacity);
    while (levels.back().nodes() > 1) {
        Level up;
        up.cells.reserve(levels.back().nodes());
        for (std::size_t i = 0; i < levels.back().nodes(); ++i) up.cells.push_back(bounds(levels.back(), i));
        tile(up, capacity);
        levels.push_back(std::move(up));
    }
    return levels;
}

void put_u16(unsigned char* at, unsigned v) {
    at[0] = static_cast<unsigned char>(v >> 8);
    at[1] = static_cast<unsigned char>(v);
}
void put_u32(unsigned char* at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) at[i] = static_cast<unsigned char>(v >> (24 - 8 * i));
}
void put_u64(unsigned char* at, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) at[i] = static_cast<unsigned char>(v >> (56 - 8 * i));
}
void put_float(unsigned char* at, float f) {
    std::uint32_t bits;
    std::memcpy(&bits, &f, sizeof bits);
    put_u32(at, bits);
}

// ---- SQLite -------------------------------------------------------------------------------------

// A SQL identifier in double quotes, as GDAL quotes names in the statements it writes.
std::string quoted(const std::string& name) {
    std::string out = "\"";
    for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

struct Connection {
    sqlite3* db = nullptr;
    ~Connection() { sqlite3_close(db); }
};

struct Statement {
    sqlite3_stmt* stmt = nullptr;
    Statement(sqlite3* db, const std::string& sql, const std::string& path) {
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
            throw RuntimeFailure("cannot write the spatial index of " + path + ": " + sqlite3_errmsg(db));
        }
    }
    ~Statement() { sqlite3_finalize(stmt); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
};

void execute(sqlite3* db, const std::string& sql, const std::string& path) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        const std::string text = message ? message : sqlite3_errmsg(db);
        sqlite3_free(message);
        throw RuntimeFailure("cannot write the spatial index of " + path + ": " + text);
    }
}

void step_done(sqlite3* db, Statement& s, const std::string& path) {
    if (sqlite3_step(s.stmt) != SQLITE_DONE) throw RuntimeFailure("cannot write the spatial index of " + path + ": " + sqlite3_errmsg(db));
    sqlite3_reset(s.stmt);
}

std::string text_of(sqlite3* db, const std::string& sql, const std::string& path) {
    Statement s(db, sql, path);
    if (sqlite3_step(s.stmt) != SQLITE_ROW) throw RuntimeFailure("cannot read back the spatial index of " + path + ": " + sqlite3_errmsg(db));
    const unsigned char* t = sqlite3_column_text(s.stmt, 0);
    return t ? reinterpret_cast<const char*>(t) : "";
}

// The triggers GDAL 3.6 gives an indexed layer (GeoPackage 1.2's six), keeping the index in step
// with later edits by GDAL, QGIS or plain SQL.
std::vector<std::string> trigger_statements(const std::string& rtree, const std::string& t, const std::string& g,
                                            const std::string& f) {
    const std::string R = quoted(rtree), T = quoted(t), G = quoted(g), F = quoted(f);
    const std::string insert_new = "INSERT OR REPLACE INTO " + R + " VALUES (NEW." + F + ",ST_MinX(NEW." + G + "), ST_MaxX(NEW." + G +
                                   "),ST_MinY(NEW." + G + "), ST_MaxY(NEW." + G + "));";
    return {
        "CREATE TRIGGER " + quoted(rtree + "_insert") + " AFTER INSERT ON " + T + " WHEN (new." + G + " NOT NULL AND NOT ST_IsEmpty(NEW." +
            G + ")) BEGIN " + insert_new + " END",
        "CREATE TRIGGER " + quoted(rtree + "_update1") + " AFTER UPDATE OF " + G + " ON " + T + " WHEN OLD." + F + " = NEW." + F +
            " AND (NEW." + G + " NOTNULL AND NOT ST_IsEmpty(NEW." + G + ")) BEGIN " + insert_new + " END",
        "CREATE TRIGGER " + quoted(rtree + "_update2") + " AFTER UPDATE OF " + G + " ON " + T + " WHEN OLD." + F + " = NEW." + F +
            " AND (NEW." + G + " ISNULL OR ST_IsEmpty(NEW." + G + ")) BEGIN DELETE FROM " + R + " WHERE id = OLD." + F + "; END",
        "CREATE TRIGGER " + quoted(rtree + "_update3") + " AFTER UPDATE ON " + T + " WHEN OLD." + F + " != NEW." + F + " AND (NEW." + G +
            " NOTNULL AND NOT ST_IsEmpty(NEW." + G + ")) BEGIN DELETE FROM " + R + " WHERE id = OLD." + F + "; " + insert_new + " END",
        "CREATE TRIGGER " + quoted(rtree + "_update4") + " AFTER UPDATE ON " + T + " WHEN OLD." + F + " != NEW." + F + " AND (NEW." + G +
            " ISNULL OR ST_IsEmpty(NEW." + G + ")) BEGIN DELETE FROM " + R + " WHERE id IN (OLD." + F + ", NEW." + F + "); END",
        "CREATE TRIGGER " + quoted(rtree + "_delete") + " AFTER DELETE ON " + T + " WHEN old." + G + " NOT NULL BEGIN DELETE FROM " + R +
            " WHERE id = OLD." + F + "; END",
    };
}

// Fills the virtual table's shadow tables (_node, _rowid, _parent) with the packed tree. Node 1 is
// the root (its first two bytes the tree's height); the others are numbered level by level from the
// top. Every node blob has the size SQLite chose for the root when it created the table.
void write_tree(sqlite3* db, const std::string& rtree, std::vector<RtreeEntry>&& entries, const std::string& path) {
    const int node_bytes = std::atoi(text_of(db, "SELECT length(data) FROM " + quoted(rtree + "_node") + " WHERE nodeno = 1", path).c_str());
    const int capacity = (node_bytes - 4) / 24;
    if (capacity < 2) throw RuntimeFailure("unexpected R-tree node size " + std::to_string(node_bytes) + " in " + path);
    const std::vector<Level> levels = pack(std::move(entries), static_cast<std::size_t>(std::min(capacity, 51)));

    // first_number[l]: the node number of level l's first node (the root level's is 1).
    std::vector<std::int64_t> first_number(levels.size());
    std::int64_t next = 1;
    for (std::size_t l = levels.size(); l-- > 0;) {
        first_number[l] = next;
        next += static_cast<std::int64_t>(levels[l].nodes());
    }

    Statement root(db, "UPDATE " + quoted(rtree + "_node") + " SET data = ? WHERE nodeno = 1", path);
    Statement node(db, "INSERT INTO " + quoted(rtree + "_node") + " (nodeno, data) VALUES (?, ?)", path);
    Statement parent(db, "INSERT INTO " + quoted(rtree + "_parent") + " (nodeno, parentnode) VALUES (?, ?)", path);
    std::vector<unsigned char> blob(static_cast<std::size_t>(node_bytes));
    std::vector<std::pair<std::int64_t, std::int64_t>> rowids;  // (fid, leaf node number)
    rowids.reserve(levels[0].cells.size());
    for (std::size_t l = levels.size(); l-- > 0;) {
        const Level& level = levels[l];
        for (std::size_t i = 0; i < level.nodes(); ++i) {
            const std::int64_t number = first_number[l] + static_cast<std::int64_t>(i);
            std::fill(blob.begin(), blob.end(), 0);
            if (number == 1) put_u16(blob.data(), static_cast<unsigned>(levels.size() - 1));
            put_u16(blob.data() + 2, static_cast<unsigned>(level.start[i + 1] - level.start[i]));
            unsigned char* at = blob.data() + 4;
            for (std::size_t k = level.start[i]; k < level.start[i + 1]; ++k) {
                const RtreeEntry& c = level.cells[k];
                const std::int64_t id = l == 0 ? c.fid : first_number[l - 1] + c.fid;
                put_u64(at, static_cast<std::uint64_t>(id));
                put_float(at + 8, c.min_x);
                put_float(at + 12, c.max_x);
                put_float(at + 16, c.min_y);
                put_float(at + 20, c.max_y);
                at += 24;
                if (l == 0) rowids.emplace_back(c.fid, number);
                else {
                    sqlite3_bind_int64(parent.stmt, 1, id);
                    sqlite3_bind_int64(parent.stmt, 2, number);
                    step_done(db, parent, path);
                }
            }
            if (number == 1) {
                sqlite3_bind_blob(root.stmt, 1, blob.data(), node_bytes, SQLITE_STATIC);
                step_done(db, root, path);
            } else {
                sqlite3_bind_int64(node.stmt, 1, number);
                sqlite3_bind_blob(node.stmt, 2, blob.data(), node_bytes, SQLITE_STATIC);
                step_done(db, node, path);
            }
        }
    }
    // In rowid order, so the table grows by appending.
    std::sort(rowids.begin(), rowids.end());
    // Many rows a statement: the per-statement cost, not the B-tree, dominates one-row inserts.
    constexpr std::size_t batch = 256;
    auto insert_rows = [&](std::size_t count) {
        std::string sql = "INSERT INTO " + quoted(rtree + "_rowid") + " (rowid, nodeno) VALUES (?, ?)";
        for (std::size_t i = 1; i < count; ++i) sql += ",(?, ?)";
        return sql;
    };
    Statement full(db, insert_rows(batch), path);
    std::size_t at = 0;
    for (; at + batch <= rowids.size(); at += batch) {
        for (std::size_t i = 0; i < batch; ++i) {
            sqlite3_bind_int64(full.stmt, static_cast<int>(2 * i + 1), rowids[at + i].first);
            sqlite3_bind_int64(full.stmt, static_cast<int>(2 * i + 2), rowids[at + i].second);
        }
        step_done(db, full, path);
    }
    if (at < rowids.size()) {
        Statement rest(db, insert_rows(rowids.size() - at), path);
        for (std::size_t i = 0; at + i < rowids.size(); ++i) {
            sqlite3_bind_int64(rest.stmt, static_cast<int>(2 * i + 1), rowids[at + i].first);
            sqlite3_bind_int64(rest.stmt, static_cast<int>(2 * i + 2), rowids[at + i].second);
        }
        step_done(db, rest, path);
    }
}

}  // namespace

bool write_bulk_rtree(const std::string& path, PendingRtree& pending, std::string& why) {
    for (const RtreeEntry& e : pending.entries) {
        if (!std::isfinite(e.min_x) || !std::isfinite(e.max_x) || !std::isfinite(e.min_y) || !std::isfinite(e.max_y)) {
            why = "a coordinate that is not a number or beyond float32 (fid " + std::to_string(e.fid) + ")";
            return false;
        }
    }
    Connection c;
    if (sqlite3_open_v2(path.c_str(), &c.db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        throw RuntimeFailure("cannot reopen " + path + " to write its spatial index: " + (c.db ? sqlite3_errmsg(c.db) : "out of memory"));
    }
    // The file is a temporary renamed into place only when complete: no need to wait for the disk.
    execute(c.db, "PRAGMA synchronous = OFF", path);
    execute(c.db, "PRAGMA cache_size = -32768", path);
    const std::string rtree = "rtree_" + pending.table + "_" + pending.geometry_column;
    execute(c.db, "BEGIN", path);
    try {
        execute(c.db, "CREATE VIRTUAL TABLE " + quoted(rtree) + " USING rtree(id, minx, maxx, miny, maxy)", path);
        const std::size_t expected = pending.entries.size();
        write_tree(c.db, rtree, std::move(pending.entries), path);
        if (const char* broken = std::getenv("ROISC_TEST_BREAK_RTREE"); broken && *broken == '1') {
            // Fault injection for the fallback test: a leaf that claims a row it does not hold.
            execute(c.db, "DELETE FROM " + quoted(rtree + "_rowid") + " WHERE rowid = (SELECT max(rowid) FROM " + quoted(rtree + "_rowid") + ")", path);
        }
        Statement rtreecheck(c.db, "SELECT rtreecheck(?)", path);
        sqlite3_bind_text(rtreecheck.stmt, 1, rtree.c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(rtreecheck.stmt) != SQLITE_ROW) throw RuntimeFailure("cannot check the spatial index of " + path + ": " + sqlite3_errmsg(c.db));
        const unsigned char* answer = sqlite3_column_text(rtreecheck.stmt, 0);
        const std::string check = answer ? reinterpret_cast<const char*>(answer) : "";
        sqlite3_reset(rtreecheck.stmt);
        const long long rows = std::atoll(text_of(c.db, "SELECT count(*) FROM " + quoted(rtree + "_rowid"), path).c_str());
        if (check != "ok" || rows != static_cast<long long>(expected)) {
            why = check != "ok" ? "rtreecheck: " + check : std::to_string(rows) + " rows indexed of " + std::to_string(expected);
            execute(c.db, "ROLLBACK", path);
            return false;
        }
        for (const std::string& sql : trigger_statements(rtree, pending.table, pending.geometry_column, pending.fid_column)) {
            execute(c.db, sql, path);
        }
        if (text_of(c.db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'gpkg_extensions'", path) == "0") {
            // The GeoPackage specification's table, as GDAL creates it.
            execute(c.db,
                    "CREATE TABLE gpkg_extensions (table_name TEXT,column_name TEXT,extension_name TEXT NOT NULL,definition TEXT NOT "
                    "NULL,scope TEXT NOT NULL,CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))",
                    path);
        }
        Statement extension(c.db,
                            "INSERT INTO gpkg_extensions (table_name,column_name,extension_name,definition,scope) VALUES (?, ?, "
                            "'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')",
                            path);
        sqlite3_bind_text(extension.stmt, 1, pending.table.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(extension.stmt, 2, pending.geometry_column.c_str(), -1, SQLITE_TRANSIENT);
        step_done(c.db, extension, path);
        execute(c.db, "COMMIT", path);
    } catch (...) {
        sqlite3_exec(c.db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
    return true;
}

void create_rtree_with_gdal(const std::string& path, const PendingRtree& pending) {
    GdalMessages gdal;
    DatasetPtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
    if (!ds) throw RuntimeFailure("cannot reopen " + path + " to write its spatial index: " + gdal.last());
    auto literal = [](const std::string& s) {
        std::string out;
        for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
        return out;
    };
    const std::string sql = "SELECT CreateSpatialIndex('" + literal(pending.table) + "', '" + literal(pending.geometry_column) + "')";
    OGRLayer* result = ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
    bool made = false;
    if (result) {
        if (OGRFeature* f = result->GetNextFeature()) {
            made = f->GetFieldAsInteger(0) == 1;
            OGRFeature::DestroyFeature(f);
        }
        ds->ReleaseResultSet(result);
    }
    if (!made) throw RuntimeFailure("cannot write the spatial index of " + pending.table + " in " + path + ": " + gdal.last());
}

}  // namespace roisc
