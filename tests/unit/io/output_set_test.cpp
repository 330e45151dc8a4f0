// A run's files are one set (io/output.hpp OutputSet): nothing is in place until commit(), a
// folder then holds exactly the new set, a failed run changes nothing, and files roisc did not
// write are kept and named.
#include "roisc/io/output.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <unistd.h>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace {

std::string read_all(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

// Every entry of a folder, hidden ones too.
std::set<std::string> entries(const fs::path& dir) {
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
    return names;
}

// A fresh folder for one test case, holding the result folder `out` (not created).
struct Scratch {
    fs::path root = fs::temp_directory_path() / ("roisc-output-set-" + std::to_string(::getpid()));
    fs::path out = root / "results";
    Scratch() {
        fs::remove_all(root);
        fs::create_directories(root);
    }
    ~Scratch() { fs::remove_all(root); }
};

// One run writing `files` (name -> text) into `dir`.
std::vector<std::string> run_writing(const fs::path& dir, const std::map<std::string, std::string>& files) {
    roisc::OutputSet set;
    roisc::result_folder(dir.string());
    for (const auto& [name, text] : files) roisc::write_text((dir / name).string(), text);
    return set.commit();
}

}  // namespace

TEST_CASE("a run's files appear only when the set commits, in a folder that is exactly the set") {
    Scratch s;
    {
        roisc::OutputSet set;
        roisc::result_folder(s.out.string());
        roisc::write_text((s.out / "a.csv").string(), "a\n");
        roisc::write_text((s.out / "b.csv").string(), "b\n");
        CHECK_FALSE(fs::exists(s.out));  // staged beside it, not yet in place
        CHECK(set.commit().empty());
    }
    CHECK(entries(s.out) == std::set<std::string>{"a.csv", "b.csv", roisc::set_list_name});
    CHECK(read_all(s.out / roisc::set_list_name).find("a.csv\nb.csv\n") != std::string::npos);
    CHECK(entries(s.root) == std::set<std::string>{"results"});  // no staging folder left

    // A second run with fewer files replaces the set whole: b.csv of the first run is gone.
    CHECK(run_writing(s.out, {{"a.csv", "a2\n"}, {"c.csv", "c\n"}}).empty());
    CHECK(entries(s.out) == std::set<std::string>{"a.csv", "c.csv", roisc::set_list_name});
    CHECK(read_all(s.out / "a.csv") == "a2\n");
    CHECK(entries(s.root) == std::set<std::string>{"results"});
}

TEST_CASE("a run that fails before its set commits leaves the earlier set as it was") {
    Scratch s;
    run_writing(s.out, {{"a.csv", "a\n"}, {"b.csv", "b\n"}});
    {
        roisc::OutputSet set;
        roisc::result_folder(s.out.string());
        roisc::write_text((s.out / "a.csv").string(), "new\n");
        // (an error is thrown here: the set is destroyed without commit)
    }
    CHECK(entries(s.out) == std::set<std::string>{"a.csv", "b.csv", roisc::set_list_name});
    CHECK(read_all(s.out / "a.csv") == "a\n");
    CHECK(entries(s.root) == std::set<std::string>{"results"});
}

TEST_CASE("files roisc did not write are kept, named, and the earlier set's own files still go") {
    Scratch s;
    run_writing(s.out, {{"a.csv", "a\n"}, {"b.csv", "b\n"}});
    { std::ofstream(s.out / "notes.txt") << "mine\n"; }
    const auto notes = run_writing(s.out, {{"a.csv", "a2\n"}});
    CHECK(entries(s.out) == std::set<std::string>{"a.csv", "notes.txt", roisc::set_list_name});
    CHECK(read_all(s.out / "notes.txt") == "mine\n");
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].find("1 file this run did not write (notes.txt)") != std::string::npos);
    CHECK(entries(s.root) == std::set<std::string>{"results"});
}

TEST_CASE("a file outside any result folder waits beside its destination until the set commits") {
    Scratch s;
    const fs::path file = s.root / "meetings.geojson.txt";
    { std::ofstream(file) << "old\n"; }
    {
        roisc::OutputSet set;
        roisc::write_text(file.string(), "new\n");
        CHECK(read_all(file) == "old\n");
        set.commit();
    }
    CHECK(read_all(file) == "new\n");
    {
        roisc::OutputSet set;
        roisc::write_text(file.string(), "newer\n");
    }  // not committed
    CHECK(read_all(file) == "new\n");
    CHECK(entries(s.root) == std::set<std::string>{"meetings.geojson.txt"});
}

TEST_CASE("sets nest: a run inside a run commits with the outermost") {
    Scratch s;
    roisc::OutputSet outer;
    {
        roisc::OutputSet inner;
        roisc::result_folder(s.out.string());
        roisc::write_text((s.out / "a.csv").string(), "a\n");
        CHECK(inner.commit().empty());
    }
    CHECK_FALSE(fs::exists(s.out));
    outer.commit();
    CHECK(entries(s.out) == std::set<std::string>{"a.csv", roisc::set_list_name});
}

TEST_CASE("without an open set, files are written straight into place") {
    Scratch s;
    roisc::result_folder(s.out.string());  // no set: nothing staged
    roisc::write_text((s.out / "a.csv").string(), "a\n");
    CHECK(entries(s.out) == std::set<std::string>{"a.csv"});
}

TEST_CASE("a staging folder left by a killed run is removed by the next run into that folder") {
    Scratch s;
    const fs::path abandoned = s.root / ".results.roisc-new-999999999";
    fs::create_directories(abandoned);
    { std::ofstream(abandoned / "a.csv") << "half\n"; }
    run_writing(s.out, {{"a.csv", "a\n"}});
    CHECK(entries(s.root) == std::set<std::string>{"results"});
}
