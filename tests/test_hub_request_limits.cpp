// What the hub's HTTP layer lets requests hold and how it names the client: the JSON value
// cap and the shared memory budget for bodies, the 408 for a body that stops arriving, the
// total connection cap, and clients behind a trusted reverse proxy.

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include "http/http_limits.hpp"
#include "http_transport.hpp"
#include "suara/core/json_depth.hpp"
#include "suara/core/wire.hpp"
#include "support/enrolled_hub.hpp"
#include "support/raw_http.hpp"
#include "support/responses.hpp"
#include "support/run_process.hpp"

using namespace suara;
using nlohmann::json;

namespace {

using Hub = test::EnrolledHub;

// The headers of a POST whose body is still to come; the hub answers "100 Continue" once it
// has routed the request and reserved room for the body.
std::string headersExpectingContinue(const std::string& path, std::size_t length, const std::string& extra) {
  return "POST " + path + " HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\n" + extra +
         "Content-Length: " + std::to_string(length) + "\r\nExpect: 100-continue\r\n\r\n";
}

// The richest rating a kiosk can send: every element, every follow-up, every id.
Response richestRating() {
  Response r = test::skmAll({4, 3, 4, 2, 4, 3, 1, 4, 4});
  r.unitId = "dumai";
  r.serviceId = "ktp";
  r.counterId = "loket-1";
  r.officerId = "petugas-0001";
  r.respondent = {"female", "30_39", "s1", "wirausaha"};
  r.flags = flags::kRapidRepeat;
  return r;
}

}  // namespace

TEST_CASE("JSON value counts: every array, object, element and member, never what sits inside strings", "[hub][limits]") {
  CHECK(measureJson("[]", 32, 100, 1000).values == 1);
  CHECK(measureJson("[[],1]", 32, 100, 1000).values == 3);
  CHECK(measureJson(R"({"a":1,"b":[true,null]})", 32, 100, 1000).values == 5);
  CHECK(measureJson(R"(["[],[],{}", "x,y"])", 32, 100, 1000).values == 3);
  CHECK(measureJson("[" + std::string(1000, '1') + "]", 32, 100, 1000).values == 2);
  // Punctuation counts whether or not it separates values: commas alone hold none.
  CHECK(measureJson(R"({"a":[1,2]})", 32, 100, 1000).structurals == 6);  // { : [ , ] }
  const JsonShape commas = measureJson("[" + std::string(5000, ',') + "]", 32, 100, 1000);
  CHECK(commas.values <= 1);
  CHECK(commas.structurals > 1000);
  // The scan stops once past a limit, however long the rest.
  CHECK(measureJson("[" + std::string(100, '[') + std::string(100, ']') + "]", 4, 100, 1000).depth == 5);
}

TEST_CASE("a full batch of the richest ratings fits every body limit and is stored", "[hub][limits]") {
  Hub h;
  std::vector<Response> items(wire::kMaxItemsPerBatch, richestRating());
  for (auto& r : items) r.uuid = newUuid();
  const std::string body = Hub::batch(items);
  const JsonShape shape = measureJson(body, 1000, std::size_t(-1), std::size_t(-1));
  INFO(body.size() << " bytes, " << shape.values << " JSON values");
  CHECK(body.size() <= wire::kMaxBodyBytes);
  CHECK(shape.values <= hub::HttpLimits{}.maxJsonValues);
  CHECK(shape.structurals <= hub::HttpLimits{}.maxJsonStructurals);
  CHECK(h.ingest(items) == 200);
  CHECK(h.stored() == static_cast<std::int64_t>(wire::kMaxItemsPerBatch));
}

