#pragma once
// Storage on one SQLite file (WAL, synchronous=FULL: an acknowledged item is on disk).
// Thread-safe. Writes go through one connection behind a mutex; ingest uses group commit
// (batches arriving while a commit runs are queued, and the next committer stores all of them
// in one transaction, one fsync, each batch still getting its own results), and a dry run
// the same storing code in a transaction it rolls back. Reads use a pool of read-only
// connections. A background thread checkpoints the WAL while the hub is idle, and the WAL is
// truncated to a bounded size when it restarts, so hub.db holds the data and the WAL stays
// small under constant ingest.

#include <atomic>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "storage/sqlite/sqlite_connections.hpp"
#include "storage/sqlite/sqlite_files.hpp"
#include "storage/storage.hpp"

namespace suara::hub {

class SqliteStorage final : public Storage {
 public:
  static Result<std::unique_ptr<SqliteStorage>> open(const std::filesystem::path& file, StorageRole role, const StorageOptions& options);
  ~SqliteStorage() override;

  Status createUnit(const Unit& unit) override;
  Status extendUnit(const Unit& additions) override;
  Status configureUnit(const std::string& id, const UnitSettings& settings) override;
  Result<std::vector<Unit>> units() override;
  Result<Unit> unit(const std::string& id) override;

  Status createUser(const UserRecord& user, const AuditEntry& audit) override;
  Result<UserRecord> user(const std::string& name) override;
  Result<std::vector<UserRecord>> users() override;
  Status setPasswordHash(const std::string& name, const std::string& hash, const AuditEntry& audit) override;
  Status setDisabled(const std::string& name, std::optional<std::int64_t> disabledMs, const AuditEntry& audit) override;
  Result<std::vector<AuditEntry>> auditLog(std::int64_t limit) override;
  Status recordAudit(const AuditEntry& entry) override;

  Result<std::int64_t> addAction(const PlanAction& action, const AuditEntry& audit) override;
  Status updateAction(const PlanAction& action, const AuditEntry& audit) override;
  Result<PlanAction> action(std::int64_t id) override;
  Result<std::vector<PlanAction>> actions(const std::vector<std::string>& unitIds) override;
  Status setPublished(const std::string& unitId, bool published, const AuditEntry& audit) override;
  Result<bool> published(const std::string& unitId) override;
  Status saveCatalog(const std::string& json, const AuditEntry& audit) override;
  Result<std::optional<std::string>> latestCatalog() override;

  Status addEnrolmentCode(const SecretHash& codeHash, const std::string& unitId, std::int64_t expiresMs) override;
  Result<EnrolmentCodeMatch> findEnrolmentCode(const std::vector<SecretHash>& candidates, std::int64_t nowMs) override;
  Status enrolKiosk(const SecretHash& codeHash, const NewKiosk& kiosk, std::int64_t nowMs) override;
  Result<KioskRecord> kioskByTokenHash(const SecretHash& tokenHash) override;
  Result<std::vector<KioskRecord>> kiosks() override;
  Result<KioskRecord> kiosk(const std::string& id) override;
  Result<SecretHash> tokenHashOf(const std::string& kioskId) override;
  Status revokeKiosk(const std::string& kioskId, std::int64_t nowMs) override;
  Status recordHeartbeat(const std::string& kioskId, const std::string& json, std::int64_t nowMs,
                         std::int64_t clockOffsetMs) override;

  Result<std::vector<wire::ItemResult>> ingest(const KioskRecord& kiosk, const std::vector<StoredItem>& items,
                                               std::int64_t nowMs) override;
  Result<std::unique_ptr<IngestRehearsal>> rehearseIngest() override;
  Status quarantine(const std::vector<QuarantinedItem>& items) override;
  Result<std::vector<QuarantinedItem>> quarantined(const QuarantineFilter& filter) override;
  Status releaseQuarantined(const std::string& kioskId, const std::string& itemId) override;
  Result<TimeQuality> timeQuality() override;

