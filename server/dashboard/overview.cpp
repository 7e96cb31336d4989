// The overview page's figures: every unit in the user's scope for a period.

#include <algorithm>
#include <map>

#include "dashboard/dashboard_service.hpp"
#include "dashboard/figures.hpp"
#include "dashboard/shrinkage.hpp"
#include "suara/core/grouping.hpp"

namespace suara::hub {

namespace {

constexpr std::int64_t kSparkMonths = 12;

// A respondent's variance on the konversi scale (25 × score): the elements' variances
// averaged (SKM), or the overall rating's (quick).
double withinVariance(const RollupTally& tally, bool quick) {
  auto variance = [](double n, double sum, double squares) { return n > 1 ? (squares - sum * sum / n) / (n - 1) : 0.0; };
  if (quick) {
    double squares = 0;
    for (std::size_t i = 0; i < 4; ++i) squares += static_cast<double>(tally.quickPerScore[i]) * static_cast<double>((i + 1) * (i + 1));
    return 625 * variance(static_cast<double>(tally.quickRespondents), static_cast<double>(tally.quickSum), squares);
  }
  double total = 0;
  int counted = 0;
  for (const auto& e : tally.elements) {
    if (e.answered < 2) continue;
    total += variance(static_cast<double>(e.answered), static_cast<double>(e.sum), static_cast<double>(e.sumSquares));
    ++counted;
  }
  return counted ? 625 * total / counted : 0.0;
}

nlohmann::json changeJson(const std::optional<LeadFigure>& now, const std::optional<LeadFigure>& before, Language language) {
  if (!now || !before || now->quick != before->quick) return nullptr;
  const std::int64_t delta = now->hundredths - before->hundredths;
  std::string text = hundredthsText(delta < 0 ? -delta : delta, language);
  const bool en = language == Language::English;
  return {{"hundredths", delta},
          {"display", (delta > 0 ? "+" : delta < 0 ? "−" : "±") + text},
          {"direction", delta > 0 ? "up" : delta < 0 ? "down" : "same"},
          {"words", delta > 0 ? (en ? "up" : "naik") : delta < 0 ? (en ? "down" : "turun") : (en ? "unchanged" : "tetap")}};
}

}  // namespace

std::int64_t monthsBegun(const MonthRange& period, std::int64_t nowMs) {
  const std::int64_t current = localMonth(nowMs, 7);
  return std::clamp<std::int64_t>(current + 1 - period.from, 0, period.months());
}

std::int64_t monthsRated(const std::map<std::int64_t, RollupTally>& byMonth, const MonthRange& period) {
  std::optional<std::int64_t> first, last;
  for (const auto& [month, tally] : byMonth) {
    if (month < period.from || month >= period.to || tally.responses == 0) continue;
    if (!first) first = month;
    last = month;
  }
  return first ? *last - *first + 1 : 0;
}

Result<nlohmann::json> DashboardService::overview(const DashboardUser& user, const MonthRange& period, Language language,
                                                  std::int64_t nowMs) {
  auto units = m_units.units();
  if (!units) return units.error();
  std::vector<Unit> visible;
  for (auto& unit : *units)
    if (user.maySee(unit.id)) visible.push_back(std::move(unit));

  RollupQuery query;
  // An admin reads every unit's rows: a plain range scan, not a thousand-way IN list.
  if (!user.isAdmin())
    for (const auto& unit : visible) query.units.push_back(unit.id);
  const std::int64_t sparkFrom = period.to - kSparkMonths;
  query.from = std::min(sparkFrom, period.previous().from);
  query.to = period.to;
  std::map<std::string, RollupTally> current, previous;
  std::map<std::string, std::map<std::int64_t, RollupTally>> byMonth;
  if (!visible.empty()) {
    auto rows = m_rollups.tallies(RollupGrain::UnitMonth, query);
    if (!rows) return rows.error();
    for (const auto& row : *rows) {
      if (row.bucket >= period.from && row.bucket < period.to) current[row.unitId].add(row.tally);
      if (row.bucket >= period.previous().from && row.bucket < period.from) previous[row.unitId].add(row.tally);
      if (row.bucket >= sparkFrom) byMonth[row.unitId][row.bucket].add(row.tally);
    }
  }

  const std::int64_t months = monthsBegun(period, nowMs);
  nlohmann::json list = nlohmann::json::array();
  std::vector<ShrinkInput> shrinkInputs;
  std::vector<std::size_t> ranked;  // indexes into list, of units with a lead figure
  RollupTally all;
  for (const auto& unit : visible) {
    const RollupTally& tally = current[unit.id];
    all.add(tally);
    nlohmann::json row = headlineJson(tally, language);
    row["id"] = unit.id;
    row["name"] = unit.name;
    row["utc_offset"] = unit.utcOffsetHours;
    const auto lead = leadFigureOf(tally);
    row["lead_is_quick"] = lead && lead->quick;
    row["change"] = changeJson(lead, leadFigureOf(previous[unit.id]), language);
    std::vector<std::optional<std::int64_t>> spark;
    for (std::int64_t m = sparkFrom; m < period.to; ++m) {
      const auto it = byMonth[unit.id].find(m);
      const auto figure = it == byMonth[unit.id].end() ? std::nullopt : leadFigureOf(it->second);
      // One line per index: months of the other index are gaps.
      spark.push_back(figure && lead && figure->quick == lead->quick ? std::optional(figure->hundredths) : std::nullopt);
    }
    row["sparkline_svg"] = sparklineSvg(spark, language == Language::English ? "12-month trend" : "Tren 12 bulan");
    // The population as the report counts it: the unit's monthly users × the calendar months
    // its ratings in the period span.
    const std::int64_t rated = monthsRated(byMonth[unit.id], period);
    if (unit.monthlyUsers && *unit.monthlyUsers > 0 && rated > 0 && tally.skmRespondents > 0) {
      const auto sample = sampleAdequacy(*unit.monthlyUsers * rated, tally.skmRespondents);
      row["sample"] = {{"population", sample.population},
                       {"required", sample.required},
                       {"required_display", countText(sample.required, language)},
                       {"adequate", sample.adequate()}};
    } else {
      row["sample"] = nullptr;
    }
    if (lead) {
      ranked.push_back(list.size());
      shrinkInputs.push_back({static_cast<double>(lead->hundredths) / 100, static_cast<double>(lead->respondents),
                              withinVariance(tally, lead->quick)});
    }
    list.push_back(std::move(row));
  }
  // SKM units and quick-only units are ranked apart: the two indices are not one scale.
  for (const bool quick : {false, true}) {
    std::vector<ShrinkInput> inputs;
    std::vector<std::size_t> members;
    for (std::size_t i = 0; i < ranked.size(); ++i)
      if (list[ranked[i]]["lead_is_quick"].get<bool>() == quick) inputs.push_back(shrinkInputs[i]), members.push_back(ranked[i]);
    const ShrinkResult shrunk = shrinkTowardMean(inputs);
    std::vector<std::size_t> order(members.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return shrunk.scores[a] > shrunk.scores[b]; });
    for (std::size_t rank = 0; rank < order.size(); ++rank) {
      auto& row = list[members[order[rank]]];
      const auto hundredths = static_cast<std::int64_t>(shrunk.scores[order[rank]] * 100 + 0.5);
      row["rank"] = rank + 1;
      row["rank_score"] = hundredthsJson(hundredths, language);
    }
  }
  std::stable_sort(list.begin(), list.end(), [](const nlohmann::json& a, const nlohmann::json& b) {
    const bool aq = a["lead_is_quick"].get<bool>(), bq = b["lead_is_quick"].get<bool>();
    if (a.contains("rank") != b.contains("rank")) return a.contains("rank");
    if (aq != bq) return !aq;
    return a.contains("rank") && a["rank"].get<std::size_t>() < b["rank"].get<std::size_t>();
  });
  // Links only to periods that can be asked for (1970–9999) and that have begun.
  const MonthRange before = period.previous(), after = period.next();
  const nlohmann::json previousLink = before.from >= 1970 * 12 ? nlohmann::json(before.label()) : nlohmann::json(nullptr);
  const nlohmann::json nextLink =
      after.to <= 10000 * 12 && after.from <= localMonth(nowMs, 7) ? nlohmann::json(after.label()) : nlohmann::json(nullptr);
  return nlohmann::json{{"period", {{"label", period.label()}, {"title", period.title(language)},
                                    {"previous", previousLink}, {"next", nextLink},
                                    {"months_begun", months}}},
                        {"all", headlineJson(all, language)},
                        {"has_units", !list.empty()},
                        {"units", std::move(list)}};
}

}  // namespace suara::hub
