#include "dashboard/csv_export.hpp"

#include <chrono>

#include "dashboard/figures.hpp"
#include "services/plan_service.hpp"
#include "suara/core/grouping.hpp"
#include "suara/core/skm_elements.hpp"

namespace suara::hub {

std::string csvField(std::string_view value) {
  std::string text(value);
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' || text[0] == '\r'))
    text.insert(0, "'");
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string csvLine(const std::vector<std::string>& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) line += (i ? "," : "") + csvField(fields[i]);
  return line + "\r\n";
}

std::string responsesCsvHeader() {
  std::vector<std::string> names = {"id", "local_date", "local_time", "utc_offset", "unit", "survey", "service", "counter", "officer"};
  for (const auto code : kSkmElementCodes) names.emplace_back(code);
  for (const char* name : {"overall", "reasons", "gender", "age_band", "education", "occupation", "partial"}) names.emplace_back(name);
  return csvLine(names);
}

std::string responseCsvLine(const Response& r, std::int64_t reportMs, int utcOffsetHours) {
  const std::int64_t localMs = reportMs + std::int64_t{utcOffsetHours} * 3'600'000;
  const std::int64_t day = localDay(reportMs, utcOffsetHours);
  const std::int64_t secondsOfDay = (localMs - day * 86'400'000) / 1000;
  char time[32];
  std::snprintf(time, sizeof time, "%02lld:%02lld", static_cast<long long>(secondsOfDay / 3600), static_cast<long long>(secondsOfDay / 60 % 60));
  std::vector<std::string> fields = {r.uuid, localDateText(day), time, std::to_string(utcOffsetHours), r.unitId, r.surveyId,
                                     r.serviceId, r.counterId, r.officerId};
  auto answer = [&](std::string_view code) {
    const auto it = r.answers.find(code);
    return it == r.answers.end() ? std::string() : std::to_string(it->second);
  };
  for (const auto code : kSkmElementCodes) fields.push_back(answer(code));
  fields.push_back(answer(kOverallCode));
  std::string reasons;
  for (const auto& reason : r.reasons) reasons += (reasons.empty() ? "" : ";") + reason;
  fields.push_back(reasons);
  fields.push_back(r.respondent.gender);
  fields.push_back(r.respondent.ageBand);
  fields.push_back(r.respondent.education);
  fields.push_back(r.respondent.occupation);
  fields.push_back(r.has(flags::kPartial) ? "1" : "0");
  return csvLine(fields);
}

namespace {

// The value at `path` in a page model as text; empty where any step is missing or null.
std::string at(const nlohmann::json& value, std::initializer_list<const char*> path) {
  const nlohmann::json* v = jsonAt(value, path);
  return !v ? "" : v->is_string() ? v->get<std::string>() : v->dump();
}

}  // namespace

std::string unitReportCsv(const nlohmann::json& m) {
  std::string out(kCsvByteOrderMark);
  out += csvLine({"section", "id", "name", "responses", "respondents", "nrr_or_ikm", "konversi", "interval_low", "interval_high", "mutu"});
  out += csvLine({"unit", at(m, {"unit", "id"}), at(m, {"unit", "name"}), at(m, {"responses"}), at(m, {"skm", "respondents"}),
                  at(m, {"skm", "ikm", "value"}), at(m, {"skm", "konversi", "value"}), "", "", at(m, {"skm", "mutu", "letter"})});
  if (m["quick"].is_object())
    out += csvLine({"quick_index", "overall", "Indeks Kepuasan Cepat (bukan IKM SKM)", "", at(m, {"quick", "respondents"}), "",
                    at(m, {"quick", "index", "value"}), "", "", ""});
  for (const auto& e : m["elements"])
    out += csvLine({"element", at(e, {"code"}), at(e, {"name"}), "", at(e, {"answered"}), at(e, {"nrr", "value"}), at(e, {"konversi", "value"}),
                    at(e, {"interval", "low", "value"}), at(e, {"interval", "high", "value"}), ""});
  for (const char* breakdown : {"by_service", "by_counter", "by_officer"})
    for (const auto& row : m[breakdown])
      out += csvLine({std::string(breakdown).substr(3), at(row, {"id"}), at(row, {"name"}), at(row, {"responses"}), at(row, {"skm", "respondents"}),
                      at(row, {"skm", "ikm", "value"}), at(row, {"skm", "konversi", "value"}), "", "", at(row, {"skm", "mutu", "letter"})});
  return out;
}

}  // namespace suara::hub
