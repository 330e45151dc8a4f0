#pragma once
#include "meeting_options.hpp"
#include "roisc/cli/command.hpp"

namespace roisc::cli {

// roisc within: the meetings within a radius of a place.
class WithinCommand : public Command {
public:
    struct Options {
        std::string from;
        std::string radius;
        MeetingOptions meetings;
    };
    void declare(CLI::App& app) override;
    int run(Context& context) override;

private:
    Options options_;
};

}  // namespace roisc::cli
