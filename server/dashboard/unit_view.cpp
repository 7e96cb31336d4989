// A unit's page: its figures for a period, filtered by service and counter, with the
// breakdowns a manager needs to decide where training goes.

#include <algorithm>
#include <map>

#include "dashboard/dashboard_service.hpp"
#include "dashboard/figures.hpp"
#include "suara/core/report.hpp"

namespace suara::hub {

namespace {

constexpr std::int64_t kTrendMonths = 24;

std::string timeZoneName(int utcOffsetHours) {
  switch (utcOffsetHours) {
    case 7: return "WIB";
    case 8: return "WITA";
    case 9: return "WIT";
    default: return "UTC" + std::string(utcOffsetHours < 0 ? "" : "+") + std::to_string(utcOffsetHours);
  }
}

// Rows of one breakdown (service, counter, officer): name, headline figures, sorted by
// respondents, largest first.
nlohmann::json breakdownJson(const std::map<std::string, RollupTally>& tallies, const std::map<std::string, std::string>& names,
                             Language language) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& [id, tally] : tallies) {
    nlohmann::json row = headlineJson(tally, language);
    row["id"] = id;
    const auto name = names.find(id);
    row["name"] = id.empty() ? (language == Language::English ? "(not recorded)" : "(tidak dicatat)")
                             : name != names.end() ? name->second : id;
    rows.push_back(std::move(row));
  }
  std::stable_sort(rows.begin(), rows.end(), [](const nlohmann::json& a, const nlohmann::json& b) {
    return a["responses"].get<std::int64_t>() > b["responses"].get<std::int64_t>();
  });
  return rows;
}

nlohmann::json trendJson(const std::map<std::int64_t, RollupTally>& byMonth, std::int64_t from, std::int64_t to, Language language) {
  nlohmann::json months = nlohmann::json::array(), quarters = nlohmann::json::array();
  auto point = [&](const std::string& label, const std::string& title, const RollupTally& tally) {
    const IkmSummary ikm = ikmSummaryOf(tally);
    nlohmann::json p = {{"label", label}, {"title", title}, {"responses", tally.responses}, {"skm_respondents", ikm.respondents}};
    p["konversi"] = ikm.mutu ? nlohmann::json(hundredthsText(ikm.konversiHundredths, Language::English)) : nlohmann::json(nullptr);
    p["quick_index"] = tally.quickRespondents > 0
                           ? nlohmann::json(hundredthsText(konversiHundredthsOf(tally.quickSum, tally.quickRespondents), Language::English))
                           : nlohmann::json(nullptr);
    return p;
  };
  RollupTally quarter;
  for (std::int64_t m = from; m < to; ++m) {
    const auto it = byMonth.find(m);
    const RollupTally tally = it == byMonth.end() ? RollupTally{} : it->second;
    months.push_back(point(monthLabel(m), monthShortTitle(m, language), tally));
    quarter.add(tally);
    if (m % 3 == 2) {
      MonthRange q{MonthRange::Kind::Quarter, m - 2, m + 1};
      quarters.push_back(point(q.label(), q.title(language), quarter));
      quarter = {};
    }
  }
  return {{"months", months}, {"quarters", quarters}};
}

const std::vector<std::string_view>& respondentValues(const std::string& attribute) {
  static const std::vector<std::string_view> none;
  if (attribute == "gender") return respondentGenders();
  if (attribute == "age") return respondentAgeBands();
  if (attribute == "education") return respondentEducations();
  if (attribute == "occupation") return respondentOccupations();
  return none;
}

}  // namespace

Status checkFilters(const Unit& unit, const UnitView& view) {
  if (!view.serviceId.empty() &&
      std::none_of(unit.services.begin(), unit.services.end(), [&](const ServiceOption& s) { return s.id == view.serviceId; }))
    return makeError(Errc::Invalid, "unit '" + unit.id + "' has no service '" + view.serviceId + "'");
  if (!view.counterId.empty() &&
      std::none_of(unit.counters.begin(), unit.counters.end(), [&](const Counter& c) { return c.id == view.counterId; }))
    return makeError(Errc::Invalid, "unit '" + unit.id + "' has no counter '" + view.counterId + "'");
  return {};
}

