#include "roisc/io/output.hpp"

#include "roisc/core/error.hpp"
#include "roisc/io/gdal_support.hpp"

#include "geopackage_rtree.hpp"

#include <nlohmann/json.hpp>
#include <ogr_api.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <csignal>
#include <cstring>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <sstream>
#include <vector>

#include <dirent.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace roisc {

namespace {

using json = nlohmann::ordered_json;

// A sibling temporary path: renaming within one folder is atomic.
std::string temporary_for(const std::string& path) {
    const fs::path p(path);
    return (p.parent_path() / ("." + p.filename().string() + ".tmp" + std::to_string(::getpid()))).string();
}

// Temporaries being written, for the signal handler: fixed storage, as a handler may not allocate.
constexpr int max_in_flight = 8;
char in_flight[max_in_flight][4096];
volatile std::sig_atomic_t in_flight_used[max_in_flight] = {};

// A command may write two files at once (the GeoPackage beside the GeoJSON): the bookkeeping of
// temporaries and staged files is shared, so it changes under this lock.
std::mutex bookkeeping;
std::function<void(const std::string&)> say_write_detail;  // set by on_write_detail, under bookkeeping

void write_detail(const std::string& what) {
    const std::lock_guard<std::mutex> lock(bookkeeping);
    if (say_write_detail) say_write_detail(what);
}

class InFlight {
public:
    explicit InFlight(const std::string& path) {
        const std::lock_guard<std::mutex> lock(bookkeeping);
        for (int i = 0; i < max_in_flight; ++i) {
            if (!in_flight_used[i] && path.size() < sizeof in_flight[i]) {
                std::memcpy(in_flight[i], path.c_str(), path.size() + 1);
                in_flight_used[i] = 1;
                slot_ = i;
                return;
            }
        }
    }
    ~InFlight() {
        const std::lock_guard<std::mutex> lock(bookkeeping);
        if (slot_ >= 0) in_flight_used[slot_] = 0;
    }
    InFlight(const InFlight&) = delete;
    InFlight& operator=(const InFlight&) = delete;

private:
    int slot_ = -1;
};

// Paths the signal handler removes, in fixed storage (a handler may not allocate): files of an open
// OutputSet (staged, or waiting beside their destination), then its staging folders. Each path is
// copied in, NUL-terminated, before the used length grows over it. A path that does not fit is not
// recorded: the next run into that folder removes what an interrupted run left.
struct CleanupList {
    char text[1 << 20];
    volatile std::sig_atomic_t used = 0;

    void add(const std::string& path) {
        const std::size_t at = static_cast<std::size_t>(used);
        if (at + path.size() + 1 > sizeof text) return;
        std::memcpy(text + at, path.c_str(), path.size() + 1);
        used = static_cast<std::sig_atomic_t>(at + path.size() + 1);
    }
    void clear() { used = 0; }
};
CleanupList staged_files, staging_folders;
volatile std::sig_atomic_t set_committed = 0;

// The handler runs on one thread while the others go on: a thread still writing could create a
// file after the sweep, or move one into place. So the first thread to take SIGINT or SIGTERM parks
// all the others before it removes anything; while a set is being moved into place the signal is
// held and taken after. 0: writing, 1: moving a set into place, 2: a handler is removing files.
std::atomic<int> phase{0};
std::atomic<int> held_signal{0};
std::atomic<int> parked{0};
int park_signal = 0;  // SIGRTMIN, chosen when the handlers are installed
// Fault injection for the interrupted-run test: the handler waits this long between removing the
// files it knows of and removing the staging folders, as a slow machine might.
timespec slow_cleanup{0, 0};

extern "C" void park_thread(int) {
    parked.fetch_add(1);
    for (;;) ::pause();
}

// Calls visit(name) for each entry of the open folder `fd`, with system calls only.
template <class Visit>
void for_each_entry(int fd, Visit visit) {
    alignas(8) char buf[4096];
    for (ssize_t n; (n = ::getdents64(fd, buf, sizeof buf)) > 0;) {
        for (ssize_t at = 0; at < n;) {
            const auto* d = reinterpret_cast<const struct dirent64*>(buf + at);
            at += d->d_reclen;
            visit(static_cast<const char*>(d->d_name));
        }
    }
}

// Sends the park signal to every other thread of the process (listed from /proc/self/task with
// system calls only: a handler may not allocate) and waits, at most a second a round, until each
// has taken it. A second round finds threads started meanwhile.
void park_other_threads() {
    const long self = ::syscall(SYS_gettid);
    constexpr int max_threads = 256;
    long signalled[max_threads];
    int count = 0;
    for (int round = 0; round < 2; ++round) {
        const int fd = ::open("/proc/self/task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) return;
        for_each_entry(fd, [&](const char* name) {
            long tid = 0;
            for (const char* c = name; *c >= '0' && *c <= '9'; ++c) tid = tid * 10 + (*c - '0');
            if (tid <= 0 || tid == self || count == max_threads) return;
            if (std::find(signalled, signalled + count, tid) != signalled + count) return;
            if (::syscall(SYS_tgkill, ::getpid(), tid, park_signal) == 0) signalled[count++] = tid;
        });
        ::close(fd);
        for (int i = 0; i < 100 && parked.load() < count; ++i) {
            const timespec tick{0, 10'000'000};
            ::nanosleep(&tick, nullptr);
        }
    }
}

// Removes a folder and all it holds, with system calls only. Entries are read again until the
// folder is gone: removing while reading may skip some.
void remove_tree(int parent, const char* name, int depth) {
    for (int pass = 0; pass < 4; ++pass) {
        const int fd = ::openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) return;
        for_each_entry(fd, [&](const char* entry) {
            if (std::strcmp(entry, ".") == 0 || std::strcmp(entry, "..") == 0) return;
            if (::unlinkat(fd, entry, 0) != 0 && errno == EISDIR && depth < 16) remove_tree(fd, entry, depth + 1);
        });
        ::close(fd);
        if (::unlinkat(parent, name, AT_REMOVEDIR) == 0 || errno == ENOENT) return;
    }
}

extern "C" void remove_temporaries_and_die(int sig) {
    const int saved_errno = errno;
    int expected = 0;
    if (!phase.compare_exchange_strong(expected, 2)) {
        if (expected == 1) {  // the set is being moved into place: taken when it is
            held_signal.store(sig);
            errno = saved_errno;
            return;
        }
        for (;;) ::pause();  // another thread is removing the files and will end the process
    }
    park_other_threads();
    for (int i = 0; i < max_in_flight; ++i) {
        if (in_flight_used[i]) ::unlink(in_flight[i]);
    }
    for (std::sig_atomic_t at = 0; at < staged_files.used;
         at += static_cast<std::sig_atomic_t>(std::strlen(staged_files.text + at) + 1)) {
        ::unlink(staged_files.text + at);
    }
    if (slow_cleanup.tv_sec || slow_cleanup.tv_nsec) ::nanosleep(&slow_cleanup, nullptr);
    for (std::sig_atomic_t at = 0; at < staging_folders.used;
         at += static_cast<std::sig_atomic_t>(std::strlen(staging_folders.text + at) + 1)) {
        remove_tree(AT_FDCWD, staging_folders.text + at, 0);
    }
    if (sig == SIGINT) {
        // Ctrl-C: say which state the files are in, and exit as shells expect (128 + 2).
        const char* msg = set_committed ? "\nroisc: interrupted after this run's files were written.\n"
                                        : "\nroisc: interrupted; no result file was changed.\n";
        const ssize_t written = ::write(2, msg, std::strlen(msg));
        (void)written;
        ::_exit(130);
    }
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

void ensure_parent(const std::string& path) {
    const fs::path parent = fs::path(path).parent_path();
    if (parent.empty()) return;
    std::error_code ec;
    fs::create_directories(parent, ec);
    if (ec) throw RuntimeFailure("cannot create the folder " + parent.string() + ": " + ec.message());
}

// ---- the open OutputSet ---------------------------------------------------------------------

struct StagedFolder {
    std::string target;   // absolute, normalised, no trailing separator
    std::string staging;  // the hidden sibling the run writes into
};

int open_sets = 0;
std::vector<StagedFolder> staged_folders;
std::vector<std::pair<std::string, std::string>> waiting_files;  // temporary, destination

std::string normalised(const std::string& path) {
    std::string p = fs::absolute(path).lexically_normal().string();
    while (p.size() > 1 && p.back() == '/') p.pop_back();
    return p;
}

// Where a file for `path` is written: inside the staging folder when `path` lies in a result
// folder of the open set, else `path` itself.
std::string staged_path(const std::string& path) {
    if (open_sets == 0 || staged_folders.empty()) return path;
    const std::string p = normalised(path);
    for (const auto& f : staged_folders) {
        if (p.size() > f.target.size() && p.compare(0, f.target.size(), f.target) == 0 && p[f.target.size()] == '/') {
            return f.staging + p.substr(f.target.size());
        }
    }
    return path;
}

bool process_alive(long pid) { return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH; }

// Staging folders beside `target` left by runs that died (SIGKILL, a power cut): removed.
void remove_abandoned_staging(const fs::path& target) {
    std::error_code ec;
    const std::string prefix = "." + target.filename().string() + ".roisc-";
    for (fs::directory_iterator it(target.parent_path(), ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.compare(0, prefix.size(), prefix) != 0) continue;
        const std::string pid = name.substr(name.rfind('-') + 1);
        if (pid.empty() || pid.size() > 9 || pid.find_first_not_of("0123456789") != std::string::npos) continue;
        if (std::stol(pid) == static_cast<long>(::getpid()) || process_alive(std::stol(pid))) continue;
        std::error_code ignored;
        fs::remove_all(it->path(), ignored);
    }
}

// Every file under `folder`, as paths relative to it, sorted; the set list itself left out.
std::vector<std::string> files_under(const fs::path& folder) {
    std::vector<std::string> names;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->is_directory()) continue;
        const std::string rel = it->path().lexically_relative(folder).string();
        if (rel != set_list_name) names.push_back(rel);
    }
    std::sort(names.begin(), names.end());
    return names;
}

