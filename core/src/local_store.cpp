#include "suara/core/local_store.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <iostream>
#include <limits>
#include <set>
#include <unordered_map>
#include <string_view>

#include "disk_reserve.hpp"
#include "suara/core/compact_codec.hpp"
#include "store_rows.hpp"
#include "store_salvage.hpp"
#include "store_schema.hpp"

namespace suara {

namespace fs = std::filesystem;

namespace {

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

// The data directory holds ratings and the kiosk's token: its owner only.
void createPrivateDirectory(const fs::path& dir) {
  std::error_code ec;
  if (dir.empty() || fs::exists(dir, ec)) return;
  fs::create_directories(dir, ec);
  ::chmod(dir.c_str(), 0700);
}

// SQLite gives the -wal and -shm files the mode of the database file, so creating that file
// 0600 first (and narrowing files of older versions) keeps every store file private.
// Never through a symbolic link: a link in the store's place must not make us change the mode
// of whatever it points at. (O_NONBLOCK: a FIFO in its place must not hang us either.)
void narrowToOwner(const fs::path& file, int flags) {
  const int fd = ::open(file.c_str(), flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);
  if (fd < 0) return;  // opening the store reports the reason
  struct stat st{};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077) != 0) ::fchmod(fd, 0600);
  ::close(fd);
}

void makeOwnerOnly(const fs::path& file) {
  narrowToOwner(file, O_RDWR | O_CREAT);
  for (const char* sidecar : {"-wal", "-shm"}) narrowToOwner(file.string() + sidecar, O_RDONLY);
}

// "file:" URI for immutable=1 (read-only media where SQLite cannot create its -shm file).
std::string immutableUri(const fs::path& file) {
  std::string uri = "file:";
  for (const char c : fs::absolute(file).string()) {
    if (c == '%' || c == '?' || c == '#') {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", static_cast<unsigned char>(c));
      uri += hex;
    } else {
      uri += c;
    }
  }
  return uri + "?immutable=1";
}

bool isSetAsideName(const std::string& name, const std::string& store) {
  for (const char* marker : {".damaged-", ".unreadable-"}) {  // "unreadable": set aside by versions up to 0.2
    if (name.rfind(store + marker, 0) != 0) continue;
    for (const char* sidecar : {"-wal", "-shm", "-journal", ".recovered"})
      if (name.size() > std::strlen(sidecar) && name.compare(name.size() - std::strlen(sidecar), std::string::npos, sidecar) == 0)
        return false;
    return true;
  }
  return false;
}

}  // namespace

struct LocalStore::Statements {
  explicit Statements(SQLite::Database& db)
      : insert(db, detail::insertResponseSql(false)),
        findBoot(db, "SELECT id FROM boots WHERE boot_id = ?"),
        insertBoot(db, "INSERT INTO boots (boot_id) VALUES (?)"),
        pending(db, "SELECT " + detail::responseColumns("b.boot_id") +
                        " FROM responses r JOIN boots b ON b.id = r.boot WHERE r.acked_at IS NULL AND r.seq > ? ORDER BY r.seq LIMIT ?"),
        all(db, "SELECT " + detail::responseColumns("b.boot_id") + " FROM responses r JOIN boots b ON b.id = r.boot ORDER BY r.seq"),
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
  // The boot id seen last and its row, to skip the lookup. Set only after a commit: a row
  // inserted by a transaction that rolled back must never be referred to again.
  std::string cachedBootId;
  std::int64_t cachedBootRow = 0;
};

namespace {

// Reads the current row of a statement whose column 13 is the boot id.
Response readJoinedRow(SQLite::Statement& st) {
  Response r = detail::readResponse(st);
  r.clock.bootId = st.getColumn(13).getString();
  return r;
}

// Runs a single-value statement and leaves it reset, so that no read outlives the call.
std::optional<std::int64_t> scalar(SQLite::Statement& st) {
  st.reset();
  std::optional<std::int64_t> value;
  if (st.executeStep() && !st.getColumn(0).isNull()) value = st.getColumn(0).getInt64();
  st.reset();
  return value;
}

}  // namespace

