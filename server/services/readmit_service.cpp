#include "services/readmit_service.hpp"

namespace suara::hub {

Result<std::string> ReadmitService::readmit(const DashboardUser& user, const std::string& kioskId, const std::string& itemId,
                                            std::int64_t nowMs) {
  if (!user.isAdmin()) return makeError(Errc::Forbidden, "only an admin may re-admit quarantined items");
  QuarantineFilter filter;
  filter.kioskId = kioskId;
  auto kept = m_storage.quarantined(filter);
  if (!kept) return kept.error();
  const auto item = std::find_if(kept->begin(), kept->end(), [&](const QuarantinedItem& q) { return q.itemId == itemId; });
  if (kioskId.empty() || item == kept->end()) return makeError(Errc::NotFound, "no quarantined item '" + itemId + "' from kiosk '" + kioskId + "'");
  auto kiosk = m_storage.kiosk(kioskId);
  if (!kiosk) return kiosk.error();
  auto result = m_ingest.readmit(*kiosk, *item, nowMs);
  if (!result) return result.error();
  std::string outcome = result->status == wire::ItemStatus::Accepted    ? "stored"
                        : result->status == wire::ItemStatus::Duplicate ? "already stored"
                                                                        : "still quarantined: " + result->reason;
  (void)m_storage.recordAudit(AuditEntry{nowMs, user.name, "quarantine.readmit", kioskId + "/" + itemId, outcome});
  return outcome;
}

}  // namespace suara::hub