// The names listed in a folder's set list (none when it has none), sorted. Only plain relative
// names count: a list edited to say "../x" cannot make a run remove files outside the folder.
std::vector<std::string> listed_files(const fs::path& folder) {
    std::vector<std::string> names;
    std::ifstream in(folder / set_list_name);
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        const fs::path p(line);
        if (p.is_absolute() || p.lexically_normal() != p || line.compare(0, 2, "..") == 0) continue;
        names.push_back(line);
    }
    std::sort(names.begin(), names.end());
    return names;
}

// True when the folder can be replaced whole: it holds nothing but an earlier set (the files its
// list names), and it is not the working directory nor holds it.
bool holds_only_a_set(const fs::path& target) {
    std::error_code ec;
    const fs::path cwd = fs::current_path(ec);
    if (!ec) {
        const fs::path rel = cwd.lexically_relative(target);
        if (!rel.empty() && *rel.begin() != "..") return false;
    }
    const std::vector<std::string> listed = listed_files(target);
    for (const auto& name : files_under(target)) {
        if (!std::binary_search(listed.begin(), listed.end(), name)) return false;
    }
    // An empty folder inside (nothing roisc writes) would be lost too.
    for (fs::recursive_directory_iterator it(target, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code e;
        if (it->is_directory() && fs::is_empty(it->path(), e)) return false;
    }
    return true;
}

// Puts one staged folder in its target's place. Runs with SIGINT/SIGTERM held.
void install_folder(const StagedFolder& f, std::vector<std::string>& notes) {
    const fs::path target(f.target), staging(f.staging);
    std::error_code ec;
    const fs::file_status st = fs::symlink_status(target, ec);
    if (!fs::exists(st)) {
        fs::rename(staging, target, ec);
        if (ec) throw RuntimeFailure("cannot move the results into place at " + f.target + ": " + ec.message());
        return;
    }
    if (fs::is_directory(st) && holds_only_a_set(target)) {
        fs::permissions(staging, fs::status(target, ec).permissions(), ec);
        // One rename swaps the folders: the new set is in place, the old one at the staging path.
        if (::renameat2(AT_FDCWD, f.staging.c_str(), AT_FDCWD, f.target.c_str(), RENAME_EXCHANGE) == 0) {
            fs::remove_all(staging, ec);
            return;
        }
        if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP) {
            throw RuntimeFailure("cannot move the results into place at " + f.target + ": " + std::strerror(errno));
        }
        // A file system without the exchange: two renames, with the signals still held.
        const fs::path old = target.parent_path() / ("." + target.filename().string() + ".roisc-old-" + std::to_string(::getpid()));
        fs::rename(target, old, ec);
        if (ec) throw RuntimeFailure("cannot move the earlier results at " + f.target + " aside: " + ec.message());
        fs::rename(staging, target, ec);
        if (ec) {
            std::error_code back;
            fs::rename(old, target, back);
            throw RuntimeFailure("cannot move the results into place at " + f.target + ": " + ec.message());
        }
        fs::remove_all(old, ec);
        return;
    }
    // A folder with other things in it (or a link to one): file by file, keeping what is not ours.
    const std::vector<std::string> previous = listed_files(target);
    const std::vector<std::string> current = files_under(staging);
    for (const auto& name : current) {
        fs::create_directories((target / name).parent_path(), ec);
        fs::rename(staging / name, target / name, ec);
        if (ec) throw RuntimeFailure("cannot move " + name + " into place in " + f.target + ": " + ec.message());
    }
    for (const auto& name : previous) {
        if (std::binary_search(current.begin(), current.end(), name)) continue;
        if (fs::is_regular_file(fs::symlink_status(target / name, ec))) fs::remove(target / name, ec);
    }
    fs::rename(staging / set_list_name, target / set_list_name, ec);
    fs::remove_all(staging, ec);
    std::vector<std::string> kept;
    for (const auto& name : files_under(target)) {
        if (!std::binary_search(current.begin(), current.end(), name)) kept.push_back(name);
    }
    if (!kept.empty()) {
        std::string list;
        for (std::size_t i = 0; i < kept.size() && i < 5; ++i) list += (i ? ", " : "") + kept[i];
        if (kept.size() > 5) list += " and " + std::to_string(kept.size() - 5) + " more";
        notes.push_back(f.target + " also holds " + std::to_string(kept.size()) + " file" + (kept.size() == 1 ? "" : "s") +
                        " this run did not write (" + list + "): left as they were. Give --out a folder of its own for "
                        "a folder that holds exactly one run's results.");
    }
}

