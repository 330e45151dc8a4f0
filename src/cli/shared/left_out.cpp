#include "left_out.hpp"

#include "roisc/core/error.hpp"

#include <ostream>

namespace roisc::cli {

namespace {

// Enough to see the pattern; the rest are in metadata.json and `roisc layers --check`.
constexpr std::size_t shown_on_stderr = 20;

std::string listing(const Study& study, std::size_t limit) {
    std::string out;
    for (std::size_t i = 0; i < study.left_out.size() && i < limit; ++i) out += "\n  " + study.left_out[i].text();
    if (study.left_out.size() > limit) {
        out += "\n  … and " + std::to_string(study.left_out.size() - limit) +
               " more (all in metadata.json, or run `roisc layers --check`).";
    }
    return out;
}

}  // namespace

void report_left_out(const Context& context, const Study& study) {
    const std::size_t n = study.left_out.size();
    if (n && context.global.strict) {
        throw DataError(std::to_string(n) + " record(s) cannot be used as written (--strict):" +
                        listing(study, shown_on_stderr) + "\nFix: correct them in the source, or run without --strict "
                        "to analyse the rest.");
    }
    if (context.global.quiet) return;
    for (const auto& note : study.notes) context.err << "note: " << note << "\n";
    if (!n) return;
    context.err << "left out: " << n << " record(s) not used as written (--strict makes this an error):"
                << listing(study, shown_on_stderr) << "\n";
}

void add_left_out(Metadata& metadata, const Study& study) {
    if (study.left_out.empty()) return;
    std::string text = std::to_string(study.left_out.size()) + " record(s):";
    for (const auto& r : study.left_out) text += " " + r.text() + ";";
    text.pop_back();
    metadata.emplace_back("left_out", text);
}

void report_left_out_by_rule(const Context& context, const std::string& key, const std::vector<std::string>& records) {
    if (context.global.quiet || records.empty()) return;
    context.err << "left out: " << records.size() << " record(s) by the rules asked for (not bad data):";
    for (std::size_t i = 0; i < records.size() && i < shown_on_stderr; ++i) context.err << "\n  " << records[i];
    if (records.size() > shown_on_stderr) {
        context.err << "\n  … and " << records.size() - shown_on_stderr << " more (all in metadata.json: " << key << ").";
    }
    context.err << "\n";
}

void add_left_out_by_rule(Metadata& metadata, const std::string& key, const std::vector<std::string>& records) {
    if (records.empty()) return;
    std::string text = std::to_string(records.size()) + " record(s) by the rules asked for:";
    for (const auto& r : records) text += " " + r + ";";
    text.pop_back();
    metadata.emplace_back(key, text);
}

}  // namespace roisc::cli
