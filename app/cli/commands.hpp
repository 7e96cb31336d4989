#pragma once
// suara-kiosk's technician subcommands. Each registers its options and returns its runner.

#include <functional>

#include <CLI/CLI.hpp>

namespace suara::kiosk {

struct Command {
  CLI::App* cli = nullptr;
  std::function<int()> run;
};

Command addStatusCommand(CLI::App& app);
Command addExportCommand(CLI::App& app);
Command addEnrollCommand(CLI::App& app);
Command addSyncNowCommand(CLI::App& app);

}  // namespace suara::kiosk
