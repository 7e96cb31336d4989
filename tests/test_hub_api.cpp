// The hub's API under bad input: each gets a clear 4xx (or a per-item rejection) with a
// reason, nothing partial is stored, and the hub keeps serving.

#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "http_transport.hpp"
#include "suara/core/wire.hpp"
#include "support/enrolled_hub.hpp"
#include "support/hub_process.hpp"
#include "support/responses.hpp"
#include "support/temp_dir.hpp"

using namespace suara;
using nlohmann::json;

namespace {

// The shared fixture (a hub with one kiosk enrolled over HTTP), plus batches posted with any
// bearer token or none, and the reason an error reply gives.
struct Api : test::EnrolledHub {
  httplib::Result post(const std::string& body, const std::string& bearer, const httplib::Headers& extra = {}) {
    httplib::Headers headers = extra;
    if (!bearer.empty()) headers.emplace("Authorization", "Bearer " + bearer);
    return http.Post("/v1/responses", headers, body, "application/json");
  }
  static std::string error(const httplib::Result& res) { return json::parse(res->body).value("error", ""); }

  httplib::Client http = client();
};

}  // namespace

TEST_CASE("malformed requests get a 4xx with a reason and store nothing", "[hub][api]") {
  Api api;
  const Response good = test::quickResponse(4);
  struct Case {
    std::string body;
    int status;
    std::string reason;
  };
  const std::vector<Case> cases = {
      {"{not json", 400, "request body is not valid JSON"},
      {"[1,2,3]", 400, "request body must be a JSON object"},
      {R"({"items": []})", 400, "'sent' is missing"},
      {R"({"sent": {"wall_ms": "now"}, "items": []})", 400, "'sent' must be an object with wall_ms, mono_ms and boot"},
      {json{{"sent", {{"wall_ms", 1}, {"mono_ms", 1}, {"boot", good.clock.bootId}}}, {"items", "all of them"}}.dump(), 400,
       "'items' must be an array"},
  };
  for (const auto& c : cases) {
    INFO(c.body);
    const auto res = api.post(c.body, api.token);
    REQUIRE(res);
    CHECK(res->status == c.status);
    CHECK(Api::error(res) == c.reason);
  }
  std::vector<Response> tooMany(wire::kMaxItemsPerBatch + 1, good);
  const auto many = api.post(Api::batch(tooMany), api.token);
  CHECK(many->status == 400);
  CHECK(Api::error(many) == "a batch may hold at most 5000 items");

  // Over the limit: refused from its declared length, before it is read. The hub answers 413
  // and closes; a client still writing may see the closed connection instead of the answer.
  sync::HttpTransport transport;
  const auto huge = transport.post(api.hub.url() + "/v1/responses", std::string(wire::kMaxBodyBytes + 1, ' '), api.token, false);
  CHECK((!huge || huge->status == 413));

  // A gzip bomb: 40 KB on the wire, 40 MB once inflated. Refused, memory stays bounded.
  const auto bomb = api.post(sync::gzipCompress(std::string(40 * 1024 * 1024, ' ')), api.token, {{"Content-Encoding", "gzip"}});
  REQUIRE(bomb);
  CHECK(bomb->status == 413);
  CHECK(api.post(sync::gzipCompress(std::string(40 * 1024 * 1024, ' ')), "", {{"Content-Encoding", "gzip"}})->status == 401);

  const auto gzipGarbage = api.post("this is not gzip", api.token, {{"Content-Encoding", "gzip"}});
  REQUIRE(gzipGarbage);
  CHECK(gzipGarbage->status >= 400);
  CHECK(gzipGarbage->status < 500);

  CHECK(api.stored() == 0);
  const auto health = api.http.Get("/v1/health");  // still serving
  REQUIRE(health);
  CHECK(health->status == 200);
}

TEST_CASE("tokens: missing and unknown are 401, revoked is 403", "[hub][api]") {
  Api api;
  const std::string body = Api::batch({test::quickResponse(3)});
  CHECK(api.post(body, "")->status == 401);
  const auto unknown = api.post(body, "not-a-token");
  CHECK(unknown->status == 401);
  CHECK(Api::error(unknown) == "unknown token");
  api.hub.admin({"kiosk", "revoke", "--id", api.kioskId});
  const auto revoked = api.post(body, api.token);
  CHECK(revoked->status == 403);
  CHECK_THAT(Api::error(revoked), Catch::Contains("revoked"));
  CHECK(api.stored() == 0);
}

