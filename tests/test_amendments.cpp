// Amendments at the hub, through a real `suara-hub serve`: follow-ups a citizen added after
// their rating was stored are merged into that rating, exactly once, and nothing else can
// change it — not another kiosk, not a second amendment, not one made long after.

#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include <utility>

#include "suara/core/amendment.hpp"
#include "suara/core/compact_codec.hpp"
#include "suara/core/wire.hpp"
#include "support/hub_process.hpp"
#include "support/responses.hpp"
#include "support/temp_dir.hpp"

using namespace suara;
using nlohmann::json;

namespace {

struct Kiosk {
  std::string token;
  std::int64_t seq = 0;
};

struct Hub {
  Hub() : hub(dir / "hub.db"), client("127.0.0.1", (hub.start(), hub.port())) { firstCode = hub.createUnitAndCode(); }
  // A kiosk of unit "dumai", enrolled over HTTP.
  Kiosk enrol(const std::string& name) {
    std::string code = std::exchange(firstCode, {});
    if (code.empty()) code = hub.admin({"enroll-code", "--unit", "dumai"});
    while (!code.empty() && code.back() == '\n') code.pop_back();
    const auto res = client.Post("/v1/enroll", json{{"code", code}, {"name", name}}.dump(), "application/json");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return {json::parse(res->body)["token"], 0};
  }
  // Sends `items` as `kiosk` would (sequence numbers in order); the status of each.
  std::vector<std::string> send(Kiosk& kiosk, std::vector<Response> items) {
    for (auto& r : items) r.seq = ++kiosk.seq;
    const ClockStamp now = clockNow();
    return post(kiosk, wire::encodeIngestRequest({now.wallMs, now.monoMs, now.bootId}, items));
  }
  // Items as JSON, which may be what no kiosk would send.
  std::vector<std::string> sendJson(Kiosk& kiosk, const json& items) {
    const ClockStamp now = clockNow();
    return post(kiosk, json{{"sent", {{"wall_ms", now.wallMs}, {"mono_ms", now.monoMs}, {"boot", now.bootId}}}, {"items", items}}.dump());
  }
  std::vector<std::string> post(const Kiosk& kiosk, const std::string& body) {
    const auto res = client.Post("/v1/responses", {{"Authorization", "Bearer " + kiosk.token}}, body, "application/json");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    std::vector<std::string> out;
    const json reply = json::parse(res->body);
    for (const auto& r : reply["results"])
      out.push_back(r["status"].get<std::string>() + (r.contains("reason") ? ": " + r["reason"].get<std::string>() : ""));
    return out;
  }
  // The rating as stored: reasons, service, respondent.
  std::vector<std::string> rating(const Response& r) {
    SQLite::Database db(hub.db().string(), SQLite::OPEN_READONLY);
    SQLite::Statement st(db, "SELECT coalesce(reasons,''), coalesce(service,''), coalesce(respondent,''), coalesce(skipped,'') "
                             "FROM responses WHERE uuid = ?");
    const auto bytes = *detail::uuidToBytes(r.uuid);
    st.bind(1, bytes.data(), 16);
    REQUIRE(st.executeStep());
    return {st.getColumn(0).getString(), st.getColumn(1).getString(), st.getColumn(2).getString(), st.getColumn(3).getString()};
  }
  std::int64_t count(const char* sql) {
    SQLite::Database db(hub.db().string(), SQLite::OPEN_READONLY);
    return db.execAndGet(sql).getInt64();
  }
  test::TempDir dir;
  test::HubProcess hub;
  httplib::Client client;
  std::string firstCode;
};

}  // namespace

namespace {

Response amendmentOf(const Response& rating) {
  Response a;
  a.uuid = newUuid();
  a.amends = rating.uuid;
  a.clock = clockNow();
  return a;
}

}  // namespace

TEST_CASE("an amendment is merged into its rating, once, however often it is sent", "[hub][amend]") {
  Hub h;
  Kiosk k = h.enrol("k1");
  const Response rating = test::quickResponse(1);
  Response a = amendmentOf(rating);
  a.reasons = {"waiting_time", "staff_attitude"};
  a.serviceId = "ktp";
  a.respondent = {"", "30_39", "none", "swasta"};
  CHECK(h.send(k, {rating, a}) == std::vector<std::string>{"accepted", "accepted"});
  CHECK(h.rating(rating) == std::vector<std::string>{"waiting_time,staff_attitude", "ktp", "|30_39|none|swasta", ""});
  k.seq = 0;  // the kiosk sends both again (it never saw the answer)
  CHECK(h.send(k, {rating, a}) == std::vector<std::string>{"duplicate", "duplicate"});
  CHECK(h.count("SELECT count(*) FROM responses") == 1);
  CHECK(h.count("SELECT count(*) FROM amendments") == 1);
}

