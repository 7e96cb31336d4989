#pragma once
// A real hub process with unit "dumai" (service "ktp", counter "loket-1") and one kiosk
// enrolled over HTTP, plus the requests tests send as that kiosk.

#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "suara/core/response.hpp"
#include "suara/core/wire.hpp"
#include "support/hub_process.hpp"
#include "support/temp_dir.hpp"

namespace suara::test {

struct EnrolledHub {
  // `serveOptions`: more options for `suara-hub serve`.
  explicit EnrolledHub(std::vector<std::string> serveOptions = {}) : hub(dir / "hub.db", std::move(serveOptions)) {
    hub.start();
    code = hub.createUnitAndCode();
    const auto enrolled = client().Post("/v1/enroll", nlohmann::json{{"code", code}, {"name", "t"}}.dump(), "application/json");
    REQUIRE(enrolled);
    REQUIRE(enrolled->status == 200);
    token = nlohmann::json::parse(enrolled->body)["token"];
    kioskId = nlohmann::json::parse(enrolled->body)["kiosk_id"];
  }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", hub.port());
    c.set_read_timeout(20, 0);
    c.set_connection_timeout(5, 0);
    return c;
  }
  httplib::Headers auth() const { return {{"Authorization", "Bearer " + token}}; }
  static std::string batch(std::vector<Response> items) {
    std::int64_t seq = 0;
    for (auto& r : items)
      if (r.seq == 0) r.seq = ++seq;
    const ClockStamp now = clockNow();
    return wire::encodeIngestRequest({now.wallMs, now.monoMs, now.bootId}, items);
  }
  int ingest(const std::vector<Response>& items) const {
    auto res = client().Post("/v1/responses", auth(), batch(items), "application/json");
    return res ? res->status : 0;
  }
  int heartbeat() const {
    auto res = client().Post("/v1/heartbeat", auth(), nlohmann::json{{"wall_ms", clockNow().wallMs}}.dump(), "application/json");
    return res ? res->status : 0;
  }
  int health() const {
    auto res = client().Get("/v1/health");
    return res ? res->status : 0;
  }
  std::string newCode() const { return hub.enrolmentCode("dumai"); }
  std::int64_t stored() const {
    SQLite::Database db(hub.db().string(), SQLite::OPEN_READONLY);
    return db.execAndGet("SELECT count(*) FROM responses").getInt64();
  }
  std::string authLine() const { return "Authorization: Bearer " + token + "\r\n"; }

  TempDir dir;
  HubProcess hub;
  std::string code, token, kioskId;
};

}  // namespace suara::test
