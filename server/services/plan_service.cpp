#include "services/plan_service.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>

#include "dashboard/periods.hpp"
#include "suara/core/grouping.hpp"
#include "suara/core/skm_elements.hpp"
#include "terminal_text.hpp"

namespace suara::hub {

namespace {

constexpr std::array<std::string_view, 6> kOwnActionTypes = {"training", "mentoring", "sop", "facility", "policy", "other"};

std::string describe(const PlanAction& a) {
  return a.elementCode + (a.counterId.empty() ? "" : "@" + a.counterId) + " " + (a.programmeId.empty() ? a.title : a.programmeId) +
         " [" + std::string(actionStatusName(a.status)) + (a.doneDay ? " " + localDateText(*a.doneDay) : "") + "]" +
         (a.quarter.empty() ? "" : " " + a.quarter) + (a.office.empty() ? "" : " · " + a.office);
}

}  // namespace

std::optional<std::int64_t> parseLocalDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  auto number = [](std::string_view part, int& out) {
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), out);
    return error == std::errc() && end == part.data() + part.size();
  };
  if (!number(text.substr(0, 4), y) || !number(text.substr(5, 2), m) || !number(text.substr(8, 2), d)) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(m)),
                                         std::chrono::day(static_cast<unsigned>(d))};
  if (!date.ok() || y < 2000) return std::nullopt;
  return std::chrono::sys_days(date).time_since_epoch().count();
}

std::string localDateText(std::int64_t day) {
  const std::chrono::year_month_day date{std::chrono::sys_days(std::chrono::days(day))};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()));
  return text;
}

Result<Unit> PlanService::plannableUnit(const DashboardUser& user, const std::string& unitId) {
  if (!user.maySee(unitId)) return makeError(Errc::NotFound, "no unit '" + unitId + "'");
  if (!user.mayPlan(unitId)) return makeError(Errc::Forbidden, "a viewer cannot change the plan; ask the unit's manager");
  return m_storage.unit(unitId);
}

Result<PlanAction> PlanService::checked(const ActionInput& input, const Unit& unit, std::int64_t nowMs, const PlanAction* stored) const {
  PlanAction a;
  a.unitId = unit.id;
  if (!skmElementIndex(input.elementCode)) return makeError(Errc::Invalid, "the element must be one of U1 to U9");
  a.elementCode = input.elementCode;
  if (!input.counterId.empty() &&
      std::none_of(unit.counters.begin(), unit.counters.end(), [&](const Counter& c) { return c.id == input.counterId; }))
    return makeError(Errc::Invalid, "unit '" + unit.id + "' has no counter '" + input.counterId + "'");
  a.counterId = input.counterId;
  if (!input.programmeId.empty() && stored && stored->programmeId == input.programmeId && stored->elementCode == input.elementCode) {
    a.programmeId = stored->programmeId;  // as planned, whatever the catalog says now
    a.actionType = stored->actionType;
  } else if (!input.programmeId.empty()) {
    const auto catalog = m_catalog.current();
    const auto programme = std::find_if(catalog->programmes.begin(), catalog->programmes.end(),
                                        [&](const Programme& p) { return p.id == input.programmeId; });
    if (programme == catalog->programmes.end()) return makeError(Errc::Invalid, "no programme '" + input.programmeId + "' in the catalog");
    if (!programme->mappingFor(input.elementCode))
      return makeError(Errc::Invalid, "programme '" + programme->id + "' does not address " + input.elementCode + " in the catalog");
    a.programmeId = programme->id;
    a.actionType = std::string(actionTypeName(programme->action));
  } else {
    if (const std::string why = whyUnfitName(input.title, 300); !why.empty())
      return makeError(Errc::Invalid, "an action of the unit's own needs a description: " + why);
    if (std::find(kOwnActionTypes.begin(), kOwnActionTypes.end(), input.actionType) == kOwnActionTypes.end())
      return makeError(Errc::Invalid, "the action type must be training, mentoring, sop, facility, policy or other");
    a.title = input.title;
    a.actionType = input.actionType;
  }
  if (!input.quarter.empty()) {
    const auto quarter = parseMonthRange(input.quarter);
    if (!quarter || quarter->kind != MonthRange::Kind::Quarter || quarter->from < 2000 * 12 || quarter->from >= 2100 * 12)
      return makeError(Errc::Invalid, "Waktu must be a quarter from 2000 to 2099, such as 2027-Q1");
    a.quarter = quarter->label();
  }
  if (!input.office.empty()) {
    if (const std::string why = whyUnfitName(input.office); !why.empty()) return makeError(Errc::Invalid, "Penanggung Jawab: " + why);
    a.office = input.office;
  }
  const auto status = parseActionStatus(input.status);
  if (!status) return makeError(Errc::Invalid, "the status must be planned, done or dropped");
  a.status = *status;
  if (a.status == ActionStatus::Done) {
    const auto day = parseLocalDate(input.doneDate);
    if (!day) return makeError(Errc::Invalid, "a completed action needs the date it was completed (YYYY-MM-DD)");
    if (*day > localDay(nowMs, unit.utcOffsetHours)) return makeError(Errc::Invalid, "the completion date is in the future");
    a.doneDay = *day;
  } else if (!input.doneDate.empty()) {
    return makeError(Errc::Invalid, "only a completed action has a completion date");
  }
  return a;
}

