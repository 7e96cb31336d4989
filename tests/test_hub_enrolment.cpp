// Guessing enrolment codes: the limits hold exactly however many guesses arrive at once (each
// attempt takes its place under the limit before its code is looked up), IPv6 guessers count
// by their /64, and a spray that trips the global lock-out does not stop technicians
// enrolling from where the hub's kiosks already are.

#include <catch2/catch.hpp>

#include <atomic>
#include <latch>
#include <thread>

#include <nlohmann/json.hpp>

#include "services/enrolment_service.hpp"
#include "storage/storage.hpp"
#include "support/enrolled_hub.hpp"
#include "support/raw_http.hpp"
#include "support/responses.hpp"
#include "support/temp_dir.hpp"

using namespace suara;
using nlohmann::json;

namespace {

constexpr const char* kWrongCode = "AAAA-BBBB-CCCC";

// An enrolment service on a real hub database with unit "dumai".
struct Enrolling {
  Enrolling() { REQUIRE(storage->createUnit({"dumai", "Dumai", "quick-4", 7, {}, {}, {}, {}}).ok()); }
  // A wrong code from each of `addresses`, all sent at once by `threads` threads; how many of
  // them were looked up (answered "unknown code") rather than refused by the throttle.
  int wrongGuessesLookedUp(const std::vector<std::string>& addresses, std::size_t threads = 64) {
    std::atomic<std::size_t> next{0};
    std::atomic<int> lookedUp{0}, otherErrors{0};
    std::latch ready(static_cast<std::ptrdiff_t>(threads));
    std::vector<std::thread> guessers;
    for (std::size_t t = 0; t < threads; ++t)
      guessers.emplace_back([&] {
        ready.arrive_and_wait();  // every thread started before the first guess
        for (std::size_t i = next++; i < addresses.size(); i = next++) {
          hub::Throttled throttled;
          auto enrolled = service.enrol(kWrongCode, "x", addresses[i], now, &throttled);
          if (enrolled || (throttled.retryAfterSeconds == 0 && enrolled.error().code != Errc::NotFound)) ++otherErrors;
          else if (throttled.retryAfterSeconds == 0) ++lookedUp;
        }
      });
    for (auto& g : guessers) g.join();
    CHECK(otherErrors == 0);
    return lookedUp;
  }
  bool enrols(const std::string& code, const std::string& address) {
    hub::Throttled throttled;
    return service.enrol(code, "technician", address, now, &throttled).ok();
  }

  test::TempDir dir;
  std::unique_ptr<hub::Storage> storage = hub::openStorage((dir / "hub.db").string(), hub::StorageRole::Server).value();
  hub::EnrolmentService service{*storage, *storage, storage->codeKey()};
  std::int64_t now = clockNow().wallMs;
};

}  // namespace

TEST_CASE("64 wrong codes at once from one address: exactly the per-address limit is looked up", "[hub][enrolment][concurrency]") {
  Enrolling e;
  for (const std::string address : {"10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"}) {
    INFO(address);
    CHECK(e.wrongGuessesLookedUp(std::vector<std::string>(64, address)) == hub::EnrolmentService::kFailuresPerAddress);
  }
  const std::string code = e.service.issueCode("dumai", e.now).value();
  CHECK_FALSE(e.enrols(code, "10.0.0.1"));  // locked out: even the right code waits
  CHECK(e.enrols(code, "10.0.0.5"));
}

TEST_CASE("wrong codes at once from many addresses: exactly the global limit is looked up", "[hub][enrolment][concurrency]") {
  Enrolling e;
  std::vector<std::string> addresses;
  for (int i = 0; i < 300; ++i) addresses.push_back("10.1." + std::to_string(i / 250) + "." + std::to_string(i % 250));
  CHECK(e.wrongGuessesLookedUp(addresses) == hub::EnrolmentService::kFailuresGlobal);
  CHECK_FALSE(e.enrols(e.service.issueCode("dumai", e.now).value(), "10.2.0.1"));
}

TEST_CASE("a right code's attempt does not count against its address", "[hub][enrolment]") {
  Enrolling e;
  CHECK(e.wrongGuessesLookedUp(std::vector<std::string>(9, "10.0.0.1"), 1) == 9);
  CHECK(e.enrols(e.service.issueCode("dumai", e.now).value(), "10.0.0.1"));
  CHECK(e.wrongGuessesLookedUp({"10.0.0.1"}, 1) == 1);  // the tenth failure
  CHECK(e.wrongGuessesLookedUp({"10.0.0.1"}, 1) == 0);  // locked out
}

