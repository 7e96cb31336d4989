#pragma once
// How a response is laid out in the hub's `responses` table: U1–U9 and the quick survey's
// overall rating in one small-integer column each (NULL when not answered), so that reports
// can aggregate in SQL; lists of ids in compact text (compact_codec.hpp).

#include <SQLiteCpp/SQLiteCpp.h>

#include <array>
#include <string>
#include <string_view>

#include "clock_correction.hpp"
#include "suara/core/response.hpp"

namespace suara::hub {

// One column per answer code the hub stores, in this order; the validator refuses any other
// code before it reaches storage (item_validator.cpp).
inline constexpr std::size_t kAnswerColumnCount = 10;
extern const std::array<std::string_view, kAnswerColumnCount> kAnswerCodes;    // "U1" … "U9", "overall"
extern const std::array<std::string_view, kAnswerColumnCount> kAnswerColumns;  // "u1" … "u9", "overall"

// Index into kAnswerCodes, or -1 when the hub has no column for `code`.
int answerColumnOf(std::string_view code);

// "u1, u2, …, overall" and "?, ?, …, ?" for statements.
std::string answerColumnList();
std::string answerPlaceholders();

// Binds the answers of `r` to parameters first … first+9 (NULL where not answered).
// Precondition: every answer code has a column (answerColumnOf >= 0).
void bindAnswers(SQLite::Statement& st, int first, const Response& r);

// A corrected time before the kiosk's enrolment or after the hub received it says only that
// the kiosk's clock was wrong; the rating happened no later than its receipt, so reports (and
// the rollups) count it there rather than years away.
inline constexpr std::uint32_t kImplausibleClock = clockflags::kFuture | clockflags::kBeforeEnrolment;
constexpr std::int64_t reportTimeOf(std::int64_t correctedMs, std::int64_t receivedMs, std::uint32_t clockFlags) {
  return (clockFlags & kImplausibleClock) != 0 ? receivedMs : correctedMs;
}
// The same over a row of `responses`, as an SQL expression; `table` qualifies the columns.
std::string reportTimeSql(std::string_view table = {});

// SELECT of everything a Response needs, with `timeColumn` as its clock.wallMs
// (corrected_ms for reports, kiosk_wall_ms for the item as sent), then `extra` columns.
std::string responseSelect(std::string_view timeColumn, std::string_view extra = {});
// The Response of a row of responseSelect; extra columns start at kResponseSelectColumns.
Response responseFromRow(SQLite::Statement& st);
inline constexpr int kResponseSelectColumns = 15 + static_cast<int>(kAnswerColumnCount);

}  // namespace suara::hub
