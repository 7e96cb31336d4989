#pragma once
// Subcommands of suara-hub. Each registers its options on the app and returns the function
// that runs it; a run returns the process exit code.

#include <functional>

#include <CLI/CLI.hpp>

namespace suara::hub {

struct Command {
  CLI::App* cli = nullptr;
  std::function<int()> run;
};

Command addReportCommand(CLI::App& app);
Command addDemoDataCommand(CLI::App& app);
Command addServeCommand(CLI::App& app);
Command addUnitCommand(CLI::App& app);
Command addEnrollCodeCommand(CLI::App& app);
Command addKioskCommand(CLI::App& app);
Command addDemoSeedCommand(CLI::App& app);
Command addImportCommand(CLI::App& app);
Command addBackupCommand(CLI::App& app);
Command addRestoreCommand(CLI::App& app);
Command addCheckCommand(CLI::App& app);
Command addRollupsCommand(CLI::App& app);
Command addQuarantineCommand(CLI::App& app);
Command addUserCommand(CLI::App& app);
Command addAuditCommand(CLI::App& app);

}  // namespace suara::hub
