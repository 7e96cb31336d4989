#pragma once
// LocalStore: the kiosk's durable outbox, one SQLite file in the data directory.
//
// Durability: journal_mode=WAL and synchronous=FULL, so a commit returns only after the WAL
// is fsync'ed; record() returns success only after its transaction committed.
// Thread-safety: thread-safe. All calls serialize on one internal mutex over the single
// writer connection (one writer connection per file: SQLite 3.40 has a WAL race between
// two writing connections), so the UI thread and the sync worker can share one instance.
// Failure: a full disk (or the configured size limit) is Errc::DiskFull; a damaged file is
// Errc::Corrupt. A corrupt or unreadable file is never deleted: open() and
// recoverFromCorruption() move it aside (with its -wal/-shm) and continue on a fresh file.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "suara/core/response.hpp"
#include "suara/core/result.hpp"

namespace SQLite {
class Database;
class Statement;
}  // namespace SQLite

namespace suara {

struct StoreStats {
  std::int64_t pending = 0;                      // recorded, not yet acknowledged by the hub
  std::int64_t total = 0;                        // rows in the file (pending + retained acked)
  std::int64_t pendingFollowUps = 0;             // of `pending`, amendments (not ratings)
  std::int64_t followUps = 0;                    // of `total`, amendments (not ratings)
  std::optional<std::int64_t> oldestPendingAgeMs;  // by the kiosk's wall clock
  std::int64_t fileBytes = 0;                    // database + WAL on disk
};

struct StoreOptions {
  // 0: unlimited. Otherwise record() fails as DiskFull once the file uses this much;
  // acknowledging and pruning keep working a little beyond it, so space can be freed.
  std::int64_t maxBytes = 0;
  // The SQLite VFS to open the file through; empty: the default. Tests register a VFS that
  // simulates power cuts (only synced writes survive).
  std::string vfs;
};

class LocalStore {
 public:
  static Result<std::unique_ptr<LocalStore>> open(const std::filesystem::path& file, StoreOptions options = {});
  // For diagnostics and export while the kiosk runs: never writes, never migrates, never
  // moves anything aside. Writing calls fail. A missing file is Errc::NotFound.
  static Result<std::unique_ptr<LocalStore>> openReadOnly(const std::filesystem::path& file);
  ~LocalStore();
  LocalStore(const LocalStore&) = delete;
  LocalStore& operator=(const LocalStore&) = delete;

  // Assigns the next sequence number to `response.seq` and stores it durably.
  Result<std::int64_t> record(Response& response);
  // Stores many in one transaction (imports, benchmarks); same guarantees as record().
  Status recordMany(std::span<Response> responses);

  // Up to `limit` unacknowledged responses, oldest sequence first; `pendingAfter` starts after
  // sequence number `seq` (to prepare the next batch while one is in flight).
  Result<std::vector<Response>> pending(int limit) { return pendingAfter(0, limit); }
  Result<std::vector<Response>> pendingAfter(std::int64_t seq, int limit);
  // Marks the given sequence numbers acknowledged, in one transaction. Returns how many
  // were pending before (already acknowledged or unknown numbers are ignored).
  Result<std::int64_t> markAcked(std::span<const std::int64_t> seqs);
  // Deletes responses acknowledged more than `retention` before `nowMs` (default: the wall
  // clock). Never touches pending ones. Returns how many were removed.
  Result<std::int64_t> prune(std::chrono::milliseconds retention, std::optional<std::int64_t> nowMs = {});
  Result<StoreStats> stats();
  // Every stored response (pending and retained) in sequence order, for export.
  Result<std::vector<Response>> all();

  // Moves the current (damaged) file aside and continues on a fresh one.
  Status recoverFromCorruption();
  // Files moved aside by this instance, for the log and diagnostics.
  std::vector<std::filesystem::path> movedAside() const;
  const std::filesystem::path& path() const { return m_path; }

 private:
  struct Statements;
  LocalStore(std::filesystem::path file, StoreOptions options);
  Status openConnection(bool readOnly = false);
  Status moveAside(const std::string& reason);
  template <class Fn>
  auto guarded(const char* what, Fn&& fn) -> decltype(fn());

  std::filesystem::path m_path;
  StoreOptions m_options;
  std::int64_t m_recordPageLimit = 0;  // pages in use beyond which record() refuses; 0 = none
  mutable std::mutex m_mutex;
  std::unique_ptr<SQLite::Database> m_db;
  std::unique_ptr<Statements> m_statements;
  std::vector<std::filesystem::path> m_movedAside;
};

}  // namespace suara