Result<std::int64_t> PlanService::add(const DashboardUser& user, const ActionInput& input, std::int64_t nowMs) {
  auto unit = plannableUnit(user, input.unitId);
  if (!unit) return unit.error();
  auto action = checked(input, *unit, nowMs);
  if (!action) return action.error();
  auto existing = m_storage.actions({unit->id});
  if (!existing) return existing.error();
  for (const auto& a : *existing)
    if (a.status != ActionStatus::Dropped && a.elementCode == action->elementCode && a.counterId == action->counterId &&
        a.programmeId == action->programmeId && a.title == action->title)
      return makeError(Errc::Conflict, "this action is in the plan already (action " + std::to_string(a.id) + "): change that one instead");
  action->createdBy = user.name;
  action->createdMs = action->updatedMs = nowMs;
  return m_storage.addAction(*action, AuditEntry{nowMs, user.name, "plan.add", "", unit->id + " " + describe(*action)});
}

Status PlanService::update(const DashboardUser& user, std::int64_t id, const ActionInput& input, std::int64_t nowMs) {
  auto stored = m_storage.action(id);
  if (!stored) return stored.error();
  auto unit = plannableUnit(user, stored->unitId);  // the stored unit decides, never the form's
  if (!unit) return unit.error();
  if (input.seenVersion && *input.seenVersion != stored->updatedMs)
    return makeError(Errc::Conflict, "someone saved this action after you opened the page: reload it and make your change again");
  auto action = checked(input, *unit, nowMs, &*stored);
  if (!action) return action.error();
  action->id = id;
  action->updatedMs = nowMs;
  return m_storage.updateAction(*action, AuditEntry{nowMs, user.name, "plan.update", "plan/" + std::to_string(id),
                                                    describe(*stored) + " → " + describe(*action)});
}

Result<std::string> PlanService::actionUnit(const DashboardUser& user, std::int64_t id) {
  auto stored = m_storage.action(id);
  if (!stored) return stored.error();
  if (!user.maySee(stored->unitId)) return makeError(Errc::NotFound, "no plan action " + std::to_string(id));
  return stored->unitId;
}

Status PlanService::setPublished(const DashboardUser& user, const std::string& unitId, bool published, std::int64_t nowMs) {
  if (user.maySee(unitId) && !user.mayPlan(unitId))
    return makeError(Errc::Forbidden, "a viewer cannot publish the unit's results; ask the unit's manager");
  auto unit = plannableUnit(user, unitId);
  if (!unit) return unit.error();
  return m_storage.setPublished(unitId, published, AuditEntry{nowMs, user.name, published ? "unit.publish" : "unit.unpublish", unitId, ""});
}

Result<std::vector<PlanAction>> PlanService::actionsOf(const DashboardUser& user, const std::string& unitId) {
  if (!user.maySee(unitId)) return makeError(Errc::NotFound, "no unit '" + unitId + "'");
  return m_storage.actions({unitId});
}

}  // namespace suara::hub
