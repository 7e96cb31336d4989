#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "suara/core/demo_data.hpp"
#include "suara/core/wire.hpp"
#include "support/responses.hpp"

using namespace suara;
using nlohmann::json;

namespace {
// A rating with explicit skips at `skipAt`, and at `amendAt` an amendment to the rating before it.
void addSkipsAndAmendment(std::vector<Response>& responses, std::size_t skipAt, std::size_t amendAt) {
  Response& skm = responses[skipAt];
  skm.surveyId = "skm-2017";
  skm.answers = {{"U1", 4}, {"U2", 3}};
  skm.skipped = {"U3", "U8"};
  Response& a = responses[amendAt];
  a = Response{a.uuid, a.seq, "", 1, {}, {}, {"waiting_time"}, "", "ktp", "", "", {"", "30_39", "none", ""}, a.clock, 0,
               responses[amendAt - 1].uuid};
}
}  // namespace

TEST_CASE("the request encoder writes each item exactly as the response codec does", "[wire]") {
  auto responses = generateDemoResponses({.count = 300});
  const ClockStamp now = clockNow();
  responses[3].flags = flags::kPartial | flags::kRapidRepeat;
  responses[4].clock.bootId = now.bootId;  // same boot as the batch: sent without it
  addSkipsAndAmendment(responses, 5, 6);
  const wire::SendStamp sent{now.wallMs, now.monoMs, now.bootId};
  const json request = json::parse(wire::encodeIngestRequest(sent, responses));
  REQUIRE(request["items"].size() == responses.size());
  for (std::size_t i = 0; i < responses.size(); ++i) {
    json expected = toJson(responses[i]);
    if (responses[i].clock.bootId == now.bootId) expected["clock"].erase("boot");
    INFO("item " << i);
    CHECK(request["items"][i] == expected);
  }
}

TEST_CASE("a request decodes back to the responses sent, boots restored", "[wire]") {
  auto responses = generateDemoResponses({.count = 50});
  const ClockStamp now = clockNow();
  for (auto& r : responses) r.clock.bootId = now.bootId;
  responses[7].clock.bootId = "00000000-0000-4000-8000-000000000007";
  addSkipsAndAmendment(responses, 8, 9);
  const auto decoded = wire::decodeIngestRequest(wire::encodeIngestRequest({now.wallMs, now.monoMs, now.bootId}, responses));
  REQUIRE(decoded.ok());
  REQUIRE(decoded->items.size() == responses.size());
  for (std::size_t i = 0; i < responses.size(); ++i) {
    REQUIRE(decoded->items[i].response.ok());
    CHECK(*decoded->items[i].response == responses[i]);
  }
}

TEST_CASE("only an exact protocol reply counts", "[wire]") {
  const std::vector<std::string> ids = {newUuid(), newUuid()};
  wire::IngestReply reply{42, {{ids[0], wire::ItemStatus::Accepted, {}}, {ids[1], wire::ItemStatus::Rejected, "conflict"}}};
  const std::string good = wire::encodeIngestReply(reply);
  const auto decoded = wire::decodeIngestReply(good, ids);
  REQUIRE(decoded.ok());
  CHECK(decoded->results[1].reason == "conflict");
  CHECK_FALSE(wire::decodeIngestReply("<html><body>Login</body></html>", ids).ok());
  CHECK_FALSE(wire::decodeIngestReply(good.substr(0, good.size() / 2), ids).ok());
  CHECK_FALSE(wire::decodeIngestReply(good, {ids[1], ids[0]}).ok());          // answers for other items
  CHECK_FALSE(wire::decodeIngestReply(good, {ids[0]}).ok());                  // more answers than items
  CHECK_FALSE(wire::decodeIngestReply(R"({"server_time_ms":1,"results":{}})", ids).ok());
}

TEST_CASE("a rejection whose reason is not text is still a rejection, never an exception", "[wire]") {
  const std::vector<std::string> ids = {newUuid()};
  const std::string body = R"({"server_time_ms":1,"results":[{"id":")" + ids[0] + R"(","status":"rejected","reason":{"x":[1]}}]})";
  const auto decoded = wire::decodeIngestReply(body, ids);
  REQUIRE(decoded.ok());
  CHECK(decoded->results[0].status == wire::ItemStatus::Rejected);
  CHECK(decoded->results[0].reason == "no reason given");
}
