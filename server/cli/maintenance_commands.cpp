// suara-hub backup --out FILE, suara-hub check [--quick] and suara-hub rollups rebuild: a
// consistent copy while the hub serves (SQLite's online backup), the database's integrity
// (and its rollups against the ratings), and a recount of the rollups.

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
            if (!*quick) {  // a recount of every rating: as slow as the full check, so not in the quick one
              auto differences = storage->rollupDifferences({});
              if (!differences) return failWith(differences.error());
              for (const auto& d : *differences) std::cout << d << "\n";
              if (!differences->empty())
                return failWith(makeError(Errc::Corrupt, "the dashboard's rollups differ from the ratings: recount them with "
                                                         "suara-hub rollups rebuild --db " + *db));
            }
            std::cout << "ok\n";
            return 0;
          }};
}

Command addRollupsCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("rollups", "The dashboard's counts kept beside the ratings");
  cmd->require_subcommand(1);
  auto* rebuild = cmd->add_subcommand("rebuild", "Recount them from the stored ratings (holds the write lock meanwhile)");
  auto db = std::make_shared<std::string>();
  addDbOption(rebuild, *db);
  return {cmd, [db] {
            auto storage = openHubStorage(*db, StorageRole::Write);
            if (!storage) return 1;
            auto counted = storage->rebuildRollups();
            if (!counted) return failWith(counted.error());
            std::cout << "recounted the rollups of " << *counted << " ratings\n";
            return 0;
          }};
}

}  // namespace suara::hub
