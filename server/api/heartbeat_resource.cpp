// POST /v1/heartbeat: the kiosk's health (backlog, disk, last error) and its clock, which
// gives the hub the kiosk's clock offset.

#include "api/resources.hpp"
#include "http/error_status.hpp"

namespace suara::hub {

void addHeartbeatResource(Router& router, HubServices& services) {
  router.add({"POST", "/v1/heartbeat", Access::Kiosk, 16 * 1024, [&services](const HttpRequest& req, const Principal& who) {
                services.enrolment.kioskSeenFrom(req.remoteAddress, hubNowMs());  // technicians enrol from kiosks' sites
                const auto body = nlohmann::json::parse(req.body, nullptr, false);
                if (!body.is_object() || !body.contains("wall_ms") || !body["wall_ms"].is_number_integer())
                  return errorResponse(400, "expected a JSON object with wall_ms, pending, oldest_pending_age_s, version, disk_free_bytes, last_error");
                const auto& wall = body["wall_ms"];
                if (wall.is_number_unsigned() ? wall.get<std::uint64_t>() > static_cast<std::uint64_t>(kMaxClockMs) : wall.get<std::int64_t>() < 0)
                  return errorResponse(400, "'wall_ms' must be from 0 to the year 9999");
                const std::int64_t now = hubNowMs();
                if (Status saved = services.storage.recordHeartbeat(who.kiosk.id, body.dump(), now, now - wall.get<std::int64_t>()); !saved)
                  return responseFor(saved.error());
                return jsonResponse(200, {{"server_time_ms", now}});
              }});
}

}  // namespace suara::hub
