// suara-hub: the central hub: the kiosk API, administration, reports.

#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "suara/core/version.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Suara hub: collects kiosk ratings and reports the Indeks Kepuasan Masyarakat (IKM)", "suara-hub"};
  app.set_version_flag("--version", std::string("suara-hub ") + suara::kVersion);
  app.require_subcommand(1);
  // `suara-hub --config /etc/suara/hub.toml serve`: the installed service's options, in a
  // section per subcommand ([serve] db = "...", listen = "..."); the command line wins.
  app.set_config("--config", "", "A TOML file of options, a [section] per subcommand (e.g. /etc/suara/hub.toml)");
  app.allow_config_extras(CLI::config_extras_mode::error);  // a misspelt key stops the hub, naming it
  app.failure_message([](const CLI::App*, const CLI::Error& e) { return std::string("suara-hub: ") + e.what() + "\n"; });

  const suara::hub::Command commands[] = {
      suara::hub::addServeCommand(app),
      suara::hub::addUnitCommand(app),
      suara::hub::addEnrollCodeCommand(app),
      suara::hub::addKioskCommand(app),
      suara::hub::addDemoSeedCommand(app),
      suara::hub::addImportCommand(app),
      suara::hub::addReportCommand(app),
      suara::hub::addDemoDataCommand(app),
      suara::hub::addBackupCommand(app),
      suara::hub::addRestoreCommand(app),
      suara::hub::addCheckCommand(app),
      suara::hub::addRollupsCommand(app),
      suara::hub::addQuarantineCommand(app),
      suara::hub::addUserCommand(app),
      suara::hub::addAuditCommand(app),
  };

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForVersion& e) {
    std::cout << e.what() << "\n";  // CLI11 2.1 prints the version without a newline
    return 0;
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  for (const auto& command : commands) {
    if (!command.cli->parsed()) continue;
    try {
      return command.run();
    } catch (const std::exception& e) {  // exceptions stop here: one line, non-zero exit
      std::cerr << "suara-hub: " << e.what() << "\n";
      return 1;
    }
  }
  return 1;
}