LocalStore::LocalStore(fs::path file, StoreOptions options)
    : m_path(std::move(file)),
      m_options(std::move(options)),
      m_reserve(std::make_unique<detail::DiskReserve>(m_path.string() + ".reserve", m_options.reserveBytes)) {}
LocalStore::~LocalStore() = default;

Result<std::unique_ptr<LocalStore>> LocalStore::open(const fs::path& file, StoreOptions options) {
  std::unique_ptr<LocalStore> store(new LocalStore(file, std::move(options)));
  createPrivateDirectory(file.parent_path());
  makeOwnerOnly(file);
  Status status = store->openConnection();
  // Opening writes (the -shm file, a WAL recovery): on a full disk the reserve makes room.
  if (!status && (status.error().code == Errc::DiskFull || status.error().code == Errc::Io) && store->m_reserve->release())
    status = store->openConnection();
  // Only proven damage sets the file aside; any other failure leaves it exactly as it is.
  if (!status && status.error().code == Errc::Corrupt && store->damageProven())
    status = store->setAsideAndStartFresh(status.error().message);
  if (!status) return status.error();
  store->salvageSetAsideFiles(2000);  // at start nobody waits on us: ride out a brief lock
  store->m_reserve->ensure();
  return store;
}

Result<std::unique_ptr<LocalStore>> LocalStore::openReadOnly(const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return makeError(Errc::NotFound, "no store at '" + file.string() + "'");
  std::unique_ptr<LocalStore> store(new LocalStore(file, StoreOptions{.maxBytes = 0, .reserveBytes = 0, .vfs = {}}));
  store->m_readOnly = true;
  if (Status status = store->openReadOnlyConnection(); !status) return status.error();
  return store;
}

Status LocalStore::openReadOnlyConnection() {
  auto finish = [&](std::unique_ptr<SQLite::Database> db) -> Status {
    db->exec("SELECT count(*) FROM sqlite_master");  // a file that is not a database fails here
    const int version = db->execAndGet("PRAGMA user_version").getInt();
    if (version != detail::kStoreSchemaVersion)
      return makeError(Errc::Invalid, "'" + m_path.string() + "' has schema version " + std::to_string(version) + ", expected " +
                                          std::to_string(detail::kStoreSchemaVersion) +
                                          " (start the kiosk once to upgrade it, or use the matching version)");
    m_statements = std::make_unique<Statements>(*db);
    m_db = std::move(db);
    return {};
  };
  try {
    return finish(std::make_unique<SQLite::Database>(m_path.string(), SQLite::OPEN_READONLY, 5000));
  } catch (const SQLite::Exception& e) {
    const int code = e.getErrorCode() & 0xff;
    if (code != SQLITE_CANTOPEN && code != SQLITE_READONLY && code != SQLITE_IOERR)
      return storeError(e.getErrorCode(), "opening '" + m_path.string() + "'", e.what());
  }
  // Read-only media: SQLite cannot create the -shm file it reads a WAL through. Without a
  // WAL (the kiosk closed cleanly) the file alone is the whole store and can be read as
  // immutable; with one, its ratings would be missed, so say so instead.
  std::error_code ec;
  const auto walBytes = fs::file_size(m_path.string() + "-wal", ec);
  if (!ec && walBytes > 0)
    return makeError(Errc::Io, "cannot read '" + m_path.string() +
                                   "' here: it has an unfinished journal (-wal) and the medium is read-only; "
                                   "copy the data directory to a writable place and read it there");
  try {
    return finish(std::make_unique<SQLite::Database>(immutableUri(m_path), SQLite::OPEN_READONLY | SQLite::OPEN_URI));
  } catch (const SQLite::Exception& e) {
    return storeError(e.getErrorCode(), "opening '" + m_path.string() + "'", e.what());
  }
}

