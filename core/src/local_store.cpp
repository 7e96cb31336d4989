#include "suara/core/local_store.hpp"

#include <sqlite3.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <ctime>
#include <iostream>
#include <string_view>

#include "suara/core/compact_codec.hpp"
#include "store_schema.hpp"

namespace suara {

namespace fs = std::filesystem;

namespace {

constexpr const char* kColumns =
    "r.seq, r.uuid, r.survey, r.survey_version, r.answers, r.reasons, r.unit, r.service, r.counter, r.officer, "
    "r.respondent, r.wall_ms, r.mono_ms, b.boot_id, r.flags, r.skipped, r.amends FROM responses r "
    "JOIN boots b ON b.id = r.boot";

Error storeError(int sqliteCode, const std::string& what, const std::string& detail) {
  switch (sqliteCode & 0xff) {
    case SQLITE_FULL: return makeError(Errc::DiskFull, "storage full while " + what + ": " + detail);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return makeError(Errc::Corrupt, "database damaged while " + what + ": " + detail);
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM: return makeError(Errc::Io, "I/O error while " + what + ": " + detail);
    default: return makeError(Errc::Internal, "database error while " + what + ": " + detail);
  }
}

std::string timestampSuffix() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
  return text;
}

std::string columnText(SQLite::Statement& st, int index) {
  const SQLite::Column column = st.getColumn(index);
  return column.isNull() ? std::string() : column.getString();
}

}  // namespace

