// GET /v1/health: for kiosks (is the hub there?) and monitoring (can it store? is its database
// whole?). 503 when the database does not accept writes (a full disk, a read-only medium),
// saying why. A database the background integrity check found damaged still accepts writes,
// so it stays 200, but the status is "degraded" rather than "ok". Quick: it answers within
// moments however many batches wait for a commit.

#include "api/resources.hpp"
#include "suara/core/version.hpp"

namespace suara::hub {

void addHealthResource(Router& router, HubServices& services) {
  router.add({"GET", "/v1/health", Access::Public, 0, [&services](const HttpRequest&, const Principal&) {
                const Status writable = services.storage.probeWrite();
                nlohmann::json database = {{"writable", writable.ok()}};
                if (!writable) database["error"] = writable.error().message;
                bool troubled = false;
                if (services.integrity) {
                  const IntegrityStatus integrity = services.integrity->status();
                  database["integrity"] = integrity.text;
                  troubled = integrity.troubled;
                }
                HttpResponse res = jsonResponse(writable ? 200 : 503, {{"status", writable && !troubled ? "ok" : "degraded"},
                                                                      {"version", kVersion},
                                                                      {"server_time_ms", hubNowMs()},
                                                                      {"database", std::move(database)}});
                if (!writable) res.retryAfterSeconds = 30;
                return res;
              },
              Pool::Quick});
}

}  // namespace suara::hub
