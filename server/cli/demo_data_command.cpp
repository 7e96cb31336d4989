#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "suara/core/demo_data.hpp"
#include "suara/core/response_file.hpp"

namespace suara::hub {

Command addDemoDataCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("demo-data", "Write reproducible demo responses of the five demo units as JSON Lines");
  auto options = std::make_shared<DemoOptions>();
  auto out = std::make_shared<std::string>();
  cmd->add_option("--count", options->count, "How many responses")->check(CLI::Range(1, 10'000'000))->capture_default_str();
  cmd->add_option("--seed", options->seed, "Random seed (same seed, same data)")->capture_default_str();
  cmd->add_option("--out", *out, "Output file (default: standard output)");
  return {cmd, [options, out] {
    const auto responses = generateDemoResponses(*options);
    if (out->empty()) {
      writeResponsesJsonl(std::cout, responses);
      return std::cout ? 0 : 1;
    }
    std::ofstream file(*out);
    writeResponsesJsonl(file, responses);
    file.close();
    if (!file) {
      std::cerr << "suara-hub: cannot write '" << *out << "'\n";
      return 1;
    }
    return 0;
  }};
}

}  // namespace suara::hub
