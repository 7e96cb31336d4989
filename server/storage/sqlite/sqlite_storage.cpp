#include "storage/sqlite/sqlite_storage.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "auth/secrets.hpp"
#include "storage/sqlite/sqlite_amendments.hpp"
#include "storage/sqlite/sqlite_plans.hpp"
#include "storage/sqlite/sqlite_rollups.hpp"
#include "storage/sqlite/sqlite_schema.hpp"
#include "storage/sqlite/sqlite_statements.hpp"

namespace suara::hub {

namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kJournalSizeLimit = 64 << 20;  // the WAL is cut back to this when it restarts
constexpr std::size_t kMinFreeBytes = 1 << 20;        // below this the database is reported unwritable
constexpr int kBusyTimeoutMs = 5000;                  // how long a write waits for another process's lock

KioskRecord readKiosk(SQLite::Statement& st) {
  KioskRecord k;
  k.id = st.getColumn(0).getString();
  k.unitId = st.getColumn(1).getString();
  k.name = st.getColumn(2).getString();
  k.enrolledMs = st.getColumn(3).getInt64();
  if (!st.getColumn(4).isNull()) k.revokedMs = st.getColumn(4).getInt64();
  if (!st.getColumn(5).isNull()) k.lastSeenMs = st.getColumn(5).getInt64();
  if (!st.getColumn(6).isNull()) k.clockOffsetMs = st.getColumn(6).getInt64();
  if (!st.getColumn(7).isNull()) k.lastHeartbeat = st.getColumn(7).getString();
  return k;
}

constexpr const char* kKioskColumns = "id, unit_id, name, enrolled_ms, revoked_ms, last_seen_ms, clock_offset_ms, last_heartbeat";

void bindHash(SQLite::Statement& st, int index, const SecretHash& hash) { st.bind(index, hash.data(), static_cast<int>(hash.size())); }

// The key enrolment codes are hashed with, in a file of its own beside the database
// (created 0600 on first use).
Result<SecretHash> loadOrCreateKey(const fs::path& file) {
  SecretHash key{};
  int fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) {
    key = newSecretKey();
    fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0) {
      const bool written = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) && ::fsync(fd) == 0;
      ::close(fd);
      if (written) return key;
      ::unlink(file.c_str());
      return makeError(Errc::Io, "cannot write the hub key '" + file.string() + "'");
    }
    if (errno != EEXIST) return makeError(Errc::Io, "cannot create the hub key '" + file.string() + "': " + std::strerror(errno));
    fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);  // another process made it first
  }
  if (fd < 0) return makeError(Errc::Io, "cannot read the hub key '" + file.string() + "': " + std::strerror(errno));
  const ssize_t n = ::read(fd, key.data(), key.size());
  ::close(fd);
  if (n != static_cast<ssize_t>(key.size())) return makeError(Errc::Corrupt, "the hub key '" + file.string() + "' is damaged");
  return key;
}

}  // namespace

SqliteStorage::~SqliteStorage() {
  {
    std::lock_guard lock(m_checkpointMutex);
    m_stopping = true;
  }
  m_checkpointWake.notify_all();
  if (m_checkpointer.joinable()) m_checkpointer.join();
  m_readers.reset();
  m_statements.reset();
  m_writer.reset();
  m_serveLock.reset();  // only once every connection is closed
}

namespace {
bool readsOnly(StorageRole role) { return role == StorageRole::Read || role == StorageRole::ReadAnySchema; }
bool mayCreate(StorageRole role) { return role == StorageRole::Server || role == StorageRole::Create; }
}  // namespace

