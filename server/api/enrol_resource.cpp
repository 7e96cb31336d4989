// POST /v1/enroll {"code": "XXXX-XXXX-XXXX", "name": "..."}: a kiosk's token, once per code.

#include "api/resources.hpp"
#include "http/error_status.hpp"

namespace suara::hub {

void addEnrolResource(Router& router, HubServices& services) {
  router.add({"POST", "/v1/enroll", Access::Public, 4 * 1024, [&services](const HttpRequest& req, const Principal&) {
                const auto body = nlohmann::json::parse(req.body, nullptr, false);
                if (!body.is_object() || !body.contains("code") || !body["code"].is_string())
                  return errorResponse(400, "expected {\"code\": \"XXXX-XXXX-XXXX\", \"name\": \"...\"}");
                if (body.contains("name") && !body["name"].is_string())
                  return errorResponse(400, "'name' must be a string");
                std::string name = body.value("name", std::string("kiosk"));
                if (name.size() > 64) name.resize(64);
                Throttled throttled;
                auto enrolment = services.enrolment.enrol(body["code"].get<std::string>(), name, req.remoteAddress, hubNowMs(), &throttled);
                if (!enrolment) {
                  if (throttled.retryAfterSeconds > 0) return errorResponse(429, enrolment.error().message, throttled.retryAfterSeconds);
                  if (enrolment.error().code == Errc::NotFound) return errorResponse(403, enrolment.error().message);
                  return responseFor(enrolment.error());
                }
                return jsonResponse(200, {{"kiosk_id", enrolment->kioskId},
                                          {"token", enrolment->token},
                                          {"unit", unitJson(enrolment->unit)},
                                          {"server_time_ms", hubNowMs()}});
              }});
}

}  // namespace suara::hub
