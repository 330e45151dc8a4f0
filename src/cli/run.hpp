#pragma once
#include "roisc/cli/command.hpp"

namespace roisc::cli {

// roisc run FILE: runs a saved query. The file's options become the same command line an analyst
// would type, so a query file and the command line give identical results.
class RunCommand : public Command {
public:
    void declare(CLI::App& app) override;
    int run(Context& context) override;

private:
    std::string file_;
    std::string out_;
    bool show_ = false;
    bool report_ = false;
};

// The argument list a query file stands for: {"gaps", "--fellowship", "NA", …}. Throws DataError
// naming the file, line and key for anything that is not an option of the command.
std::vector<std::string> query_arguments(const std::string& path);

}  // namespace roisc::cli
