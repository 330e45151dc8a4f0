#include "roisc/core/text.hpp"

#include <algorithm>
#include <vector>

#include <cctype>

namespace roisc {

std::string lower(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string trim(std::string_view text) {
    std::size_t b = 0, e = text.size();
    while (b < e && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
    return std::string(text.substr(b, e - b));
}

std::string toml_text_problem(std::string_view text) {
    std::size_t line = 1, column = 0;
    // Outside anything, in a comment, or in a string ("…", '…', """…""", '\'\'\'…'\'\'\'').
    enum class In { bare, comment, basic, literal, basic_multi, literal_multi } in = In::bare;
    // The last character outside strings and comments that was not a blank. In TOML a quote opens a
    // string only as a name or a value: at a line's start or after '=', '[', '{', ',' or '.'. Anywhere
    // else (`name = -"x"`) the text is not TOML, and toml++ 3.3's refusal of it tests the bytes that
    // follow as whitespace, which is undefined behaviour for some beyond ASCII: refuse it here.
    char before = '\n';
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        ++column;
        auto where = [&](const std::string& what) {
            return "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + what;
        };
        if (c == '\n') {
            ++line;
            column = 0;
            if (in == In::comment || in == In::basic || in == In::literal) in = In::bare;
            if (in == In::bare) before = '\n';
            continue;
        }
        if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f) {
            return where("the control character " + shown(std::string(1, static_cast<char>(c))) +
                         ", which TOML does not allow; delete it");
        }
        if (c >= 0x80 && in == In::bare) {
            return where("a character beyond ASCII outside quotes; TOML needs names and text in quotes "
                         "(layers.\"café\", name = \"Café\")");
        }
        const std::string_view rest = text.substr(i);
        switch (in) {
            case In::bare:
                if ((c == '"' || c == '\'') && std::string_view("\n=[{,.").find(before) == std::string_view::npos) {
                    return where(std::string("a quote right after '") + before +
                                 "', where TOML cannot start a string (a string is a whole value or name: "
                                 "name = \"text\")");
                }
                if (c != ' ' && c != '\t' && c != '\r') before = static_cast<char>(c);
                if (c == '#') in = In::comment;
                else if (rest.substr(0, 3) == "\"\"\"") in = In::basic_multi, i += 2, column += 2;
                else if (rest.substr(0, 3) == "'''") in = In::literal_multi, i += 2, column += 2;
                else if (c == '"') in = In::basic;
                else if (c == '\'') in = In::literal;
                break;
            case In::basic:
            case In::basic_multi:
                if (c == '\\') {
                    // An escape: the next character is not the end. After a backslash (and the blanks
                    // of a line-ending one) toml++ tests for whitespace, which a byte beyond ASCII
                    // must not reach; no TOML escape starts with one.
                    // In a multi-line string a backslash at a line's end trims every blank and line
                    // break after it, each tested the same way.
                    std::size_t next = i + 1;
                    auto blank = [&](char b) {
                        return b == ' ' || b == '\t' || (in == In::basic_multi && (b == '\r' || b == '\n'));
                    };
                    while (next < text.size() && blank(text[next])) ++next;
                    if (next < text.size() && static_cast<unsigned char>(text[next]) >= 0x80) {
                        return where("a backslash before a character beyond ASCII (after blanks or line breaks "
                                     "it trims), which TOML's reader must not be given; write the character "
                                     "without the backslash");
                    }
                    ++i, ++column;
                }
                else if (in == In::basic && c == '"') in = In::bare;
                else if (in == In::basic_multi && rest.substr(0, 3) == "\"\"\"") in = In::bare, i += 2, column += 2;
                break;
            case In::literal:
                if (c == '\'') in = In::bare;
                break;
            case In::literal_multi:
                if (rest.substr(0, 3) == "'''") in = In::bare, i += 2, column += 2;
                break;
            case In::comment: break;
        }
    }
    return "";
}

std::string shown(std::string_view text) {
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '\t') out += "\\t";
        else if (c == '\r') out += "\\r";
        else if (c == '\n') out += "\\n";
        else if (u < 0x20 || u == 0x7f) out += std::string("\\x") + hex[u >> 4] + hex[u & 15];
        else out += c;
    }
    return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

}  // namespace roisc
