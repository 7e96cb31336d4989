#pragma once
// HubStorage on one SQLite file (WAL, synchronous=FULL: an acknowledged item is on disk).
// Thread-safe: one writer connection behind a mutex (SQLite 3.40 has a WAL race between two
// writing connections); request handlers decode and validate outside the lock. Ingest uses
// group commit: batches arriving while a commit runs are queued, and the next committer
// stores all of them in one transaction (one fsync), each batch still getting its own results.

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>

#include "storage/hub_storage.hpp"

namespace SQLite {
class Database;
}

namespace suara::hub {

class SqliteHubStorage final : public HubStorage {
 public:
  static Result<std::unique_ptr<SqliteHubStorage>> open(const std::filesystem::path& file);
  ~SqliteHubStorage() override;

  Status createUnit(const Unit& unit) override;
  Result<std::vector<Unit>> units() override;
  Result<Unit> unit(const std::string& id) override;
  Result<std::string> createEnrolmentCode(const std::string& unitId, std::int64_t nowMs, std::int64_t ttlMs) override;
  Result<Enrolment> enrol(const std::string& code, const std::string& kioskName, std::int64_t nowMs) override;
  Result<KioskRecord> authenticate(const std::string& token) override;
  Result<std::vector<KioskRecord>> kiosks() override;
  Status revokeKiosk(const std::string& kioskId, std::int64_t nowMs) override;
  Status recordHeartbeat(const std::string& kioskId, const std::string& json, std::int64_t nowMs,
                         std::int64_t clockOffsetMs) override;
  Result<std::vector<wire::ItemResult>> ingest(const KioskRecord& kiosk, const std::vector<StoredItem>& items,
                                               std::int64_t nowMs) override;
  Result<std::vector<Response>> responses() override;
  Result<std::int64_t> responseCount() override;

 private:
  struct Statements;
  struct IngestJob;
  SqliteHubStorage() = default;
  // Runs queued ingest jobs in one transaction; called with m_mutex held.
  void commitQueued(std::vector<std::shared_ptr<IngestJob>> jobs);
  template <class Fn>
  auto guarded(const char* what, Fn&& fn) -> decltype(fn());
  Result<Unit> loadUnit(const std::string& id);

  std::mutex m_mutex;
  std::unique_ptr<SQLite::Database> m_db;
  std::unique_ptr<Statements> m_statements;
  std::mutex m_queueMutex;
  std::condition_variable m_queueDone;
  std::deque<std::shared_ptr<IngestJob>> m_queue;
};

}  // namespace suara::hub
