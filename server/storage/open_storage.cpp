#include "storage/sqlite/sqlite_storage.hpp"
#include "storage/storage.hpp"

namespace suara::hub {

Result<std::unique_ptr<Storage>> openStorage(const std::string& url, StorageRole role) {
  std::string path = url;
  if (url.rfind("sqlite:", 0) == 0) path = url.substr(7);
  else if (url.rfind("postgres", 0) == 0) return makeError(Errc::Invalid, "PostgreSQL storage is not available yet; use a SQLite file");
  else if (url.find("://") != std::string::npos) return makeError(Errc::Invalid, "unsupported database URL '" + url + "'");
  if (path.empty()) return makeError(Errc::Invalid, "the database path is empty");
  auto storage = SqliteStorage::open(path, role);
  if (!storage) return storage.error();
  return std::unique_ptr<Storage>(std::move(*storage));
}

}  // namespace suara::hub
