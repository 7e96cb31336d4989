#include "storage/sqlite/sqlite_rollups.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <set>

#include "storage/sqlite/sqlite_connections.hpp"
#include "suara/core/compact_codec.hpp"
#include "suara/core/grouping.hpp"
#include "suara/core/paths.hpp"
#include "suara/core/survey.hpp"

namespace suara::hub {

namespace {

constexpr std::int64_t kMsPerHour = 3'600'000;
constexpr std::int64_t kMsPerDay = 86'400'000;
// A rating of a unit the hub does not list (none is stored so today) counts in WIB, as
// reports count a unit whose offset they do not know (UtcOffsets).
constexpr int kUnknownUnitOffsetHours = 7;
constexpr std::size_t kOverall = kAnswerColumnCount - 1;  // the overall rating's column

// The buckets of a local time (a time in ms plus the unit's offset).
std::int64_t floorMod(std::int64_t a, std::int64_t b) { return ((a % b) + b) % b; }
std::int64_t localDayOf(std::int64_t localMs) { return localDay(localMs, 0); }
std::int64_t localMonthOf(std::int64_t localMs) { return localMonth(localMs, 0); }
std::int64_t weekdayOf(std::int64_t localMs) { return floorMod(localDayOf(localMs) + 3, 7); }  // 1970-01-01 was a Thursday
std::int64_t hourOf(std::int64_t localMs) { return floorMod(localMs, kMsPerDay) / kMsPerHour; }

// The SKM elements a rating's reasons name, a bit each (element 0 the lowest): two reasons of
// one element count once, and a reason the map does not know names none (IkmAccumulator).
std::int64_t namedElements(const std::vector<std::string>& reasons, const ReasonMap& map) {
  std::int64_t named = 0;
  for (const auto& reason : reasons)
    if (const auto it = map.find(reason); it != map.end() && it->second >= 0 && it->second < kSkmElementCount) named |= 1 << it->second;
  return named;
}

// The respondent profile's attributes, as ProfileCount names them, and their values.
constexpr std::array<const char*, 4> kProfileAttributes = {"gender", "age", "education", "occupation"};
const std::string& profileValue(const Respondent& r, std::size_t attribute) {
  switch (attribute) {
    case 0: return r.gender;
    case 1: return r.ageBand;
    case 2: return r.education;
    default: return r.occupation;
  }
}

struct KeyColumn {
  std::string name;
  bool text;
};

struct TableSpec {
  const char* name;
  std::vector<KeyColumn> keys;
  std::vector<std::string> values;
};

std::vector<std::string> tallyValueNames() {
  std::vector<std::string> names = {"responses", "skm_respondents"};
  for (int e = 1; e <= kSkmElementCount; ++e)
    for (const char* part : {"_n", "_sum", "_sq"}) names.push_back("e" + std::to_string(e) + part);
  for (const char* name : {"quick_n", "quick_sum", "quick_1", "quick_2", "quick_3", "quick_4"}) names.emplace_back(name);
  for (const char* kind : {"complaints_u", "satisfied_u"})
    for (int e = 1; e <= kSkmElementCount; ++e) names.push_back(kind + std::to_string(e));
  return names;
}

std::string join(const std::vector<std::string>& items, const char* separator = ", ") {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

// In RollupTable's order. The month (or day) follows the unit in every key but the overview's.
const std::vector<TableSpec>& specs() {
  static const std::vector<TableSpec> tables = [] {
    const std::vector<std::string> tally = tallyValueNames();
    const std::vector<std::string> heat = {"responses", "scores", "score_sum"};
    return std::vector<TableSpec>{
        {"rollup_unit_month", {{"unit", true}, {"survey", true}, {"month", false}}, tally},
        {"rollup_month", {{"unit", true}, {"month", false}, {"survey", true}, {"service", true}, {"counter", true}, {"officer", true}}, tally},
        {"rollup_day", {{"unit", true}, {"day", false}, {"survey", true}, {"service", true}, {"counter", true}}, tally},
        {"rollup_heat", {{"unit", true}, {"month", false}, {"service", true}, {"counter", true}, {"weekday", false}, {"hour", false}}, heat},
        {"rollup_unit_heat", {{"unit", true}, {"month", false}, {"weekday", false}, {"hour", false}}, heat},
        {"rollup_reason",
         {{"unit", true}, {"month", false}, {"service", true}, {"counter", true}, {"reason", true}, {"dissatisfied", false}},
         {"count"}},
        {"rollup_profile",
         {{"unit", true}, {"month", false}, {"service", true}, {"counter", true}, {"attribute", true}, {"value", true}},
         {"count"}},
        {"rollup_unit_profile", {{"unit", true}, {"month", false}, {"attribute", true}, {"value", true}}, {"count"}},
    };
  }();
  return tables;
}

const TableSpec& spec(RollupTable table) { return specs()[static_cast<std::size_t>(table)]; }

std::vector<std::string> columnsOf(const TableSpec& t) {
  std::vector<std::string> columns;
  for (const auto& k : t.keys) columns.push_back(k.name);
  columns.insert(columns.end(), t.values.begin(), t.values.end());
  return columns;
}

std::string keyNames(const TableSpec& t) {
  std::vector<std::string> names;
  for (const auto& k : t.keys) names.push_back(k.name);
  return join(names);
}

std::string createTableSql(const TableSpec& t) {
  std::string sql = std::string("CREATE TABLE ") + t.name + " (";
  for (const auto& k : t.keys) sql += k.name + (k.text ? " TEXT NOT NULL, " : " INTEGER NOT NULL, ");
  for (const auto& v : t.values) sql += v + " INTEGER NOT NULL, ";
  return sql + "PRIMARY KEY (" + keyNames(t) + ")) WITHOUT ROWID";
}

std::string placeholders(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

// Adds `rows` rows of counts to a table's (ON CONFLICT: its keys are distinct in one statement).
std::string upsertSql(const TableSpec& t, std::size_t rows) {
  std::vector<std::string> sums, tuples(rows, "(" + placeholders(t.keys.size() + t.values.size()) + ")");
  for (const auto& v : t.values) sums.push_back(v + " = " + v + " + excluded." + v);
  return std::string("INSERT INTO ") + t.name + " (" + join(columnsOf(t)) + ") VALUES " + join(tuples) + " ON CONFLICT (" +
         keyNames(t) + ") DO UPDATE SET " + join(sums);
}

std::string deleteEmptySql(const TableSpec& t) {
  std::vector<std::string> match;
  for (const auto& k : t.keys) match.push_back(k.name + " = ?");
  return std::string("DELETE FROM ") + t.name + " WHERE " + join(match, " AND ") + " AND " + t.values.front() + " = 0";
}

// Keys are packed as their parts, each followed by a NUL (ids and profile values never hold
// one), numbers in decimal.
void appendPart(std::string& key, std::string_view part) {
  key.append(part);
  key.push_back('\0');
}
void appendPart(std::string& key, std::int64_t part) {
  char digits[24];
  const auto end = std::to_chars(std::begin(digits), std::end(digits), part).ptr;
  appendPart(key, std::string_view(digits, static_cast<std::size_t>(end - digits)));
}

// Binds the parts of a packed key to parameters first … first + n − 1, by the table's key types.
void bindKey(SQLite::Statement& st, const TableSpec& t, std::string_view key, int first = 1) {
  for (std::size_t i = 0; i < t.keys.size(); ++i) {
    const auto end = key.find('\0');
    const std::string_view part = key.substr(0, end);
    const int index = static_cast<int>(i) + first;
    if (t.keys[i].text) {
      st.bind(index, std::string(part));
    } else {
      std::int64_t number = 0;
      std::from_chars(part.data(), part.data() + part.size(), number);
      st.bind(index, number);
    }
    key.remove_prefix(end + 1);
  }
}

// A rating's fields in the columns a rollup reads: unit_id, survey, service, counter, officer,
// reasons, respondent, report time, u1 … overall (ratingColumns()).
std::string ratingColumns() {
  return "r.unit_id, r.survey, r.service, r.counter, r.officer, r.reasons, r.respondent, " + reportTimeSql("r") + ", " +
         [] {
           std::string answers;
           for (const auto name : kAnswerColumns) answers += (answers.empty() ? "r." : ", r.") + std::string(name);
           return answers;
         }();
}
constexpr int kRatingColumns = 8 + static_cast<int>(kAnswerColumnCount);

RollupRating ratingFromRow(SQLite::Statement& st) {
  const auto text = [&](int i) { return st.getColumn(i).isNull() ? std::string() : st.getColumn(i).getString(); };
  RollupRating r;
  r.unit = text(0);
  r.survey = text(1);
  r.service = text(2);
  r.counter = text(3);
  r.officer = text(4);
  r.reasons = detail::splitIds(text(5));
  detail::decodeRespondent(text(6), r.respondent);
  r.atMs = st.getColumn(7).getInt64();
  for (std::size_t i = 0; i < kAnswerColumnCount; ++i) {
    const auto score = st.getColumn(8 + static_cast<int>(i));
    r.scores[i] = score.isNull() ? 0 : score.getInt();
  }
  return r;
}

// A recount reads every rating (or one unit's) in unit order, with its unit's offset and the
// elements its reasons name (by the connection's suara_reason_elements), so that the counts
// of one unit are complete when the next begins.
std::string recountSelect(bool oneUnit) {
  return "SELECT " + ratingColumns() + ", coalesce(u.utc_offset, " + std::to_string(kUnknownUnitOffsetHours) +
         "), suara_reason_elements(r.reasons) FROM responses r LEFT JOIN units u ON u.id = r.unit_id" +
         (oneUnit ? " WHERE r.unit_id = ?" : " ORDER BY r.unit_id");
}

// A recount writes a unit's counts once it has them all, or before when they grow this many
// keys (a unit of many services and counters over many years).
constexpr std::size_t kRecountFlushKeys = 200'000;

// Rows an UPSERT writes at once: a statement's own cost (reset, step, its program's start) is
// paid once for them, which counts for rows of a few small integers (heat, reasons, profiles).
constexpr std::size_t kUpsertRows = 32;

}  // namespace

// The statements that write counts, by RollupTable.
struct RollupStatements {
  explicit RollupStatements(SQLite::Database& db) {
    for (const auto& t : specs()) {
      one.emplace_back(db, upsertSql(t, 1));
      many.emplace_back(db, upsertSql(t, kUpsertRows));
      deleteEmpty.emplace_back(db, deleteEmptySql(t));
    }
  }
  std::vector<SQLite::Statement> one, many, deleteEmpty;
};

// The counts of a set of ratings, in memory, by table and packed key.
class RollupCounter {
 public:
  // What a transaction changes at one key; `shrinks`: something was counted out, so the row
  // may be left at zero and must then go (a recount has no row for it).
  struct Delta {
    std::array<std::int64_t, kRollupTallyValues> values{};
    bool shrinks = false;
  };
  using Keys = std::unordered_map<std::string, Delta>;

  // Counts a rating in (sign 1) or out (−1) at its unit's offset, with the SKM elements its
  // reasons name (namedElements). Ingest calls it for every rating, under the writer's lock.
  void add(const RollupRating& r, int offsetHours, std::int64_t named, int sign);
  std::size_t size() const {
    std::size_t n = 0;
    for (const auto& keys : m_tables) n += keys.size();
    return n;
  }
  void clear() {
    for (auto& keys : m_tables) keys.clear();
  }
  Keys& of(std::size_t table) { return m_tables[table]; }
  // Adds another counter's counts to these.
  void merge(const RollupCounter& other) {
    for (std::size_t t = 0; t < kRollupTableCount; ++t) {
      const std::size_t values = specs()[t].values.size();
      for (const auto& [key, delta] : other.m_tables[t]) {
        auto it = m_tables[t].find(key);
        if (it == m_tables[t].end()) {
          m_tables[t].emplace(key, delta);
          continue;
        }
        for (std::size_t v = 0; v < values; ++v) it->second.values[v] += delta.values[v];
        it->second.shrinks = it->second.shrinks || delta.shrinks;
      }
    }
  }
  // Adds the counts to the tables in key order, deleting rows a count out left at zero; then
  // forgets them.
  void write(RollupStatements& statements);

 private:
  // The packed key of `parts`, in a buffer reused from one key to the next: most keys of a
  // group are there already, and are then found without allocating.
  template <class... Parts>
  const std::string& key(const Parts&... parts) {
    m_key.clear();
    (appendPart(m_key, parts), ...);
    return m_key;
  }
  void bump(RollupTable table, const std::string& key, const std::int64_t* values, std::size_t count, int sign) {
    Keys& keys = m_tables[static_cast<std::size_t>(table)];
    auto it = keys.find(key);
    if (it == keys.end()) it = keys.emplace(key, Delta{}).first;
    Delta& delta = it->second;
    for (std::size_t i = 0; i < count; ++i) delta.values[i] += sign * values[i];
    delta.shrinks = delta.shrinks || sign < 0;
  }
  std::array<Keys, kRollupTableCount> m_tables;
  std::string m_key;
};

void RollupCounter::add(const RollupRating& r, int offsetHours, std::int64_t named, int sign) {
  const std::int64_t local = r.atMs + offsetHours * kMsPerHour;
  const std::int64_t month = localMonthOf(local);

  std::array<std::int64_t, kRollupTallyValues> tally{};  // in tallyValueNames()'s order
  tally[0] = 1;
  bool answeredSkm = false;
  std::int64_t scores = 0, scoreSum = 0;
  for (std::size_t e = 0; e < kOverall; ++e) {
    const std::int64_t score = r.scores[e];
    if (score == 0) continue;
    answeredSkm = true;
    tally[2 + 3 * e] = 1;
    tally[3 + 3 * e] = score;
    tally[4 + 3 * e] = score * score;
    ++scores;
    scoreSum += score;
  }
  tally[1] = answeredSkm ? 1 : 0;
  const int overall = r.scores[kOverall];
  if (overall != 0) {
    constexpr std::size_t quick = 2 + 3 * kSkmElementCount;
    tally[quick] = 1;
    tally[quick + 1] = overall;
    tally[quick + 2 + static_cast<std::size_t>(overall - 1)] = 1;
    ++scores;
    scoreSum += overall;
    const std::size_t mentions = quick + 6 + (overall <= kDissatisfiedAtOrBelow ? 0 : kSkmElementCount);
    for (std::size_t e = 0; e < kSkmElementCount; ++e) tally[mentions + e] = (named >> e) & 1;
  }
  bump(RollupTable::UnitMonth, key(r.unit, r.survey, month), tally.data(), tally.size(), sign);
  bump(RollupTable::Month, key(r.unit, month, r.survey, r.service, r.counter, r.officer), tally.data(), tally.size(), sign);
  bump(RollupTable::Day, key(r.unit, localDayOf(local), r.survey, r.service, r.counter), tally.data(), tally.size(), sign);

  const std::int64_t heat[] = {1, scores, scoreSum};
  const std::int64_t weekday = weekdayOf(local), hour = hourOf(local);
  bump(RollupTable::Heat, key(r.unit, month, r.service, r.counter, weekday, hour), heat, 3, sign);
  bump(RollupTable::UnitHeat, key(r.unit, month, weekday, hour), heat, 3, sign);

  const std::int64_t one[] = {1};
  if (overall != 0) {  // reasons explain an overall rating: counted with it, each once a rating
    const std::int64_t dissatisfied = overall <= kDissatisfiedAtOrBelow ? 1 : 0;
    for (auto it = r.reasons.begin(); it != r.reasons.end(); ++it)
      if (!it->empty() && std::find(r.reasons.begin(), it, *it) == it)
        bump(RollupTable::Reason, key(r.unit, month, r.service, r.counter, *it, dissatisfied), one, 1, sign);
  }
  for (std::size_t a = 0; a < kProfileAttributes.size(); ++a) {  // every rating, '' where not given
    const std::string_view attribute = kProfileAttributes[a];
    const std::string& value = profileValue(r.respondent, a);
    bump(RollupTable::Profile, key(r.unit, month, r.service, r.counter, attribute, value), one, 1, sign);
    bump(RollupTable::UnitProfile, key(r.unit, month, attribute, value), one, 1, sign);
  }
}

void RollupCounter::write(RollupStatements& statements) {
  for (std::size_t t = 0; t < kRollupTableCount; ++t) {
    const TableSpec& table = specs()[t];
    const std::size_t values = table.values.size(), columns = table.keys.size() + values;
    // In key order, so that consecutive writes land on the same pages. A key counted out and
    // in again (an amendment in the group of its rating) has nothing to write.
    std::vector<const Keys::value_type*> rows;
    rows.reserve(m_tables[t].size());
    for (const auto& entry : m_tables[t])
      if (std::any_of(entry.second.values.begin(), entry.second.values.begin() + static_cast<std::ptrdiff_t>(values),
                      [](std::int64_t v) { return v != 0; }))
        rows.push_back(&entry);
    std::sort(rows.begin(), rows.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
    const auto bindRow = [&](SQLite::Statement& st, const Keys::value_type& row, std::size_t n) {
      const int first = static_cast<int>(n * columns) + 1;
      bindKey(st, table, row.first, first);
      for (std::size_t v = 0; v < values; ++v) st.bind(first + static_cast<int>(table.keys.size() + v), row.second.values[v]);
    };
    std::size_t at = 0;
    for (; at + kUpsertRows <= rows.size(); at += kUpsertRows) {
      StatementScope st(statements.many[t]);
      for (std::size_t n = 0; n < kUpsertRows; ++n) bindRow(*st, *rows[at + n], n);
      st->exec();
    }
    for (; at < rows.size(); ++at) {
      StatementScope st(statements.one[t]);
      bindRow(*st, *rows[at], 0);
      st->exec();
    }
    for (const auto* row : rows)
      if (row->second.shrinks) {
        StatementScope st(statements.deleteEmpty[t]);
        bindKey(*st, table, row->first);
        st->exec();
      }
    m_tables[t].clear();
  }
}

const char* rollupTableName(RollupTable table) { return spec(table).name; }

Result<std::shared_ptr<const ReasonMap>> installedReasonMap() {
  auto catalog = SurveyCatalog::load(assetsDir() / "surveys");
  if (!catalog) return makeError(catalog.error().code, "reading the survey definitions (the rollups count complaints by their reasons): " +
                                                           catalog.error().message);
  return catalog->reasons();
}

const std::string& rollupTallyColumns() {
  static const std::string columns = join(tallyValueNames());
  return columns;
}

RollupTally rollupTallyFromRow(SQLite::Statement& st, int first) {
  int i = first;
  const auto next = [&] { return st.getColumn(i++).getInt64(); };
  RollupTally t;
  t.responses = next();
  t.skmRespondents = next();
  for (auto& e : t.elements) {
    e.answered = next();
    e.sum = next();
    e.sumSquares = next();
  }
  t.quickRespondents = next();
  t.quickSum = next();
  for (auto& n : t.quickPerScore) n = next();
  for (auto& n : t.complaints) n = next();
  for (auto& n : t.satisfiedMentions) n = next();
  return t;
}

void SqliteRollups::registerFunctions(SQLite::Database& db, const ReasonMap& reasons) {
  db.createFunction("suara_reason_elements", 1, true, const_cast<ReasonMap*>(&reasons), [](sqlite3_context* ctx, int, sqlite3_value** argv) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    const auto* map = static_cast<const ReasonMap*>(sqlite3_user_data(ctx));
    sqlite3_result_int64(ctx, namedElements(detail::splitIds(text ? text : ""), *map));
  });
}

void SqliteRollups::migrate(SQLite::Database& db) {
  for (const auto& t : specs()) db.exec(createTableSql(t));
  recount(db);
}

std::int64_t SqliteRollups::recount(SQLite::Database& db, const std::string& unitId) {
  const bool oneUnit = !unitId.empty();
  for (const auto& t : specs()) {
    SQLite::Statement clear(db, std::string("DELETE FROM ") + t.name + (oneUnit ? " WHERE unit = ?" : ""));
    if (oneUnit) clear.bind(1, unitId);
    clear.exec();
  }
  RollupStatements statements(db);
  SQLite::Statement ratings(db, recountSelect(oneUnit));
  if (oneUnit) ratings.bind(1, unitId);
  RollupCounter counter;
  std::string unit;
  std::int64_t counted = 0;
  while (ratings.executeStep()) {
    const RollupRating r = ratingFromRow(ratings);
    if (r.unit != unit || counter.size() > kRecountFlushKeys) counter.write(statements);
    unit = r.unit;
    counter.add(r, ratings.getColumn(kRatingColumns).getInt(), ratings.getColumn(kRatingColumns + 1).getInt64(), 1);
    ++counted;
  }
  counter.write(statements);
  return counted;
}

std::vector<std::string> SqliteRollups::differences(SQLite::Database& db) {
  // Each unit's rows as kept, against its ratings counted afresh (one unit in memory at a time).
  std::vector<SQLite::Statement> keptOf;
  for (const auto& t : specs()) keptOf.emplace_back(db, "SELECT * FROM " + std::string(t.name) + " WHERE unit = ?");
  std::array<std::int64_t, kRollupTableCount> differing{};
  std::set<std::string> seen;
  RollupCounter counter;
  const auto compare = [&](const std::string& unit) {
    for (std::size_t t = 0; t < kRollupTableCount; ++t) {
      const TableSpec& table = specs()[t];
      auto& counted = counter.of(t);
      StatementScope kept(keptOf[t]);
      kept->bind(1, unit);
      while (kept->executeStep()) {
        std::string key;
        for (std::size_t k = 0; k < table.keys.size(); ++k) {
          const auto column = kept->getColumn(static_cast<int>(k));
          if (table.keys[k].text) appendPart(key, std::string_view(column.getText()));
          else appendPart(key, column.getInt64());
        }
        const auto it = counted.find(key);
        bool same = it != counted.end();
        for (std::size_t v = 0; same && v < table.values.size(); ++v)
          same = kept->getColumn(static_cast<int>(table.keys.size() + v)).getInt64() == it->second.values[v];
        differing[t] += same ? 0 : 1;
        if (it != counted.end()) counted.erase(it);
      }
      differing[t] += static_cast<std::int64_t>(counted.size());  // counted, but no row kept
    }
    counter.clear();
  };
  SQLite::Statement ratings(db, recountSelect(false));
  std::string unit;
  while (ratings.executeStep()) {
    const RollupRating r = ratingFromRow(ratings);
    if (r.unit != unit && !unit.empty()) compare(unit);
    if (r.unit != unit) seen.insert(r.unit);
    unit = r.unit;
    counter.add(r, ratings.getColumn(kRatingColumns).getInt(), ratings.getColumn(kRatingColumns + 1).getInt64(), 1);
  }
  if (!unit.empty()) compare(unit);
  // Rows of units without a single rating.
  for (std::size_t t = 0; t < kRollupTableCount; ++t) {
    SQLite::Statement units(db, "SELECT unit, count(*) FROM " + std::string(specs()[t].name) + " GROUP BY unit");
    while (units.executeStep())
      if (!seen.count(units.getColumn(0).getString())) differing[t] += units.getColumn(1).getInt64();
  }
  std::vector<std::string> found;
  for (std::size_t t = 0; t < kRollupTableCount; ++t)
    if (differing[t] > 0)
      found.push_back(std::string(specs()[t].name) + ": " + std::to_string(differing[t]) + " rows differ from a recount of the stored ratings");
  return found;
}

SqliteRollups::SqliteRollups(SQLite::Database& writer, const ReasonMap& reasons)
    : m_reasons(reasons),
      m_unitOffset(writer, "SELECT utc_offset FROM units WHERE id = ?"),
      m_readRating(writer, "SELECT " + ratingColumns() + " FROM responses r WHERE r.id = ?"),
      m_statements(std::make_unique<RollupStatements>(writer)),
      m_pending(std::make_unique<RollupCounter>()) {
  registerFunctions(writer, reasons);
}

SqliteRollups::~SqliteRollups() = default;

void SqliteRollups::begin() {
  discard();
  m_offsets.clear();  // another process may have changed a unit's offset since the last transaction
}

void SqliteRollups::discard() { m_pending->clear(); }

int SqliteRollups::offsetOf(const std::string& unit) {
  if (const auto it = m_offsets.find(unit); it != m_offsets.end()) return it->second;
  StatementScope st(m_unitOffset);
  st->bind(1, unit);
  const int offset = st->executeStep() ? st->getColumn(0).getInt() : kUnknownUnitOffsetHours;
  m_offsets.emplace(unit, offset);
  return offset;
}

void SqliteRollups::add(const RollupRating& r, int sign) {
  m_pending->add(r, offsetOf(r.unit), namedElements(r.reasons, m_reasons), sign);
}

RollupPrecount SqliteRollups::precount(const std::string& unit, int offsetHours, const std::vector<RollupRating>& ratings,
                                       const ReasonMap& reasons) {
  RollupPrecount batch{unit, offsetHours, std::make_shared<RollupCounter>()};
  for (const auto& r : ratings) batch.counts->add(r, offsetHours, namedElements(r.reasons, reasons), 1);
  return batch;
}

bool SqliteRollups::addPrecounted(const RollupPrecount& batch) {
  if (!batch.counts || offsetOf(batch.unit) != batch.offsetHours) return false;
  m_pending->merge(*batch.counts);
  return true;
}

void SqliteRollups::amend(std::int64_t row, const Response& amendment) {
  RollupRating before;
  {
    StatementScope st(m_readRating);
    st->bind(1, row);
    if (!st->executeStep()) return;
    before = ratingFromRow(*st);
  }
  // As the merge's UPDATE fills them: only fields the rating left empty.
  RollupRating after = before;
  if (after.reasons.empty()) after.reasons = amendment.reasons;
  if (after.service.empty()) after.service = amendment.serviceId;
  if (after.respondent.empty()) after.respondent = amendment.respondent;
  add(before, -1);
  add(after, 1);
}

void SqliteRollups::flush() { m_pending->write(*m_statements); }

}  // namespace suara::hub
