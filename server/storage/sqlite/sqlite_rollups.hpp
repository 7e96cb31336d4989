#pragma once
// The dashboard's rollups (rollups.hpp) in the hub's SQLite file: eight WITHOUT ROWID tables,
// each keyed by what pages filter and split by ('' for a key part a rating did not give):
//
//   rollup_unit_month    unit, survey, month                              tallies
//   rollup_month         unit, month, survey, service, counter, officer   tallies
//   rollup_day           unit, day, survey, service, counter              tallies
//   rollup_heat          unit, month, service, counter, weekday, hour     responses, scores, score_sum
//   rollup_unit_heat     unit, month, weekday, hour                       responses, scores, score_sum
//   rollup_reason        unit, month, service, counter, reason, dissatisfied   count
//   rollup_profile       unit, month, service, counter, attribute, value       count
//   rollup_unit_profile  unit, month, attribute, value                          count
//
// The month (or day) comes right after the unit: a page asks for a unit's months, and ingest
// writes the latest ones, so both stay within one stretch of each table.
// The heatmap and the profile are kept twice: by service and counter for a filtered page, and
// for the whole unit, which is what a page shows first. Split by service and counter they
// are nearly as many rows as ratings (a cell of an hour of a month holds a rating or two), so
// summing them for a unit's year read as many rows as its ratings; the unit's own tables
// hold a few hundred for the same year.
//
// A tally is responses, skm_respondents, e1_n, e1_sum, e1_sq … e9_sq, quick_n, quick_sum,
// quick_1 … quick_4, complaints_u1 … complaints_u9, satisfied_u1 … satisfied_u9. Months and
// days are the rating's unit's local ones (units.utc_offset).
//
// One way of counting, used twice: at ingest the writer adds what each committed group of
// batches changed, aggregated in memory first (one UPSERT per distinct key, not per rating);
// a recount (schema step 7, `rollups rebuild`, a unit's new offset, and `check`, which
// compares instead of writing) reads the stored ratings in unit order and counts one unit at
// a time, so that it holds one unit's keys in memory, never every unit's. (A recount in SQL,
// GROUP BY over the ratings, took 50 µs a rating: eight minutes for ten million.)
//
// Which index a rating feeds: the validator lets an SKM survey's ratings answer only U1–U9
// and a quick survey's only "overall" (whyNotOfSurvey), so counting the element columns into
// the SKM figures and the overall column into the quick ones counts each rating by its
// survey's mode, as reports do. Tallies are kept by survey id, so a page can leave out a
// survey the hub no longer knows, as a report would. Complaints by element follow the reason
// map the storage was opened with (the survey catalog's): a catalog that maps reasons anew
// needs `rollups rebuild`, and `check` says so until then.

#include <SQLiteCpp/SQLiteCpp.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/rollups.hpp"
#include "storage/sqlite/sqlite_response_rows.hpp"

namespace suara::hub {

// The fields of a rating the rollups are keyed and counted by.
struct RollupRating {
  std::string unit, survey, service, counter, officer;  // empty where unknown
  std::int64_t atMs = 0;                                // when reports count it (reportTimeOf)
  std::array<int, kAnswerColumnCount> scores{};         // U1 … U9, overall; 0 where not answered
  std::vector<std::string> reasons;
  Respondent respondent;
};

// The rollup tables, for code that reads them. A tally is kRollupTallyValues columns.
inline constexpr std::size_t kRollupTallyValues = 2 + 3 * kSkmElementCount + 6 + 2 * kSkmElementCount;
enum class RollupTable { UnitMonth, Month, Day, Heat, UnitHeat, Reason, Profile, UnitProfile };
inline constexpr std::size_t kRollupTableCount = 8;
const char* rollupTableName(RollupTable table);
// "responses, skm_respondents, e1_n, …, quick_4": a tally's columns, in RollupTally's order.
const std::string& rollupTallyColumns();
// The tally in the columns from `first` on (rollupTallyColumns()).
RollupTally rollupTallyFromRow(SQLite::Statement& st, int first);

// The reason map of the survey catalog the hub is installed with (assets/surveys).
Result<std::shared_ptr<const ReasonMap>> installedReasonMap();

class RollupCounter;     // counts in memory, by table and key (sqlite_rollups.cpp)
struct RollupStatements;  // what writes them

// A batch's ratings counted ahead by the thread that sends it, outside the writer's lock, as
// if every one of them were stored, at the offset its unit had then (SqliteRollups::precount).
struct RollupPrecount {
  std::string unit;
  int offsetHours = 0;
  std::shared_ptr<RollupCounter> counts;
};

// Keeps the rollups up to date inside the writer's transactions. Not thread-safe: used under
// SqliteStorage's writer mutex, like its other statements.
class SqliteRollups {
 public:
  // `reasons` outlives the rollups (and the functions registered with it).
  SqliteRollups(SQLite::Database& writer, const ReasonMap& reasons);
  ~SqliteRollups();
  SqliteRollups(const SqliteRollups&) = delete;
  SqliteRollups& operator=(const SqliteRollups&) = delete;

  // Schema step 7: the tables, filled from the ratings already stored. The connection must
  // have the function (SqliteStorage registers it before it migrates).
  static void migrate(SQLite::Database& db);
  // The SQL function recounts read the elements a rating's reasons name with (by `reasons`,
  // which must outlive the connection).
  static void registerFunctions(SQLite::Database& db, const ReasonMap& reasons);
  // Replaces the rollups of `unitId` (every unit's when empty) by a recount of its stored
  // ratings, in the caller's transaction; the ratings counted.
  static std::int64_t recount(SQLite::Database& db, const std::string& unitId = {});
  // Where the rollups and a recount of the ratings differ: one line for each table that does,
  // with how many rows. Reads only (registerFunctions first); call it in a read transaction.
  static std::vector<std::string> differences(SQLite::Database& db);

  // Counts `ratings`, all of unit `unit`, at `offsetHours`: what addPrecounted() adds.
  static RollupPrecount precount(const std::string& unit, int offsetHours, const std::vector<RollupRating>& ratings,
                                 const ReasonMap& reasons);

  // A write transaction that stores ratings begins: nothing pending, units' offsets read afresh.
  void begin();
  // Counts a rating in (sign 1) or out (−1), in memory until flush().
  void add(const RollupRating& rating, int sign = 1);
  // Adds a batch counted ahead, once all its ratings are stored; false (nothing added) when its
  // unit's offset has changed since: the caller counts its ratings with add().
  bool addPrecounted(const RollupPrecount& batch);
  // The unit's UTC offset in this transaction (WIB's for a unit not listed).
  int offsetOf(const std::string& unit);
  // An amendment is about to fill empty fields of the rating stored in row `row`: its counts
  // move from the keys it had to those it will have.
  void amend(std::int64_t row, const Response& amendment);
  // Writes what is pending, in the caller's transaction, and forgets it.
  void flush();
  // Forgets what is pending (the transaction was rolled back).
  void discard();

 private:
  const ReasonMap& m_reasons;
  SQLite::Statement m_unitOffset, m_readRating;
  std::unique_ptr<RollupStatements> m_statements;
  std::unique_ptr<RollupCounter> m_pending;        // this transaction's counts, not yet written
  std::unordered_map<std::string, int> m_offsets;  // this transaction's
};

}  // namespace suara::hub
