#include "roisc/core/table.hpp"

#include "roisc/core/error.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>

namespace roisc {

TableFormat table_format_from_string(const std::string& text) {
    if (text == "table") return TableFormat::table;
    if (text == "csv") return TableFormat::csv;
    if (text == "json") return TableFormat::json;
    throw ArgumentError("--format: unknown format '" + text + "'. Use table, csv or json.");
}

void Table::add_row(std::vector<std::string> row) {
    row.resize(columns_.size());
    rows_.push_back(std::move(row));
}

void Table::generate_rows(std::size_t n, std::function<std::vector<std::string>(std::size_t)> row) {
    generated_ = n;
    generate_ = std::move(row);
}

void Table::for_each_row(const std::function<void(const std::vector<std::string>&)>& visit) const {
    for (const auto& r : rows_) visit(r);
    for (std::size_t i = 0; i < generated_; ++i) {
        std::vector<std::string> r = generate_(i);
        r.resize(columns_.size());
        visit(r);
    }
}

void Table::print(std::ostream& out, TableFormat format) const {
    switch (format) {
        case TableFormat::table: print_aligned(out); break;
        case TableFormat::csv: print_csv(out); break;
        case TableFormat::json: print_json(out); break;
    }
}

namespace {
// Display width in code points, so names with accents still line up.
std::size_t width(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) {
        if ((c & 0xC0) != 0x80) ++n;
    }
    return n;
}
}  // namespace

void Table::print_aligned(std::ostream& out) const {
    std::vector<std::size_t> widths;
    for (const auto& c : columns_) widths.push_back(width(c.name));
    for_each_row([&](const std::vector<std::string>& r) {
        for (std::size_t i = 0; i < r.size(); ++i) widths[i] = std::max(widths[i], width(r[i]));
    });
    auto line = [&](const std::vector<std::string>& cells) {
        std::string text;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            const std::size_t pad = widths[i] - width(cells[i]);
            const bool last = i + 1 == cells.size();
            if (columns_[i].align == Align::right) {
                text += std::string(pad, ' ') + cells[i];
            } else {
                text += cells[i];
                if (!last) text += std::string(pad, ' ');
            }
            if (!last) text += "  ";
        }
        while (!text.empty() && text.back() == ' ') text.pop_back();
        out << text << '\n';
    };
    std::vector<std::string> header;
    for (const auto& c : columns_) header.push_back(c.name);
    line(header);
    std::vector<std::string> rule;
    for (std::size_t w : widths) rule.push_back(std::string(w, '-'));
    line(rule);
    for_each_row(line);
}

std::string csv_escape(const std::string& cell) {
    if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
    std::string out = "\"";
    for (char c : cell) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

void Table::print_csv(std::ostream& out) const {
    for (std::size_t i = 0; i < columns_.size(); ++i) out << (i ? "," : "") << csv_escape(columns_[i].name);
    out << "\r\n";
    for_each_row([&](const std::vector<std::string>& r) {
        for (std::size_t i = 0; i < r.size(); ++i) out << (i ? "," : "") << csv_escape(r[i]);
        out << "\r\n";
    });
}

void Table::print_json(std::ostream& out) const {
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for_each_row([&](const std::vector<std::string>& r) {
        nlohmann::ordered_json obj = nlohmann::ordered_json::object();
        for (std::size_t i = 0; i < r.size(); ++i) {
            const std::string& cell = r[i];
            if (columns_[i].numeric && !cell.empty()) {
                char* end = nullptr;
                const double d = std::strtod(cell.c_str(), &end);
                if (end && *end == '\0') {
                    if (cell.find_first_of(".eE") == std::string::npos) obj[columns_[i].name] = std::strtoll(cell.c_str(), nullptr, 10);
                    else obj[columns_[i].name] = d;
                    continue;
                }
            }
            if (columns_[i].numeric && cell.empty()) obj[columns_[i].name] = nullptr;
            else obj[columns_[i].name] = cell;
        }
        rows.push_back(std::move(obj));
    });
    out << rows.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

}  // namespace roisc