struct LocalStore::Statements {
  explicit Statements(SQLite::Database& db)
      : insert(db,
               "INSERT INTO responses (uuid, survey, survey_version, answers, reasons, unit, service, counter, officer, "
               "respondent, wall_ms, mono_ms, boot, flags, skipped, amends) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
        findBoot(db, "SELECT id FROM boots WHERE boot_id = ?"),
        insertBoot(db, "INSERT INTO boots (boot_id) VALUES (?)"),
        pending(db, std::string("SELECT ") + kColumns + " WHERE r.acked_at IS NULL AND r.seq > ? ORDER BY r.seq LIMIT ?"),
        all(db, std::string("SELECT ") + kColumns + " ORDER BY r.seq"),
        markAcked(db, "UPDATE responses SET acked_at = ? WHERE seq = ? AND acked_at IS NULL"),
        prune(db, "DELETE FROM responses WHERE acked_at IS NOT NULL AND acked_at < ?"),
        countPending(db, "SELECT count(*) FROM responses WHERE acked_at IS NULL"),
        countAll(db, "SELECT count(*) FROM responses"),
        countFollowUps(db, "SELECT count(*) FROM responses WHERE amends IS NOT NULL"),
        countPendingFollowUps(db, "SELECT count(*) FROM responses WHERE amends IS NOT NULL AND acked_at IS NULL"),
        oldestPending(db, "SELECT wall_ms FROM responses WHERE acked_at IS NULL ORDER BY seq LIMIT 1"),
        pageCount(db, "PRAGMA page_count"),
        freePages(db, "PRAGMA freelist_count") {}

  SQLite::Statement insert, findBoot, insertBoot, pending, all, markAcked, prune, countPending, countAll, countFollowUps,
      countPendingFollowUps, oldestPending, pageCount, freePages;
  std::string cachedBootId;  // the boot id seen last and its row, to skip the lookup
  std::int64_t cachedBootRow = 0;
};

LocalStore::LocalStore(fs::path file, StoreOptions options) : m_path(std::move(file)), m_options(options) {}
LocalStore::~LocalStore() = default;

Result<std::unique_ptr<LocalStore>> LocalStore::open(const fs::path& file, StoreOptions options) {
  std::unique_ptr<LocalStore> store(new LocalStore(file, options));
  std::error_code ec;
  if (file.has_parent_path()) fs::create_directories(file.parent_path(), ec);
  Status status = store->openConnection();
  if (!status && (status.error().code == Errc::Corrupt || status.error().code == Errc::Io)) {
    // A damaged or unreadable file is kept for salvage, never deleted.
    if (Status moved = store->moveAside(status.error().message); !moved) return moved.error();
    status = store->openConnection();
  }
  if (!status) return status.error();
  return store;
}

Result<std::unique_ptr<LocalStore>> LocalStore::openReadOnly(const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return makeError(Errc::NotFound, "no store at '" + file.string() + "'");
  std::unique_ptr<LocalStore> store(new LocalStore(file, {}));
  if (Status status = store->openConnection(true); !status) return status.error();
  return store;
}

Status LocalStore::openConnection(bool readOnly) {
  try {
    auto db = std::make_unique<SQLite::Database>(m_path.string(),
                                                 readOnly ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE,
                                                 0, m_options.vfs);
    db->setBusyTimeout(5000);
    // Read the header first: a file that is not a database fails here with SQLITE_NOTADB.
    db->exec("SELECT count(*) FROM sqlite_master");
    if (readOnly) {
      const int version = db->execAndGet("PRAGMA user_version").getInt();
      if (version != detail::kStoreSchemaVersion)
        return makeError(Errc::Invalid, "'" + m_path.string() + "' has schema version " + std::to_string(version) +
                                            ", expected " + std::to_string(detail::kStoreSchemaVersion));
      m_statements = std::make_unique<Statements>(*db);
      m_db = std::move(db);
      return {};
    }
    const std::string mode = db->execAndGet("PRAGMA journal_mode=WAL").getString();
    if (mode != "wal") return makeError(Errc::Io, "cannot enable WAL journal on '" + m_path.string() + "' (got " + mode + ")");
    db->exec("PRAGMA synchronous=FULL");
    if (m_options.maxBytes > 0) {
      // New ratings stop at maxBytes (checked in recordMany); SQLite's hard limit sits a
      // headroom above it so that acknowledging and pruning, which also write pages, can
      // always run and free space again.
      const auto pageSize = db->execAndGet("PRAGMA page_size").getInt64();
      m_recordPageLimit = std::max<std::int64_t>(m_options.maxBytes / pageSize, 1);
      const std::int64_t headroom = std::max<std::int64_t>(32, m_recordPageLimit / 10);
      db->exec("PRAGMA max_page_count=" + std::to_string(m_recordPageLimit + headroom));
    }
    if (Status migrated = detail::migrate(*db, m_path.string()); !migrated) return migrated;
    m_statements = std::make_unique<Statements>(*db);
    m_db = std::move(db);
    return {};
  } catch (const SQLite::Exception& e) {
    m_statements.reset();
    return storeError(e.getErrorCode(), "opening '" + m_path.string() + "'", e.what());
  }
}

Status LocalStore::moveAside(const std::string& reason) {
  m_statements.reset();
  m_db.reset();
  const std::string suffix = ".unreadable-" + timestampSuffix();
  const fs::path target = m_path.string() + suffix;
  std::error_code ec;
  fs::rename(m_path, target, ec);
  if (ec && fs::exists(m_path))
    return makeError(Errc::Io, "cannot move damaged store '" + m_path.string() + "' aside: " + ec.message());
  for (const char* sidecar : {"-wal", "-shm"}) {
    const fs::path side = m_path.string() + sidecar;
    if (fs::exists(side, ec)) fs::rename(side, target.string() + sidecar, ec);
  }
  m_movedAside.push_back(target);
  std::cerr << "suara: store '" << m_path.string() << "' is unreadable (" << reason << "); moved it to '"
            << target.string() << "' and started a fresh file\n";
  return {};
}

template <class Fn>
auto LocalStore::guarded(const char* what, Fn&& fn) -> decltype(fn()) {
  std::lock_guard lock(m_mutex);
  if (!m_db) return makeError(Errc::Io, std::string("store is not open (") + what + ")");
  try {
    return fn();
  } catch (const SQLite::Exception& e) {
    return storeError(e.getErrorCode(), what, e.what());
  } catch (const std::exception& e) {
    return makeError(Errc::Internal, std::string(what) + ": " + e.what());
  }
}

namespace {

std::int64_t bootRow(SQLite::Statement& find, SQLite::Statement& insert, SQLite::Database& db, const std::string& bootId) {
  find.reset();
  find.bind(1, bootId);
  if (find.executeStep()) return find.getColumn(0).getInt64();
  insert.reset();
  insert.bind(1, bootId);
  insert.exec();
  return db.getLastInsertRowid();
}

Response readRow(SQLite::Statement& st) {
  Response r;
  r.seq = st.getColumn(0).getInt64();
  const SQLite::Column uuid = st.getColumn(1);
  r.uuid = detail::uuidFromBytes(uuid.getBlob(), uuid.getBytes());
  r.surveyId = st.getColumn(2).getString();
  r.surveyVersion = st.getColumn(3).getInt();
  const bool answersOk = detail::decodeAnswers(st.getColumn(4).getString(), r);
  r.reasons = detail::splitIds(columnText(st, 5));
  r.unitId = columnText(st, 6);
  r.serviceId = columnText(st, 7);
  r.counterId = columnText(st, 8);
  r.officerId = columnText(st, 9);
  const bool respondentOk = detail::decodeRespondent(columnText(st, 10), r.respondent);
  r.clock.wallMs = st.getColumn(11).getInt64();
  r.clock.monoMs = st.getColumn(12).getInt64();
  r.clock.bootId = st.getColumn(13).getString();
  r.flags = static_cast<std::uint32_t>(st.getColumn(14).getInt64());
  r.skipped = detail::splitIds(columnText(st, 15));
  if (const SQLite::Column amends = st.getColumn(16); !amends.isNull()) {
    r.amends = detail::uuidFromBytes(amends.getBlob(), amends.getBytes());
    if (r.amends.empty()) throw SQLite::Exception("row " + std::to_string(r.seq) + " amends an unreadable id", SQLITE_CORRUPT);
  }
  if (r.uuid.empty() || !answersOk || !respondentOk)
    throw SQLite::Exception("row " + std::to_string(r.seq) + " cannot be decoded", SQLITE_CORRUPT);
  return r;
}

void bindOptional(SQLite::Statement& st, int index, const std::string& text) {
  if (text.empty()) st.bind(index);  // NULL costs one header byte
  else st.bindNoCopy(index, text);
}

}  // namespace

Result<std::int64_t> LocalStore::record(Response& response) {
  Response* one = &response;
  if (Status status = recordMany(std::span<Response>(one, 1)); !status) return status.error();
  return response.seq;
}

Status LocalStore::recordMany(std::span<Response> responses) {
  return guarded("recording a response", [&]() -> Status {
    Statements& s = *m_statements;
    if (m_recordPageLimit > 0) {
      auto scalar = [](SQLite::Statement& st) {
        st.reset();
        st.executeStep();
        return st.getColumn(0).getInt64();
      };
      if (scalar(s.pageCount) - scalar(s.freePages) >= m_recordPageLimit)
        return makeError(Errc::DiskFull, "storage full while recording a response: the store reached its size limit of " +
                                             std::to_string(m_options.maxBytes / (1024 * 1024)) + " MB");
    }
    std::vector<std::int64_t> assigned;
    assigned.reserve(responses.size());
    SQLite::Transaction transaction(*m_db, SQLite::TransactionBehavior::IMMEDIATE);
    for (const Response& r : responses) {
      // Only valid responses go in, so that every stored row can always be read back out.
      if (Status valid = validateResponse(r); !valid) return valid.error();
      const auto uuid = detail::uuidToBytes(r.uuid);
      if (r.clock.bootId != s.cachedBootId) {
        s.cachedBootRow = bootRow(s.findBoot, s.insertBoot, *m_db, r.clock.bootId);
        s.cachedBootId = r.clock.bootId;
      }
      const std::string answers = detail::encodeAnswers(r);
      const std::string reasons = detail::joinIds(r.reasons);
      const std::string respondent = detail::encodeRespondent(r.respondent);
      const std::string skipped = detail::joinIds(r.skipped);
      const auto amends = detail::uuidToBytes(r.amends);  // nothing for a rating
      auto& st = s.insert;
      st.reset();
      st.bindNoCopy(1, uuid->data(), static_cast<int>(uuid->size()));
      st.bindNoCopy(2, r.surveyId);
      st.bind(3, r.surveyVersion);
      st.bindNoCopy(4, answers);
      bindOptional(st, 5, reasons);
      bindOptional(st, 6, r.unitId);
      bindOptional(st, 7, r.serviceId);
      bindOptional(st, 8, r.counterId);
      bindOptional(st, 9, r.officerId);
      bindOptional(st, 10, respondent);
      st.bind(11, r.clock.wallMs);
      st.bind(12, r.clock.monoMs);
      st.bind(13, s.cachedBootRow);
      st.bind(14, static_cast<std::int64_t>(r.flags));
      bindOptional(st, 15, skipped);
      if (amends) st.bindNoCopy(16, amends->data(), static_cast<int>(amends->size()));
      else st.bind(16);
      st.exec();
      assigned.push_back(m_db->getLastInsertRowid());
    }
    try {
      transaction.commit();  // returns after the WAL is fsync'ed (synchronous=FULL)
    } catch (...) {
      s.cachedBootId.clear();  // the boot row may have been rolled back with the transaction
      throw;
    }
    for (std::size_t i = 0; i < responses.size(); ++i) responses[i].seq = assigned[i];
    return {};
  });
}

Result<std::vector<Response>> LocalStore::pendingAfter(std::int64_t seq, int limit) {
  return guarded("reading pending responses", [&]() -> Result<std::vector<Response>> {
    auto& st = m_statements->pending;
    st.reset();
    st.bind(1, seq);
    st.bind(2, limit);
    std::vector<Response> out;
    out.reserve(static_cast<std::size_t>(std::clamp(limit, 0, 4096)));  // limit may be "everything"
    while (st.executeStep()) out.push_back(readRow(st));
    return out;
  });
}

Result<std::vector<Response>> LocalStore::all() {
  return guarded("reading all responses", [&]() -> Result<std::vector<Response>> {
    auto& st = m_statements->all;
    st.reset();
    std::vector<Response> out;
    while (st.executeStep()) out.push_back(readRow(st));
    return out;
  });
}

Result<std::int64_t> LocalStore::markAcked(std::span<const std::int64_t> seqs) {
  return guarded("marking responses acknowledged", [&]() -> Result<std::int64_t> {
    const std::int64_t now = clockNow().wallMs;
    std::int64_t changed = 0;
    SQLite::Transaction transaction(*m_db, SQLite::TransactionBehavior::IMMEDIATE);
    auto& st = m_statements->markAcked;
    for (const std::int64_t seq : seqs) {
      st.reset();
      st.bind(1, now);
      st.bind(2, seq);
      changed += st.exec();
    }
    transaction.commit();
    return changed;
  });
}

Result<std::int64_t> LocalStore::prune(std::chrono::milliseconds retention, std::optional<std::int64_t> nowMs) {
  return guarded("pruning acknowledged responses", [&]() -> Result<std::int64_t> {
    auto& st = m_statements->prune;
    st.reset();
    st.bind(1, nowMs.value_or(clockNow().wallMs) - static_cast<std::int64_t>(retention.count()));
    return static_cast<std::int64_t>(st.exec());
  });
}

Result<StoreStats> LocalStore::stats() {
  return guarded("reading store statistics", [&]() -> Result<StoreStats> {
    StoreStats stats;
    auto scalar = [](SQLite::Statement& st) {
      st.reset();
      return st.executeStep() ? std::optional<std::int64_t>(st.getColumn(0).getInt64()) : std::nullopt;
    };
    stats.pending = scalar(m_statements->countPending).value_or(0);
    stats.total = scalar(m_statements->countAll).value_or(0);
    stats.followUps = scalar(m_statements->countFollowUps).value_or(0);
    stats.pendingFollowUps = scalar(m_statements->countPendingFollowUps).value_or(0);
    if (auto oldest = scalar(m_statements->oldestPending)) stats.oldestPendingAgeMs = std::max<std::int64_t>(0, clockNow().wallMs - *oldest);
    std::error_code ec;
    for (const std::string& file : {m_path.string(), m_path.string() + "-wal"}) {
      const auto size = fs::file_size(file, ec);
      if (!ec) stats.fileBytes += static_cast<std::int64_t>(size);
    }
    return stats;
  });
}

Status LocalStore::recoverFromCorruption() {
  std::lock_guard lock(m_mutex);
  if (Status moved = moveAside("damaged while in use"); !moved) return moved;
  return openConnection();
}

std::vector<fs::path> LocalStore::movedAside() const {
  std::lock_guard lock(m_mutex);
  return m_movedAside;
}

}  // namespace suara
