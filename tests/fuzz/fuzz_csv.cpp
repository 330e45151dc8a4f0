// libFuzzer target: the CSV reader (any bytes, any of the three delimiters).
#include "roisc/core/error.hpp"
#include "roisc/io/csv.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const char d = roisc::guess_delimiter(text);
        const auto records = roisc::parse_csv(text, "fuzz.csv", d);
        for (const auto& r : records) {
            if (r.line < 1 || r.fields.empty()) __builtin_trap();
        }
    } catch (const roisc::Error&) {
    }
    return 0;
}