Status LocalStore::openConnection(bool readOnly) {
  if (readOnly) return openReadOnlyConnection();
  try {
    auto db = std::make_unique<SQLite::Database>(m_path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, 0, m_options.vfs);
    db->setBusyTimeout(5000);
    // Read the header first: a file that is not a database fails here with SQLITE_NOTADB.
    db->exec("SELECT count(*) FROM sqlite_master");
    if (Status known = detail::checkNotNewer(*db, m_path.string()); !known) return known;  // before anything is changed
    // A new file gives pruned pages back to the file system (PRAGMA incremental_vacuum after
    // each prune), so that the disk reserve can be taken back after a full disk.
    if (db->execAndGet("PRAGMA page_count").getInt64() == 0) db->exec("PRAGMA auto_vacuum=INCREMENTAL");
    const std::string mode = db->execAndGet("PRAGMA journal_mode=WAL").getString();
    if (mode != "wal") return makeError(Errc::Io, "cannot enable WAL journal on '" + m_path.string() + "' (got " + mode + ")");
    db->exec("PRAGMA synchronous=FULL");
    db->exec("PRAGMA foreign_keys=ON");
    db->exec("PRAGMA journal_size_limit=4194304");  // a burst does not leave a large WAL behind  // a rating can never point at a boot row that is not there
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
    makeOwnerOnly(m_path);  // the -wal and -shm of files from older versions
    return {};
  } catch (const SQLite::Exception& e) {
    m_statements.reset();
    return storeError(e.getErrorCode(), "opening '" + m_path.string() + "'", e.what());
  }
}

bool LocalStore::damageProven() {
  try {
    SQLite::Database db(m_path.string(), SQLite::OPEN_READONLY, 5000, m_options.vfs);
    if (db.execAndGet("PRAGMA user_version").getInt() < 0) return true;  // never written by us: a damaged header
    return db.execAndGet("PRAGMA quick_check(1)").getString() != "ok";
  } catch (const SQLite::Exception& e) {
    const int code = e.getErrorCode() & 0xff;
    return code == SQLITE_CORRUPT || code == SQLITE_NOTADB;
  }
}

Status LocalStore::setAsideAndStartFresh(const std::string& reason) {
  m_statements.reset();
  m_db.reset();
  fs::path target = m_path.string() + ".damaged-" + timestampSuffix();
  std::error_code ec;
  for (int n = 2; fs::exists(target, ec); ++n) target = m_path.string() + ".damaged-" + timestampSuffix() + "-" + std::to_string(n);
  // The journal goes with the file: it may hold its newest ratings.
  fs::rename(m_path, target, ec);
  if (ec) return makeError(Errc::Io, "cannot set damaged store '" + m_path.string() + "' aside: " + ec.message());
  for (const char* sidecar : {"-wal", "-shm"})
    if (fs::exists(m_path.string() + sidecar, ec)) fs::rename(m_path.string() + sidecar, target.string() + sidecar, ec);
  m_movedAside.push_back(target);
  m_setAsideReasons[target.filename().string()] = reason;
  std::cerr << "suara: store '" << m_path.string() << "' is damaged (" << reason << "); set it aside as '" << target.string()
            << "', salvaging what is readable into a fresh file\n";
  makeOwnerOnly(m_path);
  Status fresh = openConnection();
  // The fresh file needs new blocks: on a full disk the reserve makes room for it.
  if (!fresh && fresh.error().code == Errc::DiskFull && m_reserve->release()) fresh = openConnection();
  if (!fresh) return fresh;
  return startSequenceAfter(target);
}

// Sequence numbers are never reused across a set-aside: the sync worker may have a batch of
// the damaged file's newest rows in flight and marks the hub's answer by sequence number, so a
// new rating given that number would be marked sent without ever being sent. The damaged
// file's high-water mark may itself be unreadable (and rows above the last salvaged one lost),
// so the fresh file starts a wide gap above the highest number known.
Status LocalStore::startSequenceAfter(const fs::path& damaged) {
  constexpr std::int64_t kGap = std::int64_t{1} << 32;  // more ratings than any kiosk could have given
  std::int64_t highest = 0;
  try {
    SQLite::Database old(damaged.string(), SQLite::OPEN_READONLY);
    highest = old.execAndGet("SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'responses'").getInt64();
  } catch (const SQLite::Exception&) {
  }
  try {
    highest = std::max(highest, m_db->execAndGet("SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'responses'").getInt64());
    SQLite::Transaction transaction(*m_db, SQLite::TransactionBehavior::IMMEDIATE);
    m_db->exec("DELETE FROM sqlite_sequence WHERE name = 'responses'");
    SQLite::Statement set(*m_db, "INSERT INTO sqlite_sequence (name, seq) VALUES ('responses', ?)");
    set.bind(1, std::min(highest, std::numeric_limits<std::int64_t>::max() - 2 * kGap) + kGap);
    set.exec();
    transaction.commit();
    return {};
  } catch (const SQLite::Exception& e) {
    return storeError(e.getErrorCode(), "starting a fresh store", e.what());
  }
}