void discard_open_set() {
    for (const auto& w : waiting_files) {
        std::error_code ec;
        fs::remove(w.first, ec);
    }
    for (const auto& f : staged_folders) {
        std::error_code ec;
        fs::remove_all(f.staging, ec);
    }
    waiting_files.clear();
    staged_folders.clear();
    staged_files.clear();
    staging_folders.clear();
}

// Moves a complete temporary to `destination` (a staged path, or the file asked for). With a set
// open, a file outside its result folders waits beside its destination until the set commits.
void commit(const std::string& temporary, const std::string& destination, const std::string& asked) {
    // Fault injection for the interrupted-run test: widen the window between a temporary being
    // complete and its rename, so a signal can be sent while a run is writing.
    if (const char* slow = std::getenv("ROISC_TEST_SLOW_WRITES")) ::usleep(static_cast<useconds_t>(std::atof(slow) * 1e6));
    std::unique_lock<std::mutex> lock(bookkeeping);
    if (open_sets > 0 && destination == asked) {
        if (std::none_of(waiting_files.begin(), waiting_files.end(), [&](const auto& w) { return w.first == temporary; })) {
            staged_files.add(temporary);
            waiting_files.emplace_back(temporary, asked);
        }  // (the same file written twice: its temporary holds the last)
    } else {
        if (destination != asked) staged_files.add(destination);
        std::error_code ec;
        fs::rename(temporary, destination, ec);
        if (ec) {
            fs::remove(temporary, ec);
            throw RuntimeFailure("cannot move the finished file into place at " + asked + ": " + ec.message());
        }
    }
    lock.unlock();
    // Fault injection for the interrupted-run test: Ctrl-C as the n-th file of a run is complete.
    static std::atomic<int> completed{0};
    if (const char* n = std::getenv("ROISC_TEST_INTERRUPT_AFTER"); n && ++completed == std::atoi(n)) std::raise(SIGINT);
}

// Numbers are written as text with a fixed number of decimals: nlohmann prints doubles with up to
// 17 significant digits, which would break the stated precision. A number goes into the JSON tree
// as a marked string and loses its quotes and mark after dumping (see unmark_numbers).
constexpr char number_mark = '\x01';

// The text of fixed_number, without its mark, into `buf` (at least 352 chars, enough for any
// double at 6 digits); returns its length. std::to_chars with a precision rounds as printf's %.*f.
std::size_t fixed_text(double v, int digits, char* buf, std::size_t size) {
    const auto r = std::to_chars(buf, buf + size, v, std::chars_format::fixed, digits);
    std::size_t n = static_cast<std::size_t>(r.ptr - buf);
    if (std::memchr(buf, '.', n)) {
        while (buf[n - 1] == '0') --n;
        if (buf[n - 1] == '.') --n;
    }
    if (n == 2 && buf[0] == '-' && buf[1] == '0') buf[0] = '0', n = 1;
    return n;
}

json fixed_number(double v, int digits) {
    char buf[400];
    const std::size_t n = fixed_text(v, digits, buf, sizeof buf);
    std::string s(1, number_mark);
    s.append(buf, n);
    return s;
}

std::string unmark_numbers(const std::string& dumped) {
    static const std::string marked = "\"\\u0001";
    std::string out;
    out.reserve(dumped.size());
    std::size_t at = 0;
    for (std::size_t hit; (hit = dumped.find(marked, at)) != std::string::npos;) {
        const std::size_t end = dumped.find('"', hit + marked.size());
        out.append(dumped, at, hit - at);
        out.append(dumped, hit + marked.size(), end - hit - marked.size());
        at = end + 1;
    }
    out.append(dumped, at, std::string::npos);
    return out;
}

json coordinates(const OGRPoint& p) {
    return json::array({fixed_number(p.getX(), geojson_precision), fixed_number(p.getY(), geojson_precision)});
}

json ring_coordinates(const OGRLinearRing* ring, bool exterior) {
    // RFC 7946 right-hand rule: exteriors counter-clockwise, holes clockwise.
    std::unique_ptr<OGRLinearRing> r(ring->clone());
    const bool clockwise = r->isClockwise();
    if (exterior == clockwise) r->reverseWindingOrder();
    json out = json::array();
    for (int i = 0; i < r->getNumPoints(); ++i) {
        out.push_back(json::array({fixed_number(r->getX(i), geojson_precision), fixed_number(r->getY(i), geojson_precision)}));
    }
    return out;
}

