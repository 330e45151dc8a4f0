// libFuzzer target: the layer manifest reader (TOML: [study], [layers.<name>] with role, source,
// fields, cohorts, crs). Any input may be refused with roisc::Error; an accepted manifest names at
// least one layer, each with a source.
#include "roisc/core/error.hpp"
#include "roisc/io/manifest.hpp"

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path = "/tmp/roisc-fuzz-manifest-" + std::to_string(::getpid()) + ".toml";
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    try {
        const roisc::Manifest m = roisc::load_manifest(path);
        if (m.layers.empty()) __builtin_trap();
        for (const auto& l : m.layers) {
            if (l.source.empty() || l.name.empty()) __builtin_trap();
        }
    } catch (const roisc::Error&) {
    }
    return 0;
}