Result<nlohmann::json> DashboardService::unit(const DashboardUser& user, const UnitView& view, Language language, std::int64_t nowMs) {
  if (!user.maySee(view.unitId)) return makeError(Errc::NotFound, "no unit '" + view.unitId + "'");
  auto unit = m_units.unit(view.unitId);
  if (!unit) return unit.error();
  if (auto known = checkFilters(*unit, view); !known) return known.error();

  RollupQuery query;
  query.units = {unit->id};
  query.serviceId = view.serviceId;
  query.counterId = view.counterId;
  query.from = std::min(view.period.from, view.period.to - kTrendMonths);
  query.to = view.period.to;
  auto rows = m_rollups.tallies(RollupGrain::Month, query);
  if (!rows) return rows.error();
  RollupTally total;
  std::map<std::string, RollupTally> byService, byCounter, byOfficer;
  std::map<std::int64_t, RollupTally> byMonth;
  for (const auto& row : *rows) {
    byMonth[row.bucket].add(row.tally);
    if (row.bucket < view.period.from) continue;
    total.add(row.tally);
    byService[row.serviceId].add(row.tally);
    byCounter[row.counterId].add(row.tally);
    if (!row.officerId.empty()) byOfficer[row.officerId].add(row.tally);
  }
  query.from = view.period.from;
  auto heat = m_rollups.heat(query);
  if (!heat) return heat.error();
  auto reasons = m_rollups.reasonCounts(query);
  if (!reasons) return reasons.error();
  auto profile = m_rollups.profileCounts(query);
  if (!profile) return profile.error();

  std::map<std::string, std::string> serviceNames, counterNames;
  nlohmann::json services = nlohmann::json::array(), counters = nlohmann::json::array();
  for (const auto& s : unit->services) {
    serviceNames[s.id] = s.name.in(language);
    services.push_back({{"id", s.id}, {"name", serviceNames[s.id]}, {"selected", s.id == view.serviceId}});
  }
  for (const auto& c : unit->counters) {
    counterNames[c.id] = c.name;
    counters.push_back({{"id", c.id}, {"name", c.name}, {"selected", c.id == view.counterId}});
  }

  nlohmann::json out = headlineJson(total, language);
  out["unit"] = {{"id", unit->id}, {"name", unit->name}, {"survey", unit->survey}, {"utc_offset", unit->utcOffsetHours},
                 {"time_zone", timeZoneName(unit->utcOffsetHours)}};
  out["period"] = {{"label", view.period.label()}, {"title", view.period.title(language)},
                   {"previous", view.period.previous().label()}, {"next", view.period.next().label()}};
  out["filters"] = {{"service", view.serviceId}, {"counter", view.counterId}, {"services", services}, {"counters", counters}};
  out["elements"] = elementsJson(total, language);
  const std::int64_t months = monthsRated(byMonth, view.period);  // as the report counts the population
  out["sample"] = nullptr;
  // A service's or counter's share of the unit's users is not known: no sample figure for them.
  if (unit->monthlyUsers && *unit->monthlyUsers > 0 && months > 0 && total.skmRespondents > 0 && view.serviceId.empty() &&
      view.counterId.empty()) {
    const auto sample = sampleAdequacy(*unit->monthlyUsers * months, total.skmRespondents);
    out["sample"] = {{"population", sample.population}, {"required", sample.required},
                     {"required_display", countText(sample.required, language)}, {"adequate", sample.adequate()}};
  }
  out["trend"] = trendJson(byMonth, view.period.to - kTrendMonths, view.period.to, language);
  out["by_service"] = breakdownJson(byService, serviceNames, language);
  out["by_counter"] = breakdownJson(byCounter, counterNames, language);
  out["by_officer"] = breakdownJson(byOfficer, {}, language);

  nlohmann::json cells = nlohmann::json::array();
  for (const auto& cell : *heat)
    cells.push_back({{"weekday", cell.weekday}, {"hour", cell.hour}, {"responses", cell.responses},
                     {"satisfaction", cell.scores > 0 ? nlohmann::json(hundredthsText(meanHundredthsOf(cell.scoreSum, cell.scores, 25), language))
                                                      : nlohmann::json(nullptr)}});
  out["heat"] = cells;

  std::map<std::string, std::pair<std::int64_t, std::int64_t>> reasonTotals;  // complaints, satisfied
  for (const auto& r : *reasons) (r.dissatisfied ? reasonTotals[r.reasonId].first : reasonTotals[r.reasonId].second) += r.count;
  nlohmann::json reasonRows = nlohmann::json::array();
  for (const auto& [id, counts] : reasonTotals) {
    std::string label = id;
    if (const SurveyDefinition* survey = m_surveys.find(unit->survey))
      if (const QuickReason* reason = survey->findReason(id)) label = reason->label.in(language);
    reasonRows.push_back({{"id", id}, {"label", label}, {"complaints", counts.first}, {"satisfied", counts.second}});
  }
  std::stable_sort(reasonRows.begin(), reasonRows.end(), [](const nlohmann::json& a, const nlohmann::json& b) {
    return a["complaints"].get<std::int64_t>() > b["complaints"].get<std::int64_t>();
  });
  out["has_reasons"] = !reasonRows.empty();
  out["reasons"] = reasonRows;

  std::map<std::string, std::map<std::string, std::int64_t>> byAttribute;
  for (const auto& p : *profile) byAttribute[p.attribute][p.value] += p.count;
  nlohmann::json profileJson = nlohmann::json::object();
  const StringCatalog& words = m_translations.catalog(language);
  for (auto& [attribute, values] : byAttribute) {
    std::int64_t sum = 0;
    for (const auto& [value, count] : values) sum += count;
    // In the order the kiosk offers them (under 20 before 20–29), with the kiosk's words;
    // "not given" last.
    std::vector<std::string> order;
    for (const auto allowed : respondentValues(attribute)) order.emplace_back(allowed);
    for (const auto& [value, count] : values)
      if (std::find(order.begin(), order.end(), value) == order.end()) order.push_back(value);
    nlohmann::json list = nlohmann::json::array();
    for (const auto& value : order) {
      const auto it = values.find(value);
      if (it == values.end()) continue;
      list.push_back({{"value", value}, {"given", !value.empty()},
                      {"label", value.empty() ? std::string() : std::string(words.tr(attribute + "." + value))},
                      {"count", it->second}, {"percent", hundredthsJson(meanHundredthsOf(it->second, sum, 100), language)}});
    }
    profileJson[attribute] = list;
  }
  out["profile"] = profileJson;

  // The plan for this view, as `report` draws it up: from the quarter after the period.
  RtlOptions plan;
  plan.firstQuarter = MonthRange{MonthRange::Kind::Quarter, view.period.to - view.period.to % 3, view.period.to - view.period.to % 3 + 3}.label();
  plan.offices = {unit->offices.begin(), unit->offices.end()};
  const auto catalog = m_catalog.current();  // held while the plan points into it
  const auto priorities = rankTrainingPriorities(ikmSummaryOf(total), quickSummaryOf(total), *catalog, plan);
  nlohmann::json rtl = nlohmann::json::array();
  for (std::size_t i = 0; i < priorities.size(); ++i) {
    nlohmann::json item = priorityJson(priorities[i], i + 1, language);
    // What accepting the suggestion records: its first-ranked programme.
    item["suggested_programme"] = priorities[i].programmes.empty() ? std::string() : priorities[i].programmes.front()->id;
    rtl.push_back(std::move(item));
  }
  out["priorities"] = rtl;
  auto kept = keptPlan(*unit, *catalog, language, nowMs);
  if (!kept) return kept.error();
  out["plan"] = std::move(*kept);
  out["may_plan"] = user.mayPlan(unit->id);
  auto published = m_plans.published(unit->id);
  if (!published) return published.error();
  out["published"] = *published;
  return out;
}

}  // namespace suara::hub
