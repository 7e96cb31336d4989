#include "storage/sqlite/sqlite_connections.hpp"

#include <sqlite3.h>

namespace suara::hub {

ReaderPool::ReaderPool(const std::filesystem::path& file, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) {
    // Without SQLite's per-call mutex: a lease gives a connection to one thread at a time, and
    // the mutex cost a fifth of a unit page's rollup reads (a lock for every column read).
    auto db = std::make_unique<SQLite::Database>(file.string(), SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX);
    db->setBusyTimeout(5000);
    // 16 MiB each: token checks and unit reads need little; a report scan reads each page once
    // anyway, and four idle 64 MiB caches once held a quiet hub at half a gigabyte.
    db->exec("PRAGMA cache_size=-16384");
    m_free.push_back(std::move(db));
  }
}

ReaderPool::Lease ReaderPool::acquire() {
  std::unique_lock lock(m_mutex);
  m_returned.wait(lock, [&] { return !m_free.empty(); });
  auto db = std::move(m_free.back());
  m_free.pop_back();
  return Lease(*this, std::move(db));
}

void ReaderPool::giveBack(std::unique_ptr<SQLite::Database> db) {
  {
    std::lock_guard lock(m_mutex);
    m_free.push_back(std::move(db));
  }
  m_returned.notify_one();
}

Error storageError(const SQLite::Exception& e, const std::string& what) {
  const int code = e.getErrorCode() & 0xff;
  const Errc errc = code == SQLITE_FULL                              ? Errc::DiskFull
                    : code == SQLITE_CORRUPT || code == SQLITE_NOTADB ? Errc::Corrupt
                    : code == SQLITE_MISUSE || code == SQLITE_RANGE || code == SQLITE_ERROR ? Errc::Internal
                                                                     : Errc::Io;
  return makeError(errc, "hub database error while " + what + ": " + e.what());
}

}  // namespace suara::hub
