#pragma once
// A scratch file with the given content, removed when it goes out of scope.
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

namespace roisc::test {

struct TempFile {
    std::filesystem::path path;
    TempFile(const std::string& name, const std::string& content)
        : path(std::filesystem::temp_directory_path() / ("roisc-test-" + std::to_string(::getpid()) + "-" + name)) {
        std::ofstream(path, std::ios::binary) << content;
    }
    ~TempFile() {
        std::error_code ec;
        std::filesystem::remove(path, ec);
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
};

}  // namespace roisc::test
