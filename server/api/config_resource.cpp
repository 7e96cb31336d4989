// GET /v1/config: the kiosk's unit (services, counters, survey, UTC offset).

#include "api/resources.hpp"
#include "http/error_status.hpp"

namespace suara::hub {

void addConfigResource(Router& router, HubServices& services) {
  router.add({"GET", "/v1/config", Access::Kiosk, 0, [&services](const HttpRequest&, const Principal& who) {
                auto unit = services.storage.unit(who.kiosk.unitId);
                if (!unit) return responseFor(unit.error());
                return jsonResponse(200, {{"kiosk_id", who.kiosk.id}, {"unit", unitJson(*unit)}, {"server_time_ms", hubNowMs()}});
              }});
}

}  // namespace suara::hub