Result<std::unique_ptr<SqliteStorage>> SqliteStorage::open(const fs::path& given, StorageRole role, const StorageOptions& options) {
  std::unique_ptr<SqliteStorage> s(new SqliteStorage());
  const std::string shown = given.string();
  s->m_file = canonicalDatabasePath(given);  // one database, one lock, one key, whatever it is called
  const fs::path& file = s->m_file;
  auto notify = [&](const std::string& line) {
    if (!line.empty() && options.notice) options.notice(line);
  };
  std::error_code ec;
  const bool exists = fs::exists(file, ec);
  if (!exists && !mayCreate(role))
    return makeError(Errc::NotFound, "no hub database at " + shown + " (create one with suara-hub serve, unit add or demo-seed)");
  if (!exists && file.has_parent_path()) fs::create_directories(file.parent_path(), ec);
  if (role == StorageRole::Server) {
    auto lock = ServeLock::take(file, shown);
    if (!lock) return lock.error();
    s->m_serveLock.emplace(std::move(*lock));
  }
  if (exists && !readsOnly(role)) notify(tightenDatabaseModes(file, shown));
  // Ratings, respondent profiles and the token hashes that sign exports: the owner's only.
  if (!exists && !createOwnerOnly(file)) return makeError(Errc::Io, "cannot create '" + shown + "': " + std::strerror(errno));
  s->m_reasons = options.reasons;
  try {
    if (readsOnly(role)) {
      s->m_readers = std::make_unique<ReaderPool>(file, 1);
      const Status known = [&] {
        auto reader = s->m_readers->acquire();
        return checkHubSchema(*reader, shown, role == StorageRole::Read);
      }();
      if (!known) return known.error();
      return s;  // no key: nothing read-only uses it, and creating it would be a write
    }
    if (!s->m_reasons) {
      auto installed = installedReasonMap();
      if (!installed) return installed.error();
      s->m_reasons = std::move(*installed);
    }
    if (Status opened = s->openWriter(shown, !exists, role, options); !opened) return opened.error();
    if (!exists) notify("created a new hub database at " + shown);
  } catch (const SQLite::Exception& e) {
    return storageError(e, "opening '" + shown + "'");
  }
  auto key = loadOrCreateKey(file.string() + ".key");
  if (!key) return key.error();
  s->m_codeKey = *key;
  if (role == StorageRole::Server) s->m_checkpointer = std::thread([raw = s.get()] { raw->checkpointWhileIdle(); });
  return s;
}

Status SqliteStorage::openWriter(const std::string& shown, bool created, StorageRole role, const StorageOptions& options) {
  m_writer = std::make_unique<SQLite::Database>(m_file.string(), SQLite::OPEN_READWRITE);
  auto& db = *m_writer;
  db.setBusyTimeout(kBusyTimeoutMs);
  db.exec("SELECT count(*) FROM sqlite_master");  // a file that is not a database fails here
  // A command that only changes a hub must not turn some other file into one.
  if (!created && !mayCreate(role) && db.execAndGet("PRAGMA user_version").getInt() == 0)
    return makeError(Errc::Invalid, "'" + shown + "' is not a hub database");
  db.exec("PRAGMA journal_mode=WAL");
  db.exec("PRAGMA synchronous=FULL");
  db.exec("PRAGMA foreign_keys=ON");
  db.exec("PRAGMA journal_size_limit=" + std::to_string(kJournalSizeLimit));
  // Responses are keyed by random UUIDs, so inserts touch index pages all over: keep far more
  // of them in memory than SQLite's default 2 MB (StorageOptions::writerCacheBytes).
  db.exec("PRAGMA cache_size=-" + std::to_string(std::max<std::int64_t>(options.writerCacheBytes >> 10, 1024)));
  SqliteRollups::registerFunctions(db, *m_reasons);  // schema step 7 counts with them
  if (Status migrated = migrateHubSchema(db, shown); !migrated) return migrated;
  if (role == StorageRole::Server) {
    const std::string check = db.execAndGet("PRAGMA quick_check").getString();
    if (check != "ok")
      return makeError(Errc::Corrupt, "the hub database '" + shown + "' fails its quick check (" + check +
                                          "); run `suara-hub check` and restore from a backup");
  }
  m_statements = std::make_unique<Statements>(db, *m_reasons);
  m_readers = std::make_unique<ReaderPool>(m_file, role == StorageRole::Server ? 4 : 1);
  return {};
}

