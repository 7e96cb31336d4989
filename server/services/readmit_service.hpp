#pragma once
// Re-admitting a quarantined item from the dashboard: admins only, each attempt audited.

#include <string>

#include "auth/principal.hpp"
#include "services/ingest_service.hpp"

namespace suara::hub {

class ReadmitService {
 public:
  ReadmitService(Storage& storage, IngestService& ingest) : m_storage(storage), m_ingest(ingest) {}
  // "stored", "already stored" or "still quarantined: <reason>"; Errc::Forbidden for anyone
  // but an admin, Errc::NotFound for an item that is not kept.
  Result<std::string> readmit(const DashboardUser& user, const std::string& kioskId, const std::string& itemId, std::int64_t nowMs);

 private:
  Storage& m_storage;
  IngestService& m_ingest;
};

}  // namespace suara::hub
