#pragma once
// The follow-up plan a unit's managers keep (Rencana Tindak Lanjut): actions accepted from the
// report engine's suggestions or added by hand, each aimed at an element of a unit (or of one
// counter), with its quarter (Waktu), office (Penanggung Jawab) and status. An action marked
// done with its date is what the dashboard's before/after comparison measures.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "suara/core/result.hpp"

namespace suara::hub {

struct AuditEntry;

enum class ActionStatus { Planned, Done, Dropped };
std::string_view actionStatusName(ActionStatus status);  // "planned", "done", "dropped"
std::optional<ActionStatus> parseActionStatus(std::string_view name);

struct PlanAction {
  std::int64_t id = 0;         // given by the store
  std::string unitId;
  std::string counterId;       // empty: the whole unit
  std::string elementCode;     // U1..U9: what it should improve
  std::string programmeId;     // a catalog programme, or empty for an action of the unit's own
  std::string actionType;      // training | mentoring | sop | facility | policy | other
  std::string title;           // an own action's description (empty for a catalog programme)
  std::string quarter;         // Waktu: "2027-Q1"
  std::string office;          // Penanggung Jawab
  ActionStatus status = ActionStatus::Planned;
  std::optional<std::int64_t> doneDay;  // the unit's local day it was completed (days since 1970-01-01)
  std::string createdBy;
  std::int64_t createdMs = 0, updatedMs = 0;
};

class PlanStore {
 public:
  virtual ~PlanStore() = default;
  // Stores a new action with its audit row; returns its id.
  virtual Result<std::int64_t> addAction(const PlanAction& action, const AuditEntry& audit) = 0;
  // Replaces the stored action of the same id (its unit, creator and creation stay);
  // Errc::NotFound if there is none.
  virtual Status updateAction(const PlanAction& action, const AuditEntry& audit) = 0;
  virtual Result<PlanAction> action(std::int64_t id) = 0;  // Errc::NotFound if none
  // The actions of these units, oldest first.
  virtual Result<std::vector<PlanAction>> actions(const std::vector<std::string>& unitIds) = 0;
  // Whether a unit publishes its results on a public page (the regulation requires results
  // to be published; each unit opts in, since a page without a login is public for good).
  virtual Status setPublished(const std::string& unitId, bool published, const AuditEntry& audit) = 0;
  virtual Result<bool> published(const std::string& unitId) = 0;
  // The training catalog as edited on the dashboard (its JSON), each edit kept as a version;
  // nullopt while nobody has edited it (the installed catalog applies).
  virtual Status saveCatalog(const std::string& json, const AuditEntry& audit) = 0;
  virtual Result<std::optional<std::string>> latestCatalog() = 0;
};

}  // namespace suara::hub