TEST_CASE("an amendment that arrives before its rating waits for it", "[hub][amend]") {
  Hub h;
  Kiosk k = h.enrol("k1");
  const Response rating = test::quickResponse(2);
  Response a = amendmentOf(rating);
  a.reasons = {"facilities_poor"};
  CHECK(h.send(k, {a}) == std::vector<std::string>{"accepted"});
  CHECK(h.count("SELECT count(*) FROM amendments WHERE merged_ms IS NULL") == 1);
  CHECK(h.send(k, {rating}) == std::vector<std::string>{"accepted"});
  CHECK(h.rating(rating)[0] == "facilities_poor");
  CHECK(h.count("SELECT count(*) FROM amendments WHERE merged_ms IS NULL") == 0);
}

TEST_CASE("nothing but the rating's own session can add to it", "[hub][amend]") {
  Hub h;
  Kiosk k1 = h.enrol("k1"), k2 = h.enrol("k2");
  Response rating = test::quickResponse(1);
  Response first = amendmentOf(rating);
  first.reasons = {"waiting_time"};
  REQUIRE(h.send(k1, {rating, first}) == std::vector<std::string>{"accepted", "accepted"});

  Response other = amendmentOf(rating);
  other.serviceId = "ktp";
  CHECK(h.send(k2, {other}) == std::vector<std::string>{"rejected: amends a rating of another kiosk"});
  Response again = amendmentOf(rating);
  again.reasons = {"unexpected_fees"};
  CHECK(h.send(k1, {again}) == std::vector<std::string>{"rejected: its rating already has reasons"});
  Response late = amendmentOf(rating);
  late.serviceId = "ktp";
  late.clock.monoMs = rating.clock.monoMs + 61 * 60 * 1000;
  CHECK(h.send(k1, {late}) == std::vector<std::string>{"rejected: not made within an hour after its rating, in the same session"});
  Response otherBoot = amendmentOf(rating);
  otherBoot.serviceId = "ktp";
  otherBoot.clock.bootId = newUuid();
  CHECK(h.send(k1, {otherBoot})[0].starts_with("rejected: not made within an hour"));

  CHECK(h.rating(rating) == std::vector<std::string>{"waiting_time", "", "", ""});  // as the citizen left it
  // Refused amendments are kept with their reason, never silently dropped; a resend gets the same answer.
  CHECK(h.count("SELECT count(*) FROM amendments WHERE problem IS NOT NULL") == 4);
  k1.seq -= 1;
  CHECK(h.send(k1, {otherBoot})[0].starts_with("rejected: not made within an hour"));
}

TEST_CASE("reasons added to an SKM rating are refused, so a follow-up cannot knock its rating out of the IKM", "[hub][amend]") {
  Hub h;
  Kiosk k1 = h.enrol("k1");
  Response skm = test::skmAll({4, 4, 4, 4, 4, 4, 4, 4, 4});
  skm.surveyVersion = 1;
  Response reasons = amendmentOf(skm);
  reasons.reasons = {"waiting_time"};
  Response service = amendmentOf(skm);
  service.serviceId = "ktp";
  CHECK(h.send(k1, {skm, reasons, service}) ==
        std::vector<std::string>{"accepted", "rejected: reasons explain an overall rating, and its rating has none (an SKM rating takes no "
                                             "reasons)", "accepted"});
  CHECK(h.rating(skm) == std::vector<std::string>{"", "ktp", "", ""});
  // Reports read from a file apply the same rule: the rating stays counted, the follow-up is left out.
  std::int64_t unmerged = 0;
  const auto merged = mergeAmendments({skm, reasons}, &unmerged);
  CHECK(unmerged == 1);
  REQUIRE(merged.size() == 1);
  CHECK(merged[0].reasons.empty());
}

TEST_CASE("an amendment id another kiosk sent first is a conflict naming that kiosk, never a duplicate", "[hub][amend]") {
  Hub h;
  Kiosk k1 = h.enrol("k1"), k2 = h.enrol("k2");
  const Response rating = test::quickResponse(1);
  Response a = amendmentOf(rating);
  a.reasons = {"waiting_time"};
  REQUIRE(h.send(k1, {rating, a}) == std::vector<std::string>{"accepted", "accepted"});
  k2.seq = k1.seq - 1;  // the very same item, sequence number included
  const auto resent = h.send(k2, {a});
  REQUIRE(resent.size() == 1);
  CHECK(resent[0].starts_with("rejected: conflict"));
  CHECK(resent[0].find("kiosk '") != std::string::npos);
  CHECK(h.count("SELECT count(*) FROM quarantine") == 1);
}

