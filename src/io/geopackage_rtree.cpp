#include "geopackage_rtree.hpp"

#include "roisc/core/error.hpp"
#include "roisc/io/gdal_support.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <sqlite3.h>

#include <algorithm>
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

// One cell of a node: a leaf's row (id = fid) or an inner node's child (id = the child's index in
// the level below until nodes are numbered). Coordinates as the R-tree stores them, in float32.
struct Cell {
    std::int64_t id = 0;
    float min_x = 0, max_x = 0, min_y = 0, max_y = 0;
    double key = 0;  // while packing: the coordinate sorted on
};

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

using Node = std::vector<Cell>;
using Level = std::vector<Node>;

// Sort-tile-recursive packing of one level: sorted by x into vertical slices, each slice sorted by
// y and cut into nodes. Cells are spread evenly (every node holds about the same number, so none
// falls below SQLite's minimum fill and deletions behave as in any tree). Ties are broken by id,
// which is unique within a level: the same cells give the same tree.
Level tile(std::vector<Cell> cells, std::size_t capacity) {
    const std::size_t n = cells.size();
    const std::size_t nodes = (n + capacity - 1) / capacity;
    const auto slices = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(nodes))));
    // By centre (twice the centre: the same order), the key worked out once a cell and sort.
    auto by_key = [](const Cell& a, const Cell& b) { return a.key != b.key ? a.key < b.key : a.id < b.id; };
    for (Cell& c : cells) c.key = double(c.min_x) + c.max_x;
    std::sort(cells.begin(), cells.end(), by_key);
    auto node_size = [&](std::size_t k) { return n / nodes + (k < n % nodes ? 1 : 0); };
    Level level;
    level.reserve(nodes);
    std::size_t node = 0, at = 0;
    for (std::size_t s = 0; s < slices; ++s) {
        const std::size_t slice_nodes = nodes / slices + (s < nodes % slices ? 1 : 0);
        std::size_t slice_cells = 0;
        for (std::size_t k = node; k < node + slice_nodes; ++k) slice_cells += node_size(k);
        const auto first = cells.begin() + static_cast<std::ptrdiff_t>(at);
        for (auto c = first; c != first + static_cast<std::ptrdiff_t>(slice_cells); ++c) c->key = double(c->min_y) + c->max_y;
        std::sort(first, first + static_cast<std::ptrdiff_t>(slice_cells), by_key);
        for (std::size_t k = node; k < node + slice_nodes; ++k) {
            const auto begin = cells.begin() + static_cast<std::ptrdiff_t>(at);
            level.emplace_back(begin, begin + static_cast<std::ptrdiff_t>(node_size(k)));
            at += node_size(k);
        }
        node += slice_nodes;
    }
    return level;
}

Cell bounds(const Node& node, std::int64_t id) {
    Cell c{id, node[0].min_x, node[0].max_x, node[0].min_y, node[0].max_y, 0};
    for (const Cell& x : node) {
        c.min_x = std::min(c.min_x, x.min_x);
        c.max_x = std::max(c.max_x, x.max_x);
        c.min_y = std::min(c.min_y, x.min_y);
        c.max_y = std::max(c.max_y, x.max_y);
    }
    return c;
}

