#pragma once
// Reading a report.html back as a reader's tools would: its tables (cells as shown), the data its
// map draws, and the page without the inlined Leaflet library (for checks on what roisc wrote).
#include "csv.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace roisc::test {

struct ReportTableText {
    std::string name;  // data-table: the CSV it matches ("gaps_by_town") or the layer
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;  // cell text, tags removed, entities decoded
};

inline std::string read_text(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

inline std::string html_text(const std::string& tagged) {
    std::string html;
    bool in_tag = false;
    for (char c : tagged) {
        if (c == '<') in_tag = true;
        else if (c == '>') in_tag = false;
        else if (!in_tag) html += c;
    }
    const std::pair<const char*, const char*> entities[] = {
        {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}};
    for (const auto& [from, to] : entities) {
        for (auto at = html.find(from); at != std::string::npos; at = html.find(from, at + 1)) html.replace(at, std::string(from).size(), to);
    }
    return html;
}

// The text between each `open…>` and its `close`, from `from` to `to` (no regular expressions: a
// page is large, and std::regex recurses per character).
inline std::vector<std::string> elements(const std::string& html, const std::string& open, const std::string& close,
                                         std::size_t from = 0, std::size_t to = std::string::npos) {
    std::vector<std::string> out;
    if (to == std::string::npos) to = html.size();
    for (auto a = html.find(open, from); a != std::string::npos && a < to; a = html.find(open, a + 1)) {
        const auto start = html.find('>', a) + 1;
        const auto end = html.find(close, start);
        if (end == std::string::npos || end > to) break;
        out.push_back(html.substr(start, end - start));
        a = end;
    }
    return out;
}

inline std::string attribute(const std::string& tag, const std::string& name) {
    const auto a = tag.find(" " + name + "=\"");
    if (a == std::string::npos) return "";
    const auto start = a + name.size() + 3;
    return tag.substr(start, tag.find('"', start) - start);
}

inline std::vector<ReportTableText> report_tables(const std::string& html) {
    std::vector<ReportTableText> tables;
    const std::string open = "<table class=\"sortable\"";
    for (auto a = html.find(open); a != std::string::npos; a = html.find(open, a + 1)) {
        const auto tag_end = html.find('>', a);
        const auto end = html.find("</table>", a);
        ReportTableText t;
        t.name = attribute(html.substr(a, tag_end - a), "data-table");
        const auto body = html.find("<tbody>", a);
        for (const auto& h : elements(html, "<th ", "</th>", a, body)) t.columns.push_back(html_text(h));
        for (const auto& r : elements(html, "<tr>", "</tr>", body, end)) {
            std::vector<std::string> cells;
            for (const auto& c : elements(r, "<td", "</td>")) cells.push_back(html_text(c));
            t.rows.push_back(std::move(cells));
        }
        tables.push_back(std::move(t));
    }
    return tables;
}

// The data the page's map draws: {"tiles":…, "sections":[{"layers":[{"name", "geojson", …}]}]}.
inline nlohmann::json report_data(const std::string& html) {
    const std::string open = "<script type=\"application/json\" id=\"roisc-data\">";
    const auto a = html.find(open);
    if (a == std::string::npos) return nullptr;
    const auto b = html.find("</script>", a);
    return nlohmann::json::parse(html.substr(a + open.size(), b - a - open.size()));
}

// The page without the inlined Leaflet script (the element whose text starts "/* Leaflet").
inline std::string without_leaflet(const std::string& html) {
    const auto a = html.find("<script>\n/* Leaflet");
    if (a == std::string::npos) return html;
    const auto b = html.find("</script>", a);
    return html.substr(0, a) + html.substr(b + 9);
}


}  // namespace roisc::test
