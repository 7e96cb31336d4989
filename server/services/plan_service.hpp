#pragma once
// Keeping a unit's follow-up plan: who may change it (admins, and managers of the unit; a
// viewer is refused, a unit out of scope is not found), what an action must say, and the
// audit of every change.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.hpp"
#include "storage/storage.hpp"
#include "services/catalog_service.hpp"

namespace suara::hub {

// An action as a form sends it: text, checked here.
struct ActionInput {
  std::string unitId;
  std::string counterId;    // empty: the whole unit
  std::string elementCode;  // U1..U9
  std::string programmeId;  // a catalog programme, or empty with a title (an action of the unit's own)
  std::string actionType;   // for an own action: training | mentoring | sop | facility | policy | other
  std::string title;
  std::string quarter;      // "2027-Q1" or empty
  std::string office;
  std::string status = "planned";  // planned | done | dropped
  std::string doneDate;     // "2027-02-15" (the unit's calendar): required when done
  // For an update: the action's updated_ms as the form showed it. Set, a newer stored action
  // is a Conflict (someone saved it meanwhile) rather than silently overwritten.
  std::optional<std::int64_t> seenVersion{};
};

class PlanService {
 public:
  PlanService(Storage& storage, const CatalogService& catalog) : m_storage(storage), m_catalog(catalog) {}
  // A new action; Conflict when the same one (element, counter, and programme or description)
  // is in the unit's plan already and not dropped: a double submit, or two managers at once.
  Result<std::int64_t> add(const DashboardUser& user, const ActionInput& input, std::int64_t nowMs);
  // Changes an action of the user's units; its unit never changes. An action keeps its
  // programme and element when the catalog no longer maps them (the plan was made under the
  // catalog of its day); choosing them anew is checked against today's.
  Status update(const DashboardUser& user, std::int64_t id, const ActionInput& input, std::int64_t nowMs);
  Result<std::vector<PlanAction>> actionsOf(const DashboardUser& user, const std::string& unitId);
  // The unit of an action the user may see (not found otherwise, as for a unit).
  Result<std::string> actionUnit(const DashboardUser& user, std::int64_t id);
  // Turns a unit's public results page on or off (who may plan may publish).
  Status setPublished(const DashboardUser& user, const std::string& unitId, bool published, std::int64_t nowMs);

 private:
  // The action `input` describes, checked against the unit and catalog; `nowMs` bounds the
  // done date (not in the unit's future).
  Result<PlanAction> checked(const ActionInput& input, const Unit& unit, std::int64_t nowMs, const PlanAction* stored = nullptr) const;
  // The unit, when the user may change its plan.
  Result<Unit> plannableUnit(const DashboardUser& user, const std::string& unitId);

  Storage& m_storage;
  const CatalogService& m_catalog;
};

// "2027-02-15" → days since 1970-01-01; nullopt unless a real date from 2000 to 9999.
std::optional<std::int64_t> parseLocalDate(std::string_view text);
std::string localDateText(std::int64_t day);

}  // namespace suara::hub