TEST_CASE("a body of millions of tiny JSON values is refused before it is parsed, and four at once leave the hub small",
          "[hub][limits]") {
  Hub h;
  // 8 MiB of "[],[],…" as the items of a batch: 2.8 million values in 8 KiB of gzip.
  std::string tiny = R"({"sent":{"wall_ms":1,"mono_ms":1,"boot":"b"},"items":[)";
  while (tiny.size() < wire::kMaxBodyBytes - 8) tiny += "[],";
  tiny += "[]]}";
  REQUIRE(tiny.size() <= wire::kMaxBodyBytes);
  const std::string request = test::postRequest("/v1/responses", sync::gzipCompress(tiny), h.authLine() + "Content-Encoding: gzip\r\n");

  const auto one = test::rawRequest(h.hub.port(), request);
  CHECK(one.status == 413);
  CHECK_THAT(one.body, Catch::Contains("JSON values"));

  std::atomic<int> refused{0};
  std::vector<std::thread> senders;
  for (int i = 0; i < 4; ++i) senders.emplace_back([&] { refused += test::rawRequest(h.hub.port(), request).status == 413; });
  for (auto& sender : senders) sender.join();
  CHECK(refused == 4);
  INFO("peak RSS " << (h.hub.peakRssBytes() >> 20) << " MiB");
  CHECK(h.hub.peakRssBytes() < (std::size_t{400} << 20));  // parsed, each would have taken 215 MB
  CHECK(h.health() == 200);
}

TEST_CASE("bodies in progress share one memory budget: beyond it a 503 with Retry-After, and room again once answered",
          "[hub][limits]") {
  Hub h({"--body-memory", "10"});
  const std::size_t threeMiB = std::size_t{3} << 20, eightMiB = std::size_t{8} << 20;
  test::RawConnection first(h.hub.port());
  first.send(headersExpectingContinue("/v1/responses", threeMiB, h.authLine()));
  REQUIRE(first.read().status == 100);  // routed, its 3 MiB held

  test::RawConnection second(h.hub.port());
  second.send(headersExpectingContinue("/v1/responses", eightMiB, h.authLine()));
  const auto refused = second.read();
  CHECK(refused.status == 503);
  CHECK_THAT(refused.headers, Catch::Contains("Retry-After"));
  CHECK(h.health() == 200);  // bodiless requests need no room

  first.send(std::string(threeMiB, ' '));  // whitespace: not JSON, answered 400 (parsing it is held as 9 MiB)
  CHECK(first.read().status == 400);

  test::RawConnection third(h.hub.port());
  third.send(headersExpectingContinue("/v1/responses", eightMiB, h.authLine()));
  CHECK(third.read().status == 100);
}

TEST_CASE("one kiosk sends at most four bodies at once: the fifth is a 429, and a finished one makes room", "[hub][limits]") {
  Hub h;
  std::vector<test::RawConnection> sending;
  for (int i = 0; i < 4; ++i) {
    sending.emplace_back(h.hub.port());
    sending.back().send(headersExpectingContinue("/v1/responses", 1000, h.authLine()));
    REQUIRE(sending.back().read().status == 100);
  }
  test::RawConnection fifth(h.hub.port());
  fifth.send(headersExpectingContinue("/v1/responses", 1000, h.authLine()));
  const auto refused = fifth.read();
  CHECK(refused.status == 429);
  CHECK_THAT(refused.body, Catch::Contains("one at a time"));
  CHECK(h.health() == 200);

  sending.front().send(std::string(1000, ' '));
  CHECK(sending.front().read().status == 400);
  test::RawConnection next(h.hub.port());
  next.send(headersExpectingContinue("/v1/responses", 1000, h.authLine()));
  CHECK(next.read().status == 100);
}

TEST_CASE("a body that stops arriving is answered 408, not cut off", "[hub][limits]") {
  Hub h({"--body-timeout", "1"});
  test::RawConnection stalled(h.hub.port());
  stalled.send("POST /v1/heartbeat HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\n" + h.authLine() +
               "Content-Length: 100\r\n\r\n{\"wall_ms\":");
  const auto reply = stalled.read(std::chrono::seconds(10));
  CHECK(reply.status == 408);
  CHECK_THAT(reply.body, Catch::Contains("in time"));
  CHECK(h.heartbeat() == 200);
}