TEST_CASE("IPv6 guesses count by their /64; IPv4 mapped into IPv6 counts by its own address", "[hub][enrolment]") {
  Enrolling e;
  std::vector<std::string> oneLan;  // one subscriber's /64: every device picks its own addresses in it
  for (int i = 1; i <= 30; ++i) oneLan.push_back("2001:db8:7:1:" + std::to_string(i) + "::" + std::to_string(i));
  CHECK(e.wrongGuessesLookedUp(oneLan, 1) == hub::EnrolmentService::kFailuresPerAddress);
  CHECK(e.wrongGuessesLookedUp({"2001:db8:7:2::1"}, 1) == 1);  // the next /64 is another client
  // A hub listening on IPv6 sees IPv4 clients as ::ffff:a.b.c.d, all in one /64: they must not be one client.
  CHECK(e.wrongGuessesLookedUp(std::vector<std::string>(12, "::ffff:10.0.0.1"), 1) == hub::EnrolmentService::kFailuresPerAddress);
  CHECK(e.wrongGuessesLookedUp({"::ffff:10.0.0.2"}, 1) == 1);
}

TEST_CASE("a spray that trips the global lock-out does not stop enrolment from where kiosks sync", "[hub][enrolment]") {
  test::EnrolledHub h;
  const int port = h.hub.port();
  REQUIRE(h.heartbeat() == 200);  // a kiosk authenticates from 127.0.0.1
  const auto batch = test::postRequest("/v1/responses", test::EnrolledHub::batch({test::quickResponse(3)}), h.authLine());
  REQUIRE(test::rawRequest(port, batch, "127.0.0.7").status == 200);  // and from 127.0.0.7, another site's NAT
  const auto notAKiosk = test::postRequest("/v1/heartbeat", json{{"wall_ms", clockNow().wallMs}}.dump(), "Authorization: Bearer nope\r\n");
  REQUIRE(test::rawRequest(port, notAKiosk, "127.0.0.8").status == 401);
  const auto enrol = [&](const std::string& code, const std::string& from) {
    return test::rawRequest(port, test::postRequest("/v1/enroll", json{{"code", code}, {"name", "new"}}.dump()), from).status;
  };

  int throttled = 0;  // 21 addresses, 10 wrong codes each: 200 failures from everywhere, then the lock-out
  for (int a = 1; a <= 21; ++a)
    for (int i = 0; i < hub::EnrolmentService::kFailuresPerAddress; ++i) throttled += enrol(kWrongCode, "127.0.1." + std::to_string(a)) == 429;
  CHECK(throttled == 21 * hub::EnrolmentService::kFailuresPerAddress - hub::EnrolmentService::kFailuresGlobal);
  CHECK(enrol(h.newCode(), "127.0.2.1") == 429);  // an address no kiosk came from waits
  CHECK(enrol(h.newCode(), "127.0.0.8") == 429);  // a refused token does not make an address a kiosk's
  CHECK(enrol(h.newCode(), "127.0.0.1") == 200);
  CHECK(enrol(h.newCode(), "127.0.0.7") == 200);
  // Where kiosks sync, an address still has its own limit.
  for (int i = 0; i < hub::EnrolmentService::kFailuresPerAddress; ++i) CHECK(enrol(kWrongCode, "127.0.0.7") == 403);
  CHECK(enrol(h.newCode(), "127.0.0.7") == 429);
}

TEST_CASE("an address kiosks came from is exempt from the global lock-out for 30 days", "[hub][enrolment]") {
  Enrolling e;
  constexpr std::int64_t kDay = 24 * 3600 * 1000LL;
  e.service.kioskSeenFrom("10.9.0.1", e.now - 29 * kDay);
  e.service.kioskSeenFrom("10.9.0.2", e.now - 31 * kDay);
  e.service.kioskSeenFrom("2001:db8:9:1::1", e.now);
  std::vector<std::string> spray;
  for (int i = 0; i < hub::EnrolmentService::kFailuresGlobal; ++i) spray.push_back("10.1.0." + std::to_string(i));
  REQUIRE(e.wrongGuessesLookedUp(spray) == hub::EnrolmentService::kFailuresGlobal);
  CHECK(e.enrols(e.service.issueCode("dumai", e.now).value(), "10.9.0.1"));
  CHECK_FALSE(e.enrols(e.service.issueCode("dumai", e.now).value(), "10.9.0.2"));  // forgotten
  CHECK(e.enrols(e.service.issueCode("dumai", e.now).value(), "2001:db8:9:1::2"));   // the same /64
}

TEST_CASE("recent addresses stay bounded: the least recently seen go first", "[hub][enrolment]") {
  hub::RecentAddresses recent(1000, 8);
  for (int i = 0; i < 8; ++i) recent.seen("a" + std::to_string(i), i);
  recent.seen("a0", 20);  // seen again: now the most recent
  recent.seen("new", 21);  // full: the oldest quarter goes
  CHECK(recent.contains("a0", 21));
  CHECK(recent.contains("new", 21));
  CHECK_FALSE(recent.contains("a1", 21));
  CHECK(recent.contains("a7", 21));
  CHECK(recent.contains("a7", 1007));
  CHECK_FALSE(recent.contains("a7", 1008));  // expired
}
