#include "storage/sqlite/sqlite_restore.hpp"

#include <sqlite3.h>
#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/SQLiteCpp.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>

#include "storage/sqlite/sqlite_connections.hpp"
#include "storage/sqlite/sqlite_schema.hpp"

namespace suara::hub {

namespace fs = std::filesystem;

namespace {

constexpr int kBusyTimeoutMs = 5000;  // a CLI command writing beside the restore

std::string utcStamp() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
  return text;
}

// The whole backup is readable and a hub database this hub knows; its number of ratings.
Result<std::int64_t> verifyBackup(const fs::path& backup) {
  const std::string name = backup.string();
  try {
    SQLite::Database db(name, SQLite::OPEN_READONLY);
    db.setBusyTimeout(kBusyTimeoutMs);
    if (Status known = checkHubSchema(db, name, false); !known) return known.error();
    const std::string check = db.execAndGet("PRAGMA integrity_check(1)").getString();
    if (check != "ok")
      return makeError(Errc::Corrupt, "the backup '" + name + "' fails its integrity check (" + check + "); restore another one");
    return db.execAndGet("SELECT count(*) FROM responses").getInt64();
  } catch (const SQLite::Exception& e) {
    return storageError(e, "reading the backup '" + name + "'");
  }
}

}  // namespace

Result<std::unique_ptr<SqliteRestore>> SqliteRestore::prepare(const fs::path& target, const fs::path& backup,
                                                              const StorageOptions& options) {
  std::unique_ptr<SqliteRestore> r(new SqliteRestore());
  r->m_target = canonicalDatabasePath(target);
  r->m_backup = backup;
  r->m_shownTarget = target.string();
  r->m_options = options;
  std::error_code ec;
  if (!fs::is_regular_file(backup, ec)) return makeError(Errc::NotFound, "no backup at " + backup.string());
  if (canonicalDatabasePath(backup) == r->m_target)
    return makeError(Errc::Invalid, "'" + backup.string() + "' is the database itself; name a backup of it");
  r->m_replaces = fs::exists(r->m_target, ec);
  if (!r->m_replaces && r->m_target.has_parent_path()) fs::create_directories(r->m_target.parent_path(), ec);
  auto lock = ServeLock::take(r->m_target, r->m_shownTarget);
  if (!lock) return makeError(lock.error().code, lock.error().message + "; stop it before restoring");
  r->m_lock.emplace(std::move(*lock));
  auto ratings = verifyBackup(backup);
  if (!ratings) return ratings.error();
  r->m_ratings = *ratings;
  return r;
}

Result<fs::path> SqliteRestore::keepCurrent() {
  fs::path kept = m_target.string() + ".before-restore-" + utcStamp();
  for (int n = 2; fs::exists(kept); ++n) kept = m_target.string() + ".before-restore-" + utcStamp() + "-" + std::to_string(n);
  const std::string advice = "; nothing was changed. If it is too damaged to copy, move it and its -wal and -shm files aside "
                             "yourself, then restore";
  try {
    SQLite::Database current(m_target.string(), SQLite::OPEN_READWRITE);  // writable: it may have to recover its WAL
    current.setBusyTimeout(kBusyTimeoutMs);
    if (Status copied = writeDatabaseCopy(current, kept); !copied) return makeError(copied.error().code, copied.error().message + advice);
  } catch (const SQLite::Exception& e) {
    return makeError(Errc::Io, "cannot keep a copy of the current database '" + m_shownTarget + "' (" + e.what() + ")" + advice);
  }
  return kept;
}

Result<std::string> SqliteRestore::run() {
  fs::path kept;
  if (m_replaces) {
    if (std::string line = tightenDatabaseModes(m_target, m_shownTarget); !line.empty() && m_options.notice) m_options.notice(line);
    auto copy = keepCurrent();
    if (!copy) return copy.error();
    kept = *copy;
  } else if (!createOwnerOnly(m_target)) {
    return makeError(Errc::Io, "cannot create '" + m_shownTarget + "': " + std::strerror(errno));
  }
  try {
    SQLite::Database source(m_backup.string(), SQLite::OPEN_READONLY);
    SQLite::Database target(m_target.string(), SQLite::OPEN_READWRITE);
    target.setBusyTimeout(kBusyTimeoutMs);
    SQLite::Backup restore(target, source);
    restore.executeStep(-1);  // one transaction: the target's WAL, stale or not, ends up superseded
    target.exec("PRAGMA journal_mode=WAL");  // as a hub leaves it
    // Into hub.db itself, so that the file alone is the restored database (a busy reader only
    // delays this: what is in the WAL is committed all the same).
    sqlite3_wal_checkpoint_v2(target.getHandle(), nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
    const std::string check = target.execAndGet("PRAGMA quick_check").getString();
    if (check != "ok") return makeError(Errc::Corrupt, "the restored database fails its quick check (" + check + ")");
  } catch (const SQLite::Exception& e) {
    return storageError(e, "restoring '" + m_shownTarget + "' from '" + m_backup.string() + "'" +
                               (kept.empty() ? std::string() : "; the database it replaced is kept as '" + kept.string() + "'"));
  }
  return kept.string();
}

}  // namespace suara::hub
