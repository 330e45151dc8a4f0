// Postcode lookup at the scale of a whole region (issue 3): builds roisc's PostcodeLookup from all
// 72,055 B/DY/WS/WV unit postcodes (Code-Point Open 2014) and resolves 1,000,000 random queries
// (fixed seed; units, sectors and districts in several spellings, and some unknown postcodes),
// printing the rate. In the same run it resolves the first 10,000 of those queries with GDAL
// attribute filters on the same table in a GeoPackage with an index on the postcode, checks that
// both give the same answers, and prints the ratio.
//
//   bench_postcode_lookup [DATA] [--queries N] [--gdal-queries N] [--seed S]
// DATA is the shared data folder (default: ../shared/data beside the repository).
#include "roisc/core/crs.hpp"
#include "roisc/core/postcode.hpp"
#include "roisc/io/csv.hpp"
#include "roisc/io/gdal_support.hpp"
#include "roisc/io/postcode_lookup.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <vector>

#ifndef ROISC_SHARED_DATA
#define ROISC_SHARED_DATA "../shared/data"
#endif

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

std::string load_average() {
    std::FILE* f = std::fopen("/proc/loadavg", "r");
    if (!f) return "unknown";
    char buf[128] = {0};
    const bool ok = std::fgets(buf, sizeof buf, f) != nullptr;
    std::fclose(f);
    std::string s = ok ? buf : "unknown";
    // The first three fields: 1, 5 and 15 minutes.
    std::size_t end = 0;
    for (int field = 0; field < 3 && end != std::string::npos; ++field) end = s.find(' ', end + (field ? 1 : 0));
    return s.substr(0, end);
}

struct Options {
    std::string data = ROISC_SHARED_DATA;
    std::size_t queries = 1'000'000;
    std::size_t gdal_queries = 10'000;
    unsigned long long seed = 20261123;
};

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
            return argv[++i];
        };
        if (a == "--queries") o.queries = std::stoull(value());
        else if (a == "--gdal-queries") o.gdal_queries = std::stoull(value());
        else if (a == "--seed") o.seed = std::stoull(value());
        else if (a == "-h" || a == "--help") {
            std::cout << "bench_postcode_lookup [DATA (" ROISC_SHARED_DATA ")] [--queries N (1000000)] "
                         "[--gdal-queries N (10000)] [--seed S]\n";
            std::exit(0);
        } else if (!a.empty() && a[0] == '-') {
            throw std::runtime_error("unknown argument '" + a + "' (see --help)");
        } else {
            o.data = a;
        }
    }
    o.gdal_queries = std::min(o.gdal_queries, o.queries);
    return o;
}

struct Unit {
    std::string postcode;  // normalised
    double e = 0, n = 0;
};

// The source table, read directly (not through roisc) for the GeoPackage and the query keys.
std::vector<Unit> read_units(const std::string& path) {
    roisc::CsvReader csv(path);
    roisc::CsvRecord r;
    if (!csv.next(r)) throw std::runtime_error(path + " is empty");
    int pc = -1, e = -1, n = -1;
    for (std::size_t i = 0; i < r.fields.size(); ++i) {
        if (r.fields[i] == "postcode") pc = static_cast<int>(i);
        if (r.fields[i] == "easting") e = static_cast<int>(i);
        if (r.fields[i] == "northing") n = static_cast<int>(i);
    }
    if (pc < 0 || e < 0 || n < 0) throw std::runtime_error(path + ": expected postcode, easting and northing columns");
    std::vector<Unit> units;
    while (csv.next(r)) {
        if (static_cast<int>(r.fields.size()) <= std::max({pc, e, n})) continue;
        const auto parsed = roisc::parse_postcode(r.fields[pc]);
        if (!parsed) throw std::runtime_error(path + " line " + std::to_string(r.line) + ": " + parsed.reason);
        units.push_back({parsed.postcode->text(), std::stod(r.fields[e]), std::stod(r.fields[n])});
    }
    return units;
}

struct Query {
    std::string text;                 // as an analyst might type it
    std::string key;                  // the normalised postcode it means
    roisc::PostcodeLevel level;
    bool known;                       // in the table (or made from it)
};

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string without_space(std::string s) {
    s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
    return s;
}

