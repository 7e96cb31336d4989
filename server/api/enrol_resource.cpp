// POST /v1/enroll {"code": "XXXX-XXXX-XXXX", "name": "..."}: a kiosk's token, once per code.

#include "api/resources.hpp"
#include "http/error_status.hpp"

namespace suara::hub {

namespace {

// At most `maxBytes`, cut before a character rather than inside one: the name is UTF-8 (the
// JSON parser saw to that) and must stay so once stored, for `kiosk list` and any JSON that
// shows it.
std::string cutName(std::string name, std::size_t maxBytes) {
  if (name.size() <= maxBytes) return name;
  std::size_t end = maxBytes;
  while (end > 0 && (static_cast<unsigned char>(name[end]) & 0xC0) == 0x80) --end;  // a continuation byte
  name.resize(end);
  return name;
}

}  // namespace

void addEnrolResource(Router& router, HubServices& services) {
  router.add({"POST", "/v1/enroll", Access::Public, 4 * 1024, [&services](const HttpRequest& req, const Principal&) {
                const auto body = nlohmann::json::parse(req.body, nullptr, false);
                if (!body.is_object() || !body.contains("code") || !body["code"].is_string())
                  return errorResponse(400, "expected {\"code\": \"XXXX-XXXX-XXXX\", \"name\": \"...\"}");
                if (body.contains("name") && !body["name"].is_string())
                  return errorResponse(400, "'name' must be a string");
                const std::string name = cutName(body.value("name", std::string("kiosk")), 64);
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