json polygon_coordinates(const OGRPolygon* poly) {
    json rings = json::array();
    rings.push_back(ring_coordinates(poly->getExteriorRing(), true));
    for (int i = 0; i < poly->getNumInteriorRings(); ++i) rings.push_back(ring_coordinates(poly->getInteriorRing(i), false));
    return rings;
}

json geometry_json(const OGRGeometry* g) {
    if (!g || g->IsEmpty()) return nullptr;
    switch (wkbFlatten(g->getGeometryType())) {
        case wkbPoint: return {{"type", "Point"}, {"coordinates", coordinates(*g->toPoint())}};
        case wkbMultiPoint: {
            json c = json::array();
            for (const auto* p : *g->toMultiPoint()) c.push_back(coordinates(*p));
            return {{"type", "MultiPoint"}, {"coordinates", c}};
        }
        case wkbLineString: {
            json c = json::array();
            for (const auto& p : *g->toLineString()) c.push_back(coordinates(p));
            return {{"type", "LineString"}, {"coordinates", c}};
        }
        case wkbMultiLineString: {
            json c = json::array();
            for (const auto* l : *g->toMultiLineString()) {
                json line = json::array();
                for (const auto& p : *l) line.push_back(coordinates(p));
                c.push_back(line);
            }
            return {{"type", "MultiLineString"}, {"coordinates", c}};
        }
        case wkbPolygon: return {{"type", "Polygon"}, {"coordinates", polygon_coordinates(g->toPolygon())}};
        case wkbMultiPolygon: {
            json c = json::array();
            for (const auto* p : *g->toMultiPolygon()) c.push_back(polygon_coordinates(p));
            return {{"type", "MultiPolygon"}, {"coordinates", c}};
        }
        case wkbGeometryCollection: {
            // Keep only the polygonal parts (differences can leave slivers of lines).
            auto polys = std::make_unique<OGRMultiPolygon>();
            for (const auto* part : *g->toGeometryCollection()) {
                const auto f = wkbFlatten(part->getGeometryType());
                if (f == wkbPolygon) polys->addGeometry(part);
                if (f == wkbMultiPolygon) for (const auto* p : *part->toMultiPolygon()) polys->addGeometry(p);
            }
            return geometry_json(polys.get());
        }
        default: return nullptr;
    }
}

std::unique_ptr<OGRCoordinateTransformation> to_wgs84(const WorkingCrs& crs) {
    OGRSpatialReference src, dst;
    src.SetFromUserInput(crs.code.c_str());
    src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    dst.SetWellKnownGeogCS("WGS84");
    dst.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&src, &dst));
    if (!ct) throw RuntimeFailure("cannot transform from " + crs.code + " to WGS84 for GeoJSON");
    return ct;
}

}  // namespace

namespace {

// A layer's features in order; a generated layer's are made a block at a time into reused storage.
class FeatureCursor {
public:
    static constexpr std::size_t block = 4096;
    explicit FeatureCursor(const OutputLayer& layer) : layer_(layer) {}
    std::size_t size() const { return layer_.size(); }
    // The i-th feature. For a generated layer it stays valid until a feature of another block of
    // `block` features is asked for.
    const OutputFeature& at(std::size_t i) {
        if (!layer_.generate) return layer_.features[i];
        const std::size_t start = i - i % block;
        if (!filled_ || start != start_) {
            const std::size_t n = std::min(block, layer_.generated - start);
            if (buffer_.size() < n) buffer_.resize(n);
            for (std::size_t j = 0; j < n; ++j) layer_.generate(start + j, buffer_[j]);
            start_ = start;
            filled_ = true;
        }
        return buffer_[i - start];
    }

private:
    const OutputLayer& layer_;
    std::vector<OutputFeature> buffer_;
    std::size_t start_ = 0;
    bool filled_ = false;
};

// JSON text written directly, byte for byte what nlohmann's dump(-1, ' ', false, replace) of the
// same values gives after unmark_numbers: plain ASCII strings are copied between quotes; any other
// string (escapes, control characters, UTF-8 to check) goes through nlohmann itself.
void put_json_string(std::string& out, const std::string& text) {
    bool plain = true;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x80 || c == '"' || c == '\\') {
            plain = false;
            break;
        }
    }
    if (plain) {
        out += '"';
        out += text;
        out += '"';
        return;
    }
    out += unmark_numbers(json(text).dump(-1, ' ', false, json::error_handler_t::replace));
}

void put_fixed(std::string& out, double v, int digits) {
    char buf[400];
    out.append(buf, fixed_text(v, digits, buf, sizeof buf));
}

// A field's value as value_json gives it, dumped.
void put_json_value(std::string& out, const FieldValue& v, OutputField::Type type) {
    if (std::holds_alternative<std::monostate>(v)) {
        out += "null";
    } else if (const auto* i = std::get_if<long long>(&v)) {
        if (type == OutputField::Type::boolean) {
            out += *i != 0 ? "true" : "false";
        } else {
            char buf[24];
            out.append(buf, static_cast<std::size_t>(std::to_chars(buf, buf + sizeof buf, *i).ptr - buf));
        }
    } else if (const auto* d = std::get_if<double>(&v)) {
        if (std::isfinite(*d)) put_fixed(out, *d, 6);
        else out += "null";
    } else {
        const std::string& text = std::get<std::string>(v);
        if (text.find(number_mark) == std::string::npos) {
            put_json_string(out, text);
        } else {
            std::string clean = text;
            clean.erase(std::remove(clean.begin(), clean.end(), number_mark), clean.end());  // never mistaken for a number
            put_json_string(out, clean);
        }
    }
}