// Levels from the leaves (front) up to the one root (back); one empty leaf root for no entries.
std::vector<Level> pack(const std::vector<RtreeEntry>& entries, std::size_t capacity) {
    std::vector<Cell> cells;
    cells.reserve(entries.size());
    for (const RtreeEntry& e : entries) {
        cells.push_back({e.fid, rounded_down(e.min_x), rounded_up(e.max_x), rounded_down(e.min_y), rounded_up(e.max_y), 0});
    }
    std::vector<Level> levels;
    if (cells.empty()) {
        levels.push_back(Level(1));
        return levels;
    }
    levels.push_back(tile(std::move(cells), capacity));
    while (levels.back().size() > 1) {
        const Level& below = levels.back();
        std::vector<Cell> parents;
        parents.reserve(below.size());
        for (std::size_t i = 0; i < below.size(); ++i) parents.push_back(bounds(below[i], static_cast<std::int64_t>(i)));
        levels.push_back(tile(std::move(parents), capacity));
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
void write_tree(sqlite3* db, const std::string& rtree, const std::vector<RtreeEntry>& entries, const std::string& path) {
    const int node_bytes = std::atoi(text_of(db, "SELECT length(data) FROM " + quoted(rtree + "_node") + " WHERE nodeno = 1", path).c_str());
    const int capacity = (node_bytes - 4) / 24;
    if (capacity < 2) throw RuntimeFailure("unexpected R-tree node size " + std::to_string(node_bytes) + " in " + path);
    const std::vector<Level> levels = pack(entries, static_cast<std::size_t>(std::min(capacity, 51)));

    // first_number[l]: the node number of level l's first node (the root level's is 1).
    std::vector<std::int64_t> first_number(levels.size());
    std::int64_t next = 1;
    for (std::size_t l = levels.size(); l-- > 0;) {
        first_number[l] = next;
        next += static_cast<std::int64_t>(levels[l].size());
    }

    Statement root(db, "UPDATE " + quoted(rtree + "_node") + " SET data = ? WHERE nodeno = 1", path);
    Statement node(db, "INSERT INTO " + quoted(rtree + "_node") + " (nodeno, data) VALUES (?, ?)", path);
    Statement parent(db, "INSERT INTO " + quoted(rtree + "_parent") + " (nodeno, parentnode) VALUES (?, ?)", path);
    std::vector<unsigned char> blob(static_cast<std::size_t>(node_bytes));
    std::vector<std::pair<std::int64_t, std::int64_t>> rowids;  // (fid, leaf node number)
    rowids.reserve(entries.size());
    for (std::size_t l = levels.size(); l-- > 0;) {
        for (std::size_t i = 0; i < levels[l].size(); ++i) {
            const Node& cells = levels[l][i];
            const std::int64_t number = first_number[l] + static_cast<std::int64_t>(i);
            std::fill(blob.begin(), blob.end(), 0);
            if (number == 1) put_u16(blob.data(), static_cast<unsigned>(levels.size() - 1));
            put_u16(blob.data() + 2, static_cast<unsigned>(cells.size()));
            unsigned char* at = blob.data() + 4;
            for (const Cell& c : cells) {
                const std::int64_t id = l == 0 ? c.id : first_number[l - 1] + c.id;
                put_u64(at, static_cast<std::uint64_t>(id));
                put_float(at + 8, c.min_x);
                put_float(at + 12, c.max_x);
                put_float(at + 16, c.min_y);
                put_float(at + 20, c.max_y);
                at += 24;
                if (l == 0) rowids.emplace_back(c.id, number);
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

bool write_bulk_rtree(const std::string& path, const PendingRtree& pending, std::string& why) {
    for (const RtreeEntry& e : pending.entries) {
        if (!std::isfinite(e.min_x) || !std::isfinite(e.max_x) || !std::isfinite(e.min_y) || !std::isfinite(e.max_y)) {
            why = "a geometry with a coordinate that is not a finite number (fid " + std::to_string(e.fid) + ")";
            return false;
        }
    }
    Connection c;
    if (sqlite3_open_v2(path.c_str(), &c.db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        throw RuntimeFailure("cannot reopen " + path + " to write its spatial index: " + (c.db ? sqlite3_errmsg(c.db) : "out of memory"));
    }
    // The file is a temporary renamed into place only when complete: no need to wait for the disk.
    execute(c.db, "PRAGMA synchronous = OFF", path);
    execute(c.db, "PRAGMA cache_size = -65536", path);
    const std::string rtree = "rtree_" + pending.table + "_" + pending.geometry_column;
    execute(c.db, "BEGIN", path);
    try {
        execute(c.db, "CREATE VIRTUAL TABLE " + quoted(rtree) + " USING rtree(id, minx, maxx, miny, maxy)", path);
        write_tree(c.db, rtree, pending.entries, path);
        if (const char* broken = std::getenv("ROISC_TEST_BREAK_RTREE"); broken && *broken == '1') {
            // Fault injection for the fallback test: a leaf that claims a row it does not hold.
            execute(c.db, "DELETE FROM " + quoted(rtree + "_rowid") + " WHERE rowid = (SELECT max(rowid) FROM " + quoted(rtree + "_rowid") + ")", path);
        }
        Statement rtreecheck(c.db, "SELECT rtreecheck(?)", path);
        sqlite3_bind_text(rtreecheck.stmt, 1, rtree.c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(rtreecheck.stmt) != SQLITE_ROW) throw RuntimeFailure("cannot check the spatial index of " + path + ": " + sqlite3_errmsg(c.db));
        const unsigned char* answer = sqlite3_column_text(rtreecheck.stmt, 0);
        const std::string check = answer ? reinterpret_cast<const char*>(answer) : "";
        const long long rows = std::atoll(text_of(c.db, "SELECT count(*) FROM " + quoted(rtree + "_rowid"), path).c_str());
        if (check != "ok" || rows != static_cast<long long>(pending.entries.size())) {
            why = check != "ok" ? "rtreecheck: " + check
                                : std::to_string(rows) + " rows indexed of " + std::to_string(pending.entries.size());
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
