// The kept plan on a unit's page: its actions, and whether the completed ones worked.

#include <algorithm>

#include "dashboard/dashboard_service.hpp"
#include "dashboard/effect.hpp"
#include "dashboard/figures.hpp"
#include "services/plan_service.hpp"
#include "suara/core/grouping.hpp"
#include "suara/core/skm_elements.hpp"

namespace suara::hub {

namespace {

std::string verdictName(Effect::Verdict verdict) {
  switch (verdict) {
    case Effect::Verdict::Improved: return "improved";
    case Effect::Verdict::Worsened: return "worsened";
    case Effect::Verdict::NoClearChange: return "no_clear_change";
    case Effect::Verdict::NotEnoughData: return "not_enough_data";
    case Effect::Verdict::TooEarly: return "too_early";
  }
  return "too_early";
}

// The verdict in a sentence a city council can read.
std::string verdictText(const Effect& e, Language language) {
  const bool en = language == Language::English;
  const std::string days = std::to_string(e.windows.days);
  switch (e.verdict) {
    case Effect::Verdict::Improved:
      return en ? "Improved: the rise is larger than chance would explain (95 % interval above zero)."
                : "Membaik: kenaikannya lebih besar daripada yang dapat dijelaskan oleh kebetulan (selang 95 % di atas nol).";
    case Effect::Verdict::Worsened:
      return en ? "Worse: the fall is larger than chance would explain (95 % interval below zero)."
                : "Memburuk: penurunannya lebih besar daripada yang dapat dijelaskan oleh kebetulan (selang 95 % di bawah nol).";
    case Effect::Verdict::NoClearChange:
      return en ? "No clear change: the difference cannot be told apart from chance (the 95 % interval includes zero)."
                : "Belum ada perubahan yang jelas: selisihnya belum dapat dibedakan dari variasi acak (selang 95 % mencakup nol).";
    case Effect::Verdict::NotEnoughData:
      return en ? "Too few answers to tell (at least 30 in each " + days + "-day window are needed)."
                : "Jawaban terlalu sedikit untuk menilai (perlu sedikitnya 30 di tiap jendela " + days + " hari).";
    case Effect::Verdict::TooEarly:
      return en ? "Too early to tell: " + days + " days since completion, at least 14 are needed."
                : "Terlalu dini untuk menilai: baru " + days + " hari sejak selesai, perlu sedikitnya 14.";
  }
  return {};
}

std::string statusLabel(ActionStatus status, Language language) {
  const bool en = language == Language::English;
  switch (status) {
    case ActionStatus::Planned: return en ? "planned" : "direncanakan";
    case ActionStatus::Done: return en ? "done" : "selesai";
    case ActionStatus::Dropped: return en ? "dropped" : "dibatalkan";
  }
  return {};
}

nlohmann::json tallyJson(const ElementTally& t, Language language) {
  nlohmann::json out = {{"answered", t.answered}};
  if (t.hasAnswers()) out["konversi"] = hundredthsJson(t.konversiHundredths(), language);
  return out;
}

}  // namespace

Result<nlohmann::json> DashboardService::keptPlan(const Unit& unit, const TrainingCatalog& catalog, Language language, std::int64_t nowMs) {
  auto actions = m_plans.actions({unit.id});
  if (!actions) return actions.error();
  const std::int64_t today = localDay(nowMs, unit.utcOffsetHours);
  nlohmann::json list = nlohmann::json::array();
  for (const PlanAction& a : *actions) {
    const int element = skmElementIndex(a.elementCode).value_or(0);
    nlohmann::json row = {{"id", a.id},
                          {"counter", a.counterId},
                          {"element", a.elementCode},
                          {"element_name", std::string(skmElementName(element, language))},
                          {"programme", a.programmeId},
                          {"type", a.actionType},
                          {"title", a.title},
                          {"quarter", a.quarter},
                          {"office", a.office},
                          {"status", std::string(actionStatusName(a.status))},
                          {"status_label", statusLabel(a.status, language)},
                          {"done", a.status == ActionStatus::Done},
                          {"dropped", a.status == ActionStatus::Dropped},
                          {"version", a.updatedMs},
                          {"done_date", a.doneDay ? localDateText(*a.doneDay) : ""},
                          {"created_by", a.createdBy}};
    for (const Programme& p : catalog.programmes)
      if (p.id == a.programmeId) row["programme_name"] = p.name.in(language);
    for (const Counter& c : unit.counters)
      if (c.id == a.counterId) row["counter_name"] = c.name;
    if (a.status == ActionStatus::Done && a.doneDay) {
      const EffectWindows windows = effectWindows(*a.doneDay, today);
      RollupQuery query;
      query.units = {unit.id};
      query.counterId = a.counterId;
      query.from = windows.beforeFrom;
      query.to = windows.afterTo;
      ElementTally before, after;
      if (windows.days > 0) {
        auto rows = m_rollups.tallies(RollupGrain::Day, query);
        if (!rows) return rows.error();
        for (const auto& r : *rows) {
          const ElementTally& t = r.tally.elements[static_cast<std::size_t>(element)];
          ElementTally& into = r.bucket < windows.afterFrom ? before : after;
          into.answered += t.answered;
          into.sum += t.sum;
          into.sumSquares += t.sumSquares;
        }
      }
      const Effect effect = compareWindows(windows, before, after);
      nlohmann::json e = {{"verdict", verdictName(effect.verdict)},
                          {"text", verdictText(effect, language)},
                          {"window_days", windows.days},
                          {"before", tallyJson(before, language)},
                          {"after", tallyJson(after, language)},
                          {"before_from", localDateText(windows.beforeFrom)},
                          {"after_to", localDateText(windows.afterTo - 1)}};
      e[verdictName(effect.verdict)] = true;  // for the template's sections
      if (effect.difference) {
        e["difference"] = hundredthsJson(*effect.difference, language);
        e["interval"] = {{"low", hundredthsJson(*effect.low, language)}, {"high", hundredthsJson(*effect.high, language)}};
      }
      row["effect"] = std::move(e);
    }
    list.push_back(std::move(row));
  }
  // What a manager may pick from: each element's programmes, by rank.
  nlohmann::json programmes = nlohmann::json::array();
  for (int i = 0; i < kSkmElementCount; ++i) {
    const std::string code(kSkmElementCodes[static_cast<std::size_t>(i)]);
    for (const Programme* p : catalog.programmesFor(code))
      programmes.push_back({{"element", code}, {"id", p->id}, {"name", code + " · " + p->name.in(language)}});
  }
  nlohmann::json counters = nlohmann::json::array();
  for (const Counter& c : unit.counters) counters.push_back({{"id", c.id}, {"name", c.name}});
  nlohmann::json elements = nlohmann::json::array();
  for (int i = 0; i < kSkmElementCount; ++i)
    elements.push_back({{"code", std::string(kSkmElementCodes[static_cast<std::size_t>(i)])}, {"name", std::string(skmElementName(i, language))}});
  return nlohmann::json{{"actions", list}, {"has_actions", !list.empty()}, {"programmes", programmes}, {"counters", counters},
                        {"elements", elements}, {"today", localDateText(today)}};
}

}  // namespace suara::hub