// The GeoJSON of a layer, a feature at a time, onto `out`: a large layer never sits in memory as
// text.
void put_geojson(std::ostream& out, const OutputLayer& layer, const WorkingCrs& crs, const Metadata& metadata) {
    const auto ct = to_wgs84(crs);
    json head;
    head["type"] = "FeatureCollection";
    head["name"] = layer.name;
    json meta = json::object();
    meta["title"] = layer.title;
    for (const auto& [k, v] : metadata) meta[k] = v;
    head["metadata"] = meta;
    // One feature per line: readable, diffable, and still a single JSON document.
    std::string h = head.dump(-1, ' ', false, json::error_handler_t::replace);
    h.pop_back();  // drop the closing brace to append the features
    out << h << ",\"features\":[\n";
    // Points are transformed in blocks, one call to PROJ for many (each call has its cost), rather
    // than cloned and transformed one at a time; other geometries as before.
    FeatureCursor features(layer);
    constexpr std::size_t block = FeatureCursor::block;
    std::vector<double> xs, ys, zs;
    std::vector<int> ok;
    std::vector<std::size_t> slot;  // per feature of the block: its place in xs, or none
    constexpr std::size_t none = static_cast<std::size_t>(-1);
    // Each field's key, written once.
    std::vector<std::string> keys;
    for (const auto& field : layer.fields) {
        std::string k;
        put_json_string(k, field.name);
        keys.push_back(k + ":");
    }
    std::string text;  // one feature's line, reused
    const std::size_t count = features.size();
    for (std::size_t i = 0; i < count; ++i) {
        if (i % block == 0) {
            const std::size_t end = std::min(count, i + block);
            xs.clear(), ys.clear(), slot.assign(end - i, none);
            for (std::size_t j = i; j < end; ++j) {
                const OGRGeometry* g = features.at(j).geometry.get();
                if (g && wkbFlatten(g->getGeometryType()) == wkbPoint && !g->IsEmpty()) {
                    slot[j - i] = xs.size();
                    xs.push_back(g->toPoint()->getX());
                    ys.push_back(g->toPoint()->getY());
                }
            }
            zs.assign(xs.size(), 0.0);
            ok.assign(xs.size(), 1);
            if (!xs.empty() && !ct->Transform(static_cast<int>(xs.size()), xs.data(), ys.data(), zs.data(), ok.data()) &&
                std::find(ok.begin(), ok.end(), 0) == ok.end()) {
                throw RuntimeFailure("cannot transform features to WGS84");
            }
        }
        const OutputFeature& f = features.at(i);
        text.assign("{\"type\":\"Feature\",\"id\":");
        put_json_string(text, f.id);
        text += ",\"properties\":{";
        for (std::size_t k = 0; k < layer.fields.size(); ++k) {
            if (k > 0) text += ',';
            text += keys[k];
            if (k < f.values.size()) put_json_value(text, f.values[k], layer.fields[k].type);
            else text += "null";
        }
        text += "},\"geometry\":";
        if (const std::size_t at = slot[i % block]; at != none) {
            if (!ok[at]) throw RuntimeFailure("cannot transform a feature to WGS84");
            text += "{\"type\":\"Point\",\"coordinates\":[";
            put_fixed(text, xs[at], geojson_precision);
            text += ',';
            put_fixed(text, ys[at], geojson_precision);
            text += "]}";
        } else if (f.geometry) {
            GeometryPtr g(f.geometry->clone());
            if (g->transform(ct.get()) != OGRERR_NONE) throw RuntimeFailure("cannot transform a feature to WGS84");
            text += unmark_numbers(geometry_json(g.get()).dump(-1, ' ', false, json::error_handler_t::replace));
        } else {
            text += "null";
        }
        text += '}';
        text += i + 1 < count ? ",\n" : "\n";
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
    }
    out << "]}\n";
}

// Writes a file through a sibling temporary, renamed into place when complete.
template <class Fill>
void write_through_temporary(const std::string& path, Fill fill) {
    const std::string destination = staged_path(path);
    ensure_parent(destination);
    const std::string tmp = temporary_for(destination);
    const InFlight guard(tmp);
    {
        std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
        if (!f) throw RuntimeFailure("cannot write " + tmp + ": check that the folder is writable.");
        try {
            fill(f);
        } catch (...) {
            f.close();
            std::error_code ec;
            fs::remove(tmp, ec);
            throw;
        }
        f.flush();
        if (!f) {
            std::error_code ec;
            fs::remove(tmp, ec);
            throw RuntimeFailure("writing " + path + " failed (disk full?).");
        }
    }
    commit(tmp, destination, path);
}

}  // namespace

std::string layer_style_qml(const OutputLayer& layer) {
    return qgis_style(layer.style, layer.label_field, layer.size_field, layer.style_categories);
}

std::string geojson_text(const OutputLayer& layer, const WorkingCrs& crs, const Metadata& metadata) {
    std::ostringstream out;
    put_geojson(out, layer, crs, metadata);
    return out.str();
}

void on_write_detail(std::function<void(const std::string&)> say) {
    const std::lock_guard<std::mutex> lock(bookkeeping);
    say_write_detail = std::move(say);
}

void remove_temporaries_on_signals() {
    park_signal = SIGRTMIN;
    if (const char* slow = std::getenv("ROISC_TEST_SLOW_CLEANUP")) {
        const double s = std::atof(slow);
        slow_cleanup = {static_cast<time_t>(s), static_cast<long>((s - std::floor(s)) * 1e9)};
    }
    struct sigaction park {};
    park.sa_handler = park_thread;
    sigemptyset(&park.sa_mask);
    sigaction(park_signal, &park, nullptr);
    std::signal(SIGINT, remove_temporaries_and_die);
    std::signal(SIGTERM, remove_temporaries_and_die);
}

OutputSet::OutputSet() {
    if (open_sets++ == 0) set_committed = 0;
}

OutputSet::~OutputSet() {
    if (--open_sets == 0 && !committed_) discard_open_set();
}

void result_folder(const std::string& folder) {
    if (open_sets == 0) return;
    const std::string target = normalised(folder);
    for (const auto& f : staged_folders) {
        if (f.target == target) return;
    }
    std::error_code ec;
    if (fs::exists(target, ec) && !fs::is_directory(target, ec)) {
        throw RuntimeFailure("cannot write the results into " + folder + ": it is a file, not a folder. Give --out a folder.");
    }
    const fs::path t(target);
    fs::create_directories(t.parent_path(), ec);
    if (ec) throw RuntimeFailure("cannot create the folder " + t.parent_path().string() + ": " + ec.message());
    remove_abandoned_staging(t);
    StagedFolder f{target, (t.parent_path() / ("." + t.filename().string() + ".roisc-new-" + std::to_string(::getpid()))).string()};
    fs::remove_all(f.staging, ec);
    if (!fs::create_directory(f.staging, ec) || ec) {
        throw RuntimeFailure("cannot create a folder beside " + folder + " to write the results in" +
                             (ec ? ": " + ec.message() : std::string()) + ". Check that the folder above it is writable.");
    }
    staging_folders.add(f.staging);
    staged_folders.push_back(std::move(f));
}