// 70 % units, 15 % sectors, 10 % districts, 5 % postcodes the table does not have; spelt as
// normalised (60 %), lower case (20 %) or, for units, without the space (20 %).
std::vector<Query> make_queries(const std::vector<Unit>& units, std::size_t count, unsigned long long seed) {
    std::set<std::string> unit_keys, sectors, districts;
    for (const auto& u : units) {
        const auto p = roisc::parse_postcode(u.postcode).postcode;
        unit_keys.insert(u.postcode);
        sectors.insert(p->sector());
        districts.insert(p->district());
    }
    std::vector<std::pair<std::string, roisc::PostcodeLevel>> unknown;
    for (const auto& s : sectors) {  // a unit in each known sector that Code-Point does not list
        if (!unit_keys.count(s + "ZZ")) unknown.emplace_back(s + "ZZ", roisc::PostcodeLevel::unit);
    }
    for (const auto& d : districts) {  // sector 9 of each district, where it does not exist
        if (!sectors.count(d + " 9")) unknown.emplace_back(d + " 9", roisc::PostcodeLevel::sector);
    }
    for (const char* d : {"M1", "LS6", "SW1A", "EH1", "CF10", "NE1", "BS8", "G2", "OX1", "CB2"}) {
        unknown.emplace_back(d, roisc::PostcodeLevel::district);  // districts outside B, DY, WS, WV
    }
    const std::vector<std::string> sector_list(sectors.begin(), sectors.end());
    const std::vector<std::string> district_list(districts.begin(), districts.end());

    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u01(0.0, 1.0);
    auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    std::vector<Query> qs;
    qs.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        Query q;
        const double kind = u01(rng);
        if (kind < 0.70) {
            q = {"", units[pick(units.size())].postcode, roisc::PostcodeLevel::unit, true};
        } else if (kind < 0.85) {
            q = {"", sector_list[pick(sector_list.size())], roisc::PostcodeLevel::sector, true};
        } else if (kind < 0.95) {
            q = {"", district_list[pick(district_list.size())], roisc::PostcodeLevel::district, true};
        } else {
            const auto& [key, level] = unknown[pick(unknown.size())];
            q = {"", key, level, false};
        }
        const double spelling = u01(rng);
        q.text = spelling < 0.60 ? q.key
                 : spelling < 0.80 || q.level != roisc::PostcodeLevel::unit ? lower(q.key)
                                                                            : without_space(q.key);
        qs.push_back(std::move(q));
    }
    return qs;
}

struct Answer {
    bool found = false;
    double x = 0, y = 0;
};

// The peer: the same table in a GeoPackage with an index on the postcode, read with OGR attribute
// filters. A unit is `postcode = '…'`; a sector or district is the mean of its units, selected by
// a key range the index serves (`postcode >= 'B69 3' AND postcode < 'B69 3~'`).
class GpkgLookup {
public:
    GpkgLookup(const std::string& path, const std::vector<Unit>& units) {
        roisc::ensure_gdal_registered();
        GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
        if (!driver) throw std::runtime_error("GDAL has no GPKG driver");
        {
            roisc::DatasetPtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
            if (!ds) throw std::runtime_error("cannot create " + path);
            OGRSpatialReference bng;
            bng.importFromEPSG(27700);
            OGRLayer* layer = ds->CreateLayer("postcodes", &bng, wkbPoint, nullptr);
            OGRFieldDefn pc("postcode", OFTString), e("easting", OFTReal), n("northing", OFTReal);
            layer->CreateField(&pc);
            layer->CreateField(&e);
            layer->CreateField(&n);
            ds->StartTransaction();
            for (const auto& u : units) {
                OGRFeature f(layer->GetLayerDefn());
                f.SetField(0, u.postcode.c_str());
                f.SetField(1, u.e);
                f.SetField(2, u.n);
                f.SetGeometry(std::make_unique<OGRPoint>(u.e, u.n).get());
                if (layer->CreateFeature(&f) != OGRERR_NONE) throw std::runtime_error("cannot write " + path);
            }
            ds->CommitTransaction();
            ds->ExecuteSQL("CREATE INDEX postcodes_postcode ON postcodes (postcode)", nullptr, nullptr);
        }
        ds_.reset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
        if (!ds_) throw std::runtime_error("cannot reopen " + path);
        layer_ = ds_->GetLayerByName("postcodes");
    }

