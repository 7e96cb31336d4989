#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "suara/core/amendment.hpp"
#include "suara/core/response.hpp"
#include "support/responses.hpp"

using namespace suara;
using nlohmann::json;

namespace {
Response full() {
  Response r;
  r.uuid = newUuid();
  r.seq = 42;
  r.surveyId = "quick-4";
  r.surveyVersion = 3;
  r.answers = {{"overall", 2}};
  r.reasons = {"waiting_time", "staff_attitude"};
  r.unitId = "dumai";
  r.serviceId = "ktp";
  r.counterId = "loket-2";
  r.officerId = "asn-0042";
  r.respondent = {"female", "30_39", "s1", "swasta"};
  r.clock = clockNow();
  r.flags = flags::kPartial | flags::kRapidRepeat;
  return r;
}
std::string rejection(json j) {
  auto result = responseFromJson(j);
  REQUIRE_FALSE(result.ok());
  return result.error().message;
}
}  // namespace

TEST_CASE("response JSON round trip keeps every field", "[response]") {
  const Response r = full();
  auto back = responseFromJson(json::parse(toJson(r).dump()));
  REQUIRE(back.ok());
  CHECK(*back == r);
}

TEST_CASE("optional fields are omitted from the JSON", "[response]") {
  Response r = full();
  r.reasons.clear();
  r.unitId = r.serviceId = r.counterId = r.officerId = "";
  r.respondent = {};
  r.flags = 0;
  const json j = toJson(r);
  for (const char* key : {"reasons", "unit", "service", "counter", "officer", "respondent", "flags"}) CHECK_FALSE(j.contains(key));
  CHECK(*responseFromJson(j) == r);
}

TEST_CASE("the codec rejects bad responses with the field named", "[response]") {
  const json good = toJson(full());
  json j = good;
  j["id"] = "not-a-uuid";
  CHECK_THAT(rejection(j), Catch::Contains("'id'"));
  j = good;
  j["answers"]["U1"] = 5;
  CHECK_THAT(rejection(j), Catch::Contains("'answers.U1' must be an integer from 1 to 4"));
  j = good;
  j["answers"]["U2"] = "4";
  CHECK_THAT(rejection(j), Catch::Contains("'answers.U2'"));
  j = good;
  j["seq"] = 0;
  CHECK_THAT(rejection(j), Catch::Contains("'seq' is out of range"));
  j = good;
  j["respondent"]["gender"] = "robot";
  CHECK_THAT(rejection(j), Catch::Contains("'respondent.gender' has unknown value 'robot'"));
  j = good;
  j["clock"].erase("boot");
  CHECK_THAT(rejection(j), Catch::Contains("'clock.boot'"));
  j = good;
  j["flags"] = {"sticky"};
  CHECK_THAT(rejection(j), Catch::Contains("'flags' has an unknown flag"));
  j = good;
  j["counter"] = "loket 2; DROP TABLE";
  CHECK_THAT(rejection(j), Catch::Contains("'counter'"));
  CHECK_THAT(rejection(json::array()), Catch::Contains("must be a JSON object"));
}

TEST_CASE("UUIDs are random, canonical and validated", "[response]") {
  const std::string a = newUuid(), b = newUuid();
  CHECK(a != b);
  CHECK(isCanonicalUuid(a));
  CHECK(a[14] == '4');  // version 4
  CHECK_FALSE(isCanonicalUuid("3F2A0000-0000-4000-8000-000000000000"));  // upper case
  CHECK_FALSE(isCanonicalUuid("3f2a0000-0000-4000-8000-00000000000"));
}

TEST_CASE("clock stamps carry wall, monotonic and boot references", "[response]") {
  const ClockStamp first = clockNow();
  const ClockStamp second = clockNow();
  CHECK(isCanonicalUuid(first.bootId));
  CHECK(first.bootId == second.bootId);
  CHECK(second.monoMs >= first.monoMs);
  CHECK(first.wallMs > 1'600'000'000'000);
}

TEST_CASE("a file's amendments are merged into their ratings by the shared rule, never counted", "[response][amend]") {
  Response rating = test::quickResponse(1);
  rating.seq = 1;
  Response a;
  a.uuid = newUuid();
  a.seq = 2;
  a.amends = rating.uuid;
  a.reasons = {"waiting_time"};
  a.serviceId = "ktp";
  a.clock = rating.clock;
  Response late = a;
  late.uuid = newUuid();
  late.seq = 3;
  late.reasons = {"staff_attitude"};
  late.serviceId.clear();
  Response orphan = a;
  orphan.uuid = newUuid();
  orphan.amends = newUuid();
  std::int64_t unmerged = -1;
  const auto merged = mergeAmendments({rating, a, late, orphan}, &unmerged);
  REQUIRE(merged.size() == 1);
  CHECK(merged[0].reasons == std::vector<std::string>{"waiting_time"});  // the second set of reasons is refused
  CHECK(merged[0].serviceId == "ktp");
  CHECK(unmerged == 2);
  Response otherBoot = a;
  otherBoot.clock.bootId = newUuid();
  CHECK(amendmentProblem(rating, otherBoot) == "not made within an hour after its rating, in the same session");
  Response tooLate = a;
  tooLate.clock.monoMs += kMaxAmendDelayMs + 1;
  CHECK(amendmentProblem(rating, tooLate) == "not made within an hour after its rating, in the same session");
  CHECK(amendmentProblem(rating, a).empty());
}