std::vector<std::string> OutputSet::commit() {
    if (open_sets > 1 || committed_) return {};  // a run inside a run (roisc run): the outer one commits
    committed_ = true;
    // Each folder's list of its files, so that the next run knows what it may replace.
    for (const auto& f : staged_folders) {
        std::string list = "# The files of the last roisc run into this folder; the next run replaces them.\n";
        for (const auto& name : files_under(f.staging)) list += name + "\n";
        const std::string path = (fs::path(f.staging) / set_list_name).string();
        staged_files.add(path);
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << list;
        if (!out.flush()) {
            discard_open_set();
            throw RuntimeFailure("cannot write " + path + " (disk full?): no result file was changed.");
        }
    }
    // With SIGINT and SIGTERM held back the moves cannot be cut short: each destination holds the
    // previous files or the new ones. A signal that came meanwhile is handled right after. (The
    // mask holds them on this thread; the phase holds them on any other.)
    sigset_t held, before;
    sigemptyset(&held);
    sigaddset(&held, SIGINT);
    sigaddset(&held, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &held, &before);
    if (int writing = 0; !phase.compare_exchange_strong(writing, 1)) {
        for (;;) ::pause();  // a handler on another thread is removing this run's files
    }
    std::string failure;
    std::vector<std::string> notes;
    for (const auto& [tmp, dest] : waiting_files) {
        std::error_code ec;
        fs::rename(tmp, dest, ec);
        if (ec) {
            if (failure.empty()) failure = "cannot move the finished file into place at " + dest + ": " + ec.message();
            fs::remove(tmp, ec);
        }
    }
    waiting_files.clear();
    for (const auto& f : staged_folders) {
        try {
            install_folder(f, notes);
        } catch (const RuntimeFailure& e) {
            if (failure.empty()) failure = e.what();
            std::error_code ec;
            fs::remove_all(f.staging, ec);
        }
    }
    staged_folders.clear();
    staged_files.clear();
    staging_folders.clear();
    set_committed = 1;
    phase.store(0);
    if (const int sig = held_signal.exchange(0)) ::kill(::getpid(), sig);
    pthread_sigmask(SIG_SETMASK, &before, nullptr);
    if (!failure.empty()) throw RuntimeFailure(failure);
    return notes;
}

void write_text(const std::string& path, const std::string& text) {
    write_through_temporary(path, [&](std::ostream& f) { f << text; });
}

void write_geojson(const std::string& path, const OutputLayer& layer, const WorkingCrs& crs, const Metadata& metadata) {
    write_through_temporary(path, [&](std::ostream& f) { put_geojson(f, layer, crs, metadata); });
    if (layer.style != LayerStyle::none) {
        write_text(fs::path(path).replace_extension(".qml").string(), layer_style_qml(layer));
    }
}

OutputLayer metadata_table(const Metadata& metadata) {
    OutputLayer table;
    table.name = "metadata";
    table.title = "How these results were made: the query, the inputs, the disclosure policy, the version";
    table.has_geometry = false;
    table.fields = {{"key", OutputField::Type::text}, {"value", OutputField::Type::text}};
    for (const auto& [k, v] : metadata) table.features.push_back({k, nullptr, {k, v}});
    return table;
}

void write_csv(const std::string& path, const Table& table) {
    std::ostringstream s;
    table.print_csv(s);
    write_text(path, s.str());
}

namespace {
std::string csv_cell(const std::string& text) {
    if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}
}  // namespace

void write_layer_csv(const std::string& path, const OutputLayer& layer) {
    write_through_temporary(path, [&](std::ostream& s) {
        std::string line = "id";
        for (const auto& f : layer.fields) line += "," + csv_cell(f.name);
        line += "\r\n";
        FeatureCursor features(layer);
        for (std::size_t i = 0; i < features.size(); ++i) {
            const OutputFeature& feature = features.at(i);
            line += csv_cell(feature.id);
            for (std::size_t k = 0; k < layer.fields.size(); ++k) {
                line += ',';
                if (k >= feature.values.size()) continue;
                // What value_json gives, unquoted: null empty, booleans true/false, fixed decimals.
                const FieldValue& v = feature.values[k];
                if (std::holds_alternative<std::monostate>(v)) continue;
                if (const auto* n = std::get_if<long long>(&v)) {
                    if (layer.fields[k].type == OutputField::Type::boolean) {
                        line += *n != 0 ? "true" : "false";
                    } else {
                        char buf[24];
                        line.append(buf, static_cast<std::size_t>(std::to_chars(buf, buf + sizeof buf, *n).ptr - buf));
                    }
                } else if (const auto* d = std::get_if<double>(&v)) {
                    if (std::isfinite(*d)) put_fixed(line, *d, 6);
                } else {
                    const std::string& text = std::get<std::string>(v);
                    if (text.find(number_mark) == std::string::npos) {
                        line += csv_cell(text);
                    } else {
                        std::string clean = text;
                        clean.erase(std::remove(clean.begin(), clean.end(), number_mark), clean.end());
                        line += csv_cell(clean);
                    }
                }
            }
            line += "\r\n";
            if (line.size() > (1u << 16) || i + 1 == features.size()) {
                s.write(line.data(), static_cast<std::streamsize>(line.size()));
                line.clear();
            }
        }
        s.write(line.data(), static_cast<std::streamsize>(line.size()));
    });
}

OutputLayer OutputLayer::materialised() const {
    OutputLayer copy = *this;
    if (!generate) return copy;
    copy.generate = nullptr;
    copy.generated = 0;
    copy.features.resize(generated);
    for (std::size_t i = 0; i < generated; ++i) generate(i, copy.features[i]);
    return copy;
}

OutputLayer OutputLayer::first(std::size_t n) const {
    OutputLayer copy = *this;
    copy.generate = nullptr;
    copy.generated = 0;
    if (!generate) {
        if (copy.features.size() > n) copy.features.resize(n);
        return copy;
    }
    copy.features.resize(std::min(n, generated));
    for (std::size_t i = 0; i < copy.features.size(); ++i) generate(i, copy.features[i]);
    return copy;
}

std::string layer_cell_text(const FieldValue& value, OutputField::Type type) {
    // What the layer CSV holds in the cell, unquoted: empty for null, true/false, fixed decimals.
    std::string out;
    if (std::holds_alternative<std::monostate>(value)) return out;
    if (const auto* i = std::get_if<long long>(&value)) {
        if (type == OutputField::Type::boolean) return *i != 0 ? "true" : "false";
        return std::to_string(*i);
    }
    if (const auto* d = std::get_if<double>(&value)) {
        if (std::isfinite(*d)) put_fixed(out, *d, 6);
        return out;
    }
    out = std::get<std::string>(value);
    out.erase(std::remove(out.begin(), out.end(), number_mark), out.end());
    return out;
}

