#include "dashboard/export_tables.hpp"

#include <cstdio>

#include "dashboard/figures.hpp"
#include "services/plan_service.hpp"
#include "suara/core/grouping.hpp"
#include "suara/core/skm_elements.hpp"

namespace suara::hub {

const std::vector<ExportColumn>& responseColumns() {
  static const std::vector<ExportColumn> columns = [] {
    std::vector<ExportColumn> c = {{"id"}, {"local_date"}, {"local_time"}, {"utc_offset", true}, {"unit"}, {"survey"},
                                   {"service"}, {"counter"}, {"officer"}};
    for (const auto code : kSkmElementCodes) c.push_back({std::string(code), true});
    c.push_back({"overall", true});
    for (const char* name : {"reasons", "gender", "age_band", "education", "occupation"}) c.push_back({name});
    c.push_back({"partial", true});
    return c;
  }();
  return columns;
}

ExportRow responseRow(const Response& r, std::int64_t reportMs, int utcOffsetHours) {
  const std::int64_t localMs = reportMs + std::int64_t{utcOffsetHours} * 3'600'000;
  const std::int64_t day = localDay(reportMs, utcOffsetHours);
  const std::int64_t secondsOfDay = (localMs - day * 86'400'000) / 1000;
  char time[32];
  std::snprintf(time, sizeof time, "%02lld:%02lld", static_cast<long long>(secondsOfDay / 3600), static_cast<long long>(secondsOfDay / 60 % 60));
  ExportRow fields = {r.uuid, localDateText(day), time, std::to_string(utcOffsetHours), r.unitId, r.surveyId,
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
  return fields;
}

const std::vector<ExportColumn>& figureColumns() {
  static const std::vector<ExportColumn> columns = {
      {"section"},          {"id"},       {"name"},          {"responses", true},     {"respondents", true}, {"nrr_or_ikm", true},
      {"konversi", true},   {"interval_low", true}, {"interval_high", true}, {"mutu"}};
  return columns;
}

namespace {

// The value at `path` in a page model as text; empty where any step is missing or null.
std::string at(const nlohmann::json& value, std::initializer_list<const char*> path) {
  const nlohmann::json* v = jsonAt(value, path);
  return !v ? "" : v->is_string() ? v->get<std::string>() : v->dump();
}

}  // namespace

std::vector<ExportRow> figureRows(const nlohmann::json& m) {
  std::vector<ExportRow> rows;
  rows.push_back({"unit", at(m, {"unit", "id"}), at(m, {"unit", "name"}), at(m, {"responses"}), at(m, {"skm", "respondents"}),
                  at(m, {"skm", "ikm", "value"}), at(m, {"skm", "konversi", "value"}), "", "", at(m, {"skm", "mutu", "letter"})});
  if (m["quick"].is_object())
    rows.push_back({"quick_index", "overall", "Indeks Kepuasan Cepat (bukan IKM SKM)", "", at(m, {"quick", "respondents"}), "",
                    at(m, {"quick", "index", "value"}), "", "", ""});
  for (const auto& e : m["elements"])
    rows.push_back({"element", at(e, {"code"}), at(e, {"name"}), "", at(e, {"answered"}), at(e, {"nrr", "value"}), at(e, {"konversi", "value"}),
                    at(e, {"interval", "low", "value"}), at(e, {"interval", "high", "value"}), ""});
  for (const char* breakdown : {"by_service", "by_counter", "by_officer"})
    for (const auto& row : m[breakdown])
      rows.push_back({std::string(breakdown).substr(3), at(row, {"id"}), at(row, {"name"}), at(row, {"responses"}), at(row, {"skm", "respondents"}),
                      at(row, {"skm", "ikm", "value"}), at(row, {"skm", "konversi", "value"}), "", "", at(row, {"skm", "mutu", "letter"})});
  return rows;
}

}  // namespace suara::hub
