#include "suara/core/report.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace suara {

using nlohmann::json;

namespace {

ReportGroup makeGroup(GroupKey key, const IkmAccumulator& acc, const ReportOptions& options, const TrainingCatalog& catalog) {
  ReportGroup group;
  group.key = std::move(key);
  group.responses = acc.responses();
  group.ikm = acc.ikm();
  group.quick = acc.quick();
  if (options.population > 0) group.sample = sampleAdequacy(options.population, group.responses);
  group.priorities = rankTrainingPriorities(group.ikm, group.quick, catalog);
  return group;
}

json groupToJson(const ReportGroup& g, Language language) {
  const bool english = language == Language::English;
  json elements = json::array();
  for (std::size_t i = 0; i < kSkmElementCount; ++i) {
    const ElementTally& t = g.ikm.elements[i];
    json e = {{"code", kSkmElementCodes[i]}, {"name", skmElementName(static_cast<int>(i), language)}, {"respondents", t.answered}};
    if (t.hasAnswers()) e["nrr"] = t.nrr();
    elements.push_back(std::move(e));
  }
  json ikm = {{"respondents", g.ikm.respondents}, {"complete", g.ikm.complete()}, {"elements", std::move(elements)}};
  if (g.ikm.mutu) {
    ikm["ikm"] = g.ikm.ikm;
    ikm["konversi"] = g.ikm.konversi;
    ikm["konversi_display"] = formatHundredths(g.ikm.konversiHundredths);
    ikm["mutu"] = std::string(1, mutuLetter(*g.ikm.mutu));
    ikm["mutu_label"] = mutuLabel(*g.ikm.mutu, english);
  }
  json quick = {{"respondents", g.quick.respondents}, {"per_score", g.quick.perScore}};
  if (g.quick.respondents > 0) {
    const std::int64_t hundredths = g.quick.konversiHundredths();
    quick["konversi"] = g.quick.konversi();
    quick["konversi_display"] = formatHundredths(hundredths);
    quick["mutu"] = std::string(1, mutuLetter(mutuForHundredths(hundredths)));
  }
  json priorities = json::array();
  for (const RtlItem& item : g.priorities) {
    json p = {{"code", item.code},
              {"name", skmElementName(item.elementIndex, language)},
              {"level", responsibleLevelName(item.level)},
              {"respondents", item.respondents},
              {"mentions", item.mentions},
              {"gap", static_cast<double>(item.gapHundredths) / 100.0},
              {"deficit", item.deficit}};
    if (item.konversiHundredths) p["konversi_display"] = formatHundredths(*item.konversiHundredths);
    json programmes = json::array();
    for (const Programme* programme : item.programmes)
      programmes.push_back({{"id", programme->id}, {"kind", programme->kind}, {"name", programme->name.in(language)}});
    p["programmes"] = std::move(programmes);
    priorities.push_back(std::move(p));
  }
  json out = {{"value", g.key.value}, {"period", g.key.period}, {"responses", g.responses},
              {"ikm", std::move(ikm)}, {"quick", std::move(quick)}, {"priorities", std::move(priorities)}};
  if (g.sample)
    out["sample"] = {{"population", g.sample->population}, {"required", g.sample->required}, {"adequate", g.sample->adequate()}};
  return out;
}

}  // namespace

Report buildReport(const std::vector<Response>& responses, const ReportOptions& options,
                   const std::shared_ptr<const ReasonMap>& reasons, const TrainingCatalog& catalog) {
  Report report;
  report.options = options;
  IkmAccumulator all(reasons);
  for (const auto& response : responses) all.add(response);
  report.overall = makeGroup({"all", "all"}, all, options, catalog);
  for (const auto& [key, acc] : groupResponses(responses, options.by, options.period, reasons, options.utcOffsets))
    report.groups.push_back(makeGroup(key, acc, options, catalog));
  if (options.by != Dimension::Unit) return report;
  const std::size_t rated = report.groups.size();
  for (const auto& unit : options.units) {
    const auto first = report.groups.begin(), end = first + static_cast<std::ptrdiff_t>(rated);
    if (std::none_of(first, end, [&](const ReportGroup& g) { return g.key.value == unit; }))
      report.groups.push_back(makeGroup({unit, options.period == Period::All ? "all" : "-"}, IkmAccumulator(reasons), options, catalog));
  }
  std::sort(report.groups.begin(), report.groups.end(), [](const ReportGroup& a, const ReportGroup& b) { return a.key < b.key; });
  return report;
}

json reportToJson(const Report& report, Language language) {
  json groups = json::array();
  for (const auto& group : report.groups) groups.push_back(groupToJson(group, language));
  json offsets = json::object();
  for (const auto& [unit, hours] : report.options.utcOffsets.byUnit) offsets[unit] = hours;
  json out = {{"by", dimensionName(report.options.by)},
              {"period", periodName(report.options.period)},
              {"utc_offset_hours", report.options.utcOffsets.fallbackHours},
              {"unit_utc_offset_hours", std::move(offsets)},
              {"overall", groupToJson(report.overall, language)},
              {"groups", std::move(groups)}};
  if (report.timeQuality)
    out["time_quality"] = {{"estimated", report.timeQuality->estimated},
                           {"implausible_counted_at_receipt", report.timeQuality->implausible}};
  return out;
}

}  // namespace suara
