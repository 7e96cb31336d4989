#include "storage/sqlite/sqlite_response_rows.hpp"

#include <algorithm>

#include "suara/core/compact_codec.hpp"

namespace suara::hub {

const std::array<std::string_view, kAnswerColumnCount> kAnswerCodes = {"U1", "U2", "U3", "U4", "U5",
                                                                       "U6", "U7", "U8", "U9", "overall"};
const std::array<std::string_view, kAnswerColumnCount> kAnswerColumns = {"u1", "u2", "u3", "u4", "u5",
                                                                         "u6", "u7", "u8", "u9", "overall"};

namespace {
std::string column(SQLite::Statement& st, int index) {
  const auto c = st.getColumn(index);
  return c.isNull() ? std::string() : c.getString();
}
}  // namespace

int answerColumnOf(std::string_view code) {
  const auto it = std::find(kAnswerCodes.begin(), kAnswerCodes.end(), code);
  return it == kAnswerCodes.end() ? -1 : static_cast<int>(it - kAnswerCodes.begin());
}

std::string answerColumnList() {
  std::string list;
  for (const auto name : kAnswerColumns) list += (list.empty() ? "" : ", ") + std::string(name);
  return list;
}

std::string answerPlaceholders() {
  std::string list;
  for (std::size_t i = 0; i < kAnswerColumnCount; ++i) list += i == 0 ? "?" : ", ?";
  return list;
}

void bindAnswers(SQLite::Statement& st, int first, const Response& r) {
  std::array<int, kAnswerColumnCount> scores{};
  for (const auto& [code, score] : r.answers) scores[static_cast<std::size_t>(answerColumnOf(code))] = score;
  for (std::size_t i = 0; i < kAnswerColumnCount; ++i) {
    if (scores[i] == 0) st.bind(first + static_cast<int>(i));
    else st.bind(first + static_cast<int>(i), scores[i]);
  }
}

std::string reportTimeSql(std::string_view table) {
  const std::string t = table.empty() ? std::string() : std::string(table) + ".";
  return "CASE WHEN " + t + "clock_flags & " + std::to_string(kImplausibleClock) + " THEN " + t + "received_ms ELSE " + t +
         "corrected_ms END";
}

std::string responseSelect(std::string_view timeColumn, std::string_view extra) {
  return "SELECT uuid, seq, unit_id, survey, survey_version, reasons, service, counter, officer, respondent, " +
         std::string(timeColumn) + ", mono_ms, boot, flags, skipped, " + answerColumnList() +
         (extra.empty() ? "" : ", " + std::string(extra)) + " FROM responses";
}

Response responseFromRow(SQLite::Statement& st) {
  Response r;
  const auto uuid = st.getColumn(0);
  r.uuid = detail::uuidFromBytes(uuid.getBlob(), uuid.getBytes());
  r.seq = st.getColumn(1).getInt64();
  r.unitId = st.getColumn(2).getString();
  r.surveyId = st.getColumn(3).getString();
  r.surveyVersion = st.getColumn(4).getInt();
  r.reasons = detail::splitIds(column(st, 5));
  r.serviceId = column(st, 6);
  r.counterId = column(st, 7);
  r.officerId = column(st, 8);
  detail::decodeRespondent(column(st, 9), r.respondent);
  r.clock = {st.getColumn(10).getInt64(), st.getColumn(11).getInt64(), st.getColumn(12).getString()};
  r.flags = static_cast<std::uint32_t>(st.getColumn(13).getInt64());
  r.skipped = detail::splitIds(column(st, 14));
  for (std::size_t i = 0; i < kAnswerColumnCount; ++i) {
    const auto score = st.getColumn(15 + static_cast<int>(i));
    if (!score.isNull()) r.answers.emplace(std::string(kAnswerCodes[i]), score.getInt());
  }
  return r;
}

}  // namespace suara::hub
