#pragma once
#include "options/report.hpp"
#include "roisc/cli/command.hpp"

#include <string>
#include <vector>

namespace roisc::cli {

// roisc report QUERY.toml…: runs several saved queries (gaps, coverage, rank) and gathers their
// reports into one page, one section each; each query's files go beside it, in a folder of its own.
class ReportCommand : public Command {
public:
    void declare(CLI::App& app) override;
    void validate() override;
    int run(Context& context) override;

private:
    std::vector<std::string> files_;
    std::string out_;
    std::string name_;
    std::string title_;
    ReportOptions report_;
};

}  // namespace roisc::cli
