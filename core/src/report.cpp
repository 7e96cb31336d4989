#include "suara/core/report.hpp"

#include <algorithm>
#include <limits>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

namespace suara {

using nlohmann::json;

namespace {

// A population and where it came from.
struct Population {
  std::int64_t users = 0;
  PopulationBasis basis;
};

// Beyond these, a clock or a setting is wrong, not the population (and products stay in range).
constexpr std::int64_t kMaxSpan = 12'000;             // a thousand years of months
constexpr std::int64_t kMaxMonthlyUsers = 1'000'000'000'000;

// Service users while ratings from one unit of `monthly` users a month were taken: whole
// calendar months from the first to the last rating, or for day and week periods their days
// at a 30-day month, rounded up (a larger population never understates the sample needed).
Population unitPopulation(std::int64_t monthly, Period period, std::int64_t firstMs, std::int64_t lastMs, int hours) {
  Population p;
  monthly = std::min(monthly, kMaxMonthlyUsers);
  p.basis = {PopulationBasis::Source::UnitSetting, monthly, 0, 0, 1};
  if (period == Period::Day || period == Period::Week) {
    p.basis.days = std::min(localDay(lastMs, hours) - localDay(firstMs, hours) + 1, kMaxSpan);
    p.users = (monthly * p.basis.days + 29) / 30;
  } else {
    p.basis.months = std::min(localMonth(lastMs, hours) - localMonth(firstMs, hours) + 1, kMaxSpan);
    p.users = monthly * p.basis.months;
  }
  return p;
}

const UnitProfile* profileOf(const ReportOptions& options, const std::string& unitId) {
  const auto it = options.unitProfiles.find(unitId);
  return it == options.unitProfiles.end() ? nullptr : &it->second;
}

// A group's population: the operator's figure, or its unit's monthly volume over the span of
// its ratings. Unknown for a group of a service, counter, officer or survey (their share of
// a unit's users is not known) or of several units.
std::optional<Population> groupPopulation(const GroupTally& group, const ReportOptions& options) {
  if (options.population > 0) return Population{options.population, {}};
  // A group without SKM answers has no SKM sample to judge (a unit running quick mode alone).
  if (group.tally.ikm().respondents == 0 || group.severalUnits) return std::nullopt;
  if (options.by != Dimension::Unit && options.by != Dimension::All) return std::nullopt;
  const UnitProfile* profile = profileOf(options, group.unitId);
  if (!profile || !profile->monthlyUsers || *profile->monthlyUsers <= 0) return std::nullopt;
  return unitPopulation(*profile->monthlyUsers, options.period, group.firstMs, group.lastMs,
                        options.utcOffsets.hoursFor(group.unitId));
}

// The whole report's population: the sum of the own populations of its units that answered
// the SKM (a unit running quick mode alone has no SKM respondents to count against), known
// only when each of them has its volume set.
struct Span {
  std::int64_t firstMs = 0, lastMs = 0;
  bool skm = false;  // whether any of its ratings answered the SKM
};

std::optional<Population> overallPopulation(const std::map<std::string, Span>& units, const ReportOptions& options) {
  if (options.population > 0) return Population{options.population, {}};
  if (units.empty()) return std::nullopt;
  Population sum{0, {PopulationBasis::Source::UnitSetting, 0, -1, 0, 0}};
  for (const auto& [unitId, span] : units) {
    if (!span.skm) continue;
    const UnitProfile* profile = profileOf(options, unitId);
    if (!profile || !profile->monthlyUsers || *profile->monthlyUsers <= 0) return std::nullopt;
    const Population p = unitPopulation(*profile->monthlyUsers, Period::All, span.firstMs, span.lastMs, options.utcOffsets.hoursFor(unitId));
    sum.users += p.users;
    sum.basis.monthlyUsers += p.basis.monthlyUsers;
    sum.basis.months = sum.basis.months == -1 || sum.basis.months == p.basis.months ? p.basis.months : 0;
    ++sum.basis.units;
  }
  if (sum.basis.units == 0) return std::nullopt;
  return sum;
}

ReportGroup makeGroup(GroupKey key, const IkmAccumulator& acc, const std::optional<Population>& population,
                      const TrainingCatalog& catalog, const RtlOptions& plan) {
  ReportGroup group;
  group.key = std::move(key);
  group.responses = acc.responses();
  group.ikm = acc.ikm();
  group.quick = acc.quick();
  if (population) {
    group.sample = sampleAdequacy(population->users, group.ikm.respondents);
    group.population = population->basis;
  }
  group.priorities = rankTrainingPriorities(group.ikm, group.quick, catalog, plan);
  return group;
}

// The plan of a group whose ratings all come from one unit names that unit's offices.
RtlOptions planFor(const std::string& firstQuarter, const ReportOptions& options, const std::string* soleUnit) {
  RtlOptions plan{firstQuarter, {}};
  if (const UnitProfile* profile = soleUnit ? profileOf(options, *soleUnit) : nullptr) plan.offices = profile->offices;
  return plan;
}

// The responses a report counts: each id once, each fitting a known survey; the rest tallied
// by reason.
std::vector<CountedResponse> countable(const std::vector<Response>& responses, const SurveyCatalog& surveys, Report& report) {
  std::vector<CountedResponse> counted;
  counted.reserve(responses.size());
  std::unordered_map<std::string_view, const Response*> seen;
  std::map<std::string, std::int64_t> excluded;
  for (const auto& r : responses) {
    // What cannot be counted is left out first, so that an unfit copy never hides a fit one
    // with its id, whichever comes first.
    std::string why = r.isAmendment() ? "a follow-up whose rating is not in the report" : whyNotOfSurvey(r, surveys);
    if (!why.empty()) {
      ++excluded[std::move(why)];
      continue;
    }
    const auto [first, added] = seen.try_emplace(r.uuid, &r);
    if (!added) {
      // The hub's rule: the first one stands; a different one is a conflict, said as such.
      if (*first->second == r) ++report.duplicatesIgnored;
      else ++excluded["the id of an earlier response with other answers or details (the first one counts)"];
      continue;
    }
    counted.push_back({&r, surveys.find(r.surveyId)->mode});
  }
  for (auto& [reason, count] : excluded) report.excluded.push_back({reason, count});
  std::stable_sort(report.excluded.begin(), report.excluded.end(),
                   [](const ReportExclusion& a, const ReportExclusion& b) { return a.count > b.count; });
  return counted;
}

// The quarter after the latest counted rating, each rating's day in its own unit's time (a
// WIT rating at 00:30 on 1 January is later, in the calendar, than a WIB one at 23:30 on 31
// December, though earlier in UTC).
std::string quarterAfterLatest(const std::vector<CountedResponse>& counted, const UtcOffsets& offsets) {
  if (counted.empty()) return {};
  std::int64_t latestDay = std::numeric_limits<std::int64_t>::min();
  for (const auto& [r, mode] : counted) latestDay = std::max(latestDay, localDay(r->clock.wallMs, offsets.hoursFor(r->unitId)));
  return addQuarters(periodLabel(latestDay * 86'400'000, Period::Quarter, 0), 1);
}

// The UTC offsets the counted ratings' periods were taken in.
std::set<int> offsetsUsed(const std::vector<CountedResponse>& counted, const UtcOffsets& offsets) {
  std::set<int> used;
  std::unordered_set<std::string_view> units;
  for (const auto& [r, mode] : counted)
    if (units.insert(r->unitId).second) used.insert(offsets.hoursFor(r->unitId));
  return used;
}

json exactJson(std::int64_t hundredths, const ExactFraction& exact) {
  return {{"value", decimalText(hundredths)}, {"hundredths", hundredths}, {"exact", exact.text()},
          {"display", formatHundredths(hundredths)}};
}

json ikmJson(const IkmSummary& ikm, Language language) {
  json elements = json::array();
  for (std::size_t i = 0; i < kSkmElementCount; ++i) {
    const ElementTally& t = ikm.elements[i];
    json e = {{"code", kSkmElementCodes[i]}, {"name", skmElementName(static_cast<int>(i), language)},
              {"respondents", t.answered}, {"sum", t.sum}};
    if (t.hasAnswers()) {
      e["nrr"] = decimalText(t.nrrHundredths());
      e["konversi"] = decimalText(t.konversiHundredths());
      e["konversi_display"] = formatHundredths(t.konversiHundredths());
    }
    elements.push_back(std::move(e));
  }
  json out = {{"respondents", ikm.respondents}, {"complete", ikm.complete()}, {"elements", std::move(elements)}};
  if (ikm.mutu) {
    out["ikm"] = exactJson(ikm.ikmHundredths, ikm.ikm);
    out["konversi"] = exactJson(ikm.konversiHundredths, ikm.konversi);
    out["mutu"] = std::string(1, mutuLetter(*ikm.mutu));
    out["mutu_label"] = mutuLabel(*ikm.mutu, language == Language::English);
  }
  return out;
}

json quickJson(const QuickSummary& quick, Language language) {
  json out = {{"label", language == Language::English ? "Quick satisfaction index — not the SKM IKM"
                                                      : "Indeks Kepuasan Cepat — bukan IKM SKM"},
              {"respondents", quick.respondents},
              {"per_score", quick.perScore}};
  if (quick.respondents > 0) {
    out["konversi"] = decimalText(quick.konversiHundredths());
    out["konversi_hundredths"] = quick.konversiHundredths();
    out["konversi_display"] = formatHundredths(quick.konversiHundredths());
  }
  return out;
}

json populationJson(const PopulationBasis& basis) {
  if (basis.source == PopulationBasis::Source::Option) return {{"source", "option"}};
  json out = {{"source", "unit_monthly_users"}, {"monthly_users", basis.monthlyUsers}, {"units", basis.units}};
  if (basis.days > 0) out["days"] = basis.days;
  else if (basis.months > 0) out["months"] = basis.months;
  out["rule"] = basis.days > 0 ? "monthly users × days spanned / 30, rounded up" : "monthly users × calendar months spanned";
  return out;
}

json groupToJson(const ReportGroup& g, Language language) {
  json priorities = json::array();
  for (std::size_t i = 0; i < g.priorities.size(); ++i) priorities.push_back(priorityJson(g.priorities[i], i + 1, language));
  json out = {{"value", g.key.value}, {"period", g.key.period}, {"responses", g.responses},
              {"ikm", ikmJson(g.ikm, language)}, {"quick", quickJson(g.quick, language)}, {"priorities", std::move(priorities)}};
  if (g.sample) {
    out["sample"] = {{"population", g.sample->population},
                     {"required", g.sample->required},
                     {"skm_respondents", g.sample->respondents},
                     {"adequate", g.sample->adequate()},
                     {"rule", "Krejcie & Morgan (1970), 95 % confidence, 5 % margin"}};
    if (g.population) out["sample"]["population_basis"] = populationJson(*g.population);
  }
  return out;
}

}  // namespace

json priorityJson(const RtlItem& item, std::size_t number, Language language) {
  json p = {{"no", number},
            {"code", item.code},
            {"name", skmElementName(item.elementIndex, language)},
            {"basis", item.basis == RtlBasis::Skm ? "skm" : "quick_only"},
            {"level", responsibleLevelName(item.level)},
            {"penanggung_jawab", item.office.empty() ? json(nullptr) : json(item.office)},
            {"waktu", item.quarter.empty() ? json(nullptr) : json(item.quarter)},
            {"needs_more_data", item.needsMoreData},
            {"respondents", item.respondents},
            {"complaints", item.complaints},
            {"satisfied_mentions", item.satisfiedMentions},
            {"score", item.score}};
  if (item.konversiHundredths) {
    p["konversi"] = decimalText(*item.konversiHundredths);
    p["gap"] = decimalText(item.gapHundredths);
    p["konversi_interval"] = {decimalText(item.ciLowHundredths), decimalText(item.ciHighHundredths)};
  }
  json programmes = json::array();
  for (const Programme* programme : item.programmes)
    programmes.push_back({{"id", programme->id},
                          {"action", actionTypeName(programme->action)},
                          {"kind", programme->kind},
                          {"name", programme->name.in(language)},
                          {"reason", programme->mappingFor(item.code)->reason.in(language)}});
  p["programmes"] = std::move(programmes);
  return p;
}


std::string decimalText(std::int64_t hundredths) {
  std::string text = formatHundredths(hundredths);
  std::replace(text.begin(), text.end(), ',', '.');
  return text;
}

Report buildReport(const std::vector<Response>& responses, const ReportOptions& options, const SurveyCatalog& surveys,
                   const TrainingCatalog& catalog) {
  Report report;
  report.options = options;
  const auto counted = countable(responses, surveys, report);
  report.firstPlanQuarter = quarterAfterLatest(counted, options.utcOffsets);
  report.utcOffsetsUsed = offsetsUsed(counted, options.utcOffsets);
  const auto reasons = surveys.reasons();
  IkmAccumulator all(reasons);
  std::map<std::string, Span> units;  // each unit's span, for the whole report's population
  for (const auto& [response, mode] : counted) {
    all.add(*response, mode);
    const std::int64_t at = response->clock.wallMs;
    const bool skm = mode == SurveyMode::Skm;
    const auto [unit, added] = units.try_emplace(response->unitId, Span{at, at, skm});
    if (!added) unit->second = {std::min(unit->second.firstMs, at), std::max(unit->second.lastMs, at), unit->second.skm || skm};
  }
  const std::string* soleUnit = units.size() == 1 ? &units.begin()->first : nullptr;
  report.overall = makeGroup({"all", "all"}, all, overallPopulation(units, options), catalog,
                             planFor(report.firstPlanQuarter, options, soleUnit));
  for (const auto& [key, group] : groupResponses(counted, options.by, options.period, reasons, options.utcOffsets))
    report.groups.push_back(makeGroup(key, group.tally, groupPopulation(group, options), catalog,
                                      planFor(report.firstPlanQuarter, options, group.severalUnits ? nullptr : &group.unitId)));
  if (options.by != Dimension::Unit) return report;
  const std::size_t rated = report.groups.size();
  for (const auto& unit : options.units) {
    const auto first = report.groups.begin(), end = first + static_cast<std::ptrdiff_t>(rated);
    if (std::none_of(first, end, [&](const ReportGroup& g) { return g.key.value == unit; }))
      report.groups.push_back(makeGroup({unit, options.period == Period::All ? "all" : "-"}, IkmAccumulator(reasons),
                                        std::nullopt, catalog, planFor(report.firstPlanQuarter, options, &unit)));
  }
  std::sort(report.groups.begin(), report.groups.end(), [](const ReportGroup& a, const ReportGroup& b) { return a.key < b.key; });
  return report;
}

json reportToJson(const Report& report, Language language) {
  json groups = json::array();
  for (const auto& group : report.groups) groups.push_back(groupToJson(group, language));
  json offsets = json::object();
  for (const auto& [unit, hours] : report.options.utcOffsets.byUnit) offsets[unit] = hours;
  json excluded = json::array();
  for (const auto& e : report.excluded) excluded.push_back({{"reason", e.reason}, {"count", e.count}});
  json out = {{"by", dimensionName(report.options.by)},
              {"period", periodName(report.options.period)},
              {"utc_offset_hours", report.options.utcOffsets.fallbackHours},
              {"unit_utc_offset_hours", std::move(offsets)},
              {"periods_in_each_units_local_time", true},
              {"utc_offsets_used", report.utcOffsetsUsed},
              {"units_in_several_time_zones", report.utcOffsetsUsed.size() > 1},
              {"duplicates_ignored", report.duplicatesIgnored},
              {"excluded", std::move(excluded)},
              {"overall", groupToJson(report.overall, language)},
              {"groups", std::move(groups)}};
  if (report.timeQuality)
    out["time_quality"] = {{"estimated", report.timeQuality->estimated},
                           {"implausible_counted_at_receipt", report.timeQuality->implausible}};
  return out;
}

}  // namespace suara
