#include "store_salvage.hpp"


#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <map>
#include <set>

#include "store_rows.hpp"

namespace suara::detail {

namespace fs = std::filesystem;

namespace {

constexpr int kChunk = 512;

// Reads rows in sequence order, stepping over stretches that cannot be read: after a failure
// it finds the smallest sequence number from which reading works again (doubling, then
// bisecting), so that only rows on damaged pages are lost.
class RowByRowReader {
 public:
  RowByRowReader(SQLite::Database& db, const std::string& columns)
      : m_db(db),
        m_scan(db, "SELECT " + columns + " FROM responses r WHERE r.seq >= ? ORDER BY r.seq LIMIT " + std::to_string(kChunk)),
        m_probe(db, "SELECT seq FROM responses WHERE seq >= ? ORDER BY seq LIMIT 1") {}

  void readAll(SalvageRead& out) {
    std::int64_t next = 1;
    std::map<std::int64_t, std::string> boots;
    // `next` only ever grows, so this ends; the bound keeps a pathological file from taking
    // minutes (each round reads a chunk or skips a damaged stretch).
    for (int round = 0; round < 1'000'000; ++round) {
      int got = 0;
      try {
        m_scan.reset();
        m_scan.bind(1, next);
        bool outOfOrder = false;
        while (m_scan.executeStep()) {
          ++got;
          const std::int64_t seq = m_scan.getColumn(0).getInt64();
          // A damaged page can hand back rows out of order (or a number from another page):
          // going back would read the same stretch forever, so it counts as damage.
          if (seq < next) {
            outOfOrder = true;
            break;
          }
          next = seq + 1;
          take(out, boots);
        }
        if (!outOfOrder) {
          if (got < kChunk) return;
          continue;
        }
      } catch (const SQLite::Exception&) {
      }
      ++out.damagedRanges;
      const auto resume = findReadableFrom(next);
      if (!resume) return;
      next = *resume;
    }
    ++out.damagedRanges;  // gave up: what lies beyond is counted as damaged
  }

 private:
  bool readableFrom(std::int64_t seq) {
    try {
      m_probe.reset();
      m_probe.bind(1, seq);
      // Readable if the b-tree answers in order from here (or has nothing more).
      return !m_probe.executeStep() || m_probe.getColumn(0).getInt64() >= seq;
    } catch (const SQLite::Exception&) {
      return false;
    }
  }

  std::optional<std::int64_t> findReadableFrom(std::int64_t failed) {
    std::int64_t bad = failed, step = 1;
    std::optional<std::int64_t> good;
    while (!good && step < (std::int64_t{1} << 61)) {
      if (readableFrom(bad + step)) good = bad + step;
      else bad += step, step *= 2;
    }
    if (!good) return std::nullopt;
    while (*good - bad > 1) {
      const std::int64_t mid = bad + (*good - bad) / 2;
      if (readableFrom(mid)) good = mid;
      else bad = mid;
    }
    return good;
  }

  void take(SalvageRead& out, std::map<std::int64_t, std::string>& boots) {
    SalvagedRow row;
    try {
      row.response = readResponse(m_scan);
    } catch (const SQLite::Exception&) {
      ++out.unreadable;
      return;
    }
    if (const auto acked = m_scan.getColumn(17); !acked.isNull()) row.ackedAt = acked.getInt64();
    const std::int64_t boot = m_scan.getColumn(13).getInt64();
    auto found = boots.find(boot);
    if (found == boots.end()) found = boots.emplace(boot, bootIdOf(boot)).first;
    row.response.clock.bootId = found->second;
    if (!validateResponse(row.response)) {
      ++out.unreadable;
      return;
    }
    out.rows.push_back(std::move(row));
  }

  // The boot's id, or a new one if its row is lost: the rating is kept, only the link between
  // its monotonic clock and those of its neighbours is gone.
  std::string bootIdOf(std::int64_t boot) {
    try {
      SQLite::Statement find(m_db, "SELECT boot_id FROM boots WHERE id = ?");
      find.bind(1, boot);
      if (find.executeStep()) {
        std::string id = find.getColumn(0).getString();
        if (isCanonicalUuid(id)) return id;
      }
    } catch (const SQLite::Exception&) {
    }
    return newUuid();
  }

  SQLite::Database& m_db;
  SQLite::Statement m_scan, m_probe;
};

// The columns to read from a file of any schema version so far: those added later than the
// file's version are read as NULL (no skipped elements, not an amendment).
std::string columnsOf(SQLite::Database& db) {
  std::set<std::string> present;
  SQLite::Statement info(db, "PRAGMA table_info(responses)");
  while (info.executeStep()) present.insert(info.getColumn(1).getString());
  if (present.empty()) return {};  // no ratings table
  std::string columns = responseColumns("r.boot");
  for (const char* added : {"skipped", "amends"}) {
    if (present.count(added)) continue;
    const std::string qualified = std::string("r.") + added;
    columns.replace(columns.find(qualified), qualified.size(), "NULL");
  }
  return columns;
}

// Errors that say the file is damaged or no store at all, rather than unreadable for now.
bool isDamage(const SQLite::Exception& e) {
  const int code = e.getErrorCode() & 0xff;
  return code == SQLITE_CORRUPT || code == SQLITE_NOTADB || code == SQLITE_FORMAT || code == SQLITE_EMPTY;
}

}  // namespace

Result<SalvageRead> readSalvageable(const fs::path& source, int lockWaitMs) {
  SalvageRead read;
  try {
    SQLite::Database db(source.string(), SQLite::OPEN_READONLY, lockWaitMs);
    db.exec("SELECT count(*) FROM sqlite_master");  // reads the header: the first place a lock or damage shows
    const std::string columns = columnsOf(db);
    if (columns.empty()) {
      read.method = "no ratings table";
      return read;
    }
    RowByRowReader(db, columns).readAll(read);
    read.method = "row by row";
    return read;
  } catch (const SQLite::Exception& e) {
    if (!isDamage(e)) return makeError(Errc::Io, "cannot read it now: " + std::string(e.what()));
    read.method = "nothing readable (" + std::string(e.what()) + ")";
    return read;
  }
}

}  // namespace suara::detail
