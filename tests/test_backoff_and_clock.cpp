// The pure parts of sync and ingest: backoff timing and clock correction.

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <set>

#include "backoff.hpp"
#include "clock_correction.hpp"
#include "enrollment.hpp"
#include "sync_worker.hpp"
#include "support/temp_dir.hpp"

using namespace suara;
using namespace std::chrono_literals;

TEST_CASE("backoff: full jitter under an exponential bound, capped, reset by success", "[sync][backoff]") {
  sync::Backoff backoff(1000ms, 60'000ms, 7);
  std::chrono::milliseconds bound = 1000ms;
  for (int failure = 0; failure < 12; ++failure) {
    const auto wait = backoff.next();
    INFO("failure " << failure);
    CHECK(wait >= 0ms);
    CHECK(wait <= bound);
    bound = std::min<std::chrono::milliseconds>(bound * 2, 60'000ms);
  }
  // Jitter: many draws at the cap are spread out, not all the same.
  std::set<long long> draws;
  for (int i = 0; i < 50; ++i) draws.insert(backoff.next().count());
  CHECK(draws.size() > 40);
  backoff.reset();
  CHECK(backoff.next() <= 1000ms);
}

TEST_CASE("backoff never retries sooner than the hub's Retry-After", "[sync][backoff]") {
  sync::Backoff backoff(1000ms, 60'000ms, 1);
  for (int i = 0; i < 20; ++i) CHECK(backoff.next(std::chrono::seconds(90)) >= 90'000ms);
}

TEST_CASE("clock correction: same boot exact, other boot estimated, impossible times flagged", "[hub][clock]") {
  const std::string boot = "3f0c2d4e-1111-4222-8333-444455556666";
  const wire::SendStamp sent{1'000'000'000, 500'000, boot};  // kiosk wall clock says 1e9 ms
  const std::int64_t hubNow = 1'800'000'000'000, enrolled = hubNow - 86'400'000;
  Response r;
  r.clock = {42, 440'000, boot};  // wall clock nonsense; recorded 60 s before sending
  auto t = hub::correctTime(r, sent, hubNow, enrolled);
  CHECK(t.ms == hubNow - 60'000);
  CHECK(t.flags == 0);

  r.clock = {1'000'000'000 - 3'600'000, 999'999'999, "00000000-0000-4000-8000-000000000001"};  // an hour before, earlier boot
  t = hub::correctTime(r, sent, hubNow, enrolled);
  CHECK(t.ms == hubNow - 3'600'000);
  CHECK(t.flags == hub::clockflags::kEstimated);

  r.clock.wallMs = 1'000'000'000 - 2 * 86'400'000;  // two days before enrolment
  CHECK((hub::correctTime(r, sent, hubNow, enrolled).flags & hub::clockflags::kBeforeEnrolment) != 0);
  r.clock.wallMs = 1'000'000'000 + 3'600'000;  // an hour after it was sent
  CHECK((hub::correctTime(r, sent, hubNow, enrolled).flags & hub::clockflags::kFuture) != 0);
}

TEST_CASE("the enrolment file is readable by its owner only", "[sync][enrol]") {
  test::TempDir dir;
  REQUIRE(sync::saveEnrollment(dir.path(), {"http://hub", "kiosk-1", "secret-token", "dumai", "Dumai", 9}).ok());
  struct stat info {};
  REQUIRE(stat(sync::enrollmentFile(dir.path()).c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  const auto loaded = sync::loadEnrollment(dir.path());
  REQUIRE(loaded.ok());
  CHECK(loaded->token == "secret-token");
  CHECK(loaded->unitUtcOffsetHours == std::optional<int>(9));  // kept for its exports
  CHECK(sync::loadEnrollment(dir / "elsewhere").error().code == Errc::NotFound);
}

TEST_CASE("every way of syncing takes the [sync] config (batch, interval, TLS pin) and the retention", "[sync][config]") {
  KioskConfig config;
  config.sync.batchSize = 200;
  config.sync.intervalSeconds = 120;
  config.sync.pinnedPublicKey = "sha256//AAAA";
  config.store.retentionDays = 7;
  const auto settings = sync::syncSettingsFor(config, {"https://hub", "kiosk-1", "t", "dumai", "", std::nullopt}, "/data");
  CHECK(settings.batchSize == 200);
  CHECK(settings.interval == std::chrono::seconds(120));
  CHECK(settings.transport.pinnedPublicKey == "sha256//AAAA");
  CHECK(settings.transport.verifyTls);
  CHECK(settings.statusFile == std::filesystem::path("/data/sync-status.json"));
  CHECK(settings.enrollment.kioskId == "kiosk-1");
  CHECK(settings.retention == std::chrono::hours(24 * 7));
}
