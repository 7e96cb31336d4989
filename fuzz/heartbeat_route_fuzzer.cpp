// libFuzzer harness for POST /v1/heartbeat through the hub's Router, authentication and
// storage (fuzz/hub_fuzz_support.hpp says how an input becomes a request; bit 4 of its first
// byte sends it without a token). Checked beyond "does not crash" and the shared checks
// (statuses 200/400/401/413 only: the storage is healthy, so a 503 would be input breaking
// it; a 500 is a hub bug):
//   - without a token: 401 (before anything else); with one, a declared length over the
//     route's 16 KiB: 413 before the body is read;
//   - every decoded body that is an object with an integer wall_ms from 0 to the year 9999 is
//     stored (200), and nothing else is;
//   - after a 200 the storage reads back the kiosk's heartbeat as the same JSON, last seen at
//     the reply's server time, with the clock offset server time − wall_ms.

#include <cstdint>
#include <cstdlib>

#include "auth/secrets.hpp"
#include "hub_fuzz_support.hpp"

using namespace suara;
using nlohmann::json;

namespace {

constexpr std::size_t kRouteLimit = 16 * 1024;

bool isHeartbeat(const json& body) {
  if (!body.is_object() || !body.contains("wall_ms") || !body["wall_ms"].is_number_integer()) return false;
  const auto& wall = body["wall_ms"];
  return wall.is_number_unsigned() ? wall.get<std::uint64_t>() <= static_cast<std::uint64_t>(kMaxClockMs) : wall.get<std::int64_t>() >= 0;
}

void checkStored(fuzz::FuzzHub& hub, const fuzz::Outcome& outcome, const json& sent) {
  const json reply = json::parse(outcome.response.body, nullptr, false);
  if (!reply.is_object() || !reply.contains("server_time_ms") || !reply["server_time_ms"].is_number_integer())
    fuzz::fail(outcome, "a heartbeat reply without server_time_ms");
  const std::int64_t serverTime = reply["server_time_ms"];
  auto kiosk = hub.storage().kioskByTokenHash(hub::hashSecret(hub.kioskToken()));
  if (!kiosk) fuzz::fail(outcome, "the kiosk cannot be read back: " + kiosk.error().message);
  const json stored = json::parse(kiosk->lastHeartbeat, nullptr, false);
  if (stored.is_discarded()) fuzz::fail(outcome, "the stored heartbeat is not JSON: " + kiosk->lastHeartbeat);
  if (stored != sent) fuzz::fail(outcome, "the stored heartbeat differs from the one sent: " + kiosk->lastHeartbeat);
  if (kiosk->lastSeenMs != serverTime) fuzz::fail(outcome, "last seen is not the reply's server time");
  if (kiosk->clockOffsetMs != serverTime - sent["wall_ms"].get<std::int64_t>()) fuzz::fail(outcome, "wrong clock offset");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto request = fuzz::requestFrom(data, size, "/v1/heartbeat");
  if (!request) return 0;
  auto& hub = fuzz::FuzzHub::instance();
  fuzz::InputHub input(hub);
  const bool anonymous = request->routeBit();
  if (!anonymous) request->head.authorization = "Bearer " + hub.kioskToken();
  const std::size_t declared = request->declaredLength;

  const auto outcome = fuzz::send(input.router, std::move(*request));
  fuzz::checkCommon(outcome, {200, 400, 401, 413});
  const int status = outcome.response.status;
  if (anonymous != (status == 401)) fuzz::fail(outcome, anonymous ? "served without a token" : "a valid token refused");
  if (!anonymous && declared > kRouteLimit && status != 413) fuzz::fail(outcome, "a declared length over the limit was not refused");

  const json body = outcome.routed ? fuzz::parseBounded(outcome.request.body) : json(json::value_t::discarded);
  const bool valid = !anonymous && isHeartbeat(body);
  if (valid && status != 200) fuzz::fail(outcome, "a valid heartbeat was refused");
  if (status == 200 && !valid) fuzz::fail(outcome, "an invalid heartbeat was stored");
  if (status == 200) checkStored(hub, outcome, body);
  return 0;
}
