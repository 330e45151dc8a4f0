#pragma once
// A result table, printed the way the user asked: aligned for reading, CSV or JSON for piping.
#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace roisc {

enum class TableFormat { table, csv, json };
TableFormat table_format_from_string(const std::string& text);  // throws ArgumentError

class Table {
public:
    enum class Align { left, right };
    struct Column {
        std::string name;
        Align align = Align::left;
        bool numeric = false;  // JSON writes the value unquoted when it parses as a number
    };

    Table() = default;
    explicit Table(std::vector<Column> columns) : columns_(std::move(columns)) {}

    void add_row(std::vector<std::string> row);
    // `n` more rows after the added ones, made by row(i) each time the table is printed rather than
    // held (a national list of hundreds of thousands of rows).
    void generate_rows(std::size_t n, std::function<std::vector<std::string>(std::size_t)> row);
    const std::vector<Column>& columns() const { return columns_; }
    const std::vector<std::vector<std::string>>& rows() const { return rows_; }  // the added rows only
    bool empty() const { return rows_.empty() && generated_ == 0; }

    void print(std::ostream& out, TableFormat format) const;
    void print_aligned(std::ostream& out) const;
    void print_csv(std::ostream& out) const;
    void print_json(std::ostream& out) const;

private:
    std::vector<Column> columns_;
    std::vector<std::vector<std::string>> rows_;
    std::size_t generated_ = 0;
    std::function<std::vector<std::string>(std::size_t)> generate_;
    // Every row, added then generated, in order.
    void for_each_row(const std::function<void(const std::vector<std::string>&)>& visit) const;
};

// RFC 4180 quoting for one CSV cell.
std::string csv_escape(const std::string& cell);

}  // namespace roisc
