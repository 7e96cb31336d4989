#pragma once
// The kiosk API, wire protocol v1 (docs/protocol.md): one file per resource, each parsing its
// request, calling a service and rendering JSON. Nothing here touches storage rules directly.

#include <nlohmann/json.hpp>

#include "http/router.hpp"
#include "services/enrolment_service.hpp"
#include "services/ingest_service.hpp"
#include "services/integrity_watch.hpp"

namespace suara::hub {

struct HubServices {
  Storage& storage;
  IngestService& ingest;
  EnrolmentService& enrolment;
  const IntegrityWatch* integrity;  // null where no background check runs (fuzzing)
};

void addHealthResource(Router& router, HubServices& services);
void addEnrolResource(Router& router, HubServices& services);
void addResponsesResource(Router& router, HubServices& services);
void addConfigResource(Router& router, HubServices& services);
void addHeartbeatResource(Router& router, HubServices& services);

inline void addKioskApi(Router& router, HubServices& services) {
  addHealthResource(router, services);
  addEnrolResource(router, services);
  addResponsesResource(router, services);
  addConfigResource(router, services);
  addHeartbeatResource(router, services);
}

// Shared by the resources.
HttpResponse jsonResponse(int status, const nlohmann::json& body);
nlohmann::json unitJson(const Unit& unit);
std::int64_t hubNowMs();

}  // namespace suara::hub
