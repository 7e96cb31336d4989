#pragma once
// Reading and writing rows of the store's `responses` table (internal to LocalStore and its
// salvage). One place, so that the live store and a salvage read a row the same way.

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "suara/core/response.hpp"

namespace SQLite {
class Database;
class Statement;
}  // namespace SQLite

namespace suara::detail {

// The columns readResponse() expects, in its order; column 13 is left to the caller (the boot
// id, joined or looked up) and 17 is acked_at.
inline constexpr const char* kResponseColumns =
    "r.seq, r.uuid, r.survey, r.survey_version, r.answers, r.reasons, r.unit, r.service, r.counter, r.officer, "
    "r.respondent, r.wall_ms, r.mono_ms, ?, r.flags, r.skipped, r.amends, r.acked_at";

// `kResponseColumns` with column 13 replaced by `bootColumn`.
std::string responseColumns(const std::string& bootColumn);

// Decodes the current row (columns as kResponseColumns; the boot id is not read). Throws
// SQLite::Exception(SQLITE_CORRUPT) for a row that cannot be decoded.
Response readResponse(SQLite::Statement& st);

// The boots row for `bootId`, inserted if new.
std::int64_t bootRow(SQLite::Statement& find, SQLite::Statement& insert, SQLite::Database& db, const std::string& bootId);

// INSERT for one response; `withSeqAndAck` adds the sequence number (NULL: the next one) and
// acked_at as parameters 17 and 18 (salvage keeps both).
std::string insertResponseSql(bool withSeqAndAck);
// Binds a response to an insertResponseSql() statement. The texts it encodes live in `scratch`
// until the statement runs.
struct RowScratch {
  std::string answers, reasons, respondent, skipped;
  std::optional<std::array<unsigned char, 16>> uuid, amends;
};
void bindResponse(SQLite::Statement& st, const Response& r, std::int64_t bootRow, RowScratch& scratch);

}  // namespace suara::detail
