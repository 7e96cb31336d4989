// Schema step 4: answers move from encoded text ("U1:4,U2:3") into one small-integer column
// per code, so that reports can aggregate them in SQL. A row whose answers have no column
// (hubs before validation accepted any code) is moved to the quarantine with the reason,
// never dropped; an admin can see it there.

#include <sqlite3.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "storage/sqlite/sqlite_response_rows.hpp"
#include "storage/sqlite/sqlite_schema.hpp"
#include "suara/core/compact_codec.hpp"
#include "suara/core/skm_elements.hpp"

namespace suara::hub {

namespace {

// Why the answers of a row cannot go into columns; empty when they can.
std::string whyNoColumns(const std::string& encoded, Response& decoded) {
  if (!detail::decodeAnswers(encoded, decoded)) return "answers '" + encoded + "' cannot be decoded";
  for (const auto& [code, score] : decoded.answers) {
    if (answerColumnOf(code) < 0) return "answer '" + code + "' is not an element this hub stores";
    if (score < kMinScore || score > kMaxScore) return "answer '" + code + "' has the score " + std::to_string(score);
  }
  return {};
}

void quarantineRow(SQLite::Database& db, std::int64_t rowId, const std::string& reason) {
  SQLite::Statement read(db, responseSelect("kiosk_wall_ms", "answers, kiosk_id, received_ms, corrected_ms, clock_flags") +
                                 " WHERE id = ?");
  read.bind(1, rowId);
  if (!read.executeStep()) return;
  Response r = responseFromRow(read);
  detail::decodeAnswers(read.getColumn(kResponseSelectColumns).getString(), r);  // as far as it decodes
  SQLite::Statement keep(db,
                         "INSERT INTO quarantine (item_id, kiosk_id, unit_id, reason, payload, first_ms, last_ms, "
                         "corrected_ms, clock_flags) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(kiosk_id, item_id) DO UPDATE SET "
                         "reason = excluded.reason || '; earlier: ' || reason, payload = excluded.payload, "
                         "last_ms = excluded.last_ms, corrected_ms = excluded.corrected_ms, "
                         "clock_flags = excluded.clock_flags, times = times + 1");
  keep.bind(1, r.uuid);
  keep.bind(2, read.getColumn(kResponseSelectColumns + 1).getString());
  keep.bind(3, r.unitId);
  keep.bind(4, "moved out of the reports when the hub's storage changed: " + reason);
  keep.bind(5, toJson(r).dump());
  keep.bind(6, read.getColumn(kResponseSelectColumns + 2).getInt64());
  keep.bind(7, clockNow().wallMs);
  keep.bind(8, read.getColumn(kResponseSelectColumns + 3).getInt64());
  keep.bind(9, read.getColumn(kResponseSelectColumns + 4).getInt64());
  keep.exec();
  SQLite::Statement remove(db, "DELETE FROM responses WHERE id = ?");
  remove.bind(1, rowId);
  remove.exec();
}

}  // namespace

void moveAnswersToColumns(SQLite::Database& db) {
  db.exec("ALTER TABLE quarantine ADD COLUMN corrected_ms INTEGER");  // the hub's time, when it could tell
  db.exec("ALTER TABLE quarantine ADD COLUMN clock_flags INTEGER");
  for (const auto name : kAnswerColumns) {
    const std::string column(name);
    db.exec("ALTER TABLE responses ADD COLUMN " + column + " INTEGER CHECK (" + column + " BETWEEN 1 AND 4)");
  }

  // Rows that cannot convert leave first (few, if any: collected before anything changes).
  db.createFunction("suara_why_no_columns", 1, true, nullptr, [](sqlite3_context* ctx, int, sqlite3_value** argv) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    Response decoded;
    const std::string why = whyNoColumns(text ? text : "", decoded);
    if (why.empty()) sqlite3_result_null(ctx);
    else sqlite3_result_text(ctx, why.c_str(), static_cast<int>(why.size()), SQLITE_TRANSIENT);
  });
  std::vector<std::pair<std::int64_t, std::string>> unconvertible;
  {
    SQLite::Statement rows(db, "SELECT id, why FROM (SELECT id, suara_why_no_columns(answers) AS why FROM responses) "
                               "WHERE why IS NOT NULL");
    while (rows.executeStep()) unconvertible.emplace_back(rows.getColumn(0).getInt64(), rows.getColumn(1).getString());
  }
  for (const auto& [id, why] : unconvertible) quarantineRow(db, id, why);

  // The rest in one statement: the score of each code, read from the text by the same decoder.
  db.createFunction("suara_answer", 2, true, nullptr, [](sqlite3_context* ctx, int, sqlite3_value** argv) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    const auto* code = reinterpret_cast<const char*>(sqlite3_value_text(argv[1]));
    Response decoded;
    detail::decodeAnswers(text ? text : "", decoded);
    const auto it = decoded.answers.find(code ? code : "");
    if (it == decoded.answers.end()) sqlite3_result_null(ctx);
    else sqlite3_result_int(ctx, it->second);
  });
  std::string assignments;
  for (std::size_t i = 0; i < kAnswerColumnCount; ++i) {
    assignments += (i ? ", " : "") + std::string(kAnswerColumns[i]) + " = suara_answer(answers, '" + std::string(kAnswerCodes[i]) + "')";
  }
  db.exec("UPDATE responses SET " + assignments);
  db.exec("ALTER TABLE responses DROP COLUMN answers");
}

}  // namespace suara::hub
