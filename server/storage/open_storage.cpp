#include "storage/sqlite/sqlite_restore.hpp"
#include "storage/sqlite/sqlite_storage.hpp"
#include "storage/storage.hpp"

namespace suara::hub {

namespace {
// The file a database URL names: "sqlite:PATH" or a plain path.
Result<std::string> sqlitePathOf(const std::string& url) {
  std::string path = url;
  if (url.rfind("sqlite:", 0) == 0) path = url.substr(7);
  else if (url.rfind("postgres", 0) == 0) return makeError(Errc::Invalid, "PostgreSQL storage is not available yet; use a SQLite file");
  else if (url.find("://") != std::string::npos) return makeError(Errc::Invalid, "unsupported database URL '" + url + "'");
  if (path.empty()) return makeError(Errc::Invalid, "the database path is empty");
  return path;
}
}  // namespace

Result<std::unique_ptr<Storage>> openStorage(const std::string& url, StorageRole role, const StorageOptions& options) {
  auto path = sqlitePathOf(url);
  if (!path) return path.error();
  auto storage = SqliteStorage::open(*path, role, options);
  if (!storage) return storage.error();
  return std::unique_ptr<Storage>(std::move(*storage));
}

Result<std::unique_ptr<StorageRestore>> prepareRestore(const std::string& url, const std::string& backupFile,
                                                       const StorageOptions& options) {
  auto path = sqlitePathOf(url);
  if (!path) return path.error();
  auto restore = SqliteRestore::prepare(*path, backupFile, options);
  if (!restore) return restore.error();
  return std::unique_ptr<StorageRestore>(std::move(*restore));
}

}  // namespace suara::hub
