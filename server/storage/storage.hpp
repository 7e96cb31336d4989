#pragma once
// Where the hub keeps units, kiosks and responses: interfaces split by concern, so that
// services depend on what they use and PostgreSQL can follow SQLite. Every implementation is
// thread-safe and makes each ingest batch atomic.

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "storage/plans.hpp"
#include "storage/rollups.hpp"
#include "suara/core/config.hpp"
#include "suara/core/response.hpp"
#include "suara/core/result.hpp"
#include "suara/core/skm_elements.hpp"
#include "suara/core/wire.hpp"

namespace suara::hub {

struct Counter {
  std::string id;    // e.g. "loket-1"
  std::string name;  // e.g. "Loket 1 (KTP)"
};

struct Unit {
  std::string id;
  std::string name;
  std::string survey = "quick-4";
  int utcOffsetHours = 7;
  std::vector<ServiceOption> services;
  std::vector<Counter> counters;
  // For its reports: service users a month (the population sample adequacy is judged
  // against), and the offices answering for its follow-up plan by element code or level.
  std::optional<std::int64_t> monthlyUsers;
  std::map<std::string, std::string> offices;
};

// Changes to a unit's settings: each field given replaces the stored one.
struct UnitSettings {
  std::optional<int> utcOffsetHours;
  std::optional<std::int64_t> monthlyUsers;    // 0: not known any more
  std::map<std::string, std::string> offices;  // an empty name removes the office
};

struct KioskRecord {
  std::string id;
  std::string unitId;
  std::string name;
  std::int64_t enrolledMs = 0;
  std::optional<std::int64_t> revokedMs;
  std::optional<std::int64_t> lastSeenMs;
  std::optional<std::int64_t> clockOffsetMs;  // hub time − kiosk wall time, last seen
  std::string lastHeartbeat;                  // JSON as sent
  std::int64_t responses = 0;
};

// One validated item ready to store, with the hub's corrected time.
struct StoredItem {
  Response response;
  std::int64_t correctedMs = 0;
  std::uint32_t clockFlags = 0;
};

// An item the hub could not accept, kept with its reason: out of reports, visible to admins,
// re-admittable after a fix. Never silently dropped.
struct QuarantinedItem {
  std::string itemId;     // as sent (may be empty or malformed)
  std::string kioskId;
  std::string unitId;
  std::string reason;
  std::string payload;    // the item as received (JSON), for re-admission
  std::int64_t receivedMs = 0;  // the latest time it was received
  // The hub's estimate of when it happened (clock_correction.hpp), when the item was readable
  // enough to tell; re-admission uses it so that a fixed item lands in the right period.
  std::optional<std::int64_t> correctedMs;
  std::uint32_t clockFlags = 0;
  // Filled in when read back: first reception and how often it was received.
  std::int64_t firstMs = 0;
  std::int64_t times = 0;
};

struct QuarantineFilter {
  std::string kioskId;  // empty: any
  std::string unitId;   // empty: any
};

// How trustworthy the stored times are, for a report to say so.
struct TimeQuality {
  std::int64_t estimated = 0;    // from an earlier boot or a USB export: the kiosk's wall clock, corrected
  std::int64_t implausible = 0;  // before the kiosk's enrolment or after receipt: counted at the hub's receipt
};

using SecretHash = std::array<unsigned char, 32>;

// A live enrolment code found by one of its candidate hashes.
struct EnrolmentCodeMatch {
  SecretHash hash{};
  std::string unitId;
};

// A newly enrolled kiosk as the enrolment service made it; the storage spends the code.
struct NewKiosk {
  std::string id, unitId, name;
  SecretHash tokenHash{};
  std::int64_t enrolledMs = 0;
};

class UnitStore {
 public:
  virtual ~UnitStore() = default;
  virtual Status createUnit(const Unit& unit) = 0;
  // Adds the services and counters of `additions` to the existing unit `additions.id` (its
  // other fields are ignored). Nothing is ever removed: stored ratings refer to them.
  virtual Status extendUnit(const Unit& additions) = 0;
  // A new UTC offset recounts the unit's rollups in the same transaction (its local days move).
  virtual Status configureUnit(const std::string& id, const UnitSettings& settings) = 0;  // Errc::NotFound if none
  virtual Result<std::vector<Unit>> units() = 0;
  virtual Result<Unit> unit(const std::string& id) = 0;  // Errc::NotFound if none
};

// Who may use the dashboard, and for which units: admins everything, managers their units
// (read, plan, actions), viewers their units read-only.
enum class Role { Admin, Manager, Viewer };
std::string_view roleName(Role role);                  // "admin", "manager", "viewer"
std::optional<Role> parseRole(std::string_view name);

struct UserRecord {
  std::string name;
  Role role = Role::Viewer;
  std::vector<std::string> units;  // the units in scope (an admin's scope is every unit)
  std::string passwordHash;        // argon2id, in libsodium's self-describing string form
  std::int64_t createdMs = 0;
  std::optional<std::int64_t> disabledMs;
};

// One change, who made it and when: written in the same transaction as the change itself.
struct AuditEntry {
  std::int64_t atMs = 0;
  std::string actor;   // a user name, or "cli:<login>" for a command on the hub's machine
  std::string action;  // e.g. "user.add"
  std::string target;  // what it changed, e.g. the user's name
  std::string detail;  // what changed, never a secret
};

class UserStore {
 public:
  virtual ~UserStore() = default;
  // Errc::Invalid if the name is taken, Errc::NotFound if a unit in its scope does not exist.
  virtual Status createUser(const UserRecord& user, const AuditEntry& audit) = 0;
  virtual Result<UserRecord> user(const std::string& name) = 0;  // Errc::NotFound if none
  virtual Result<std::vector<UserRecord>> users() = 0;
  virtual Status setPasswordHash(const std::string& name, const std::string& hash, const AuditEntry& audit) = 0;
  // nullopt enables the user again.
  virtual Status setDisabled(const std::string& name, std::optional<std::int64_t> disabledMs, const AuditEntry& audit) = 0;
  virtual Result<std::vector<AuditEntry>> auditLog(std::int64_t limit) = 0;  // newest first
  // An event that changes nothing else (an account locked by wrong passwords).
  virtual Status recordAudit(const AuditEntry& entry) = 0;
};

class KioskStore {
 public:
  virtual ~KioskStore() = default;
  virtual Status addEnrolmentCode(const SecretHash& codeHash, const std::string& unitId, std::int64_t expiresMs) = 0;
  // The unused, unexpired code among `candidates` (read-only: a wrong guess writes nothing);
  // Errc::NotFound if none.
  virtual Result<EnrolmentCodeMatch> findEnrolmentCode(const std::vector<SecretHash>& candidates, std::int64_t nowMs) = 0;
  // Spends the code and adds the kiosk, atomically; Errc::NotFound if the code was spent or
  // expired meanwhile.
  virtual Status enrolKiosk(const SecretHash& codeHash, const NewKiosk& kiosk, std::int64_t nowMs) = 0;
  // The kiosk a token hash belongs to (revoked ones too, with revokedMs); Errc::NotFound if none.
  virtual Result<KioskRecord> kioskByTokenHash(const SecretHash& tokenHash) = 0;
  virtual Result<std::vector<KioskRecord>> kiosks() = 0;
  virtual Result<KioskRecord> kiosk(const std::string& id) = 0;  // Errc::NotFound if none
  // The stored hash of a kiosk's token: the key its USB exports are signed with.
  virtual Result<SecretHash> tokenHashOf(const std::string& kioskId) = 0;
  virtual Status revokeKiosk(const std::string& kioskId, std::int64_t nowMs) = 0;
  virtual Status recordHeartbeat(const std::string& kioskId, const std::string& json, std::int64_t nowMs,
                                 std::int64_t clockOffsetMs) = 0;
};

// Where validated items go: the responses themselves, or a rehearsal of storing them.
class IngestTarget {
 public:
  virtual ~IngestTarget() = default;
  // Stores a batch atomically: every item is accepted, a duplicate (same id, same content,
  // same kiosk) or rejected as a conflict (same id with different content, or from another
  // kiosk, named in the reason: the first one stands).
  virtual Result<std::vector<wire::ItemResult>> ingest(const KioskRecord& kiosk, const std::vector<StoredItem>& items,
                                                       std::int64_t nowMs) = 0;
};

// A dry run of ingest: each batch answered by the code that stores it, as if the batches
// rehearsed before it had been stored, in one transaction that is rolled back when the
// rehearsal ends. So a dry run tells new, duplicate and conflicting items apart exactly as
// the real run will. It holds the database's write lock while it lives (other writers wait,
// as they would for the real run): for an operator's --dry-run, never for serving.
class IngestRehearsal : public IngestTarget {};

class ResponseStore : public IngestTarget {
 public:
  // A rehearsal (IngestRehearsal); while it lives, this storage's own writes wait for it.
  virtual Result<std::unique_ptr<IngestRehearsal>> rehearseIngest() = 0;
  // Keeps items (a resend of one already kept updates it: reason, payload, last time, count).
  virtual Status quarantine(const std::vector<QuarantinedItem>& items) = 0;
  virtual Result<std::vector<QuarantinedItem>> quarantined(const QuarantineFilter& filter = {}) = 0;
  // Forgets a kept item once it has been re-admitted (stored, or found already stored).
  virtual Status releaseQuarantined(const std::string& kioskId, const std::string& itemId) = 0;
};

// Which ratings an export wants: one unit, report times in [fromMs, toMs), and a service and
// counter when given.
struct ResponseFilter {
  std::string unitId;
  std::int64_t fromMs = 0, toMs = 0;
  std::string serviceId, counterId;  // empty: any
};
class ReportStore {
 public:
  virtual ~ReportStore() = default;
  // Each rating of `filter` in time order (clock.wallMs: its report time), until `visit`
  // returns false. From a snapshot, like responses(); amendments are merged already.
  virtual Status forEachResponse(const ResponseFilter& filter, const std::function<bool(const Response&)>& visit) = 0;
  // Every stored response, with clock.wallMs replaced by the time reports count it at: the
  // corrected time, or the hub's receipt when that estimate is implausible (TimeQuality).
  // Read from a snapshot: never waits for, nor holds up, the writer.
  virtual Result<std::vector<Response>> responses() = 0;
  virtual Result<TimeQuality> timeQuality() = 0;
  virtual Result<std::int64_t> responseCount() = 0;
};

class OperationsStore {
 public:
  virtual ~OperationsStore() = default;
  // Whether the database accepts a write now (a full disk or read-only medium: an error).
  virtual Status probeWrite() = 0;
  // A consistent copy to `file` while serving (SQLite's online backup).
  virtual Status backup(const std::string& file) = 0;
  // Problems found ("ok" → empty); `full` reads every page and index, otherwise a quick check.
  // Runs on a read-only connection of its own, so a check of many minutes holds up neither the
  // writer nor the readers; a stop request ends it early with an error.
  virtual Result<std::vector<std::string>> integrityCheck(bool full, std::stop_token stop) = 0;
  // Where the rollups (RollupStore) differ from a recount of the stored ratings, one line for
  // each table that does; none for a database from before rollups (its upgrade counts them).
  // Reads every rating, on a read-only connection of its own, like integrityCheck.
  virtual Result<std::vector<std::string>> rollupDifferences(std::stop_token stop) = 0;
  // The key enrolment codes are hashed with (kept apart from the data: a stolen database
  // alone does not allow guessing codes offline).
  virtual const SecretHash& codeKey() const = 0;
};

// Everything the hub stores. Implementations are thread-safe: request handlers call them
// concurrently.
class Storage : public UnitStore,
                public KioskStore,
                public UserStore,
                public PlanStore,
                public ResponseStore,
                public ReportStore,
                public RollupStore,
                public OperationsStore {};

// Who opens the database, and so whether it may be created and written. Only what starts a
// hub creates one: a mistyped path given to any other command is an error, not a new, empty
// hub. Every role but Server may run beside a serving hub.
enum class StorageRole {
  Server,         // `serve`: exclusive (a second server on the same database refuses); creates a missing database
  Create,         // a command that sets up a hub (unit add, demo-seed): creates a missing database
  Write,          // a command that changes an existing hub
  Read,           // a command that reads rows: read-only, and the schema must be this hub's (older: upgrade first)
  ReadAnySchema,  // backup and check, which copy or check pages, not rows: read-only, any schema this hub knows
};

struct StorageOptions {
  // The writer's page cache. Ingest touches index pages all over (random UUIDs), so more is
  // faster up to the index's size; it is memory the hub keeps once filled.
  std::int64_t writerCacheBytes = std::int64_t{64} << 20;
  // One line at a time for the operator: something opening changed that they should know of
  // (a database created, a database file's mode tightened). Nothing is said when empty.
  std::function<void(const std::string&)> notice;
  // Quick-mode reasons → the SKM element each speaks about, for the rollups' complaints by
  // element (RollupTally::complaints). Not given: the survey catalog the hub is installed with
  // (assets/surveys), read when the database is opened for writing or its rollups checked.
  std::shared_ptr<const ReasonMap> reasons;
};

// The one way in, for `serve` and every CLI command alike: "sqlite:PATH" or a plain path.
Result<std::unique_ptr<Storage>> openStorage(const std::string& url, StorageRole role, const StorageOptions& options = {});

// Replacing a hub's database with a backup, while no hub serves it.
class StorageRestore {
 public:
  virtual ~StorageRestore() = default;
  // Whether a database is there to be replaced (it is kept beside it first).
  virtual bool replacesExisting() const = 0;
  virtual std::int64_t backupRatings() const = 0;
  // Restores; returns where the replaced database was kept (empty when there was none).
  virtual Result<std::string> run() = 0;
};

// Checks the backup (whole, a hub database this hub knows) and takes the lock `serve` takes,
// held until the restore is destroyed: refused while a hub serves the database. Only
// `options.notice` is used.
Result<std::unique_ptr<StorageRestore>> prepareRestore(const std::string& url, const std::string& backupFile,
                                                       const StorageOptions& options = {});

}  // namespace suara::hub