TEST_CASE("when the hub's total connection cap is reached the refusal says so, not that one address has too many",
          "[hub][limits]") {
  Hub h({"--max-connections", "3"});
  std::vector<test::RawConnection> open;
  for (const char* address : {"127.0.0.11", "127.0.0.12", "127.0.0.13"}) {
    open.emplace_back(h.hub.port(), address);
    open.back().send("GET /v1/health HTTP/1.1\r\nHost: hub\r\n\r\n");
    REQUIRE(open.back().read().status == 200);  // accepted and kept alive
  }
  const auto refused = test::rawRequest(h.hub.port(), "GET /v1/health HTTP/1.1\r\nHost: hub\r\n\r\n", "127.0.0.14");
  CHECK(refused.status == 503);
  CHECK_THAT(refused.body, Catch::Contains("the hub has too many connections"));
  open.clear();
}

TEST_CASE("behind a trusted reverse proxy each client is its own address: connection caps and enrolment throttling",
          "[hub][limits]") {
  Hub h({"--trusted-proxy", "127.0.0.9", "--max-connections-per-address", "2"});
  // Five kiosks through the proxy, more than one address may hold.
  std::vector<test::RawConnection> viaProxy;
  for (int i = 0; i < 5; ++i) {
    viaProxy.emplace_back(h.hub.port(), "127.0.0.9");
    viaProxy.back().send("GET /v1/health HTTP/1.1\r\nHost: hub\r\nX-Forwarded-For: 203.0.113." + std::to_string(i) + "\r\n\r\n");
    CHECK(viaProxy.back().read().status == 200);
  }
  viaProxy.clear();

  const auto guess = [&](const std::string& code, const std::string& forwardedFor, const char* from) {
    const std::string body = json{{"code", code}, {"name", "k"}}.dump();
    return test::rawRequest(h.hub.port(), test::postRequest("/v1/enroll", body, "X-Forwarded-For: " + forwardedFor + "\r\n"), from).status;
  };
  for (int answered = 0, i = 0; answered < 12 && i < 200; ++i)
    if (guess("AAAA-BBBB-CCCC", "203.0.113.7", "127.0.0.9") != 503) ++answered;
  CHECK(guess(h.newCode(), "203.0.113.7", "127.0.0.9") == 429);  // the guesser is locked out …
  // … the hop it claims before the proxy's own entry is its own word, not an address to trust …
  CHECK(guess(h.newCode(), "198.51.100.1, 203.0.113.7", "127.0.0.9") == 429);
  CHECK(guess(h.newCode(), "203.0.113.8", "127.0.0.9") == 200);  // … and the next client is not

  // A client that is not a trusted proxy cannot pick its address with the header. A guess
  // refused at accept (503: this address may hold two connections, and the hub may not have
  // seen the last one close yet) was never a guess: twelve must reach the code check.
  for (int answered = 0, i = 0; answered < 12 && i < 200; ++i)
    if (guess("AAAA-BBBB-CCCC", "192.0.2." + std::to_string(i), "127.0.0.10") != 503) ++answered;
  CHECK(guess(h.newCode(), "192.0.2.200", "127.0.0.10") == 429);
}

TEST_CASE("a chunk-size line with a megabyte of extensions closes the connection instead of being buffered", "[hub][limits]") {
  Hub h;
  test::RawConnection flood(h.hub.port());
  flood.send("POST /v1/enroll HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n10;");
  const std::string extension(64 * 1024, 'a');
  int sent = 0;
  while (sent < 64 && flood.send(extension)) ++sent;  // 4 MiB of one chunk line, unless closed first
  CHECK(flood.closedByPeer(std::chrono::seconds(5)));
  CHECK(h.hub.peakRssBytes() < (std::size_t{200} << 20));
  CHECK(h.health() == 200);
}

