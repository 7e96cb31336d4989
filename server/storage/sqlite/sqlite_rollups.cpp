#include "storage/sqlite/sqlite_rollups.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <charconv>

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

// The buckets of a local time (a time in ms plus the unit's offset): the same arithmetic for
// ingest (C++) and recounts (SQL functions calling these).
std::int64_t floorMod(std::int64_t a, std::int64_t b) { return ((a % b) + b) % b; }
std::int64_t localDayOf(std::int64_t localMs) { return localDay(localMs, 0); }
std::int64_t localMonthOf(std::int64_t localMs) { return localMonth(localMs, 0); }
std::int64_t weekdayOf(std::int64_t localMs) { return floorMod(localDayOf(localMs) + 3, 7); }  // 1970-01-01 was a Thursday
std::int64_t hourOf(std::int64_t localMs) { return floorMod(localMs, kMsPerDay) / kMsPerHour; }

// A bucket function for SQL: the same arithmetic in recounts as at ingest.
template <std::int64_t (*Bucket)(std::int64_t)>
void bucketFunction(sqlite3_context* ctx, int, sqlite3_value** argv) {
  sqlite3_result_int64(ctx, Bucket(sqlite3_value_int64(argv[0])));
}

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
  std::string recount;  // SELECT of the table's rows from the ratings in {src}, in column order
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

std::string answerColumn(std::size_t i) { return std::string(kAnswerColumns[i]); }

// A tally of the rows in {src}, as aggregates in tallyValueNames()'s order.
std::string tallyAggregates() {
  std::vector<std::string> elements;
  for (std::size_t e = 0; e < kAnswerColumnCount - 1; ++e) elements.push_back(answerColumn(e));
  std::vector<std::string> parts = {"count(*)", "count(*) FILTER (WHERE coalesce(" + join(elements) + ") IS NOT NULL)"};
  for (const auto& u : elements)
    parts.insert(parts.end(), {"count(" + u + ")", "coalesce(sum(" + u + "), 0)", "coalesce(sum(" + u + " * " + u + "), 0)"});
  parts.insert(parts.end(), {"count(overall)", "coalesce(sum(overall), 0)"});
  for (int s = 1; s <= 4; ++s) parts.push_back("count(*) FILTER (WHERE overall = " + std::to_string(s) + ")");
  // Quick ratings whose reasons name an element (`named`, a bit each), dissatisfied or not.
  for (const char* how : {" <= ", " > "})
    for (int e = 0; e < kSkmElementCount; ++e)
      parts.push_back("count(*) FILTER (WHERE overall" + std::string(how) + std::to_string(kDissatisfiedAtOrBelow) +
                      " AND named & " + std::to_string(1 << e) + ")");
  return join(parts);
}

// How many scores a rating gave and their sum, over its answer columns (heat).
std::string scoresGiven() {
  std::vector<std::string> given, sum;
  for (std::size_t i = 0; i < kAnswerColumnCount; ++i) {
    given.push_back("(" + answerColumn(i) + " IS NOT NULL)");
    sum.push_back("coalesce(" + answerColumn(i) + ", 0)");
  }
  return "sum(" + join(given, " + ") + "), sum(" + join(sum, " + ") + ")";
}