TEST_CASE("malformed amendments are rejected item by item, with the field named", "[hub][amend]") {
  Hub h;
  Kiosk k = h.enrol("k1");
  const Response rating = test::quickResponse(4);
  Response empty = amendmentOf(rating);
  Response self = amendmentOf(rating);
  self.reasons = {"waiting_time"};
  self.amends = self.uuid;
  Response unit = amendmentOf(rating);
  unit.serviceId = "ktp";
  unit.unitId = "solok";
  const auto results = h.send(k, {rating, empty, self, unit});
  REQUIRE(results.size() == 4);
  CHECK(results[0] == "accepted");
  CHECK(results[1] == "rejected: an amendment must add 'reasons', 'service' or 'respondent'");
  CHECK(results[2] == "rejected: 'amends' must name another item than itself");
  CHECK(results[3] == "rejected: an amendment carries no 'unit', 'counter' or 'officer': they belong to its rating");

  // What no kiosk sends: an amendment that tries to change the score, or names no valid rating.
  Response reasons = amendmentOf(rating);
  reasons.reasons = {"waiting_time"};
  reasons.seq = 99;
  json withAnswers = toJson(reasons);
  withAnswers["answers"] = {{"overall", 1}};
  json withSurvey = toJson(reasons);
  withSurvey["id"] = newUuid();
  withSurvey["survey"] = "quick-4";
  json badTarget = toJson(reasons);
  badTarget["id"] = newUuid();
  badTarget["amends"] = "not-a-uuid";
  const auto raw = h.sendJson(k, json::array({withAnswers, withSurvey, badTarget}));
  CHECK(raw == std::vector<std::string>{"rejected: an amendment carries no 'answers' or 'skipped'",
                                        "rejected: an amendment carries no 'survey', 'answers' or 'skipped': it only adds follow-ups to its rating",
                                        "rejected: 'amends' must be a lower-case canonical UUID"});
  CHECK(h.rating(rating) == std::vector<std::string>{"", "", "", ""});
}

TEST_CASE("explicit skips reach the hub with the rating", "[hub][amend]") {
  Hub h;
  Kiosk k = h.enrol("k1");
  Response rating = test::skmResponse({{"U1", 4}, {"U2", 3}});
  rating.skipped = {"U3", "U9"};
  CHECK(h.send(k, {rating}) == std::vector<std::string>{"accepted"});
  CHECK(h.rating(rating)[3] == "U3,U9");
  Response both = test::skmResponse({{"U1", 4}});
  both.skipped = {"U1"};
  CHECK(h.send(k, {both})[0] == "rejected: 'U1' is both answered and skipped");
}

TEST_CASE("an id is one item: ratings and amendments never share one; amendments amend ratings only", "[hub][amend]") {
  Hub h;
  Kiosk k = h.enrol("k1");
  const Response rating = test::quickResponse(2);
  Response a = amendmentOf(rating);
  a.reasons = {"waiting_time"};
  REQUIRE(h.send(k, {rating, a}) == std::vector<std::string>{"accepted", "accepted"});
  const Response second = test::quickResponse(3);
  REQUIRE(h.send(k, {second}) == std::vector<std::string>{"accepted"});
  Response clash = amendmentOf(second);  // an amendment reusing the first rating's id
  clash.uuid = rating.uuid;
  clash.serviceId = "ktp";
  CHECK(h.send(k, {clash}) == std::vector<std::string>{"rejected: conflict: a rating with this id was accepted earlier"});
  Response ratingClash = test::quickResponse(4);  // a rating reusing the amendment's id
  ratingClash.uuid = a.uuid;
  CHECK(h.send(k, {ratingClash}) == std::vector<std::string>{"rejected: conflict: an amendment with this id was accepted earlier"});
  Response chained = amendmentOf(a);  // an amendment of an amendment
  chained.serviceId = "ktp";
  CHECK(h.send(k, {chained}) == std::vector<std::string>{"rejected: amends an amendment, not a rating"});
  CHECK(h.rating(rating) == std::vector<std::string>{"waiting_time", "", "", ""});
  CHECK(h.count("SELECT count(*) FROM responses") == 2);
}