  Result<std::vector<Response>> responses() override;
  Status forEachResponse(const ResponseFilter& filter, const std::function<bool(const Response&)>& visit) override;
  Result<std::int64_t> responseCount() override;

  Result<std::vector<RollupRow>> tallies(RollupGrain grain, const RollupQuery& query) override;
  Result<std::vector<HeatCell>> heat(const RollupQuery& query) override;
  Result<std::vector<ReasonCount>> reasonCounts(const RollupQuery& query) override;
  Result<std::vector<ProfileCount>> profileCounts(const RollupQuery& query) override;
  Result<std::int64_t> rebuildRollups() override;

  Status probeWrite() override;
  Status backup(const std::string& file) override;
  Result<std::vector<std::string>> integrityCheck(bool full, std::stop_token stop) override;
  Result<std::vector<std::string>> rollupDifferences(std::stop_token stop) override;
  const SecretHash& codeKey() const override { return m_codeKey; }

 private:
  struct Statements;
  struct IngestJob;
  class Rehearsal;
  SqliteStorage() = default;
  // A batch encoded, hashed and counted for the rollups, for storing (outside any lock).
  std::shared_ptr<IngestJob> prepare(const KioskRecord& kiosk, const std::vector<StoredItem>& items, std::int64_t nowMs);
  // A unit's UTC offset as last seen, to count a batch ahead with (the writer checks it);
  // nullopt when it cannot be read now (the writer then counts the batch itself).
  std::optional<int> knownOffset(const std::string& unitId);
  // The writer (and its statements), after the file's checks; creates the schema or migrates.
  Status openWriter(const std::string& shownName, bool created, StorageRole role, const StorageOptions& options);
  // Runs queued ingest jobs in one transaction and sets their outcomes; called with
  // m_writerMutex held.
  void commitQueued(std::vector<std::shared_ptr<IngestJob>> jobs);
  // Stores one job's items, inside a write transaction with m_writerMutex held: the one code
  // for ingest and its rehearsal. `amendmentsWaiting`: whether a stored rating must look for
  // amendments that arrived before it (kept up to date).
  std::vector<wire::ItemResult> storeJob(const IngestJob& job, bool& amendmentsWaiting);
  // Runs `fn` on the writer under its mutex; SQLite and other exceptions become errors.
  template <class Fn>
  auto onWriter(const char* what, Fn&& fn) -> decltype(fn());
  // Runs `fn(db)` on a read-only connection of its own.
  template <class Fn>
  auto onReader(const char* what, Fn&& fn) -> decltype(fn(std::declval<SQLite::Database&>()));
  void checkpointWhileIdle();

  std::filesystem::path m_file;  // canonical
  std::optional<ServeLock> m_serveLock;
  SecretHash m_codeKey{};
  std::mutex m_writerMutex;
  std::unique_ptr<SQLite::Database> m_writer;  // none when opened read-only
  std::unique_ptr<Statements> m_statements;
  std::unique_ptr<ReaderPool> m_readers;
  std::shared_ptr<const ReasonMap> m_reasons;  // the rollups' (StorageOptions::reasons); none yet when read-only
  std::mutex m_offsetsMutex;
  std::unordered_map<std::string, int> m_knownOffsets;  // under m_offsetsMutex

  std::mutex m_queueMutex;
  std::condition_variable m_queueDone;
  std::deque<std::shared_ptr<IngestJob>> m_queue;
  bool m_committing = false;  // an ingest thread is committing queued jobs (under m_queueMutex)

  std::mutex m_checkpointMutex;
  std::condition_variable m_checkpointWake;
  bool m_stopping = false;
  std::atomic<std::int64_t> m_lastIngestMs{0};  // monotonic; only ingest commits count as busy (not health probes)
  // probeWrite's answer, reused for a second: health is public, and probing takes the writer.
  std::atomic<std::int64_t> m_lastCommitOkMs{-1};  // monotonic; a commit that succeeded proves writability
  std::mutex m_probeMutex;
  std::int64_t m_probedMs = -1;  // monotonic, under m_probeMutex
  Status m_probed;
  std::thread m_checkpointer;
};

}  // namespace suara::hub
