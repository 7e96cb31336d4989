// libFuzzer harness for POST /v1/enroll through the hub's Router, storage and enrolment
// service (fuzz/hub_fuzz_support.hpp says how an input becomes a request; bit 4 of its first
// byte has the client's address locked out by wrong codes first). Checked beyond "does not
// crash" and the shared checks (statuses 200/400/403/413/429 only: the storage is healthy, so
// a 503 would be input breaking it; a 500 is a hub bug):
//   - the live code in any spelling enrols, unless the address is locked out, when even it
//     gets a 429; nothing else enrols;
//   - an enrolment's token authenticates as a kiosk of the code's unit whose stored name is
//     the name sent (or "kiosk"), cut to 64 bytes at most and still valid UTF-8.

#include <cstdint>
#include <cstdlib>

#include "auth/secrets.hpp"
#include "hub_fuzz_support.hpp"

using namespace suara;
using nlohmann::json;

namespace {

void lockOutClient(hub::EnrolmentService& enrolment) {
  for (int i = 0; i < hub::EnrolmentService::kFailuresPerAddress; ++i)
    (void)enrolment.enrol("WRNG-CDEW-RNG2", "x", fuzz::kClientAddress, hub::hubNowMs(), nullptr);
}

// The kiosk a 200 made, as authentication sees it; then the hub is put back as it was.
void checkEnrolled(fuzz::FuzzHub& hub, const fuzz::InputHub& input, const fuzz::Outcome& outcome, const std::string& nameSent) {
  const json reply = json::parse(outcome.response.body, nullptr, false);
  if (!reply.is_object() || !reply.contains("token") || !reply["token"].is_string() || !reply.contains("kiosk_id") ||
      !reply["kiosk_id"].is_string() || !reply.contains("unit") || reply["unit"].value("id", "") != fuzz::kUnitId)
    fuzz::fail(outcome, "an enrolment reply without token, kiosk_id or the code's unit");
  const std::string kioskId = reply["kiosk_id"];
  hub::HttpRequest head;
  head.method = "POST";
  head.path = "/v1/heartbeat";
  head.authorization = "Bearer " + reply["token"].get<std::string>();
  head.contentType = "application/json";
  auto routed = input.router.route(head, 2);
  const auto* ok = std::get_if<hub::RoutedRequest>(&routed);
  if (!ok || !ok->principal.isKiosk() || ok->principal.kiosk.id != kioskId || ok->principal.kiosk.unitId != fuzz::kUnitId)
    fuzz::fail(outcome, "the token of an enrolment does not authenticate its kiosk");
  const std::string& stored = ok->principal.kiosk.name;
  if (stored.size() > 64 || nameSent.compare(0, stored.size(), stored) != 0 || (nameSent.size() <= 64 && stored != nameSent))
    fuzz::fail(outcome, "the kiosk's stored name is not the name sent, cut to 64 bytes: '" + stored + "'");
  if (!fuzz::isValidUtf8(stored)) fuzz::fail(outcome, "the kiosk's stored name is not valid UTF-8");
  hub.undoEnrolment(kioskId);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto request = fuzz::requestFrom(data, size, "/v1/enroll");
  if (!request) return 0;
  auto& hub = fuzz::FuzzHub::instance();
  fuzz::InputHub input(hub);
  const bool locked = request->routeBit();
  if (locked) lockOutClient(input.enrolment);

  const auto outcome = fuzz::send(input.router, std::move(*request));
  fuzz::checkCommon(outcome, {200, 400, 403, 413, 429});

  // What the handler saw, judged independently of it.
  const json body = outcome.routed ? fuzz::parseBounded(outcome.request.body) : json(json::value_t::discarded);
  const bool wellFormed = body.is_object() && body.contains("code") && body["code"].is_string() &&
                          (!body.contains("name") || body["name"].is_string());
  const bool rightCode = wellFormed && hub::normaliseEnrolmentCode(body["code"].get<std::string>()) ==
                                           hub::normaliseEnrolmentCode(fuzz::kEnrolmentCode);
  const int status = outcome.response.status;
  if (rightCode && status != (locked ? 429 : 200)) fuzz::fail(outcome, locked ? "a locked-out address was not throttled" : "the live code was refused");
  if (status == 200 && !rightCode) fuzz::fail(outcome, "enrolled without the live code");
  if (status == 429 && !locked) fuzz::fail(outcome, "throttled without wrong codes");
  if (status == 200) checkEnrolled(hub, input, outcome, body.value("name", std::string("kiosk")));
  return 0;
}