void LocalStore::salvageSetAsideFiles(int lockWaitMs) {
  std::set<std::string> done;
  try {
    SQLite::Statement known(*m_db, "SELECT file FROM set_aside");
    while (known.executeStep()) done.insert(known.getColumn(0).getString());
  } catch (const SQLite::Exception& e) {
    std::cerr << "suara: cannot list salvaged files: " << e.what() << "\n";
    return;
  }
  const fs::path dir = m_path.has_parent_path() ? m_path.parent_path() : fs::path(".");
  std::error_code ec;
  std::vector<fs::path> waiting;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    // Regular files only: a FIFO or device under such a name would block or mislead the read.
    if (isSetAsideName(name, m_path.filename().string()) && !done.count(name) && entry.is_regular_file(ec) && !entry.is_symlink(ec))
      waiting.push_back(entry.path());
  }
  std::sort(waiting.begin(), waiting.end());  // oldest first: names carry the time
  for (const auto& file : waiting) {
    const auto reason = m_setAsideReasons.find(file.filename().string());
    const Status salvaged = salvage(file, reason != m_setAsideReasons.end() ? reason->second : "set aside by an earlier run", lockWaitMs);
    if (!salvaged) std::cerr << "suara: cannot salvage '" << file.string() << "' yet: " << salvaged.error().message << "\n";
  }
}

Status LocalStore::salvage(const fs::path& file, const std::string& reason, int lockWaitMs) {
  const auto read = detail::readSalvageable(file, lockWaitMs);
  if (!read) return read.error();  // not recorded as salvaged: tried again at the next open
  for (int attempt = 0;; ++attempt) {
    try {
      SQLite::Transaction transaction(*m_db, SQLite::TransactionBehavior::IMMEDIATE);
      // Rows this store already holds, by UUID: a file can hold rows salvaged before from an
      // older file (damage struck twice), and the older file is salvaged again now. Each rating
      // is kept once; if either copy was acknowledged, the kept one is too.
      std::unordered_map<std::string, std::pair<std::int64_t, bool>> held;  // uuid bytes -> seq, acknowledged
      SQLite::Statement existing(*m_db, "SELECT uuid, seq, acked_at IS NOT NULL FROM responses");
      while (existing.executeStep())
        held.emplace(std::string(static_cast<const char*>(existing.getColumn(0).getBlob()), static_cast<std::size_t>(existing.getColumn(0).getBytes())),
                     std::pair{existing.getColumn(1).getInt64(), existing.getColumn(2).getInt() != 0});
      SQLite::Statement insert(*m_db, detail::insertResponseSql(true));
      SQLite::Statement seqTaken(*m_db, "SELECT 1 FROM responses WHERE seq = ?");
      SQLite::Statement acknowledge(*m_db, "UPDATE responses SET acked_at = ? WHERE seq = ? AND acked_at IS NULL");
      detail::RowScratch scratch;
      std::int64_t taken = 0, alreadyHeld = 0;
      for (const auto& row : read->rows) {
        const Response& r = row.response;
        const auto uuid = detail::uuidToBytes(r.uuid);
        const std::string key(reinterpret_cast<const char*>(uuid->data()), uuid->size());
        if (const auto found = held.find(key); found != held.end()) {
          ++alreadyHeld;
          if (row.ackedAt && !found->second.second) {
            acknowledge.reset();
            acknowledge.bind(1, *row.ackedAt);
            acknowledge.bind(2, found->second.first);
            acknowledge.exec();
          }
          continue;
        }
        const std::int64_t boot = detail::bootRow(m_statements->findBoot, m_statements->insertBoot, *m_db, r.clock.bootId);
        detail::bindResponse(insert, r, boot, scratch);
        seqTaken.reset();
        seqTaken.bind(1, r.seq);
        const bool seqInUse = seqTaken.executeStep();
        seqTaken.reset();
        // The same sequence number where free, so a batch the sync worker has in flight is
        // still marked correctly; a new one where the live store already used it.
        if (seqInUse) insert.bind(17);
        else insert.bind(17, r.seq);
        if (row.ackedAt) insert.bind(18, *row.ackedAt);
        else insert.bind(18);
        insert.exec();
        insert.reset();
        held.emplace(key, std::pair{m_db->getLastInsertRowid(), row.ackedAt.has_value()});
        ++taken;
      }
      std::string method = read->method;
      if (read->damagedRanges) method += ", " + std::to_string(read->damagedRanges) + " damaged stretches skipped (rows there are lost)";
      if (alreadyHeld) method += ", " + std::to_string(alreadyHeld) + " already in the store";
      SQLite::Statement ledger(*m_db, "INSERT INTO set_aside (file, reason, salvaged_at, salvaged, unreadable, method) VALUES (?,?,?,?,?,?)");
      ledger.bind(1, file.filename().string());
      ledger.bind(2, reason);
      ledger.bind(3, clockNow().wallMs);
      ledger.bind(4, taken);
      ledger.bind(5, read->unreadable);
      ledger.bind(6, method);
      ledger.exec();
      transaction.commit();
      std::cerr << "suara: salvaged " << taken << " rows from '" << file.string() << "' (" << method << ", " << read->unreadable
                << " undecodable)\n";
      return {};
    } catch (const SQLite::Exception& e) {
      const Error error = storeError(e.getErrorCode(), "salvaging '" + file.string() + "'", e.what());
      if (attempt == 0 && error.code == Errc::DiskFull && m_reserve->release()) continue;
      return error;
    }
  }
}

