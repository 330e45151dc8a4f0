#pragma once
// Disclosure control: the one policy every export of treatment counts goes through.
//
// Counts of people in treatment are sensitive: a published "2" in a postcode sector can identify
// someone. Under the standard policy a count of 1 to threshold-1 is suppressed (primary
// suppression), and further counts are suppressed (secondary suppression) until no suppressed
// count can be worked out from the published counts and totals, however they are added and
// subtracted. Zeros are shown: they disclose no one, and a table that hides its zeros is much
// harder to read. Because zeros are shown, anyone reading the table knows that every suppressed
// count is at least 1, and the secondary suppression takes that into account too.
//
// Every suppressed count is shown with the same marker ("*"), whether it is small or was hidden
// to protect another: a "<5" marker on some cells and "*" on others would tell a reader which
// hidden counts are small, and that can be enough to work one out.
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace roisc {

enum class DisclosureMethod { none, standard };

struct DisclosurePolicy {
    DisclosureMethod method = DisclosureMethod::standard;
    long long threshold = 5;   // counts 1 .. threshold-1 are suppressed
    std::string marker = "*";  // how a suppressed count is written
    // Published counts are rounded to the nearest multiple of this, after suppression (0: exact).
    // Every count derived from the protected table is a sum of rounded published cells.
    long long rounding = 0;

    static DisclosurePolicy standard(long long threshold = 5);
    // For analysts inside the secure environment: nothing is suppressed, and outputs say so.
    static DisclosurePolicy none();
    // From --disclosure standard|none, --threshold (nullopt: not given) and --rounding none|5.
    // Throws QueryError by concept.
    static DisclosurePolicy from_options(const std::string& name, std::optional<long long> threshold,
                                         const std::string& rounding = "none");

    const char* name() const;  // "standard" | "none"
    // True for a count that must not be published as it is (1 .. threshold-1 under standard).
    bool is_small(long long count) const;
    // A count as published when it is not suppressed: rounded to the nearest multiple of `rounding`.
    long long rounded(long long count) const;
    // One line for the note under a table: "standard: counts of 1 to 4 are shown as * ...".
    std::string summary() const;
    // Key/value pairs for output metadata (GeoJSON "metadata", GeoPackage metadata table).
    std::vector<std::pair<std::string, std::string>> metadata() const;
};

// A count as it may be published: its value, or suppressed. Writers get only this.
class PublishedCount {
public:
    static PublishedCount shown(long long value) { return PublishedCount(value); }
    static PublishedCount suppressed() { return PublishedCount(); }
    bool is_suppressed() const { return !value_; }
    std::optional<long long> value() const { return value_; }
    // "12", or the policy's marker.
    std::string text(const DisclosurePolicy& policy) const;

private:
    PublishedCount() = default;
    explicit PublishedCount(long long v) : value_(v) {}
    std::optional<long long> value_;
};

// People counted by cohort in rows (hotspots), the rows grouped in regions (towns), the regions
// making up the whole (the borough); with every total: row totals, region counts and totals,
// cohort totals and the grand total. Any of these published together must not give away a
// suppressed one.
class CountTable {
public:
    explicit CountTable(std::vector<std::string> cohorts);
    // `importance` scales the cost of hiding this region's counts (and its rows'): secondary
    // suppression hides counts in cheaper regions first where either would protect a cell.
    std::size_t add_region(std::string name, long long importance = 1);
    // Counts are one per cohort, zero or more. Throws RuntimeFailure on a wrong shape.
    std::size_t add_row(std::size_t region, std::string name, std::vector<long long> counts);
    void reserve_rows(std::size_t n) { rows_.reserve(n); }

    const std::vector<std::string>& cohorts() const { return cohorts_; }
    std::size_t row_count() const { return rows_.size(); }
    std::size_t region_count() const { return regions_.size(); }
    const std::string& row_name(std::size_t row) const { return rows_[row].name; }
    std::size_t row_region(std::size_t row) const { return rows_[row].region; }
    const std::vector<long long>& row_counts(std::size_t row) const { return rows_[row].counts; }
    const std::string& region_name(std::size_t region) const { return regions_[region]; }
    long long region_importance(std::size_t region) const { return importance_[region]; }
    // Moves every row's name out, in row order, and drops the rows (the table keeps its cohorts and
    // regions). When no row has a name, gives an empty vector.
    std::vector<std::string> take_row_names();

private:
    struct Row {
        std::string name;
        std::size_t region;
        std::vector<long long> counts;
    };
    std::vector<std::string> cohorts_;
    std::vector<std::string> regions_;
    std::vector<long long> importance_;
    std::vector<Row> rows_;
};

// One byte: a national table has millions of cells (and the protection one arc per cell).
enum class Suppression : unsigned char { none, primary, secondary };

// 16 bytes (a national table has millions): what is shown and the suppression share 8.
struct ProtectedCell {
    ProtectedCell() : shown(0), suppression(Suppression::none) {}
    long long value = 0;  // the true count: for tests and audits only, never to be written out
    long long shown : 62;  // what is published unless suppressed: the value, rounded under the policy
    Suppression suppression : 2;
    bool is_suppressed() const { return suppression != Suppression::none; }
    PublishedCount published() const {
        return is_suppressed() ? PublishedCount::suppressed() : PublishedCount::shown(shown);
    }
};
static_assert(sizeof(ProtectedCell) == 16, "a protected cell is two words");

// One line of the protected table: a cell per cohort, and the line's total.
struct ProtectedLine {
    std::string name;
    std::vector<ProtectedCell> cells;
    ProtectedCell total;
};

// A CountTable after the policy: what may be published, cell by cell.
struct ProtectedTable {
    DisclosurePolicy policy;
    std::vector<std::string> cohorts;
    std::vector<ProtectedLine> rows;
    std::vector<std::size_t> row_region;
    std::vector<ProtectedLine> regions;
    ProtectedLine whole;

    std::size_t suppressed_count() const;
    std::size_t cell_count() const;
};

// Applies the policy to every cell and total of the table. Under the standard policy the result
// has no published count in 1..threshold-1, and no suppressed count is determined by the published
// ones: for each, the values consistent with what is published (all equations, suppressed counts
// at least 1) span more than one number.
ProtectedTable protect(const CountTable& table, const DisclosurePolicy& policy);
// The same, taking the table: its rows are released before the protection builds its network, so a
// national table is not held twice.
ProtectedTable protect(CountTable&& table, const DisclosurePolicy& policy);

// Shares `count` people among `slots` points (the unit postcodes of a sector, in postcode order)
// as whole numbers. With min_share > 1 (disclosure control on) the count goes to only as many
// points as keep every share at least min_share, so spreading never makes a small count;
// otherwise to every point. Shares are equal, the remainder going one each to points spaced evenly
// through the list (the largest remainder method with equal weights). Sums to `count`.
std::vector<long long> spread_count(long long count, std::size_t slots, long long min_share);

}  // namespace roisc
