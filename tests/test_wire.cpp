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

namespace {
// A request of one demo rating with `extra` spliced into the item as its last member.
std::string requestWithItemMember(const std::string& extra) {
  const ClockStamp now = clockNow();
  std::string body = wire::encodeIngestRequest({now.wallMs, now.monoMs, now.bootId}, generateDemoResponses({.count = 1}));
  body.insert(body.size() - 3, "," + extra);  // before the item's closing "}]}"
  return body;
}
std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }
}  // namespace

TEST_CASE("a request nested to the depth limit is read, values innermost included; deeper is refused", "[wire]") {
  // root object, items array, item object: three levels before the spliced arrays
  const std::size_t spare = wire::kMaxJsonDepth - 3;
  const auto atLimit = wire::decodeIngestRequest(requestWithItemMember("\"x\":" + nested(spare)));
  REQUIRE(atLimit.ok());
  CHECK(atLimit->items.at(0).response.ok());
  // a value inside the deepest container is still at the limit (the parser counts it a level)
  std::string withValue = nested(spare);
  withValue.insert(spare, "1");
  CHECK(wire::decodeIngestRequest(requestWithItemMember("\"x\":" + withValue)).ok());
  // the hub's router refuses one level more before decoding; the decoder itself, one after that
  const auto over = wire::decodeIngestRequest(requestWithItemMember("\"x\":" + nested(spare + 2)));
  REQUIRE_FALSE(over.ok());
  CHECK_THAT(over.error().message, Catch::Contains("nested more than 32 levels deep"));
}

namespace {
// A rating's JSON with `seq` and `answers` as given (raw JSON text).
std::string ratingJson(const std::string& seq, const std::string& answers) {
  return R"({"id":"00000000-0000-4000-8000-000000000001","seq":)" + seq + R"(,"survey":"skm-2017","survey_version":1,"answers":)" +
         answers + R"(,"clock":{"wall_ms":1,"mono_ms":1,"boot":"00000000-0000-4000-8000-000000000002"}})";
}
}  // namespace

TEST_CASE("an answer code given twice refuses the item instead of keeping either score", "[wire]") {
  REQUIRE(responseFromJsonText(ratingJson("1", R"({"U1":4})")).ok());
  const auto twice = responseFromJsonText(ratingJson("1", R"({"U1":4,"U1":1})"));
  REQUIRE_FALSE(twice.ok());
  CHECK_THAT(twice.error().message, Catch::Contains("'answers' lists 'U1' twice"));
}

TEST_CASE("an integer beyond 64 bits is refused, never wrapped into range", "[wire]") {
  for (const std::string seq : {"18446744073709551615", "9223372036854775808", "123456789012345678901234567890", "1.0", "-1"}) {
    INFO(seq);
    CHECK_FALSE(responseFromJsonText(ratingJson(seq, R"({"U1":4})")).ok());
  }
  CHECK_FALSE(responseFromJsonText(ratingJson("1", R"({"U1":18446744073709551620})")).ok());
}

TEST_CASE("an over-long id is echoed cut at a character boundary, so the reply stays valid JSON", "[wire]") {
  const ClockStamp now = clockNow();
  std::string longId;
  while (longId.size() < 200) longId += "\xC3\xA9";  // é: two bytes each, 63 fits, 64 would split one
  longId.insert(0, "x");
  const std::string body = "{\"sent\":{\"wall_ms\":" + std::to_string(now.wallMs) + ",\"mono_ms\":1,\"boot\":\"" + now.bootId +
                           "\"},\"items\":[{\"id\":\"" + longId + "\"}]}";
  const auto decoded = wire::decodeIngestRequest(body);
  REQUIRE(decoded.ok());
  const std::string& id = decoded->items.at(0).id;
  CHECK(id.size() == 63);
  const std::string reply = wire::encodeIngestReply({1, {{id, wire::ItemStatus::Rejected, "no"}}});
  CHECK_NOTHROW(json::parse(reply));
}

TEST_CASE("a refused item sent without its own boot is kept with the batch's, so it can be re-admitted", "[wire]") {
  const ClockStamp now = clockNow();
  std::vector<Response> items = generateDemoResponses({.count = 1});
  items[0].clock.bootId = now.bootId;  // sent without a boot of its own
  items[0].surveyId = "bad survey";    // refused: not a token
  const auto decoded = wire::decodeIngestRequest(wire::encodeIngestRequest({now.wallMs, now.monoMs, now.bootId}, items));
  REQUIRE(decoded.ok());
  const auto& item = decoded->items.at(0);
  REQUIRE_FALSE(item.response.ok());
  const json raw = json::parse(item.raw);
  CHECK(raw["clock"]["boot"] == now.bootId);
  CHECK(raw["survey"] == "bad survey");
  CHECK(raw["id"] == items[0].uuid);
}