// A commit checkpoints on its own once the WAL passes 1000 pages (SQLite's autocheckpoint);
// this covers the quiet times after a burst, so that hub.db alone is complete when idle.
void SqliteStorage::checkpointWhileIdle() {
  std::unique_lock lock(m_checkpointMutex);
  while (!m_checkpointWake.wait_for(lock, std::chrono::seconds(10), [&] { return m_stopping; })) {
    if (clockNow().monoMs - m_lastIngestMs.load() < 5000) continue;  // busy: commits checkpoint
    // Without waiting: a reader on an older snapshot (a report, the background integrity check)
    // would keep the writer, and every batch arriving meanwhile, waiting for its busy timeout.
    // What cannot be checkpointed now is on the next round.
    std::lock_guard writer(m_writerMutex);
    m_writer->setBusyTimeout(0);
    sqlite3_wal_checkpoint_v2(m_writer->getHandle(), nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
    m_writer->setBusyTimeout(kBusyTimeoutMs);
  }
}

namespace {

// Appends the services and counters of `unit` after those the unit already has; an id it
// has already is refused (returned: why), and the caller's transaction is then rolled back.
std::string insertUnitParts(SQLite::Database& db, const Unit& unit) {
  auto nextPosition = [&](const char* table) {
    SQLite::Statement st(db, std::string("SELECT coalesce(max(position) + 1, 0) FROM ") + table + " WHERE unit_id = ?");
    st.bind(1, unit.id);
    st.executeStep();
    return st.getColumn(0).getInt();
  };
  auto exists = [&](const char* table, const std::string& id) {
    SQLite::Statement st(db, std::string("SELECT 1 FROM ") + table + " WHERE unit_id = ? AND id = ?");
    st.bind(1, unit.id);
    st.bind(2, id);
    return st.executeStep();
  };
  const auto refusal = [&](const char* what, const std::string& id) {
    return std::string(what) + " '" + id + "' already exists in unit '" + unit.id + "'";
  };
  SQLite::Statement service(db, "INSERT INTO services (unit_id, position, id, name, name_en) VALUES (?,?,?,?,?)");
  int position = nextPosition("services");
  for (const auto& s : unit.services) {
    if (exists("services", s.id)) return refusal("service", s.id);
    service.reset();
    service.bind(1, unit.id);
    service.bind(2, position++);
    service.bind(3, s.id);
    service.bind(4, s.name.id);
    service.bind(5, s.name.en.empty() ? s.name.id : s.name.en);
    service.exec();
  }
  SQLite::Statement counter(db, "INSERT INTO counters (unit_id, position, id, name) VALUES (?,?,?,?)");
  position = nextPosition("counters");
  for (const auto& c : unit.counters) {
    if (exists("counters", c.id)) return refusal("counter", c.id);
    counter.reset();
    counter.bind(1, unit.id);
    counter.bind(2, position++);
    counter.bind(3, c.id);
    counter.bind(4, c.name.empty() ? c.id : c.name);
    counter.exec();
  }
  return {};
}

}  // namespace

bool unitExists(SQLite::Database& db, const std::string& id) {
  SQLite::Statement exists(db, "SELECT 1 FROM units WHERE id = ?");
  exists.bind(1, id);
  return exists.executeStep();
}

namespace {

enum class UnitChange { Create, Extend };

// Creates `unit`, or adds its services and counters to the existing unit of its id, in one
// transaction: all of it or, refused, nothing.
Status changeUnit(SQLite::Database& db, const Unit& unit, UnitChange change) {
  SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
  const bool found = unitExists(db, unit.id);
  if (change == UnitChange::Create && found) return makeError(Errc::Invalid, "unit '" + unit.id + "' already exists");
  if (change == UnitChange::Extend && !found) return makeError(Errc::NotFound, "no unit '" + unit.id + "'");
  if (change == UnitChange::Create) {
    SQLite::Statement insert(db, "INSERT INTO units (id, name, survey, utc_offset, monthly_users) VALUES (?,?,?,?,?)");
    insert.bind(1, unit.id);
    insert.bind(2, unit.name);
    insert.bind(3, unit.survey);
    insert.bind(4, unit.utcOffsetHours);
    if (unit.monthlyUsers && *unit.monthlyUsers > 0) insert.bind(5, *unit.monthlyUsers);
    insert.exec();
    SQLite::Statement office(db, "INSERT INTO unit_offices (unit_id, key, office) VALUES (?,?,?)");
    for (const auto& [key, name] : unit.offices) {
      office.reset();
      office.bind(1, unit.id);
      office.bind(2, key);
      office.bind(3, name);
      office.exec();
    }
  }
  if (std::string refused = insertUnitParts(db, unit); !refused.empty()) return makeError(Errc::Invalid, refused);
  transaction.commit();
  return {};
}

}  // namespace

Status SqliteStorage::createUnit(const Unit& unit) {
  return onWriter("creating a unit", [&] { return changeUnit(*m_writer, unit, UnitChange::Create); });
}

Status SqliteStorage::extendUnit(const Unit& additions) {
  return onWriter("extending a unit", [&] { return changeUnit(*m_writer, additions, UnitChange::Extend); });
}

Status SqliteStorage::configureUnit(const std::string& id, const UnitSettings& settings) {
  return onWriter("changing a unit's settings", [&]() -> Status {
    SQLite::Transaction transaction(*m_writer, SQLite::TransactionBehavior::IMMEDIATE);
    if (!unitExists(*m_writer, id)) return makeError(Errc::NotFound, "no unit '" + id + "'");
    if (settings.utcOffsetHours) {
      SQLite::Statement st(*m_writer, "UPDATE units SET utc_offset = ? WHERE id = ? AND utc_offset IS NOT ?");
      st.bind(1, *settings.utcOffsetHours);
      st.bind(2, id);
      st.bind(3, *settings.utcOffsetHours);
      // Its ratings' local days, months and hours move with it: recounted before anyone can
      // read the new offset beside the old buckets. (A batch counted ahead at the old offset
      // is found out by the writer and counted again.)
      if (st.exec() > 0) SqliteRollups::recount(*m_writer, id);
      std::lock_guard offsets(m_offsetsMutex);
      m_knownOffsets.erase(id);
    }
    if (settings.monthlyUsers) {
      SQLite::Statement st(*m_writer, "UPDATE units SET monthly_users = ? WHERE id = ?");
      if (*settings.monthlyUsers > 0) st.bind(1, *settings.monthlyUsers);
      else st.bind(1);  // NULL: not known
      st.bind(2, id);
      st.exec();
    }
    SQLite::Statement set(*m_writer, "INSERT INTO unit_offices (unit_id, key, office) VALUES (?,?,?) "
                                     "ON CONFLICT (unit_id, key) DO UPDATE SET office = excluded.office");
    SQLite::Statement remove(*m_writer, "DELETE FROM unit_offices WHERE unit_id = ? AND key = ?");
    for (const auto& [key, office] : settings.offices) {
      SQLite::Statement& st = office.empty() ? remove : set;
      st.reset();
      st.bind(1, id);
      st.bind(2, key);
      if (!office.empty()) st.bind(3, office);
      st.exec();
    }
    transaction.commit();
    return {};
  });
}

namespace {
Result<Unit> loadUnit(SQLite::Database& db, const std::string& id) {
  SQLite::Statement st(db, "SELECT id, name, survey, utc_offset, monthly_users FROM units WHERE id = ?");
  st.bind(1, id);
  if (!st.executeStep()) return makeError(Errc::NotFound, "no unit '" + id + "'");
  Unit unit{st.getColumn(0).getString(), st.getColumn(1).getString(), st.getColumn(2).getString(), st.getColumn(3).getInt(), {}, {}, {}, {}};
  if (!st.getColumn(4).isNull()) unit.monthlyUsers = st.getColumn(4).getInt64();
  SQLite::Statement offices(db, "SELECT key, office FROM unit_offices WHERE unit_id = ?");
  offices.bind(1, id);
  while (offices.executeStep()) unit.offices[offices.getColumn(0).getString()] = offices.getColumn(1).getString();
  SQLite::Statement services(db, "SELECT id, name, name_en FROM services WHERE unit_id = ? ORDER BY position");
  services.bind(1, id);
  while (services.executeStep())
    unit.services.push_back({services.getColumn(0).getString(), {services.getColumn(1).getString(), services.getColumn(2).getString()}});
  SQLite::Statement counters(db, "SELECT id, name FROM counters WHERE unit_id = ? ORDER BY position");
  counters.bind(1, id);
  while (counters.executeStep()) unit.counters.push_back({counters.getColumn(0).getString(), counters.getColumn(1).getString()});
  return unit;
}
}  // namespace

Result<Unit> SqliteStorage::unit(const std::string& id) {
  return onReader("reading a unit", [&](SQLite::Database& db) { return loadUnit(db, id); });
}

Result<std::vector<Unit>> SqliteStorage::units() {
  return onReader("listing units", [&](SQLite::Database& db) -> Result<std::vector<Unit>> {
    SQLite::Transaction snapshot(db, SQLite::TransactionBehavior::DEFERRED);  // one consistent view
    std::vector<std::string> ids;
    SQLite::Statement st(db, "SELECT id FROM units ORDER BY id");
    while (st.executeStep()) ids.push_back(st.getColumn(0).getString());
    std::vector<Unit> units;
    for (const auto& id : ids) {
      auto unit = loadUnit(db, id);
      if (!unit) return unit.error();
      units.push_back(std::move(*unit));
    }
    return units;
  });
}

Status SqliteStorage::addEnrolmentCode(const SecretHash& codeHash, const std::string& unitId, std::int64_t expiresMs) {
  return onWriter("creating an enrolment code", [&]() -> Status {
    // IMMEDIATE: a read that turns into a write cannot wait for another process's commit
    // (SQLite refuses the upgrade at once), so take the write lock, with its busy wait, first.
    SQLite::Transaction transaction(*m_writer, SQLite::TransactionBehavior::IMMEDIATE);
    {
      SQLite::Statement unit(*m_writer, "SELECT 1 FROM units WHERE id = ?");
      unit.bind(1, unitId);
      if (!unit.executeStep()) return makeError(Errc::NotFound, "no unit '" + unitId + "'");
    }
    SQLite::Statement st(*m_writer, "INSERT INTO enrolment_codes (code_hash, unit_id, expires_ms) VALUES (?,?,?)");
    bindHash(st, 1, codeHash);
    st.bind(2, unitId);
    st.bind(3, expiresMs);
    st.exec();
    transaction.commit();
    return {};
  });
}

Result<EnrolmentCodeMatch> SqliteStorage::findEnrolmentCode(const std::vector<SecretHash>& candidates, std::int64_t nowMs) {
  return onReader("checking an enrolment code", [&](SQLite::Database& db) -> Result<EnrolmentCodeMatch> {
    SQLite::Statement find(db, "SELECT unit_id FROM enrolment_codes WHERE code_hash = ? AND used_ms IS NULL AND expires_ms > ?");
    for (const auto& hash : candidates) {
      find.reset();
      bindHash(find, 1, hash);
      find.bind(2, nowMs);
      if (find.executeStep()) return EnrolmentCodeMatch{hash, find.getColumn(0).getString()};
    }
    return makeError(Errc::NotFound, "unknown, used or expired enrolment code");
  });
}

Status SqliteStorage::enrolKiosk(const SecretHash& codeHash, const NewKiosk& kiosk, std::int64_t nowMs) {
  return onWriter("enrolling a kiosk", [&]() -> Status {
    SQLite::Transaction transaction(*m_writer, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement spend(*m_writer,
                            "UPDATE enrolment_codes SET used_ms = ? WHERE code_hash = ? AND used_ms IS NULL AND expires_ms > ?");
    spend.bind(1, nowMs);
    bindHash(spend, 2, codeHash);
    spend.bind(3, nowMs);
    if (spend.exec() != 1) return makeError(Errc::NotFound, "unknown, used or expired enrolment code");
    SQLite::Statement insert(*m_writer, "INSERT INTO kiosks (id, unit_id, name, token_hash, enrolled_ms) VALUES (?,?,?,?,?)");
    insert.bind(1, kiosk.id);
    insert.bind(2, kiosk.unitId);
    insert.bind(3, kiosk.name);
    bindHash(insert, 4, kiosk.tokenHash);
    insert.bind(5, kiosk.enrolledMs);
    insert.exec();
    transaction.commit();
    return {};
  });
}

Result<KioskRecord> SqliteStorage::kioskByTokenHash(const SecretHash& tokenHash) {
  return onReader("authenticating a kiosk", [&](SQLite::Database& db) -> Result<KioskRecord> {
    SQLite::Statement st(db, std::string("SELECT ") + kKioskColumns + " FROM kiosks WHERE token_hash = ?");
    bindHash(st, 1, tokenHash);
    if (!st.executeStep()) return makeError(Errc::NotFound, "unknown token");
    return readKiosk(st);
  });
}

Result<std::vector<KioskRecord>> SqliteStorage::kiosks() {
  return onReader("listing kiosks", [&](SQLite::Database& db) -> Result<std::vector<KioskRecord>> {
    SQLite::Statement st(db, std::string("SELECT ") + kKioskColumns +
                                 ", (SELECT count(*) FROM responses r WHERE r.kiosk_id = kiosks.id) FROM kiosks ORDER BY unit_id, id");
    std::vector<KioskRecord> out;
    while (st.executeStep()) {
      out.push_back(readKiosk(st));
      out.back().responses = st.getColumn(8).getInt64();
    }
    return out;
  });
}

Result<KioskRecord> SqliteStorage::kiosk(const std::string& id) {
  return onReader("reading a kiosk", [&](SQLite::Database& db) -> Result<KioskRecord> {
    SQLite::Statement st(db, std::string("SELECT ") + kKioskColumns +
                                 ", (SELECT count(*) FROM responses r WHERE r.kiosk_id = kiosks.id) FROM kiosks WHERE id = ?");
    st.bind(1, id);
    if (!st.executeStep()) return makeError(Errc::NotFound, "no kiosk '" + id + "'");
    KioskRecord kiosk = readKiosk(st);
    kiosk.responses = st.getColumn(8).getInt64();
    return kiosk;
  });
}

Result<SecretHash> SqliteStorage::tokenHashOf(const std::string& kioskId) {
  return onReader("reading a kiosk", [&](SQLite::Database& db) -> Result<SecretHash> {
    SQLite::Statement st(db, "SELECT token_hash FROM kiosks WHERE id = ?");
    st.bind(1, kioskId);
    if (!st.executeStep()) return makeError(Errc::NotFound, "no kiosk '" + kioskId + "'");
    const auto blob = st.getColumn(0);
    SecretHash hash{};
    if (blob.getBytes() != static_cast<int>(hash.size())) return makeError(Errc::Corrupt, "kiosk '" + kioskId + "' has a damaged token hash");
    std::copy_n(static_cast<const unsigned char*>(blob.getBlob()), hash.size(), hash.begin());
    return hash;
  });
}

Status SqliteStorage::revokeKiosk(const std::string& kioskId, std::int64_t nowMs) {
  return onWriter("revoking a kiosk", [&]() -> Status {
    SQLite::Statement st(*m_writer, "UPDATE kiosks SET revoked_ms = coalesce(revoked_ms, ?) WHERE id = ?");
    st.bind(1, nowMs);
    st.bind(2, kioskId);
    if (st.exec() == 0) return makeError(Errc::NotFound, "no kiosk '" + kioskId + "'");
    return {};
  });
}

Status SqliteStorage::recordHeartbeat(const std::string& kioskId, const std::string& json, std::int64_t nowMs,
                                      std::int64_t clockOffsetMs) {
  return onWriter("recording a heartbeat", [&]() -> Status {
    StatementScope st(m_statements->heartbeat);
    st->bind(1, json);
    st->bind(2, nowMs);
    st->bind(3, clockOffsetMs);
    st->bind(4, kioskId);
    st->exec();
    return {};
  });
}

Status SqliteStorage::probeWrite() {
  // Health is public and may be asked often: one probe per second at most, and none while
  // commits show that writes work. The probe waits for the write lock a short while only;
  // another process writing (a CLI command) means the database is busy, not unwritable.
  if (!m_writer) return makeError(Errc::Invalid, "the hub database was opened read-only");
  std::lock_guard probing(m_probeMutex);
  const std::int64_t now = clockNow().monoMs;
  if (m_probedMs >= 0 && now - m_probedMs < 1000 && m_lastCommitOkMs.load() <= m_probedMs) return m_probed;
  m_probedMs = now;
  struct statvfs fsInfo {};
  const fs::path dir = m_file.has_parent_path() ? m_file.parent_path() : fs::path(".");
  if (::statvfs(dir.c_str(), &fsInfo) == 0 && static_cast<std::size_t>(fsInfo.f_bavail) * fsInfo.f_frsize < kMinFreeBytes)
    return m_probed = makeError(Errc::DiskFull, "the disk holding the hub database is full");
  if (now - m_lastCommitOkMs.load() < 1000) return m_probed = Status{};
  // Our own writer is held as long by a write in progress: a group commit of hundreds of
  // batches, or one waiting for that other process (up to its busy timeout). Busy too. Polled:
  // ThreadSanitizer does not see the timed lock of std::timed_mutex.
  std::unique_lock writer(m_writerMutex, std::defer_lock);
  for (const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(200); !writer.try_lock();) {
    if (std::chrono::steady_clock::now() >= until) return m_probed = Status{};
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  m_writer->setBusyTimeout(200);
  try {
    SQLite::Transaction probe(*m_writer, SQLite::TransactionBehavior::IMMEDIATE);  // rolled back: writes nothing
  } catch (const SQLite::Exception& e) {
    m_writer->setBusyTimeout(kBusyTimeoutMs);
    if (e.getErrorCode() == SQLITE_BUSY) return m_probed = Status{};
    return m_probed = storageError(e, "checking that the database accepts writes");
  }
  m_writer->setBusyTimeout(kBusyTimeoutMs);
  return m_probed = Status{};
}

Status SqliteStorage::backup(const std::string& file) {
  std::error_code ec;
  // Writing over the live database (or its WAL, lock or key) would destroy what it copies.
  const fs::path wanted = fs::weakly_canonical(file, ec);
  for (const char* suffix : {"", "-wal", "-shm", "-journal", ".lock", ".key"})
    if (wanted == fs::path(m_file.string() + suffix) || wanted == fs::path(m_file.string() + suffix + ".partial"))
      return makeError(Errc::Invalid, "the backup '" + file + "' would overwrite the database it copies; choose another file");
  Status copied = onReader("backing up", [&](SQLite::Database& db) { return writeDatabaseCopy(db, file); });
  if (!copied && copied.error().code == Errc::Io) return makeError(Errc::Io, "cannot write the backup '" + file + "'");
  return copied;
}

Result<std::vector<std::string>> SqliteStorage::integrityCheck(bool full, std::stop_token stop) {
  try {
    // A connection of its own, with SQLite's small default cache: the check reads every page
    // once, and a pooled reader held for minutes would be missed by token checks.
    SQLite::Database db(m_file.string(), SQLite::OPEN_READONLY);
    db.setBusyTimeout(kBusyTimeoutMs);
    sqlite3_progress_handler(
        db.getHandle(), 10000, [](void* token) { return static_cast<std::stop_token*>(token)->stop_requested() ? 1 : 0; }, &stop);
    SQLite::Statement st(db, full ? "PRAGMA integrity_check(1000)" : "PRAGMA quick_check(1000)");
    std::vector<std::string> problems;
    while (st.executeStep())
      if (auto line = st.getColumn(0).getString(); line != "ok") problems.push_back(line);
    return problems;
  } catch (const SQLite::Exception& e) {
    if (stop.stop_requested()) return makeError(Errc::Internal, "the integrity check was stopped");
    return storageError(e, "checking the database");
  }
}

}  // namespace suara::hub
