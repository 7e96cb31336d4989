// suara-hub backup --out FILE and suara-hub check [--full]: a consistent copy while the hub
// serves (SQLite's online backup), and the database's integrity.

#include <iostream>

#include "cli/commands.hpp"
#include "cli/hub_db_option.hpp"

namespace suara::hub {

Command addBackupCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("backup", "Write a consistent copy of the database, also while it is being served");
  auto db = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  addDbOption(cmd, *db);
  cmd->add_option("--out", *out, "The copy (written whole, then renamed into place)")->required();
  return {cmd, [db, out] {
            auto storage = openHubStorage(*db, StorageRole::ReadAnySchema);  // a copy before upgrading is a good idea
            if (!storage) return 1;
            if (Status copied = storage->backup(*out); !copied) return failWith(copied.error());
            std::cout << "backed up " << *db << " to " << *out << "\n";
            return 0;
          }};
}

Command addCheckCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("check", "Check the database's integrity (exit 1 if damaged)");
  auto db = std::make_shared<std::string>();
  auto quick = std::make_shared<bool>(false);
  addDbOption(cmd, *db);
  cmd->add_flag("--quick", *quick, "Only the quick check (skips index contents; much faster)");
  return {cmd, [db, quick] {
            auto storage = openHubStorage(*db, StorageRole::ReadAnySchema);
            if (!storage) return 1;
            auto problems = storage->integrityCheck(!*quick, {});
            if (!problems) return failWith(problems.error());
            for (const auto& p : *problems) std::cout << p << "\n";
            if (!problems->empty()) return failWith(makeError(Errc::Corrupt, "the database is damaged: restore it from a backup"));
            std::cout << "ok\n";
            return 0;
          }};
}

}  // namespace suara::hub
