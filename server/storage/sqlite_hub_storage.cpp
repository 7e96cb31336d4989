#include "storage/sqlite_hub_storage.hpp"

#include <sqlite3.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <array>
#include <optional>

#include "auth.hpp"
#include "storage/sqlite_amendments.hpp"
#include "suara/core/compact_codec.hpp"
#include "suara/core/sqlite_migrations.hpp"

namespace suara::hub {

namespace {

const std::array<const char*, 2> kMigrations = {
    R"sql(
      CREATE TABLE units (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        survey     TEXT NOT NULL,
        utc_offset INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE services (
        unit_id  TEXT NOT NULL REFERENCES units(id),
        position INTEGER NOT NULL,
        id       TEXT NOT NULL,
        name     TEXT NOT NULL,
        name_en  TEXT NOT NULL,
        PRIMARY KEY (unit_id, id)
      ) WITHOUT ROWID;
      CREATE TABLE counters (
        unit_id  TEXT NOT NULL REFERENCES units(id),
        position INTEGER NOT NULL,
        id       TEXT NOT NULL,
        name     TEXT NOT NULL,
        PRIMARY KEY (unit_id, id)
      ) WITHOUT ROWID;
      CREATE TABLE enrolment_codes (
        code_hash  BLOB PRIMARY KEY,                 -- SHA-256 of the normalised code
        unit_id    TEXT NOT NULL REFERENCES units(id),
        expires_ms INTEGER NOT NULL,
        used_ms    INTEGER
      ) WITHOUT ROWID;
      CREATE TABLE kiosks (
        id              TEXT PRIMARY KEY,
        unit_id         TEXT NOT NULL REFERENCES units(id),
        name            TEXT NOT NULL,
        token_hash      BLOB NOT NULL UNIQUE,        -- SHA-256 of the bearer token
        enrolled_ms     INTEGER NOT NULL,
        revoked_ms      INTEGER,
        last_seen_ms    INTEGER,
        clock_offset_ms INTEGER,
        last_heartbeat  TEXT
      ) WITHOUT ROWID;
      -- A rowid table with a unique index on the random UUID, not WITHOUT ROWID keyed by it:
      -- random keys split pages, and moving ~200-byte rows in every split is 2.5x slower
      -- than moving 16-byte index entries (measured: 25k vs 63k rows/s).
      CREATE TABLE responses (
        id             INTEGER PRIMARY KEY,
        uuid           BLOB NOT NULL UNIQUE,         -- 16 raw bytes; dedupe key
        kiosk_id       TEXT NOT NULL,
        seq            INTEGER NOT NULL,
        unit_id        TEXT NOT NULL,
        survey         TEXT NOT NULL,
        survey_version INTEGER NOT NULL,
        answers        TEXT NOT NULL,
        reasons        TEXT,
        service        TEXT,
        counter        TEXT,
        officer        TEXT,
        respondent     TEXT,
        kiosk_wall_ms  INTEGER NOT NULL,             -- as the kiosk's clock said
        mono_ms        INTEGER NOT NULL,
        boot           TEXT NOT NULL,
        corrected_ms   INTEGER NOT NULL,             -- the hub's estimate (clock_correction.hpp)
        received_ms    INTEGER NOT NULL,
        flags          INTEGER NOT NULL,
        clock_flags    INTEGER NOT NULL,
        content_hash   BLOB NOT NULL
      );
      CREATE INDEX responses_by_kiosk ON responses(kiosk_id, seq);
    )sql",
    SqliteAmendments::migration(),
};

Error storageError(const SQLite::Exception& e, const char* what) {
  const int code = e.getErrorCode() & 0xff;
  const Errc errc = code == SQLITE_FULL ? Errc::DiskFull : code == SQLITE_CORRUPT || code == SQLITE_NOTADB ? Errc::Corrupt : Errc::Io;
  return makeError(errc, std::string("hub database error while ") + what + ": " + e.what());
}

// The content a resend must match to be a duplicate. Fields added after v1 are appended only
// when present, so that hashes stored before them still match.
std::string canonical(const Response& r) {
  std::string text = r.uuid + '|' + std::to_string(r.seq) + '|' + r.surveyId + '|' + std::to_string(r.surveyVersion) + '|' +
                     detail::encodeAnswers(r) + '|' + detail::joinIds(r.reasons) + '|' + r.serviceId + '|' + r.counterId +
                     '|' + r.officerId + '|' + detail::encodeRespondent(r.respondent) + '|' + std::to_string(r.clock.wallMs) +
                     '|' + std::to_string(r.clock.monoMs) + '|' + r.clock.bootId + '|' + std::to_string(r.flags);
  if (!r.skipped.empty()) text += "|skipped:" + detail::joinIds(r.skipped);
  if (r.isAmendment()) text += "|amends:" + r.amends;
  return text;
}

void bindText(SQLite::Statement& st, int index, const std::string& text) {
  if (text.empty()) st.bind(index);
  else st.bind(index, text);
}

std::string column(SQLite::Statement& st, int index) {
  const auto c = st.getColumn(index);
  return c.isNull() ? std::string() : c.getString();
}

KioskRecord readKiosk(SQLite::Statement& st) {
  KioskRecord k;
  k.id = st.getColumn(0).getString();
  k.unitId = st.getColumn(1).getString();
  k.name = st.getColumn(2).getString();
  k.enrolledMs = st.getColumn(3).getInt64();
  if (!st.getColumn(4).isNull()) k.revokedMs = st.getColumn(4).getInt64();
  if (!st.getColumn(5).isNull()) k.lastSeenMs = st.getColumn(5).getInt64();
  if (!st.getColumn(6).isNull()) k.clockOffsetMs = st.getColumn(6).getInt64();
  k.lastHeartbeat = column(st, 7);
  return k;
}

constexpr const char* kKioskColumns =
    "id, unit_id, name, enrolled_ms, revoked_ms, last_seen_ms, clock_offset_ms, last_heartbeat";

}  // namespace

struct SqliteHubStorage::Statements {
  explicit Statements(SQLite::Database& db)
      : insert(db,
               "INSERT INTO responses (uuid, kiosk_id, seq, unit_id, survey, survey_version, answers, reasons, service, "
               "counter, officer, respondent, kiosk_wall_ms, mono_ms, boot, corrected_ms, received_ms, flags, clock_flags, "
               "content_hash, skipped) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(uuid) DO NOTHING"),
        existingHash(db, "SELECT content_hash FROM responses WHERE uuid = ?"),
        authenticate(db, std::string("SELECT ") + kKioskColumns + " FROM kiosks WHERE token_hash = ?"),
        touchKiosk(db, "UPDATE kiosks SET last_seen_ms = ? WHERE id = ?"),
        amendments(db) {}
  SQLite::Statement insert, existingHash, authenticate, touchKiosk;
  SqliteAmendments amendments;
};

SqliteHubStorage::~SqliteHubStorage() = default;

Result<std::unique_ptr<SqliteHubStorage>> SqliteHubStorage::open(const std::filesystem::path& file) {
  std::unique_ptr<SqliteHubStorage> storage(new SqliteHubStorage());
  try {
    std::error_code ec;
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
    storage->m_db = std::make_unique<SQLite::Database>(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    storage->m_db->setBusyTimeout(5000);
    storage->m_db->exec("SELECT count(*) FROM sqlite_master");
    storage->m_db->exec("PRAGMA journal_mode=WAL");
    storage->m_db->exec("PRAGMA synchronous=FULL");
    storage->m_db->exec("PRAGMA foreign_keys=ON");
    // Responses are keyed by random UUIDs, so inserts touch pages all over the table: keep
    // far more than SQLite's default 2 MB of it in memory: 256 MB (a hub has memory to spare).
    storage->m_db->exec("PRAGMA cache_size=-262144");
    if (Status migrated = applyMigrations(*storage->m_db, kMigrations, file.string()); !migrated) return migrated.error();
    storage->m_statements = std::make_unique<Statements>(*storage->m_db);
  } catch (const SQLite::Exception& e) {
    return storageError(e, ("opening '" + file.string() + "'").c_str());
  }
  return storage;
}

template <class Fn>
auto SqliteHubStorage::guarded(const char* what, Fn&& fn) -> decltype(fn()) {
  std::lock_guard lock(m_mutex);
  try {
    return fn();
  } catch (const SQLite::Exception& e) {
    return storageError(e, what);
  } catch (const std::exception& e) {
    return makeError(Errc::Internal, std::string(what) + ": " + e.what());
  }
}

Status SqliteHubStorage::createUnit(const Unit& unit) {
  return guarded("creating a unit", [&]() -> Status {
    SQLite::Transaction transaction(*m_db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement exists(*m_db, "SELECT 1 FROM units WHERE id = ?");
    exists.bind(1, unit.id);
    if (exists.executeStep()) return makeError(Errc::Invalid, "unit '" + unit.id + "' already exists");
    SQLite::Statement insert(*m_db, "INSERT INTO units (id, name, survey, utc_offset) VALUES (?,?,?,?)");
    insert.bind(1, unit.id);
    insert.bind(2, unit.name);
    insert.bind(3, unit.survey);
    insert.bind(4, unit.utcOffsetHours);
    insert.exec();
    SQLite::Statement service(*m_db, "INSERT INTO services (unit_id, position, id, name, name_en) VALUES (?,?,?,?,?)");
    for (std::size_t i = 0; i < unit.services.size(); ++i) {
      service.reset();
      service.bind(1, unit.id);
      service.bind(2, static_cast<int>(i));
      service.bind(3, unit.services[i].id);
      service.bind(4, unit.services[i].name.id);
      service.bind(5, unit.services[i].name.en.empty() ? unit.services[i].name.id : unit.services[i].name.en);
      service.exec();
    }
    SQLite::Statement counter(*m_db, "INSERT INTO counters (unit_id, position, id, name) VALUES (?,?,?,?)");
    for (std::size_t i = 0; i < unit.counters.size(); ++i) {
      counter.reset();
      counter.bind(1, unit.id);
      counter.bind(2, static_cast<int>(i));
      counter.bind(3, unit.counters[i].id);
      counter.bind(4, unit.counters[i].name.empty() ? unit.counters[i].id : unit.counters[i].name);
      counter.exec();
    }
    transaction.commit();
    return {};
  });
}

Result<Unit> SqliteHubStorage::loadUnit(const std::string& id) {
  SQLite::Statement st(*m_db, "SELECT id, name, survey, utc_offset FROM units WHERE id = ?");
  st.bind(1, id);
  if (!st.executeStep()) return makeError(Errc::NotFound, "no unit '" + id + "'");
  Unit unit{st.getColumn(0).getString(), st.getColumn(1).getString(), st.getColumn(2).getString(), st.getColumn(3).getInt(), {}, {}};
  SQLite::Statement services(*m_db, "SELECT id, name, name_en FROM services WHERE unit_id = ? ORDER BY position");
  services.bind(1, id);
  while (services.executeStep())
    unit.services.push_back({services.getColumn(0).getString(), {services.getColumn(1).getString(), services.getColumn(2).getString()}});
  SQLite::Statement counters(*m_db, "SELECT id, name FROM counters WHERE unit_id = ? ORDER BY position");
  counters.bind(1, id);
  while (counters.executeStep()) unit.counters.push_back({counters.getColumn(0).getString(), counters.getColumn(1).getString()});
  return unit;
}

Result<Unit> SqliteHubStorage::unit(const std::string& id) {
  return guarded("reading a unit", [&]() -> Result<Unit> { return loadUnit(id); });
}

Result<std::vector<Unit>> SqliteHubStorage::units() {
  return guarded("listing units", [&]() -> Result<std::vector<Unit>> {
    std::vector<std::string> ids;
    SQLite::Statement st(*m_db, "SELECT id FROM units ORDER BY id");
    while (st.executeStep()) ids.push_back(st.getColumn(0).getString());
    std::vector<Unit> units;
    for (const auto& id : ids) units.push_back(std::move(loadUnit(id).value()));
    return units;
  });
}

Result<std::string> SqliteHubStorage::createEnrolmentCode(const std::string& unitId, std::int64_t nowMs, std::int64_t ttlMs) {
  return guarded("creating an enrolment code", [&]() -> Result<std::string> {
    if (!loadUnit(unitId)) return makeError(Errc::NotFound, "no unit '" + unitId + "'");
    const std::string code = newEnrolmentCode();
    const SecretHash hash = hashSecret(normaliseEnrolmentCode(code));
    SQLite::Statement st(*m_db, "INSERT INTO enrolment_codes (code_hash, unit_id, expires_ms) VALUES (?,?,?)");
    st.bind(1, hash.data(), static_cast<int>(hash.size()));
    st.bind(2, unitId);
    st.bind(3, nowMs + ttlMs);
    st.exec();
    return code;
  });
}

Result<Enrolment> SqliteHubStorage::enrol(const std::string& code, const std::string& kioskName, std::int64_t nowMs) {
  return guarded("enrolling a kiosk", [&]() -> Result<Enrolment> {
    SQLite::Transaction transaction(*m_db, SQLite::TransactionBehavior::IMMEDIATE);
    const SecretHash codeHash = hashSecret(normaliseEnrolmentCode(code));
    SQLite::Statement find(*m_db, "SELECT unit_id FROM enrolment_codes WHERE code_hash = ? AND used_ms IS NULL AND expires_ms > ?");
    find.bind(1, codeHash.data(), static_cast<int>(codeHash.size()));
    find.bind(2, nowMs);
    if (!find.executeStep()) return makeError(Errc::NotFound, "unknown, used or expired enrolment code");
    const std::string unitId = find.getColumn(0).getString();
    find.reset();
    SQLite::Statement spend(*m_db, "UPDATE enrolment_codes SET used_ms = ? WHERE code_hash = ?");
    spend.bind(1, nowMs);
    spend.bind(2, codeHash.data(), static_cast<int>(codeHash.size()));
    spend.exec();

    Enrolment enrolment;
    std::string uuid = newUuid();
    enrolment.kioskId = "kiosk-" + uuid.substr(0, 8) + uuid.substr(9, 4);
    enrolment.token = newToken();
    const SecretHash tokenHash = hashSecret(enrolment.token);
    SQLite::Statement insert(*m_db, "INSERT INTO kiosks (id, unit_id, name, token_hash, enrolled_ms) VALUES (?,?,?,?,?)");
    insert.bind(1, enrolment.kioskId);
    insert.bind(2, unitId);
    insert.bind(3, kioskName);
    insert.bind(4, tokenHash.data(), static_cast<int>(tokenHash.size()));
    insert.bind(5, nowMs);
    insert.exec();
    enrolment.unit = loadUnit(unitId).value();
    transaction.commit();
    return enrolment;
  });
}

Result<KioskRecord> SqliteHubStorage::authenticate(const std::string& token) {
  const SecretHash hash = hashSecret(token);  // outside the lock: hashing needs no database
  return guarded("authenticating a kiosk", [&]() -> Result<KioskRecord> {
    auto& st = m_statements->authenticate;
    st.reset();
    st.bind(1, hash.data(), static_cast<int>(hash.size()));
    if (!st.executeStep()) return makeError(Errc::NotFound, "unknown token");
    KioskRecord kiosk = readKiosk(st);
    st.reset();  // a statement left on a row keeps an old read snapshot open on the writer
    return kiosk;
  });
}

Result<std::vector<KioskRecord>> SqliteHubStorage::kiosks() {
  return guarded("listing kiosks", [&]() -> Result<std::vector<KioskRecord>> {
    SQLite::Statement st(*m_db, std::string("SELECT ") + kKioskColumns + " FROM kiosks ORDER BY unit_id, id");
    std::vector<KioskRecord> out;
    while (st.executeStep()) out.push_back(readKiosk(st));
    SQLite::Statement count(*m_db, "SELECT count(*) FROM responses WHERE kiosk_id = ?");
    for (auto& k : out) {
      count.reset();
      count.bind(1, k.id);
      if (count.executeStep()) k.responses = count.getColumn(0).getInt64();
    }
    return out;
  });
}

Status SqliteHubStorage::revokeKiosk(const std::string& kioskId, std::int64_t nowMs) {
  return guarded("revoking a kiosk", [&]() -> Status {
    SQLite::Statement st(*m_db, "UPDATE kiosks SET revoked_ms = coalesce(revoked_ms, ?) WHERE id = ?");
    st.bind(1, nowMs);
    st.bind(2, kioskId);
    if (st.exec() == 0) return makeError(Errc::NotFound, "no kiosk '" + kioskId + "'");
    return {};
  });
}

Status SqliteHubStorage::recordHeartbeat(const std::string& kioskId, const std::string& json, std::int64_t nowMs,
                                         std::int64_t clockOffsetMs) {
  return guarded("recording a heartbeat", [&]() -> Status {
    SQLite::Statement st(*m_db, "UPDATE kiosks SET last_heartbeat = ?, last_seen_ms = ?, clock_offset_ms = ? WHERE id = ?");
    st.bind(1, json);
    st.bind(2, nowMs);
    st.bind(3, clockOffsetMs);
    st.bind(4, kioskId);
    st.exec();
    return {};
  });
}

struct SqliteHubStorage::IngestJob {
  struct Prepared {
    std::array<unsigned char, 16> uuid, hash;
    std::string answers, reasons, respondent, skipped;
  };
  const KioskRecord* kiosk = nullptr;
  const std::vector<StoredItem>* items = nullptr;
  std::vector<Prepared> prepared;
  std::int64_t nowMs = 0;
  std::optional<Result<std::vector<wire::ItemResult>>> outcome;  // set once committed or failed
};

Result<std::vector<wire::ItemResult>> SqliteHubStorage::ingest(const KioskRecord& kiosk, const std::vector<StoredItem>& items,
                                                               std::int64_t nowMs) {
  // Encode and hash outside any lock.
  auto job = std::make_shared<IngestJob>();
  job->kiosk = &kiosk;
  job->items = &items;
  job->nowMs = nowMs;
  job->prepared.reserve(items.size());
  for (const auto& item : items) {
    const Response& r = item.response;
    job->prepared.push_back({*detail::uuidToBytes(r.uuid), contentHash(canonical(r)), detail::encodeAnswers(r),
                             detail::joinIds(r.reasons), detail::encodeRespondent(r.respondent), detail::joinIds(r.skipped)});
  }
  {
    std::lock_guard queue(m_queueMutex);
    m_queue.push_back(job);
  }
  // Whoever gets the database next commits everything queued by then, this job included
  // unless an earlier committer already took it.
  {
    std::lock_guard db(m_mutex);
    std::vector<std::shared_ptr<IngestJob>> group;
    {
      std::lock_guard queue(m_queueMutex);
      group.assign(m_queue.begin(), m_queue.end());
      m_queue.clear();
    }
    if (!group.empty()) commitQueued(std::move(group));
  }
  std::unique_lock queue(m_queueMutex);
  m_queueDone.wait(queue, [&] { return job->outcome.has_value(); });
  return std::move(*job->outcome);
}

void SqliteHubStorage::commitQueued(std::vector<std::shared_ptr<IngestJob>> jobs) {
  std::vector<std::vector<wire::ItemResult>> results(jobs.size());
  std::optional<Error> failure;
  try {
    SQLite::Transaction transaction(*m_db, SQLite::TransactionBehavior::IMMEDIATE);
    auto& insert = m_statements->insert;
    auto& amendments = m_statements->amendments;
    bool amendmentsWaiting = amendments.anyWaiting();
    for (std::size_t j = 0; j < jobs.size(); ++j) {
      const IngestJob& job = *jobs[j];
      results[j].reserve(job.items->size());
      for (std::size_t i = 0; i < job.items->size(); ++i) {
        const Response& r = (*job.items)[i].response;
        const auto& p = job.prepared[i];
        if (r.isAmendment()) {
          results[j].push_back(amendments.ingest(job.kiosk->id, (*job.items)[i], p.uuid, p.hash, job.nowMs));
          amendmentsWaiting = amendmentsWaiting || results[j].back().status == wire::ItemStatus::Accepted;
          continue;
        }
        if (amendments.isAmendmentId(p.uuid)) {  // one id, one item
          results[j].push_back({r.uuid, wire::ItemStatus::Rejected, "conflict: an amendment with this id was accepted earlier"});
          continue;
        }
        insert.reset();
        insert.bindNoCopy(1, p.uuid.data(), 16);
        insert.bindNoCopy(2, job.kiosk->id);
        insert.bind(3, r.seq);
        insert.bindNoCopy(4, job.kiosk->unitId);  // the kiosk's unit is authoritative
        insert.bindNoCopy(5, r.surveyId);
        insert.bind(6, r.surveyVersion);
        insert.bindNoCopy(7, p.answers);
        bindText(insert, 8, p.reasons);
        bindText(insert, 9, r.serviceId);
        bindText(insert, 10, r.counterId);
        bindText(insert, 11, r.officerId);
        bindText(insert, 12, p.respondent);
        insert.bind(13, r.clock.wallMs);
        insert.bind(14, r.clock.monoMs);
        insert.bindNoCopy(15, r.clock.bootId);
        insert.bind(16, (*job.items)[i].correctedMs);
        insert.bind(17, job.nowMs);
        insert.bind(18, static_cast<std::int64_t>(r.flags));
        insert.bind(19, static_cast<std::int64_t>((*job.items)[i].clockFlags));
        insert.bindNoCopy(20, p.hash.data(), 16);
        bindText(insert, 21, p.skipped);
        if (insert.exec() == 1) {
          if (amendmentsWaiting) amendments.ratingStored(p.uuid, job.nowMs);
          results[j].push_back({r.uuid, wire::ItemStatus::Accepted, {}});
          continue;
        }
        auto& existing = m_statements->existingHash;
        existing.reset();
        existing.bindNoCopy(1, p.uuid.data(), 16);
        existing.executeStep();
        const auto stored = existing.getColumn(0);
        const bool same = stored.getBytes() == 16 &&
                          std::equal(p.hash.begin(), p.hash.end(), static_cast<const unsigned char*>(stored.getBlob()));
        existing.reset();  // a statement left on a row would pin an old read snapshot
        if (same) results[j].push_back({r.uuid, wire::ItemStatus::Duplicate, {}});
        else results[j].push_back({r.uuid, wire::ItemStatus::Rejected, "conflict: a different response with this id was accepted earlier"});
      }
      auto& touch = m_statements->touchKiosk;
      touch.reset();
      touch.bind(1, job.nowMs);
      touch.bind(2, job.kiosk->id);
      touch.exec();
    }
    transaction.commit();  // acknowledged only once this has returned (synchronous=FULL)
  } catch (const SQLite::Exception& e) {
    failure = storageError(e, "storing responses");  // rolled back: nothing of the group is stored
  } catch (const std::exception& e) {
    failure = makeError(Errc::Internal, std::string("storing responses: ") + e.what());
  }
  {
    std::lock_guard queue(m_queueMutex);
    for (std::size_t j = 0; j < jobs.size(); ++j)
      jobs[j]->outcome = failure ? Result<std::vector<wire::ItemResult>>(*failure)
                                 : Result<std::vector<wire::ItemResult>>(std::move(results[j]));
  }
  m_queueDone.notify_all();
}

Result<std::vector<Response>> SqliteHubStorage::responses() {
  return guarded("reading responses", [&]() -> Result<std::vector<Response>> {
    SQLite::Statement st(*m_db,
                         "SELECT uuid, seq, unit_id, survey, survey_version, answers, reasons, service, counter, officer, "
                         "respondent, corrected_ms, mono_ms, boot, flags, skipped FROM responses ORDER BY corrected_ms");
    std::vector<Response> out;
    while (st.executeStep()) {
      Response r;
      const auto uuid = st.getColumn(0);
      r.uuid = detail::uuidFromBytes(uuid.getBlob(), uuid.getBytes());
      r.seq = st.getColumn(1).getInt64();
      r.unitId = st.getColumn(2).getString();
      r.surveyId = st.getColumn(3).getString();
      r.surveyVersion = st.getColumn(4).getInt();
      detail::decodeAnswers(st.getColumn(5).getString(), r);
      r.reasons = detail::splitIds(column(st, 6));
      r.serviceId = column(st, 7);
      r.counterId = column(st, 8);
      r.officerId = column(st, 9);
      detail::decodeRespondent(column(st, 10), r.respondent);
      r.clock = {st.getColumn(11).getInt64(), st.getColumn(12).getInt64(), st.getColumn(13).getString()};
      r.flags = static_cast<std::uint32_t>(st.getColumn(14).getInt64());
      r.skipped = detail::splitIds(column(st, 15));
      out.push_back(std::move(r));
    }
    return out;
  });
}

Result<std::int64_t> SqliteHubStorage::responseCount() {
  return guarded("counting responses", [&]() -> Result<std::int64_t> {
    return m_db->execAndGet("SELECT count(*) FROM responses").getInt64();
  });
}

}  // namespace suara::hub