    Answer find(const std::string& key, roisc::PostcodeLevel level) {
        std::string filter;
        if (level == roisc::PostcodeLevel::unit) {
            filter = "postcode = '" + key + "'";
        } else {
            // Units of sector "B69 3" start "B69 3"; units of district "B69" start "B69 ".
            const std::string prefix = level == roisc::PostcodeLevel::district ? key + " " : key;
            filter = "postcode >= '" + prefix + "' AND postcode < '" + prefix + "~'";
        }
        layer_->SetAttributeFilter(filter.c_str());
        layer_->ResetReading();
        double sx = 0, sy = 0;
        long long n = 0;
        while (OGRFeature* f = layer_->GetNextFeature()) {
            sx += f->GetFieldAsDouble(1);
            sy += f->GetFieldAsDouble(2);
            ++n;
            OGRFeature::DestroyFeature(f);
        }
        if (n == 0) return {};
        return {true, sx / static_cast<double>(n), sy / static_cast<double>(n)};
    }

private:
    roisc::DatasetPtr ds_;
    OGRLayer* layer_ = nullptr;
};

int run(const Options& o) {
    const std::string path = o.data + "/postcodes/postcodes_B_DY_WS_WV_2014.csv";
    std::printf("bench_postcode_lookup: %s (load average %s)\n", path.c_str(), load_average().c_str());

    const auto units = read_units(path);
    const auto queries = make_queries(units, o.queries, o.seed);
    std::size_t n_unknown = 0;
    for (const auto& q : queries) n_unknown += !q.known;
    std::printf("%zu unit postcodes in the table; %zu queries (seed %llu): 70%% units, 15%% sectors, 10%% districts, "
                "%zu (%.1f%%) unknown; mixed spellings (\"B69 3DE\", \"b69 3de\", \"B693DE\")\n\n",
                units.size(), queries.size(), o.seed, n_unknown, 100.0 * static_cast<double>(n_unknown) / static_cast<double>(queries.size()));

    // --- roisc: build the lookup from the CSV, then resolve every query from its text.
    roisc::WorkingCrs bng;
    bng.code = "EPSG:27700";
    bng.name = "OSGB36 / British National Grid";
    auto t0 = Clock::now();
    const roisc::PostcodeLookup lookup = roisc::read_postcode_lookup(path, bng);
    const double build = seconds_since(t0);
    std::printf("roisc PostcodeLookup built in %.3f s: %zu units given, %zu locations with the sectors, districts and "
                "areas made from them\n",
                build, lookup.given(roisc::PostcodeLevel::unit), lookup.size());
    int status = lookup.given(roisc::PostcodeLevel::unit) == units.size() ? 0 : 1;

    std::vector<Answer> answers(queries.size());
    t0 = Clock::now();
    for (std::size_t i = 0; i < queries.size(); ++i) {
        const roisc::PostcodeParse parsed = roisc::parse_postcode(queries[i].text);
        if (!parsed) continue;
        if (const auto loc = lookup.find(*parsed.postcode)) answers[i] = {true, loc->x, loc->y};
    }
    const double resolve = seconds_since(t0);
    const double rate = static_cast<double>(queries.size()) / resolve;
    std::size_t found = 0, wrong = 0;
    for (std::size_t i = 0; i < queries.size(); ++i) {
        found += answers[i].found;
        wrong += answers[i].found != queries[i].known;
    }
    std::printf("roisc: %zu queries parsed and resolved in %.3f s: %.2f M queries/s (%.2f us each); %zu found, %zu "
                "not found, %zu unexpected\n",
                queries.size(), resolve, rate / 1e6, 1e6 / rate, found, queries.size() - found, wrong);
    if (wrong) status = 1;

    // Unit queries alone (the kind that is one row for GDAL too).
    std::vector<const std::string*> unit_texts;
    for (const auto& q : queries) {
        if (q.known && q.level == roisc::PostcodeLevel::unit) unit_texts.push_back(&q.text);
    }
    t0 = Clock::now();
    std::size_t unit_found = 0;
    for (const std::string* text : unit_texts) {
        const roisc::PostcodeParse p = roisc::parse_postcode(*text);
        unit_found += p && lookup.find(*p.postcode).has_value();
    }
    const double unit_time = seconds_since(t0);
    std::printf("roisc: the %zu known unit queries alone: %.2f us each (%zu found)\n", unit_texts.size(),
                unit_time / static_cast<double>(unit_texts.size()) * 1e6, unit_found);

    // The same, with the postcodes parsed beforehand: the lookup alone.
    std::vector<roisc::Postcode> parsed;
    parsed.reserve(queries.size());
    for (const auto& q : queries) parsed.push_back(*roisc::parse_postcode(q.key).postcode);
    t0 = Clock::now();
    double checksum = 0;
    for (const auto& p : parsed) {
        if (const auto loc = lookup.find(p)) checksum += loc->x;
    }
    const double find_only = seconds_since(t0);
    std::printf("roisc: find() alone on parsed postcodes: %.3f s, %.2f M queries/s (checksum %.0f)\n\n", find_only,
                static_cast<double>(parsed.size()) / find_only / 1e6, checksum);

    // --- GDAL: the same table in a GeoPackage with an index on postcode, attribute filters.
    char tmpl[] = "/tmp/roisc-bench-postcodes.XXXXXX";
    if (!mkdtemp(tmpl)) throw std::runtime_error("cannot make a temporary folder");
    const std::string gpkg = std::string(tmpl) + "/postcodes.gpkg";
    struct Cleanup {
        std::string dir, file;
        ~Cleanup() {
            std::remove(file.c_str());
            std::remove(dir.c_str());
        }
    } cleanup{tmpl, gpkg};
    double gdal_time = 0;
    std::size_t same = 0, differ = 0;
    {
        t0 = Clock::now();
        GpkgLookup gdal(gpkg, units);
        std::printf("GDAL: GeoPackage of the %zu units with an index on postcode written in %.2f s\n", units.size(),
                    seconds_since(t0));
        std::vector<Answer> gdal_answers(o.gdal_queries);
        // Time by kind too: a sector or district reads all its units, a unit one row.
        double by_kind_time[2][4] = {{0}};
        std::size_t by_kind_n[2][4] = {{0}};
        t0 = Clock::now();
        for (std::size_t i = 0; i < o.gdal_queries; ++i) {
            const auto q0 = Clock::now();
            gdal_answers[i] = gdal.find(queries[i].key, queries[i].level);
            const int known = queries[i].known ? 1 : 0, level = static_cast<int>(queries[i].level);
            by_kind_time[known][level] += seconds_since(q0);
            ++by_kind_n[known][level];
        }
        gdal_time = seconds_since(t0);
        std::printf("GDAL, by kind of query:");
        for (int known = 1; known >= 0; --known) {
            for (int level = 3; level >= 1; --level) {
                if (!by_kind_n[known][level]) continue;
                std::printf(" %s%s %.0f us (%zu);", known ? "" : "unknown ",
                            roisc::to_string(static_cast<roisc::PostcodeLevel>(level)),
                            by_kind_time[known][level] / static_cast<double>(by_kind_n[known][level]) * 1e6,
                            by_kind_n[known][level]);
            }
        }
        std::printf("\n");
        for (std::size_t i = 0; i < o.gdal_queries; ++i) {
            const Answer& a = answers[i];
            const Answer& b = gdal_answers[i];
            const bool agree = a.found == b.found && (!a.found || (std::fabs(a.x - b.x) < 1e-6 && std::fabs(a.y - b.y) < 1e-6));
            if (agree) {
                ++same;
            } else if (differ++ < 5) {
                std::printf("  differ: '%s': roisc %s %.3f %.3f, GDAL %s %.3f %.3f\n", queries[i].text.c_str(),
                            a.found ? "found" : "none", a.x, a.y, b.found ? "found" : "none", b.x, b.y);
            }
        }
    }
    const double gdal_rate = static_cast<double>(o.gdal_queries) / gdal_time;
    std::printf("GDAL: %zu queries (the first %zu of the same list) by OGRLayer::SetAttributeFilter in %.3f s: %.0f "
                "queries/s (%.1f us each)\n",
                o.gdal_queries, o.gdal_queries, gdal_time, gdal_rate, 1e6 / gdal_rate);
    std::printf("answers: %zu of %zu the same (found or not, position within 1e-6 m), %zu differ\n\n", same,
                o.gdal_queries, differ);
    if (differ) status = 1;

    std::printf("summary\n");
    std::printf("  roisc PostcodeLookup  %10.0f queries/s  (build %.3f s)\n", rate, build);
    std::printf("  GDAL attribute filter %10.0f queries/s\n", gdal_rate);
    std::printf("  roisc / GDAL = %.0fx; answers %s\n", rate / gdal_rate, status == 0 ? "the same" : "DIFFER");
    return status;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(parse(argc, argv));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_postcode_lookup: %s\n", e.what());
        return 2;
    }
}
