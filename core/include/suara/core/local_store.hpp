#pragma once
// LocalStore: the kiosk's durable outbox, one SQLite file in the data directory.
//
// Durability: journal_mode=WAL and synchronous=FULL, so a commit returns only after the WAL
// is fsync'ed; record() returns success only after its transaction committed.
// Thread-safety: thread-safe. All calls serialize on one internal mutex over the single
// writer connection (one writer connection per file: SQLite 3.40 has a WAL race between
// two writing connections), so the UI thread and the sync worker can share one instance.
// Failure: a full disk (or the configured size limit) is Errc::DiskFull; a damaged file is
// Errc::Corrupt; anything else the file system refuses is Errc::Io.
// Damage: a file is set aside only when the damage is proven (SQLite reports it and an
// integrity check confirms it), never for an I/O error or a full disk. It is renamed (never
// deleted), a fresh file takes its place, and every row that can still be read is salvaged
// into the fresh file in one transaction, keeping sequence numbers and acknowledgements.
// This happens at open and whenever damage is found while running; the call that found it is
// then retried once. Files set aside by earlier runs are salvaged at the next open.
// Headroom: a reserve file of real blocks (StoreOptions::reserveBytes) beside the store is
// released when acknowledging, pruning or opening finds the disk full, so that they always
// work; new ratings are refused while the reserve cannot be held (docs/storage.md).
// Permissions: the store's files are readable by their owner only.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
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

namespace detail {
class DiskReserve;
}

struct StoreStats {
  std::int64_t pending = 0;                      // recorded, not yet acknowledged by the hub
  std::int64_t total = 0;                        // rows in the file (pending + retained acked)
  std::int64_t pendingFollowUps = 0;             // of `pending`, amendments (not ratings)
  std::int64_t followUps = 0;                    // of `total`, amendments (not ratings)
  std::optional<std::int64_t> oldestPendingAgeMs;  // by the kiosk's wall clock
  std::int64_t fileBytes = 0;                    // database + WAL on disk
};

struct SetAsideFile {
  std::string file;            // name in the data directory
  std::string reason;
  std::int64_t salvagedAtMs = 0;
  std::int64_t salvaged = 0;   // rows taken over into the live store
  std::int64_t unreadable = 0; // rows found but lost
  std::string method;
};

// The disk reserve beside a store (StoreOptions::reserveBytes, docs/storage.md).
struct ReserveState {
  std::filesystem::path file;
  std::int64_t bytes = 0;
  bool held = false;
  std::string problem;  // why it is not held ("missing", "the disk has no room for it", ...)
};

struct StoreOptions {
  // 0: unlimited. Otherwise record() fails as DiskFull once the file uses this much;
  // acknowledging and pruning keep working a little beyond it, so space can be freed.
  std::int64_t maxBytes = 0;
  // Kept free for acknowledging and pruning on a full disk (<file>.reserve); 0: none.
  std::int64_t reserveBytes = 16 * 1024 * 1024;
  // The SQLite VFS to open the file through; empty: the default. Tests register a VFS that
  // simulates power cuts (only synced writes survive).
  std::string vfs;
};

class LocalStore {
 public:
  static Result<std::unique_ptr<LocalStore>> open(const std::filesystem::path& file, StoreOptions options = {});
  // For diagnostics and export while the kiosk runs, and for data on read-only media: never
  // writes, never migrates, never moves anything aside. Writing calls fail. A missing file is
  // Errc::NotFound.
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

  // Files set aside as damaged and what was salvaged from each (status).
  Result<std::vector<SetAsideFile>> setAside();
  // Salvages set-aside files that could not be read before (locked, say); the sync worker
  // calls it on every pass, so such ratings do not wait for the next start.
  void salvageWaiting();
  // Files moved aside by this instance, for the log and diagnostics.
  std::vector<std::filesystem::path> movedAside() const;
  // The disk reserve as it is on disk now. New ratings are refused while it is not held for
  // want of space; when something else keeps it from being made (a directory in its place),
  // ratings are still taken and `problem` says what to fix.
  ReserveState reserve() const;
  // The reserve of the store at `file` with `bytes` asked for, read without opening the store.
  static ReserveState inspectReserve(const std::filesystem::path& file, std::int64_t bytes);
  const std::filesystem::path& path() const { return m_path; }

 private:
  struct Statements;
  enum class Write { None, Record, FreesSpace };  // what a guarded call writes
  LocalStore(std::filesystem::path file, StoreOptions options);
  Status openConnection(bool readOnly = false);
  Status openReadOnlyConnection();
  bool damageProven();
  Status setAsideAndStartFresh(const std::string& reason);
  Status startSequenceAfter(const std::filesystem::path& damaged);
  // lockWaitMs: how long to wait out another process holding a set-aside file locked.
  void salvageSetAsideFiles(int lockWaitMs);
  Status salvage(const std::filesystem::path& file, const std::string& reason, int lockWaitMs);
  template <class Fn>
  auto guarded(const char* what, Write write, Fn&& fn) -> decltype(fn());

  std::filesystem::path m_path;
  StoreOptions m_options;
  bool m_readOnly = false;
  std::unique_ptr<detail::DiskReserve> m_reserve;
  std::int64_t m_recordPageLimit = 0;  // pages in use beyond which record() refuses; 0 = none
  mutable std::mutex m_mutex;
  std::unique_ptr<SQLite::Database> m_db;
  std::unique_ptr<Statements> m_statements;
  std::vector<std::filesystem::path> m_movedAside;
  std::map<std::string, std::string> m_setAsideReasons;  // file name -> why, for files set aside by this run
};

}  // namespace suara
