// suara-hub backup --out FILE (or --dir DIR --keep N, for the backup timer), suara-hub check [--quick] and suara-hub rollups rebuild: a
// consistent copy while the hub serves (SQLite's online backup), the database's integrity
// (and its rollups against the ratings), and a recount of the rollups.

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/hub_db_option.hpp"

namespace suara::hub {

namespace {

// "hub-20261124-031500.db": copies in a directory sort by name as by time (UTC).
std::string backupName(std::int64_t nowMs) {
  const std::time_t t = static_cast<std::time_t>(nowMs / 1000);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char name[64];
  std::strftime(name, sizeof name, "hub-%Y%m%d-%H%M%S.db", &utc);
  return name;
}

// The backups `backup --dir` made in `dir`, oldest first.
std::vector<std::filesystem::path> backupsIn(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> found;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.size() == 22 && name.starts_with("hub-") && name.ends_with(".db")) found.push_back(entry.path());
  }
  std::sort(found.begin(), found.end());
  return found;
}

}  // namespace

Command addBackupCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("backup", "Write a consistent copy of the database, also while it is being served");
  auto db = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  auto dir = std::make_shared<std::string>();
  auto keep = std::make_shared<int>(14);
  addDbOption(cmd, *db);
  auto* outOption = cmd->add_option("--out", *out, "The copy (written whole, then renamed into place)");
  auto* dirOption = cmd->add_option("--dir", *dir, "Write hub-YYYYMMDD-HHMMSS.db (UTC) into this directory instead (made, owner-only, if missing), and keep the newest --keep");
  outOption->excludes(dirOption);
  cmd->add_option("--keep", *keep, "With --dir: how many copies to keep (the oldest go, only after a new copy is whole)")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  return {cmd, [db, out, dir, keep] {
            if (out->empty() == dir->empty()) return failWith(makeError(Errc::Invalid, "give --out FILE or --dir DIRECTORY"));
            auto storage = openHubStorage(*db, StorageRole::ReadAnySchema);  // a copy before upgrading is a good idea
            if (!storage) return 1;
            if (!dir->empty()) {  // made here, as the service user, not by the package as root
              std::error_code ec;
              if (std::filesystem::create_directory(*dir, ec)) std::filesystem::permissions(*dir, std::filesystem::perms::owner_all, ec);
              if (ec) return failWith(makeError(Errc::Io, "cannot make the backup directory " + *dir + ": " + ec.message()));
            }
            const std::string target = out->empty() ? (std::filesystem::path(*dir) / backupName(clockNow().wallMs)).string() : *out;
            if (Status copied = storage->backup(target); !copied) return failWith(copied.error());
            std::cout << "backed up " << *db << " to " << target << "\n";
            if (dir->empty()) return 0;
            auto copies = backupsIn(*dir);
            for (std::size_t i = 0; i + static_cast<std::size_t>(*keep) < copies.size(); ++i) {
              std::error_code ec;
              std::filesystem::remove(copies[i], ec);
              if (ec) return failWith(makeError(Errc::Io, "cannot remove the old backup " + copies[i].string() + ": " + ec.message()));
              std::cout << "removed the old backup " << copies[i].string() << "\n";
            }
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