TEST_CASE("public routes answer whatever credentials come with them: none, malformed, unknown or revoked", "[hub][api]") {
  Api api;
  api.hub.admin({"kiosk", "revoke", "--id", api.kioskId});
  for (const std::string& authorization : std::vector<std::string>{"", "Basic dXNlcjpwYXNz", "Bearer not-a-token", "Bearer " + api.token}) {
    INFO("Authorization: " << authorization);
    httplib::Headers headers;
    if (!authorization.empty()) headers.emplace("Authorization", authorization);
    const auto health = api.http.Get("/v1/health", headers);
    REQUIRE(health);
    CHECK(health->status == 200);
    // "Enrol it again", says the answer to a revoked kiosk: it may still send its old token.
    const auto enrolled = api.http.Post("/v1/enroll", headers, json{{"code", api.hub.enrolmentCode("dumai")}}.dump(), "application/json");
    REQUIRE(enrolled);
    CHECK(enrolled->status == 200);
  }
}

TEST_CASE("a bad item is rejected alone; the rest of the batch is accepted", "[hub][api]") {
  Api api;
  const std::vector<Response> items = {test::quickResponse(4), test::quickResponse(2), test::quickResponse(1)};
  json request = json::parse(Api::batch(items));
  request["items"][1]["answers"]["overall"] = 9;
  const auto res = api.post(request.dump(), api.token);
  REQUIRE(res->status == 200);
  const auto reply = wire::decodeIngestReply(res->body, {items[0].uuid, items[1].uuid, items[2].uuid});
  REQUIRE(reply.ok());
  CHECK(reply->results[0].status == wire::ItemStatus::Accepted);
  CHECK(reply->results[1].status == wire::ItemStatus::Rejected);
  CHECK(reply->results[1].reason == "'answers.overall' must be an integer from 1 to 4");
  CHECK(reply->results[2].status == wire::ItemStatus::Accepted);
  CHECK(api.stored() == 2);
}

TEST_CASE("a resend is a duplicate; the same id with other content is a conflict and the first stands", "[hub][api]") {
  Api api;
  Response first = test::quickResponse(4);
  REQUIRE(api.post(Api::batch({first}), api.token)->status == 200);
  const auto again = api.post(Api::batch({first}), api.token);
  CHECK(wire::decodeIngestReply(again->body, {first.uuid})->results[0].status == wire::ItemStatus::Duplicate);

  Response changed = first;
  changed.answers["overall"] = 1;
  const auto conflict = api.post(Api::batch({changed}), api.token);
  const auto result = wire::decodeIngestReply(conflict->body, {first.uuid})->results[0];
  CHECK(result.status == wire::ItemStatus::Rejected);
  CHECK_THAT(result.reason, Catch::StartsWith("conflict"));
  CHECK(api.stored() == 1);
  const auto report = api.hub.admin({"kiosk", "list"});
  CHECK_THAT(report, Catch::Contains("1 responses"));
}

