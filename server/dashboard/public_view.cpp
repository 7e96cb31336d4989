// A unit's published results: what the public may see without signing in, once the unit has
// opted in — the IKM and mutu of its latest quarter with SKM answers, each element, and the
// follow-up actions it has taken or planned. Nothing about officers, kiosks or counters.

#include "dashboard/dashboard_service.hpp"
#include "dashboard/figures.hpp"
#include "services/plan_service.hpp"
#include "suara/core/skm_elements.hpp"

namespace suara::hub {

Result<nlohmann::json> DashboardService::publicResults(const std::string& unitId, Language language, std::int64_t nowMs) {
  auto published = m_plans.published(unitId);
  if (!published) return published.error();
  if (!*published) return makeError(Errc::NotFound, "no published results for '" + unitId + "'");
  auto unit = m_units.unit(unitId);
  if (!unit) return unit.error();
  // The current quarter, or the one before when the current has no SKM answers yet.
  const MonthRange current = currentQuarter(nowMs);
  RollupQuery query;
  query.units = {unit->id};
  query.from = current.previous().from;
  query.to = current.to;
  auto rows = m_rollups.tallies(RollupGrain::UnitMonth, query);
  if (!rows) return rows.error();
  RollupTally now, before;
  for (const auto& row : *rows) (row.bucket >= current.from ? now : before).add(row.tally);
  const bool useCurrent = now.skmRespondents > 0 || before.skmRespondents == 0;
  const MonthRange period = useCurrent ? current : current.previous();
  const RollupTally& tally = useCurrent ? now : before;

  nlohmann::json out = headlineJson(tally, language);
  out["unit"] = {{"id", unit->id}, {"name", unit->name}};
  out["period"] = {{"label", period.label()}, {"title", period.title(language)}, {"in_progress", useCurrent}};
  out["elements"] = elementsJson(tally, language);
  auto actions = m_plans.actions({unit->id});
  if (!actions) return actions.error();
  const auto catalog = m_catalog.current();
  nlohmann::json list = nlohmann::json::array();
  for (const PlanAction& a : *actions) {
    if (a.status == ActionStatus::Dropped) continue;
    std::string title = a.title;
    for (const Programme& p : catalog->programmes)
      if (p.id == a.programmeId) title = p.name.in(language);
    list.push_back({{"element", a.elementCode},
                    {"element_name", std::string(skmElementName(skmElementIndex(a.elementCode).value_or(0), language))},
                    {"title", title},
                    {"quarter", a.quarter},
                    {"done", a.status == ActionStatus::Done},
                    {"done_date", a.doneDay ? localDateText(*a.doneDay) : ""}});
  }
  out["actions"] = list;
  out["has_actions"] = !list.empty();
  return out;
}

}  // namespace suara::hub
