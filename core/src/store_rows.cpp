#include "store_rows.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include "suara/core/compact_codec.hpp"

namespace suara::detail {

namespace {

std::string columnText(SQLite::Statement& st, int index) {
  const SQLite::Column column = st.getColumn(index);
  return column.isNull() ? std::string() : column.getString();
}

void bindOptional(SQLite::Statement& st, int index, const std::string& text) {
  if (text.empty()) st.bind(index);  // NULL costs one header byte
  else st.bindNoCopy(index, text);
}

}  // namespace

std::string responseColumns(const std::string& bootColumn) {
  std::string columns = kResponseColumns;
  columns.replace(columns.find('?'), 1, bootColumn);
  return columns;
}

Response readResponse(SQLite::Statement& st) {
  Response r;
  r.seq = st.getColumn(0).getInt64();
  const SQLite::Column uuid = st.getColumn(1);
  r.uuid = uuidFromBytes(uuid.getBlob(), uuid.getBytes());
  r.surveyId = columnText(st, 2);
  r.surveyVersion = st.getColumn(3).getInt();
  const bool answersOk = decodeAnswers(columnText(st, 4), r);
  r.reasons = splitIds(columnText(st, 5));
  r.unitId = columnText(st, 6);
  r.serviceId = columnText(st, 7);
  r.counterId = columnText(st, 8);
  r.officerId = columnText(st, 9);
  const bool respondentOk = decodeRespondent(columnText(st, 10), r.respondent);
  r.clock.wallMs = st.getColumn(11).getInt64();
  r.clock.monoMs = st.getColumn(12).getInt64();
  r.flags = static_cast<std::uint32_t>(st.getColumn(14).getInt64());
  r.skipped = splitIds(columnText(st, 15));
  if (const SQLite::Column amends = st.getColumn(16); !amends.isNull()) {
    r.amends = uuidFromBytes(amends.getBlob(), amends.getBytes());
    if (r.amends.empty()) throw SQLite::Exception("row " + std::to_string(r.seq) + " amends an unreadable id", SQLITE_CORRUPT);
  }
  if (r.uuid.empty() || !answersOk || !respondentOk)
    throw SQLite::Exception("row " + std::to_string(r.seq) + " cannot be decoded", SQLITE_CORRUPT);
  return r;
}

std::int64_t bootRow(SQLite::Statement& find, SQLite::Statement& insert, SQLite::Database& db, const std::string& bootId) {
  find.reset();
  find.bind(1, bootId);
  const bool found = find.executeStep();
  const std::int64_t row = found ? find.getColumn(0).getInt64() : 0;
  find.reset();  // no statement keeps a read open beyond its call
  if (found) return row;
  insert.reset();
  insert.bind(1, bootId);
  insert.exec();
  return db.getLastInsertRowid();
}

std::string insertResponseSql(bool withSeqAndAck) {
  return std::string("INSERT INTO responses (uuid, survey, survey_version, answers, reasons, unit, service, counter, officer, "
                     "respondent, wall_ms, mono_ms, boot, flags, skipped, amends") +
         (withSeqAndAck ? ", seq, acked_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                        : ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
}

void bindResponse(SQLite::Statement& st, const Response& r, std::int64_t bootRowId, RowScratch& scratch) {
  scratch.uuid = uuidToBytes(r.uuid);
  scratch.answers = encodeAnswers(r);
  scratch.reasons = joinIds(r.reasons);
  scratch.respondent = encodeRespondent(r.respondent);
  scratch.skipped = joinIds(r.skipped);
  scratch.amends = uuidToBytes(r.amends);  // nothing for a rating
  st.reset();
  st.bindNoCopy(1, scratch.uuid->data(), static_cast<int>(scratch.uuid->size()));
  st.bindNoCopy(2, r.surveyId);
  st.bind(3, r.surveyVersion);
  st.bindNoCopy(4, scratch.answers);
  bindOptional(st, 5, scratch.reasons);
  bindOptional(st, 6, r.unitId);
  bindOptional(st, 7, r.serviceId);
  bindOptional(st, 8, r.counterId);
  bindOptional(st, 9, r.officerId);
  bindOptional(st, 10, scratch.respondent);
  st.bind(11, r.clock.wallMs);
  st.bind(12, r.clock.monoMs);
  st.bind(13, bootRowId);
  st.bind(14, static_cast<std::int64_t>(r.flags));
  bindOptional(st, 15, scratch.skipped);
  if (scratch.amends) st.bindNoCopy(16, scratch.amends->data(), static_cast<int>(scratch.amends->size()));
  else st.bind(16);
}

}  // namespace suara::detail
