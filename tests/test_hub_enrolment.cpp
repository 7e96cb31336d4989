// Guessing enrolment codes: the limits hold exactly however many guesses arrive at once (each
// attempt takes its place under the limit before its code is looked up).

#include <catch2/catch.hpp>

#include <atomic>
#include <latch>
#include <thread>

#include "services/enrolment_service.hpp"
#include "storage/storage.hpp"
#include "support/temp_dir.hpp"

using namespace suara;

namespace {

constexpr const char* kWrongCode = "AAAA-BBBB-CCCC";

// An enrolment service on a real hub database with unit "dumai".
struct Enrolling {
  Enrolling() { REQUIRE(storage->createUnit({"dumai", "Dumai", "quick-4", 7, {}, {}}).ok()); }
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
