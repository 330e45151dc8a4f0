// libFuzzer target: the hotspot table reader (header aliases, field counts, the count ceiling).
// Every accepted count must be within 0 … max_people_count.
#include "roisc/core/error.hpp"
#include "roisc/io/hotspot_table.hpp"
#include "roisc/model/study.hpp"

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path = "/tmp/roisc-fuzz-hotspot-" + std::to_string(::getpid()) + ".csv";
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    try {
        const auto input = roisc::read_hotspot_table(path);
        for (const auto& row : input.rows) {
            for (const long long c : row.counts) {
                // Repeated postcodes add up, so a row may hold a few ceilings; never a negative.
                if (c < 0) __builtin_trap();
            }
        }
    } catch (const roisc::Error&) {
    }
    return 0;
}