const std::vector<TableSpec>& specs() {
  static const std::vector<TableSpec> tables = [] {
    const std::vector<std::string> tally = tallyValueNames();
    const std::string aggregates = tallyAggregates();
    const std::string month = "suara_rollup_month(local)";
    const std::string dissatisfied = "overall <= " + std::to_string(kDissatisfiedAtOrBelow);
    const std::string kAttributes =
        "(SELECT 0 AS i, 'gender' AS name UNION ALL SELECT 1, 'age' UNION ALL SELECT 2, 'education' UNION ALL "
        "SELECT 3, 'occupation') AS attributes";
    return std::vector<TableSpec>{
        {"rollup_unit_month",
         {{"unit", true}, {"survey", true}, {"month", false}},
         tally,
         "SELECT unit, survey, " + month + ", " + aggregates + " FROM {src} GROUP BY 1, 2, 3"},
        {"rollup_month",
         {{"unit", true}, {"month", false}, {"survey", true}, {"service", true}, {"counter", true}, {"officer", true}},
         tally,
         "SELECT unit, " + month + ", survey, service, counter, officer, " + aggregates + " FROM {src} GROUP BY 1, 2, 3, 4, 5, 6"},
        {"rollup_day",
         {{"unit", true}, {"day", false}, {"survey", true}, {"service", true}, {"counter", true}},
         tally,
         "SELECT unit, suara_rollup_day(local), survey, service, counter, " + aggregates + " FROM {src} GROUP BY 1, 2, 3, 4, 5"},
        {"rollup_heat",
         {{"unit", true}, {"month", false}, {"service", true}, {"counter", true}, {"weekday", false}, {"hour", false}},
         {"responses", "scores", "score_sum"},
         "SELECT unit, " + month + ", service, counter, suara_rollup_weekday(local), suara_rollup_hour(local), count(*), " +
             scoresGiven() + " FROM {src} GROUP BY 1, 2, 3, 4, 5, 6"},
        {"rollup_unit_heat",
         {{"unit", true}, {"month", false}, {"weekday", false}, {"hour", false}},
         {"responses", "scores", "score_sum"},
         "SELECT unit, " + month + ", suara_rollup_weekday(local), suara_rollup_hour(local), count(*), " + scoresGiven() +
             " FROM {src} GROUP BY 1, 2, 3, 4"},
        // Reasons explain an overall rating: counted with it, each reason once a rating.
        {"rollup_reason",
         {{"unit", true}, {"month", false}, {"service", true}, {"counter", true}, {"reason", true}, {"dissatisfied", false}},
         {"count"},
         "WITH RECURSIVE split(id, unit, service, counter, local, overall, reason, rest) AS ("
         "SELECT id, unit, service, counter, local, overall, '', reasons || ',' FROM {src} "
         "WHERE reasons IS NOT NULL AND overall IS NOT NULL "
         "UNION ALL SELECT id, unit, service, counter, local, overall, substr(rest, 1, instr(rest, ',') - 1), "
         "substr(rest, instr(rest, ',') + 1) FROM split WHERE rest <> '') "
         "SELECT unit, " + month + ", service, counter, reason, " + dissatisfied + ", count(*) FROM "
         "(SELECT DISTINCT id, unit, service, counter, local, overall, reason FROM split WHERE reason <> '') "
         "GROUP BY 1, 2, 3, 4, 5, 6"},
        // Every rating once for each attribute, '' where it did not give it.
        {"rollup_profile",
         {{"unit", true}, {"month", false}, {"service", true}, {"counter", true}, {"attribute", true}, {"value", true}},
         {"count"},
         "SELECT unit, " + month + ", service, counter, attributes.name, suara_respondent_field(respondent, attributes.i), "
         "count(*) FROM {src}, " + kAttributes + " GROUP BY 1, 2, 3, 4, 5, 6"},
        {"rollup_unit_profile",
         {{"unit", true}, {"month", false}, {"attribute", true}, {"value", true}},
         {"count"},
         "SELECT unit, " + month + ", attributes.name, suara_respondent_field(respondent, attributes.i), count(*) FROM {src}, " +
             kAttributes + " GROUP BY 1, 2, 3, 4"},
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

// The ratings a recount reads, one row each with its keys ('' for none) and its local time
// (report time plus its unit's offset); `oneUnit` adds a parameter for the unit.
std::string sourceSelect(bool oneUnit) {
  std::string answers;
  for (std::size_t i = 0; i < kAnswerColumnCount; ++i) answers += "r." + answerColumn(i) + " AS " + answerColumn(i) + ", ";
  return "SELECT r.id AS id, r.unit_id AS unit, r.survey AS survey, coalesce(r.service, '') AS service, "
         "coalesce(r.counter, '') AS counter, coalesce(r.officer, '') AS officer, r.reasons AS reasons, "
         "r.respondent AS respondent, suara_reason_elements(r.reasons) AS named, " + answers + "(" + reportTimeSql("r") +
         ") + " + std::to_string(kMsPerHour) +
         " * coalesce(u.utc_offset, " + std::to_string(kUnknownUnitOffsetHours) +
         ") AS local FROM responses r LEFT JOIN units u ON u.id = r.unit_id" + (oneUnit ? " WHERE r.unit_id = ?" : "");
}

std::string withSource(const std::string& sql, const std::string& source) {
  std::string out = sql;
  for (auto at = out.find("{src}"); at != std::string::npos; at = out.find("{src}", at + source.size()))
    out.replace(at, 5, source);
  return out;
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

std::string upsertSql(const TableSpec& t) {
  std::vector<std::string> sums;
  for (const auto& v : t.values) sums.push_back(v + " = " + v + " + excluded." + v);
  return std::string("INSERT INTO ") + t.name + " (" + join(columnsOf(t)) + ") VALUES (" +
         placeholders(t.keys.size() + t.values.size()) + ") ON CONFLICT (" + keyNames(t) + ") DO UPDATE SET " + join(sums);
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
void appendPart(std::string& key, std::int64_t part) { appendPart(key, std::string_view(std::to_string(part))); }

template <class... Parts>
std::string packKey(const Parts&... parts) {
  std::string key;
  key.reserve(64);
  (appendPart(key, parts), ...);
  return key;
}

// Binds the parts of a packed key to parameters 1 … n, by the table's key types.
void bindKey(SQLite::Statement& st, const TableSpec& t, std::string_view key) {
  for (std::size_t i = 0; i < t.keys.size(); ++i) {
    const auto end = key.find('\0');
    const std::string_view part = key.substr(0, end);
    const int index = static_cast<int>(i) + 1;
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

}  // namespace

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
  // Deterministic: SQLite may evaluate one once for a row however often a statement names it.
  db.createFunction("suara_rollup_day", 1, true, nullptr, bucketFunction<localDayOf>);
  db.createFunction("suara_rollup_month", 1, true, nullptr, bucketFunction<localMonthOf>);
  db.createFunction("suara_rollup_weekday", 1, true, nullptr, bucketFunction<weekdayOf>);
  db.createFunction("suara_rollup_hour", 1, true, nullptr, bucketFunction<hourOf>);
  db.createFunction("suara_respondent_field", 2, true, nullptr, [](sqlite3_context* ctx, int, sqlite3_value** argv) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    Respondent r;
    detail::decodeRespondent(text ? text : "", r);
    const std::string& value = profileValue(r, static_cast<std::size_t>(std::clamp(sqlite3_value_int(argv[1]), 0, 3)));
    sqlite3_result_text(ctx, value.c_str(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  });
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
  std::string source;
  if (oneUnit) {
    // One unit's ratings are copied once (no index leads to them: finding them is a scan),
    // then counted into each table from the copy. Emptied rather than dropped: a DROP fails while
    // any statement of the connection is still on a row.
    std::string answers;
    for (std::size_t i = 0; i < kAnswerColumnCount; ++i) answers += answerColumn(i) + " INTEGER, ";
    db.exec("CREATE TEMP TABLE IF NOT EXISTS rollup_source (id INTEGER, unit TEXT, survey TEXT, service TEXT, counter TEXT, "
            "officer TEXT, reasons TEXT, respondent TEXT, named INTEGER, " + answers + "local INTEGER)");
    db.exec("DELETE FROM temp.rollup_source");
    SQLite::Statement copy(db, "INSERT INTO temp.rollup_source " + sourceSelect(true));
    copy.bind(1, unitId);
    copy.exec();
    source = "temp.rollup_source";
  } else {
    source = "(" + sourceSelect(false) + ")";
  }
  for (const auto& t : specs()) {
    SQLite::Statement clear(db, std::string("DELETE FROM ") + t.name + (oneUnit ? " WHERE unit = ?" : ""));
    if (oneUnit) clear.bind(1, unitId);
    clear.exec();
    db.exec(std::string("INSERT INTO ") + t.name + " (" + join(columnsOf(t)) + ") " + withSource(t.recount, source));
  }
  if (oneUnit) db.exec("DELETE FROM temp.rollup_source");
  SQLite::Statement counted(db, std::string("SELECT coalesce(sum(responses), 0) FROM rollup_unit_month") + (oneUnit ? " WHERE unit = ?" : ""));
  if (oneUnit) counted.bind(1, unitId);
  counted.executeStep();
  return counted.getColumn(0).getInt64();
}

std::vector<std::string> SqliteRollups::differences(SQLite::Database& db) {
  const std::string source = "(" + sourceSelect(false) + ")";
  std::vector<std::string> found;
  for (const auto& t : specs()) {
    // A row both kept and recounted appears twice, identical; anything else once: the keys of
    // such rows are those that differ.
    const std::string columns = join(columnsOf(t));
    SQLite::Statement st(db, "SELECT count(*) FROM (SELECT 1 FROM (SELECT " + keyNames(t) + " FROM (SELECT " + columns +
                                 " FROM " + t.name + " UNION ALL SELECT * FROM (" + withSource(t.recount, source) +
                                 ")) GROUP BY " + columns + " HAVING count(*) <> 2) GROUP BY " + keyNames(t) + ")");
    st.executeStep();
    if (const std::int64_t rows = st.getColumn(0).getInt64(); rows > 0)
      found.push_back(std::string(t.name) + ": " + std::to_string(rows) + " rows differ from a recount of the stored ratings");
  }
  return found;
}

SqliteRollups::SqliteRollups(SQLite::Database& writer, const ReasonMap& reasons)
    : m_db(writer),
      m_reasons(reasons),
      m_unitOffset(writer, "SELECT utc_offset FROM units WHERE id = ?"),
      m_readRating(writer, "SELECT unit_id, survey, service, counter, officer, reasons, respondent, " + reportTimeSql() + ", " +
                               answerColumnList() + " FROM responses WHERE id = ?") {
  registerFunctions(writer, reasons);
  for (const auto& t : specs()) {
    m_upsert.emplace_back(writer, upsertSql(t));
    m_deleteEmpty.emplace_back(writer, deleteEmptySql(t));
  }
}

SqliteRollups::~SqliteRollups() = default;

void SqliteRollups::begin() {
  discard();
  m_offsets.clear();  // another process may have changed a unit's offset since the last transaction
}

void SqliteRollups::discard() {
  for (auto& pending : m_pending) pending.clear();
}

int SqliteRollups::offsetOf(const std::string& unit) {
  if (const auto it = m_offsets.find(unit); it != m_offsets.end()) return it->second;
  StatementScope st(m_unitOffset);
  st->bind(1, unit);
  const int offset = st->executeStep() ? st->getColumn(0).getInt() : kUnknownUnitOffsetHours;
  m_offsets.emplace(unit, offset);
  return offset;
}

void SqliteRollups::bump(RollupTable table, std::string&& key, const std::int64_t* values, std::size_t count, int sign) {
  Delta& delta = m_pending[static_cast<std::size_t>(table)][std::move(key)];
  for (std::size_t i = 0; i < count; ++i) delta.values[i] += sign * values[i];
  delta.shrinks = delta.shrinks || sign < 0;
}

void SqliteRollups::add(const RollupRating& r, int sign) {
  const std::int64_t local = r.atMs + offsetOf(r.unit) * kMsPerHour;
  const std::int64_t month = localMonthOf(local);

  std::array<std::int64_t, kRollupTallyValues> tally{};
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
    const std::int64_t named = namedElements(r.reasons, m_reasons);
    const std::size_t mentions = quick + 6 + (overall <= kDissatisfiedAtOrBelow ? 0 : kSkmElementCount);
    for (std::size_t e = 0; e < kSkmElementCount; ++e) tally[mentions + e] = (named >> e) & 1;
  }
  bump(RollupTable::UnitMonth, packKey(r.unit, r.survey, month), tally.data(), tally.size(), sign);
  bump(RollupTable::Month, packKey(r.unit, month, r.survey, r.service, r.counter, r.officer), tally.data(), tally.size(), sign);
  bump(RollupTable::Day, packKey(r.unit, localDayOf(local), r.survey, r.service, r.counter), tally.data(), tally.size(), sign);

  const std::int64_t heat[] = {1, scores, scoreSum};
  const std::int64_t weekday = weekdayOf(local), hour = hourOf(local);
  bump(RollupTable::Heat, packKey(r.unit, month, r.service, r.counter, weekday, hour), heat, 3, sign);
  bump(RollupTable::UnitHeat, packKey(r.unit, month, weekday, hour), heat, 3, sign);

  const std::int64_t one[] = {1};
  if (overall != 0) {
    const std::int64_t dissatisfied = overall <= kDissatisfiedAtOrBelow ? 1 : 0;
    for (std::size_t i = 0; i < r.reasons.size(); ++i) {
      const std::string& reason = r.reasons[i];
      // Each reason once a rating, as the recount's DISTINCT does.
      if (reason.empty() || std::find(r.reasons.begin(), r.reasons.begin() + static_cast<std::ptrdiff_t>(i), reason) !=
                                r.reasons.begin() + static_cast<std::ptrdiff_t>(i))
        continue;
      bump(RollupTable::Reason, packKey(r.unit, month, r.service, r.counter, reason, dissatisfied), one, 1, sign);
    }
  }
  for (std::size_t a = 0; a < kProfileAttributes.size(); ++a) {
    const std::string_view attribute = kProfileAttributes[a];
    const std::string& value = profileValue(r.respondent, a);
    bump(RollupTable::Profile, packKey(r.unit, month, r.service, r.counter, attribute, value), one, 1, sign);
    bump(RollupTable::UnitProfile, packKey(r.unit, month, attribute, value), one, 1, sign);
  }
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

void SqliteRollups::flush() {
  for (std::size_t t = 0; t < kRollupTableCount; ++t) {
    const TableSpec& table = specs()[t];
    const std::size_t values = table.values.size();
    // In key order, so that consecutive writes land on the same pages.
    std::vector<const Pending::value_type*> order;
    order.reserve(m_pending[t].size());
    for (const auto& entry : m_pending[t]) order.push_back(&entry);
    std::sort(order.begin(), order.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
    for (const auto* entry : order) {
      const Delta& delta = entry->second;
      if (std::all_of(delta.values.begin(), delta.values.begin() + static_cast<std::ptrdiff_t>(values),
                      [](std::int64_t v) { return v == 0; }))
        continue;  // counted out and in again (an amendment in the group of its rating): no change
      {
        StatementScope upsert(m_upsert[t]);
        bindKey(*upsert, table, entry->first);
        for (std::size_t v = 0; v < values; ++v) upsert->bind(static_cast<int>(table.keys.size() + v + 1), delta.values[v]);
        upsert->exec();
      }
      if (delta.shrinks) {
        StatementScope remove(m_deleteEmpty[t]);
        bindKey(*remove, table, entry->first);
        remove->exec();
      }
    }
    m_pending[t].clear();
  }
}

}  // namespace suara::hub