TEST_CASE("an id another kiosk stored first is a conflict naming that kiosk: rejected, quarantined, never attributed to the sender", "[hub][api]") {
  Api api;
  const auto enrolled = api.http.Post("/v1/enroll", json{{"code", api.hub.enrolmentCode("dumai")}, {"name", "b"}}.dump(), "application/json");
  REQUIRE(enrolled->status == 200);
  const std::string otherToken = json::parse(enrolled->body)["token"], otherKiosk = json::parse(enrolled->body)["kiosk_id"];
  const Response rating = test::quickResponse(4);
  REQUIRE(api.post(Api::batch({rating}), api.token)->status == 200);
  for (int resend = 0; resend < 2; ++resend) {  // the same answer every time
    const auto sent = api.post(Api::batch({rating}), otherToken);
    REQUIRE(sent->status == 200);
    const auto result = wire::decodeIngestReply(sent->body, {rating.uuid})->results[0];
    CHECK(result.status == wire::ItemStatus::Rejected);
    CHECK_THAT(result.reason, Catch::StartsWith("conflict") && Catch::Contains("kiosk '" + api.kioskId + "'"));
  }
  SQLite::Database db(api.hub.db().string(), SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT group_concat(kiosk_id) FROM responses").getString() == api.kioskId);
  SQLite::Statement kept(db, "SELECT item_id, reason, times FROM quarantine WHERE kiosk_id = ?");
  kept.bind(1, otherKiosk);
  REQUIRE(kept.executeStep());
  CHECK(kept.getColumn(0).getString() == rating.uuid);
  CHECK_THAT(kept.getColumn(1).getString(), Catch::Contains("kiosk '" + api.kioskId + "'"));
  CHECK(kept.getColumn(2).getInt() == 2);
}

TEST_CASE("a kiosk fetches its unit's configuration and reports its health", "[hub][api]") {
  Api api;
  const httplib::Headers auth = {{"Authorization", "Bearer " + api.token}};
  const auto config = api.http.Get("/v1/config", auth);
  REQUIRE(config);
  REQUIRE(config->status == 200);
  const auto body = json::parse(config->body);
  CHECK(body["kiosk_id"] == api.kioskId);
  CHECK(body["unit"]["id"] == "dumai");
  CHECK(body["unit"]["services"][0]["id"] == "ktp");
  CHECK(body["unit"]["counters"][0]["id"] == "loket-1");
  CHECK(api.http.Get("/v1/config")->status == 401);

  const std::int64_t skewed = clockNow().wallMs - 90'000;  // the kiosk's clock is 90 s slow
  const json beat = {{"wall_ms", skewed}, {"pending", 12}, {"oldest_pending_age_s", 340}, {"version", "0.1.0"},
                     {"disk_free_bytes", 123456789}, {"last_error", "cannot reach the hub"}};
  const auto sent = api.http.Post("/v1/heartbeat", auth, beat.dump(), "application/json");
  REQUIRE(sent);
  CHECK(sent->status == 200);
  const std::string list = api.hub.admin({"kiosk", "list"});
  CHECK_THAT(list, Catch::Contains("seen 0 min ago"));
  CHECK_THAT(list, Catch::Contains("clock offset 9"));  // about 90 s
  CHECK(api.http.Post("/v1/heartbeat", auth, "{}", "application/json")->status == 400);
}

TEST_CASE("enrolment codes work once, and only for a while", "[hub][api]") {
  test::TempDir dir;
  test::HubProcess hub(dir / "hub.db");
  hub.start();
  const std::string code = hub.createUnitAndCode();
  httplib::Client client("127.0.0.1", hub.port());
  const auto first = client.Post("/v1/enroll", json{{"code", code}}.dump(), "application/json");
  CHECK(first->status == 200);
  const auto second = client.Post("/v1/enroll", json{{"code", code}}.dump(), "application/json");
  CHECK(second->status == 403);
  CHECK(json::parse(second->body)["error"] == "unknown, used or expired enrolment code");
  const auto wrong = client.Post("/v1/enroll", json{{"code", "AAAA-AAAA"}}.dump(), "application/json");
  CHECK(wrong->status == 403);
  const auto malformed = client.Post("/v1/enroll", "{}", "application/json");
  CHECK(malformed->status == 400);
  // A lower-case code with spaces, as typed on a phone, is the same code.
  std::string typed = hub.enrolmentCode("dumai");
  for (auto& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  typed.replace(typed.find('-'), 1, " ");
  CHECK(client.Post("/v1/enroll", json{{"code", typed}}.dump(), "application/json")->status == 200);
}

TEST_CASE("a kiosk name over 64 bytes is cut before a character, never inside one", "[hub][api]") {
  Api api;
  const std::string dash = "\xE2\x80\x94";  // an em dash: three bytes in UTF-8
  struct Case {
    std::string sent, stored;
  };
  const std::vector<Case> cases = {
      {std::string(63, 'a') + dash + "b", std::string(63, 'a')},         // the dash is bytes 64-66: all of it goes
      {std::string(62, 'a') + dash + "b", std::string(62, 'a')},         // bytes 63-65: it goes too
      {std::string(61, 'a') + dash + "b", std::string(61, 'a') + dash},  // bytes 62-64: it stays
      {std::string(64, 'a') + "b", std::string(64, 'a')},
  };
  SQLite::Database db(api.hub.db().string(), SQLite::OPEN_READONLY);
  for (const auto& c : cases) {
    const auto enrolled = api.http.Post("/v1/enroll", json{{"code", api.hub.enrolmentCode("dumai")}, {"name", c.sent}}.dump(),
                                          "application/json");
    REQUIRE(enrolled);
    REQUIRE(enrolled->status == 200);
    SQLite::Statement name(db, "SELECT name FROM kiosks WHERE id = ?");
    name.bind(1, json::parse(enrolled->body)["kiosk_id"].get<std::string>());
    REQUIRE(name.executeStep());
    CHECK(name.getColumn(0).getString() == c.stored);
  }
}
