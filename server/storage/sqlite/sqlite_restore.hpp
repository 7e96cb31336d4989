#pragma once
// Restoring a hub database from a backup with SQLite's online backup API, never by copying
// files: hub.db copied over while a stale hub.db-wal lies beside it is damaged the moment
// SQLite replays that WAL onto it. Writing the backup's pages through SQLite into the target
// supersedes whatever its WAL holds, in one transaction.

#include <filesystem>
#include <memory>
#include <optional>

#include "storage/sqlite/sqlite_files.hpp"
#include "storage/storage.hpp"

namespace suara::hub {

class SqliteRestore final : public StorageRestore {
 public:
  static Result<std::unique_ptr<SqliteRestore>> prepare(const std::filesystem::path& target, const std::filesystem::path& backup,
                                                        const StorageOptions& options);
  bool replacesExisting() const override { return m_replaces; }
  std::int64_t backupRatings() const override { return m_ratings; }
  Result<std::string> run() override;

 private:
  SqliteRestore() = default;
  // The database as it is now, copied whole to TARGET.before-restore-<UTC time>.
  Result<std::filesystem::path> keepCurrent();

  std::filesystem::path m_target;  // canonical
  std::filesystem::path m_backup;
  std::string m_shownTarget;
  StorageOptions m_options;
  std::optional<ServeLock> m_lock;
  bool m_replaces = false;
  std::int64_t m_ratings = 0;
};

}  // namespace suara::hub
