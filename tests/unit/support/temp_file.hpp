#pragma once
// A scratch file with the given content, and a scratch folder, each removed when it goes out of scope.
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

// A fresh folder per test run (the process id in its name), removed at the end.
struct ScratchDir {
    std::filesystem::path path;
    explicit ScratchDir(const std::string& name)
        : path(std::filesystem::temp_directory_path() / ("roisc_" + name + "_" + std::to_string(::getpid()))) {
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
};

}  // namespace roisc::test
