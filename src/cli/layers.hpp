#pragma once
#include "roisc/cli/command.hpp"

namespace roisc::cli {

// roisc layers: what each layer of the manifest holds and what is wrong with it.
class LayersCommand : public Command {
public:
    struct Options {
        bool check = false;   // exit 3 when a layer is unusable
        std::vector<std::string> names;
    };

    void declare(CLI::App& app) override;
    void validate() override;
    int run(Context& context) override;
    const Options& options() const { return options_; }

private:
    Options options_;
};

}  // namespace roisc::cli