TEST_CASE("an item id longer than any UUID is cut to 64 bytes in the reply and the quarantine", "[hub][limits]") {
  Hub h;
  json batch = json::parse(Hub::batch({test::quickResponse(3)}));
  batch["items"][0]["id"] = std::string(100'000, 'a');
  auto res = h.client().Post("/v1/responses", h.auth(), batch.dump(), "application/json");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  const json reply = json::parse(res->body);
  CHECK(reply["results"][0]["status"] == "rejected");
  CHECK(reply["results"][0]["id"].get<std::string>().size() == wire::kMaxItemIdBytes);
  SQLite::Database db(h.hub.db().string(), SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT max(length(item_id)) FROM quarantine").getInt64() <= static_cast<std::int64_t>(wire::kMaxItemIdBytes));
}

TEST_CASE("behind a trusted proxy the client's own X-Forwarded-For line above the proxy's is not believed", "[hub][limits]") {
  Hub h({"--trusted-proxy", "127.0.0.9"});
  const auto guess = [&](const std::string& code, const std::string& lines) {
    const std::string body = json{{"code", code}, {"name", "k"}}.dump();
    return test::rawRequest(h.hub.port(), test::postRequest("/v1/enroll", body, lines), "127.0.0.9").status;
  };
  // The proxy adds a line of its own, naming the real client, below the client's forged one.
  for (int i = 0; i < 12; ++i)
    guess("AAAA-BBBB-CCCC", "X-Forwarded-For: 9.9.9." + std::to_string(i) + "\r\nX-Forwarded-For: 203.0.113.50\r\n");
  CHECK(guess(h.newCode(), "X-Forwarded-For: 9.9.9.200\r\nX-Forwarded-For: 203.0.113.50\r\n") == 429);
}

TEST_CASE("a body of millions of commas, which hold no value, is refused before it is parsed", "[hub][limits]") {
  Hub h;
  std::string commas = R"({"sent":{"wall_ms":1,"mono_ms":1,"boot":"b"},"items":[],"x":[)";
  commas += std::string(wire::kMaxBodyBytes - commas.size() - 8, ',');
  commas += "]}";
  const auto res = test::rawRequest(
      h.hub.port(), test::postRequest("/v1/responses", sync::gzipCompress(commas), h.authLine() + "Content-Encoding: gzip\r\n"));
  CHECK(res.status == 413);
  CHECK_THAT(res.body, Catch::Contains("punctuation"));
  CHECK(h.health() == 200);
}

TEST_CASE("a rejection quotes at most a short prefix of what was sent, in the reply and the quarantine", "[hub][limits]") {
  Hub h;
  json batch = json::parse(Hub::batch({test::quickResponse(3)}));
  batch["items"][0]["respondent"] = {{"gender", std::string(1'000'000, 'x')}};
  auto res = h.client().Post("/v1/responses", h.auth(), batch.dump(), "application/json");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  CHECK(res->body.size() < 2048);
  const json reply = json::parse(res->body);
  CHECK(reply["results"][0]["status"] == "rejected");
  CHECK_THAT(reply["results"][0]["reason"].get<std::string>(), Catch::Contains("'respondent.gender' has unknown value"));
  SQLite::Database db(h.hub.db().string(), SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT max(length(reason)) FROM quarantine").getInt64() <= 512);
  CHECK(db.execAndGet("SELECT max(length(payload)) FROM quarantine").getInt64() <= 2048);
}

TEST_CASE("a quarantined item cut short keeps whole UTF-8 characters, so listing the quarantine as JSON works", "[hub][limits]") {
  Hub h;
  json batch = json::parse(Hub::batch({test::quickResponse(3)}));
  std::string euros;
  for (int i = 0; i < 7000; ++i) euros += "\xE2\x82\xAC";  // €: three bytes; 1024 is not a multiple of three
  batch["items"][0]["survey"] = euros;
  auto res = h.client().Post("/v1/responses", h.auth(), batch.dump(), "application/json");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  h.hub.stop();
  const auto listed = test::runProcess({SUARA_HUB_EXE, "quarantine", "list", "--db", h.hub.db().string(), "--format", "json"});
  CHECK(listed.exitCode == 0);
  CHECK_NOTHROW(json::parse(listed.out));
}
