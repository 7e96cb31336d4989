#pragma once
// The files of one hub database: hub.db, its WAL and shared memory (SQLite's), the lock `serve`
// holds (hub.db.lock) and copies of it. Everything is named after the database's canonical
// path, so that a symlink or a path with ".." to the same database finds the same lock.

#include <SQLiteCpp/SQLiteCpp.h>

#include <filesystem>
#include <string>

#include "suara/core/result.hpp"

namespace suara::hub {

// `file` with symlinks, "." and ".." resolved as far as it exists.
std::filesystem::path canonicalDatabasePath(const std::filesystem::path& file);

// The exclusive lock `serve` holds on DATABASE.lock for as long as it runs (restore takes it
// too). Released when destroyed.
class ServeLock {
 public:
  // Fails at once when another process holds it; `shownName` is the database as the operator named it.
  static Result<ServeLock> take(const std::filesystem::path& canonicalDb, const std::string& shownName);
  ServeLock(ServeLock&& other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }
  ServeLock& operator=(ServeLock&&) = delete;
  ~ServeLock();

 private:
  explicit ServeLock(int fd) : m_fd(fd) {}
  int m_fd = -1;
};

// Creates `file` empty and owner-only (0600) unless it exists; SQLite gives a database's WAL
// and shared-memory files the database's mode. False if it could not.
bool createOwnerOnly(const std::filesystem::path& file);

// Makes the database and its -wal and -shm files owner-only (0600) where group or others had
// any access: databases made before new ones were 0600 hold token hashes readable by anyone.
// The line to tell the operator what changed (or could not be), or empty when nothing needed to.
std::string tightenDatabaseModes(const std::filesystem::path& db, const std::string& shownName);

// A self-contained copy of `source` (WAL included, one consistent snapshot) at `target`:
// owner-only from its first byte, written whole to TARGET.partial, fsynced, then renamed.
// SQLite failures throw SQLite::Exception.
Status writeDatabaseCopy(SQLite::Database& source, const std::filesystem::path& target);

}  // namespace suara::hub
