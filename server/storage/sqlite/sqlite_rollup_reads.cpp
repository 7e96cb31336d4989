// SqliteStorage's RollupStore: the dashboard's reads (one statement each, so one snapshot, on a
// pooled reader), the recount behind `rollups rebuild`, and `check`'s comparison.

#include <sqlite3.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <array>
#include <map>
#include <variant>

#include "storage/sqlite/sqlite_rollups.hpp"
#include "storage/sqlite/sqlite_statements.hpp"
#include "storage/sqlite/sqlite_storage.hpp"

namespace suara::hub {

namespace {

// The WHERE clause of a query and what it binds, in order.
struct Filter {
  std::string sql;
  std::vector<std::variant<std::string, std::int64_t>> binds;
  void require(const std::string& condition) { sql += (sql.empty() ? " WHERE " : " AND ") + condition; }
  void bindTo(SQLite::Statement& st) const {
    for (std::size_t i = 0; i < binds.size(); ++i)
      std::visit([&](const auto& value) { st.bind(static_cast<int>(i) + 1, value); }, binds[i]);
  }
};

// `bucket`: the table's month or day column; `splitsByPlace`: whether it keeps services and
// counters (a filter on them is refused where it does not, rather than silently ignored).
// Heat and profiles are read from the unit's own tables unless a service or counter is asked.
Result<Filter> filterOf(const RollupQuery& q, const char* bucket, bool splitsByPlace) {
  Filter f;
  if (!q.units.empty()) {
    std::string list;
    for (const auto& unit : q.units) {
      list += list.empty() ? "?" : ", ?";
      f.binds.emplace_back(unit);
    }
    f.require("unit IN (" + list + ")");
  }
  if (q.from) {
    f.require(std::string(bucket) + " >= ?");
    f.binds.emplace_back(*q.from);
  }
  if (q.to) {
    f.require(std::string(bucket) + " < ?");
    f.binds.emplace_back(*q.to);
  }
  if ((!q.serviceId.empty() || !q.counterId.empty()) && !splitsByPlace)
    return makeError(Errc::Invalid, "the unit-month rollups are not kept by service or counter: ask the month grain");
  if (!q.serviceId.empty()) {
    f.require("service = ?");
    f.binds.emplace_back(q.serviceId);
  }
  if (!q.counterId.empty()) {
    f.require("counter = ?");
    f.binds.emplace_back(q.counterId);
  }
  return f;
}

}  // namespace

Result<std::vector<RollupRow>> SqliteStorage::tallies(RollupGrain grain, const RollupQuery& query) {
  const bool byDay = grain == RollupGrain::Day;
  auto filter = filterOf(query, byDay ? "day" : "month", grain != RollupGrain::UnitMonth);
  if (!filter) return filter.error();
  // Rows come in the table's key order (no sort): by unit, then its months or days.
  std::string keys, order;
  RollupTable table = RollupTable::UnitMonth;
  switch (grain) {
    case RollupGrain::UnitMonth:
      keys = "unit, survey, '', '', '', month";
      order = "1, 2, 6";
      break;
    case RollupGrain::Month:
      keys = "unit, survey, service, counter, officer, month";
      order = "1, 6, 2, 3, 4, 5";
      table = RollupTable::Month;
      break;
    case RollupGrain::Day:
      keys = "unit, survey, service, counter, '', day";
      order = "1, 6, 2, 3, 4";
      table = RollupTable::Day;
      break;
  }
  return onReader("reading rollups", [&](SQLite::Database& db) -> Result<std::vector<RollupRow>> {
    SQLite::Statement st(db, "SELECT " + keys + ", " + rollupTallyColumns() + " FROM " + rollupTableName(table) + filter->sql +
                                 " ORDER BY " + order);
    filter->bindTo(st);
    std::vector<RollupRow> rows;
    while (st.executeStep()) {
      rows.push_back({st.getColumn(0).getString(), st.getColumn(1).getString(), st.getColumn(2).getString(),
                      st.getColumn(3).getString(), st.getColumn(4).getString(), st.getColumn(5).getInt64(),
                      rollupTallyFromRow(st, 6)});
    }
    return rows;
  });
}

// Heat, reasons and profiles are summed here rather than by GROUP BY: the rows come in key
// order, unit by unit, and a few hundred cells in memory cost less than SQLite's sorter (a
// unit page read 1,100 heat rows in 0.9 ms through GROUP BY).

Result<std::vector<HeatCell>> SqliteStorage::heat(const RollupQuery& query) {
  auto filter = filterOf(query, "month", true);
  if (!filter) return filter.error();
  const char* table = query.serviceId.empty() && query.counterId.empty() ? "rollup_unit_heat" : "rollup_heat";
  return onReader("reading the heatmap", [&](SQLite::Database& db) -> Result<std::vector<HeatCell>> {
    SQLite::Statement st(db, std::string("SELECT unit, weekday, hour, responses, scores, score_sum FROM ") + table + filter->sql +
                                 " ORDER BY unit");
    filter->bindTo(st);
    std::vector<HeatCell> cells;
    std::string unit;
    std::array<HeatCell, 7 * 24> week{};
    const auto emit = [&] {
      for (auto& cell : week)
        if (cell.responses > 0) cells.push_back(std::move(cell));
      week = {};
    };
    while (st.executeStep()) {
      if (const char* id = st.getColumn(0).getText(); unit != id) {
        emit();
        unit = id;
      }
      const int weekday = st.getColumn(1).getInt(), hour = st.getColumn(2).getInt();
      HeatCell& cell = week[static_cast<std::size_t>(std::clamp(weekday, 0, 6) * 24 + std::clamp(hour, 0, 23))];
      if (cell.responses == 0) cell = {unit, weekday, hour, 0, 0, 0};
      cell.responses += st.getColumn(3).getInt64();
      cell.scores += st.getColumn(4).getInt64();
      cell.scoreSum += st.getColumn(5).getInt64();
    }
    emit();
    return cells;
  });
}

Result<std::vector<ReasonCount>> SqliteStorage::reasonCounts(const RollupQuery& query) {
  auto filter = filterOf(query, "month", true);
  if (!filter) return filter.error();
  return onReader("reading reason counts", [&](SQLite::Database& db) -> Result<std::vector<ReasonCount>> {
    SQLite::Statement st(db, "SELECT unit, reason, dissatisfied, count FROM rollup_reason" + filter->sql + " ORDER BY unit");
    filter->bindTo(st);
    std::vector<ReasonCount> counts;
    std::string unit;
    std::map<std::pair<std::string, bool>, std::int64_t> ofUnit;
    const auto emit = [&] {
      for (const auto& [key, count] : ofUnit) counts.push_back({unit, key.first, key.second, count});
      ofUnit.clear();
    };
    while (st.executeStep()) {
      if (const char* id = st.getColumn(0).getText(); unit != id) {
        emit();
        unit = id;
      }
      ofUnit[{st.getColumn(1).getString(), st.getColumn(2).getInt() != 0}] += st.getColumn(3).getInt64();
    }
    emit();
    return counts;
  });
}

Result<std::vector<ProfileCount>> SqliteStorage::profileCounts(const RollupQuery& query) {
  auto filter = filterOf(query, "month", true);
  if (!filter) return filter.error();
  const char* table = query.serviceId.empty() && query.counterId.empty() ? "rollup_unit_profile" : "rollup_profile";
  return onReader("reading profile counts", [&](SQLite::Database& db) -> Result<std::vector<ProfileCount>> {
    SQLite::Statement st(db, std::string("SELECT unit, attribute, value, count FROM ") + table + filter->sql + " ORDER BY unit");
    filter->bindTo(st);
    std::vector<ProfileCount> counts;
    std::string unit;
    std::map<std::pair<std::string, std::string>, std::int64_t> ofUnit;
    const auto emit = [&] {
      for (const auto& [key, count] : ofUnit) counts.push_back({unit, key.first, key.second, count});
      ofUnit.clear();
    };
    while (st.executeStep()) {
      if (const char* id = st.getColumn(0).getText(); unit != id) {
        emit();
        unit = id;
      }
      ofUnit[{st.getColumn(1).getString(), st.getColumn(2).getString()}] += st.getColumn(3).getInt64();
    }
    emit();
    return counts;
  });
}

Result<std::int64_t> SqliteStorage::rebuildRollups() {
  return onWriter("recounting the rollups", [&]() -> Result<std::int64_t> {
    SQLite::Transaction transaction(*m_writer, SQLite::TransactionBehavior::IMMEDIATE);
    const std::int64_t counted = SqliteRollups::recount(*m_writer);
    transaction.commit();
    return counted;
  });
}

Result<std::vector<std::string>> SqliteStorage::rollupDifferences(std::stop_token stop) {
  try {
    // Its own connection, as for integrityCheck: a recount of every rating must hold up
    // neither the writer nor the pooled readers.
    SQLite::Database db(m_file.string(), SQLite::OPEN_READONLY);
    db.setBusyTimeout(5000);
    sqlite3_progress_handler(
        db.getHandle(), 10000, [](void* token) { return static_cast<std::stop_token*>(token)->stop_requested() ? 1 : 0; }, &stop);
    if (db.execAndGet("SELECT count(*) FROM sqlite_master WHERE name = 'rollup_unit_month'").getInt() == 0) return std::vector<std::string>{};
    std::shared_ptr<const ReasonMap> reasons = m_reasons;  // read-only storages load it only now
    if (!reasons) {
      auto installed = installedReasonMap();
      if (!installed) return installed.error();
      reasons = std::move(*installed);
    }
    SqliteRollups::registerFunctions(db, *reasons);
    SQLite::Transaction snapshot(db, SQLite::TransactionBehavior::DEFERRED);  // every table against the same ratings
    return SqliteRollups::differences(db);
  } catch (const SQLite::Exception& e) {
    if (stop.stop_requested()) return makeError(Errc::Internal, "the rollup check was stopped");
    return storageError(e, "comparing the rollups with the ratings");
  }
}

}  // namespace suara::hub