template <class Fn>
auto LocalStore::guarded(const char* what, Write write, Fn&& fn) -> decltype(fn()) {
  std::lock_guard lock(m_mutex);
  for (int attempt = 0;; ++attempt) {
    if (!m_db) return makeError(Errc::Io, std::string("store is not open (") + what + ")");
    Error error;
    try {
      return fn();
    } catch (const SQLite::Exception& e) {
      error = storeError(e.getErrorCode(), what, e.what());
    } catch (const std::exception& e) {
      return makeError(Errc::Internal, std::string(what) + ": " + e.what());
    }
    if (attempt > 0 || m_readOnly) return error;
    if (error.code == Errc::DiskFull && write == Write::FreesSpace && m_reserve->release()) continue;
    if (error.code == Errc::Corrupt && damageProven()) {
      if (Status fresh = setAsideAndStartFresh(error.message); !fresh) return fresh.error();
      salvageSetAsideFiles(0);  // a citizen is waiting: a locked file waits for the next sync pass
      continue;  // the call that found the damage, once more on the fresh file
    }
    return error;
  }
}

Result<std::int64_t> LocalStore::record(Response& response) {
  Response* one = &response;
  if (Status status = recordMany(std::span<Response>(one, 1)); !status) return status.error();
  return response.seq;
}

Status LocalStore::recordMany(std::span<Response> responses) {
  return guarded("recording a response", Write::Record, [&]() -> Status {
    Statements& s = *m_statements;
    if (!m_reserve->ensure() && m_reserve->lackedSpace())
      return makeError(Errc::DiskFull, "storage full while recording a response: the disk has no room for the " +
                                           std::to_string(m_reserve->bytes() / (1024 * 1024)) +
                                           " MB kept free for sending stored ratings");
    if (m_recordPageLimit > 0 && scalar(s.pageCount).value_or(0) - scalar(s.freePages).value_or(0) >= m_recordPageLimit)
      return makeError(Errc::DiskFull, "storage full while recording a response: the store reached its size limit of " +
                                           std::to_string(m_options.maxBytes / (1024 * 1024)) + " MB");
    std::vector<std::int64_t> assigned;
    assigned.reserve(responses.size());
    std::string bootId = s.cachedBootId;
    std::int64_t bootRowId = s.cachedBootRow;
    detail::RowScratch scratch;
    SQLite::Transaction transaction(*m_db, SQLite::TransactionBehavior::IMMEDIATE);
    for (const Response& r : responses) {
      // Only valid responses go in, so that every stored row can always be read back out.
      if (Status valid = validateResponse(r); !valid) return valid.error();
      if (r.clock.bootId != bootId) {
        bootRowId = detail::bootRow(s.findBoot, s.insertBoot, *m_db, r.clock.bootId);
        bootId = r.clock.bootId;
      }
      detail::bindResponse(s.insert, r, bootRowId, scratch);
      s.insert.exec();
      assigned.push_back(m_db->getLastInsertRowid());
    }
    transaction.commit();  // returns after the WAL is fsync'ed (synchronous=FULL)
    s.cachedBootId = std::move(bootId);
    s.cachedBootRow = bootRowId;
    for (std::size_t i = 0; i < responses.size(); ++i) responses[i].seq = assigned[i];
    return {};
  });
}

