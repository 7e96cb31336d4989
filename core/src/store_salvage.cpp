#include "store_salvage.hpp"


#include <SQLiteCpp/SQLiteCpp.h>

#include <map>

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
  explicit RowByRowReader(SQLite::Database& db)
      : m_db(db),
        m_scan(db, "SELECT " + responseColumns("r.boot") + " FROM responses r WHERE r.seq >= ? ORDER BY r.seq LIMIT " +
                       std::to_string(kChunk)),
        m_probe(db, "SELECT seq FROM responses WHERE seq >= ? ORDER BY seq LIMIT 1") {}

  void readAll(SalvageRead& out) {
    std::int64_t next = 1;
    std::map<std::int64_t, std::string> boots;
    for (;;) {
      int got = 0;
      try {
        m_scan.reset();
        m_scan.bind(1, next);
        while (m_scan.executeStep()) {
          ++got;
          next = m_scan.getColumn(0).getInt64() + 1;
          take(out, boots);
        }
        if (got < kChunk) return;
        continue;
      } catch (const SQLite::Exception&) {
      }
      ++out.damagedRanges;
      const auto resume = findReadableFrom(next);
      if (!resume) return;
      next = *resume;
    }
  }

 private:
  bool readableFrom(std::int64_t seq) {
    try {
      m_probe.reset();
      m_probe.bind(1, seq);
      m_probe.executeStep();
      return true;
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

bool readRowByRow(const fs::path& file, SalvageRead& out) {
  try {
    SQLite::Database db(file.string(), SQLite::OPEN_READONLY);
    RowByRowReader(db).readAll(out);
    return true;
  } catch (const SQLite::Exception&) {
    return false;  // not a database, or no responses table to read
  }
}

}  // namespace

SalvageRead readSalvageable(const fs::path& source) {
  SalvageRead read;
  read.method = readRowByRow(source, read) ? "row by row" : "nothing readable";
  return read;
}

}  // namespace suara::detail