bool is_database(const std::string& destination) {
    return destination.rfind("PG:", 0) == 0 || destination.rfind("postgresql://", 0) == 0;
}

namespace {

// Creates one layer's fields and features in an open dataset (GeoPackage or PostGIS).
// The one geometry type of a layer's features, polygons promoted to multipolygons (as written):
// QGIS and PostGIS then know the layer's type without reading it. Mixed layers stay "any".
OGRwkbGeometryType layer_geometry_type(const OutputLayer& layer) {
    if (!layer.has_geometry) return wkbNone;
    OGRwkbGeometryType type = wkbNone;
    FeatureCursor features(layer);
    for (std::size_t i = 0; i < features.size(); ++i) {
        const OutputFeature& f = features.at(i);
        if (!f.geometry) continue;
        OGRwkbGeometryType t = wkbFlatten(f.geometry->getGeometryType());
        if (t == wkbPolygon) t = wkbMultiPolygon;
        if (type == wkbNone) type = t;
        else if (type != t) return wkbUnknown;
    }
    return type == wkbNone ? wkbUnknown : type;
}

// With `index` set, the layer is spatial and created without GDAL's index: `index` receives its
// names and each non-empty geometry's envelope under its fid, for the index built afterwards.
void fill_layer(GDALDataset& ds, const OutputLayer& layer, const std::string& table, OGRSpatialReference& srs,
                CSLConstList options, const Metadata& metadata, GdalMessages& gdal, PendingRtree* index = nullptr) {
    const OGRwkbGeometryType geometry_type = layer_geometry_type(layer);
    OGRLayer* l = ds.CreateLayer(table.c_str(), geometry_type == wkbNone ? nullptr : &srs, geometry_type,
                                 const_cast<char**>(options));
    if (!l) throw RuntimeFailure("cannot create layer " + table + ": " + gdal.last());
    if (index) {
        index->table = table;
        index->geometry_column = l->GetGeometryColumn();
        index->fid_column = l->GetFIDColumn();
        index->entries.clear();
        index->entries.reserve(layer.size());
    }
    OGRFieldDefn fid_field("id", OFTString);
    l->CreateField(&fid_field);
    for (const auto& f : layer.fields) {
        OGRFieldType t = OFTString;
        OGRFieldSubType sub = OFSTNone;
        if (f.type == OutputField::Type::integer) t = OFTInteger64;
        if (f.type == OutputField::Type::real) t = OFTReal;
        if (f.type == OutputField::Type::boolean) t = OFTInteger, sub = OFSTBoolean;
        OGRFieldDefn def(f.name.c_str(), t);
        def.SetSubType(sub);
        if (l->CreateField(&def) != OGRERR_NONE) throw RuntimeFailure("cannot create field " + f.name + ": " + gdal.last());
    }
    for (const auto& [k, v] : metadata) l->SetMetadataItem(k.c_str(), v.c_str());
    // One OGRFeature for all rows: its field storage is reused rather than made for each row.
    OGRFeature feature(l->GetLayerDefn());
    FeatureCursor features(layer);
    for (std::size_t i = 0; i < features.size(); ++i) {
        const OutputFeature& f = features.at(i);
        feature.SetFID(OGRNullFID);
        feature.SetField(0, f.id.c_str());
        for (std::size_t k = f.values.size(); k < layer.fields.size(); ++k) feature.UnsetField(static_cast<int>(k) + 1);
        for (std::size_t k = 0; k < layer.fields.size() && k < f.values.size(); ++k) {
            const int idx = static_cast<int>(k) + 1;
            const FieldValue& v = f.values[k];
            if (std::holds_alternative<std::monostate>(v)) feature.SetFieldNull(idx);
            else if (const auto* i = std::get_if<long long>(&v)) feature.SetField(idx, static_cast<GIntBig>(*i));
            else if (const auto* d = std::get_if<double>(&v)) feature.SetField(idx, *d);
            else feature.SetField(idx, std::get<std::string>(v).c_str());
        }
        if (f.geometry && geometry_type != wkbNone) {
            // Databases want one geometry type per column: promote polygons to multipolygons.
            GeometryPtr g(f.geometry->clone());
            if (wkbFlatten(g->getGeometryType()) == wkbPolygon) g.reset(OGRGeometryFactory::forceToMultiPolygon(g.release()));
            feature.SetGeometryDirectly(g.release());
        } else {
            feature.SetGeometryDirectly(nullptr);
        }
        if (l->CreateFeature(&feature) != OGRERR_NONE) throw RuntimeFailure("cannot write a feature to " + table + ": " + gdal.last());
        if (index) {
            const OGRGeometry* g = feature.GetGeometryRef();
            if (g && !g->IsEmpty()) {
                OGREnvelope e;
                g->getEnvelope(&e);
                index->entries.push_back(rtree_entry(feature.GetFID(), e.MinX, e.MaxX, e.MinY, e.MaxY));
            }
        }
    }
}

// QGIS's own table of styles: the row marked useAsDefault is applied when the layer is opened.
void write_layer_styles(GDALDataset& ds, const std::vector<const OutputLayer*>& layers, GdalMessages& gdal) {
    OGRLayer* l = ds.CreateLayer("layer_styles", nullptr, wkbNone, nullptr);
    if (!l) throw RuntimeFailure("cannot create the layer_styles table: " + gdal.last());
    const char* text_fields[] = {"f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName",
                                 "styleQML", "styleSLD", "description", "owner", "ui"};
    for (const char* name : text_fields) {
        OGRFieldDefn def(name, OFTString);
        l->CreateField(&def);
    }
    OGRFieldDefn use("useAsDefault", OFTInteger);
    use.SetSubType(OFSTBoolean);
    l->CreateField(&use);
    OGRFieldDefn when("update_time", OFTDateTime);
    l->CreateField(&when);
    ds.StartTransaction();
    for (const OutputLayer* layer : layers) {
        if (layer->style == LayerStyle::none) continue;
        OGRFeature f(l->GetLayerDefn());
        f.SetField("f_table_catalog", "");
        f.SetField("f_table_schema", "");
        f.SetField("f_table_name", layer->name.c_str());
        f.SetField("f_geometry_column", "geom");
        f.SetField("styleName", layer->name.c_str());
        f.SetField("styleQML", layer_style_qml(*layer).c_str());
        f.SetField("styleSLD", "");
        f.SetField("description", ("roisc style for " + layer->name).c_str());
        f.SetField("owner", "roisc");
        f.SetField("useAsDefault", 1);
        f.SetField("update_time", 2000, 1, 1, 0, 0, 0.0f, 100);  // fixed, for identical bytes
        if (l->CreateFeature(&f) != OGRERR_NONE) throw RuntimeFailure("cannot write a style row: " + gdal.last());
    }
    ds.CommitTransaction();
}

}  // namespace