Result<std::vector<Response>> LocalStore::pendingAfter(std::int64_t seq, int limit) {
  return guarded("reading pending responses", Write::None, [&]() -> Result<std::vector<Response>> {
    auto& st = m_statements->pending;
    st.reset();
    st.bind(1, seq);
    st.bind(2, limit);
    std::vector<Response> out;
    out.reserve(static_cast<std::size_t>(std::clamp(limit, 0, 4096)));  // limit may be "everything"
    while (st.executeStep()) out.push_back(readJoinedRow(st));
    st.reset();
    return out;
  });
}

Result<std::vector<Response>> LocalStore::all() {
  return guarded("reading all responses", Write::None, [&]() -> Result<std::vector<Response>> {
    auto& st = m_statements->all;
    st.reset();
    std::vector<Response> out;
    while (st.executeStep()) out.push_back(readJoinedRow(st));
    st.reset();
    return out;
  });
}

Result<std::int64_t> LocalStore::markAcked(std::span<const std::int64_t> seqs) {
  return guarded("marking responses acknowledged", Write::FreesSpace, [&]() -> Result<std::int64_t> {
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
  return guarded("pruning acknowledged responses", Write::FreesSpace, [&]() -> Result<std::int64_t> {
    auto& st = m_statements->prune;
    st.reset();
    st.bind(1, nowMs.value_or(clockNow().wallMs) - static_cast<std::int64_t>(retention.count()));
    const auto removed = static_cast<std::int64_t>(st.exec());
    if (removed > 0) {
      // Hands the freed pages back to the file system: the file shrinks at the checkpoint, and
      // the WAL, which has just held every page the delete touched, is truncated. After a full
      // disk this is what lets the reserve be taken back.
      m_db->exec("PRAGMA incremental_vacuum");
      m_db->exec("PRAGMA wal_checkpoint(TRUNCATE)");
      m_reserve->ensure(std::chrono::seconds(0));
    }
    return removed;
  });
}

Result<StoreStats> LocalStore::stats() {
  return guarded("reading store statistics", Write::None, [&]() -> Result<StoreStats> {
    StoreStats stats;
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

Result<std::vector<SetAsideFile>> LocalStore::setAside() {
  return guarded("listing files set aside", Write::None, [&]() -> Result<std::vector<SetAsideFile>> {
    std::vector<SetAsideFile> files;
    SQLite::Statement st(*m_db, "SELECT file, reason, salvaged_at, salvaged, unreadable, method FROM set_aside ORDER BY file");
    while (st.executeStep())
      files.push_back({st.getColumn(0).getString(), st.getColumn(1).getString(), st.getColumn(2).getInt64(),
                       st.getColumn(3).getInt64(), st.getColumn(4).getInt64(), st.getColumn(5).getString()});
    return files;
  });
}

std::vector<fs::path> LocalStore::movedAside() const {
  std::lock_guard lock(m_mutex);
  return m_movedAside;
}

void LocalStore::salvageWaiting() {
  std::lock_guard lock(m_mutex);
  if (m_db && !m_readOnly) salvageSetAsideFiles(0);  // a file still locked waits for the next pass
}

ReserveState LocalStore::reserve() const {
  std::lock_guard lock(m_mutex);
  return m_reserve->state();
}

ReserveState LocalStore::inspectReserve(const fs::path& file, std::int64_t bytes) {
  return detail::inspectReserve(file.string() + ".reserve", bytes);
}

}  // namespace suara