void write_postgis(const std::string& connection, const std::string& prefix, const std::vector<const OutputLayer*>& layers,
                   const WorkingCrs& crs, const Metadata& metadata) {
    ensure_gdal_registered();
    GdalMessages gdal;
    const std::string pg = connection.rfind("PG:", 0) == 0 ? connection : "PG:" + connection;
    DatasetPtr ds(GDALDataset::Open(pg.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
    if (!ds) {
        throw RuntimeFailure("cannot connect to " + connection + ": " + gdal.last() +
                             " Check the connection string (PG:host=… port=… dbname=… user=…) and that PostGIS is installed in "
                             "that database (CREATE EXTENSION postgis).");
    }
    OGRSpatialReference srs;
    srs.SetFromUserInput(crs.code.c_str());
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    CPLStringList options;
    options.SetNameValue("OVERWRITE", "YES");
    options.SetNameValue("SPATIAL_INDEX", "GIST");
    options.SetNameValue("GEOMETRY_NAME", "geom");
    options.SetNameValue("FID", "fid");
    // One transaction: the tables of a result appear together or not at all.
    if (ds->StartTransaction() != OGRERR_NONE) throw RuntimeFailure("cannot start a transaction: " + gdal.last());
    try {
        for (const OutputLayer* layer : layers) fill_layer(*ds, *layer, prefix + "_" + layer->name, srs, options.List(), metadata, gdal);
        CPLStringList plain(options);
        plain.SetNameValue("SPATIAL_INDEX", "NONE");
        OGRLayer* l = ds->CreateLayer((prefix + "_metadata").c_str(), nullptr, wkbNone, plain.List());
        if (!l) throw RuntimeFailure("cannot create " + prefix + "_metadata: " + gdal.last());
        for (const char* name : {"key", "value"}) {
            OGRFieldDefn def(name, OFTString);
            l->CreateField(&def);
        }
        for (const auto& [k, v] : metadata) {
            OGRFeature feature(l->GetLayerDefn());
            feature.SetField(0, k.c_str());
            feature.SetField(1, v.c_str());
            if (l->CreateFeature(&feature) != OGRERR_NONE) throw RuntimeFailure("cannot write metadata: " + gdal.last());
        }
    } catch (...) {
        ds->RollbackTransaction();
        throw;
    }
    if (ds->CommitTransaction() != OGRERR_NONE) throw RuntimeFailure("cannot commit to " + connection + ": " + gdal.last());
}

void write_geopackage(const std::string& path, const std::vector<const OutputLayer*>& layers, const WorkingCrs& crs,
                      const Metadata& metadata) {
    ensure_gdal_registered();
    const std::string destination = staged_path(path);
    ensure_parent(destination);
    const std::string tmp = temporary_for(destination) + ".gpkg";
    const InFlight guard(tmp);
    const InFlight journal(tmp + "-journal");
    GdalMessages gdal;
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (!driver) throw RuntimeFailure("GDAL has no GeoPackage driver");
    std::error_code ec;
    fs::remove(tmp, ec);
    // A fixed timestamp in gpkg_contents, so the same inputs give the same bytes.
    CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", "2000-01-01T00:00:00.000Z");
    DatasetPtr ds(driver->Create(tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw RuntimeFailure("cannot create " + tmp + ": " + gdal.last());
    OGRSpatialReference srs;
    srs.SetFromUserInput(crs.code.c_str());
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    // Large spatial layers: GDAL 3.6 would fill their R-trees row by row as it closes the file
    // (seconds per million features); they are written without, and get a packed one below.
    std::vector<PendingRtree> bulk_indexes;
    const bool bulk = gdal_fills_rtree_row_by_row();
    try {
        for (const OutputLayer* layer : layers) {
            CPLStringList options;
            options.SetNameValue("DESCRIPTION", layer->title.c_str());
            options.SetNameValue("IDENTIFIER", layer->name.c_str());
            PendingRtree* index = nullptr;
            if (bulk && layer->has_geometry && layer->size() >= geopackage_bulk_index_min_features) {
                options.SetNameValue("SPATIAL_INDEX", "NO");
                index = &bulk_indexes.emplace_back();
            }
            ds->StartTransaction();
            fill_layer(*ds, *layer, layer->name, srs, options.List(), metadata, gdal, index);
            ds->CommitTransaction();
        }
        // No styles, no styles table: a one-layer GeoPackage stays one layer for readers that open
        // its only layer (a manifest without layer = "…").
        if (std::any_of(layers.begin(), layers.end(), [](const OutputLayer* l) { return l->style != LayerStyle::none; })) {
            write_layer_styles(*ds, layers, gdal);
        }
    } catch (...) {
        ds.reset();
        fs::remove(tmp, ec);
        throw;
    }
    for (const auto& [k, v] : metadata) ds->SetMetadataItem(k.c_str(), v.c_str());
    ds.reset();
    try {
        for (PendingRtree& index : bulk_indexes) {
            std::string why;
            const std::string what = path + ", layer " + index.table + ": spatial index of " +
                                     std::to_string(index.entries.size()) + " features ";
            // A tree that fails its check costs the time of GDAL's own, never a wrong index.
            if (write_bulk_rtree(tmp, index, why)) {
                write_detail(what + "packed in bulk (rtreecheck ok)");
            } else {
                create_rtree_with_gdal(tmp, index);
                std::replace(why.begin(), why.end(), '\n', ';');
                write_detail(what + "built by GDAL: the packed one was refused (" + why + ")");
            }
        }
    } catch (...) {
        fs::remove(tmp, ec);
        fs::remove(tmp + "-journal", ec);
        throw;
    }
    commit(tmp, destination, path);
}

}  // namespace roisc
