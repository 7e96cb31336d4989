// Sync against a real hub process over real HTTP: every rating counted exactly once, whatever
// the network and the hub do. The kiosk side is the real LocalStore file and SyncWorker.

#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <set>
#include <thread>

#include "suara/core/compact_codec.hpp"
#include "support/fault_proxy.hpp"
#include "support/hub_process.hpp"
#include "support/responses.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"
#include "sync_worker.hpp"

using namespace suara;
using namespace std::chrono_literals;

namespace {

struct Fleet {
  Fleet() : hub(dir / "hub.db") {
    hub.start();
    const std::string code = hub.createUnitAndCode();
    auto enrolled = sync::enroll(dir / "kiosk", hub.url(), code, "loket-1");
    INFO((enrolled.ok() ? std::string() : enrolled.error().message));
    REQUIRE(enrolled.ok());
    enrollment = *enrolled;
    store = LocalStore::open(dir / "kiosk" / "suara.db").value();
  }

  std::set<std::string> record(int count) {
    std::vector<Response> batch;
    for (int i = 0; i < count; ++i) batch.push_back(test::quickResponse(1 + i % 4, {"waiting_time"}));
    REQUIRE(store->recordMany(batch).ok());
    std::set<std::string> ids;
    for (const auto& r : batch) ids.insert(r.uuid);
    recorded.insert(ids.begin(), ids.end());
    return ids;
  }

  std::unique_ptr<sync::SyncWorker> worker(const std::string& url, int batchSize = 500, bool gzip = true) {
    sync::SyncSettings settings;
    settings.enrollment = enrollment;
    settings.enrollment.hubUrl = url;
    settings.batchSize = batchSize;
    settings.gzip = gzip;
    settings.transport.totalTimeout = 10s;
    return std::make_unique<sync::SyncWorker>(*store, settings);
  }

  // What the hub has stored, read through a separate read-only connection.
  std::set<std::string> atHub() {
    SQLite::Database db(hub.db().string(), SQLite::OPEN_READONLY);
    SQLite::Statement st(db, "SELECT uuid FROM responses");
    std::set<std::string> ids;
    while (st.executeStep()) {
      const auto c = st.getColumn(0);
      ids.insert(detail::uuidFromBytes(c.getBlob(), c.getBytes()));
    }
    return ids;
  }
  std::int64_t pending() { return store->stats()->pending; }

  test::TempDir dir;
  test::HubProcess hub;
  sync::Enrollment enrollment;
  std::unique_ptr<LocalStore> store;
  std::set<std::string> recorded;
};

}  // namespace

TEST_CASE("enrolment keeps the unit's UTC offset the hub named, for the kiosk's exports", "[sync][enrol]") {
  Fleet fleet;
  CHECK(fleet.enrollment.unitUtcOffsetHours == std::optional<int>(7));
  CHECK(sync::loadEnrollment(fleet.dir / "kiosk")->unitUtcOffsetHours == std::optional<int>(7));
}

TEST_CASE("happy path: everything recorded reaches the hub once, gzip or plain", "[sync][concurrency]") {
  Fleet fleet;
  const bool gzip = GENERATE(true, false);
  fleet.record(1234);
  auto worker = fleet.worker(fleet.hub.url(), 500, gzip);
  REQUIRE(worker->syncOnce().ok());
  CHECK(fleet.atHub() == fleet.recorded);
  CHECK(fleet.pending() == 0);
  const auto status = worker->status();
  CHECK(status.accepted == 1234);
  CHECK(status.lastError.empty());
  CHECK(status.lastSuccessMs.has_value());
}

TEST_CASE("hub down, then up: nothing is marked until the hub has it", "[sync]") {
  Fleet fleet;
  fleet.record(300);
  fleet.hub.stop();
  auto worker = fleet.worker(fleet.hub.url());
  const Status down = worker->syncOnce();
  REQUIRE_FALSE(down.ok());
  CHECK_THAT(down.error().message, Catch::StartsWith("cannot reach the hub"));
  CHECK(fleet.pending() == 300);
  CHECK(worker->status().lastError == down.error().message);

  fleet.hub.start();
  REQUIRE(worker->syncOnce().ok());
  CHECK(fleet.atHub() == fleet.recorded);
  CHECK(fleet.pending() == 0);
}

TEST_CASE("hub killed mid-batch: after a restart each rating is there exactly once", "[sync]") {
  Fleet fleet;
  fleet.record(2000);
  test::FaultProxy proxy(fleet.hub.port());
  int forwarded = 0;
  proxy.onForwarded([&] {
    if (++forwarded == 2) fleet.hub.kill();  // the second batch dies with the hub, committed or not
  });
  auto worker = fleet.worker(proxy.url());
  CHECK_FALSE(worker->syncOnce().ok());
  CHECK(fleet.pending() > 0);
  proxy.onForwarded({});
  fleet.hub.start();
  REQUIRE(worker->syncOnce().ok());
  CHECK(fleet.atHub() == fleet.recorded);
  CHECK(fleet.pending() == 0);
}

TEST_CASE("a revoked kiosk is refused and keeps its ratings", "[sync]") {
  Fleet fleet;
  fleet.record(10);
  fleet.hub.admin({"kiosk", "revoke", "--id", fleet.enrollment.kioskId});
  auto worker = fleet.worker(fleet.hub.url());
  const Status refused = worker->syncOnce();
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error().message, Catch::Contains("HTTP 403"));
  CHECK(fleet.pending() == 10);
  CHECK(fleet.atHub().empty());
}

TEST_CASE("faults on the link: after each, the hub has exactly what the kiosk recorded", "[sync][faults][concurrency]") {
  Fleet fleet;
  test::FaultProxy proxy(fleet.hub.port());
  auto worker = fleet.worker(proxy.url(), 200);
  const test::Fault fault = GENERATE(test::Fault::DropBeforeRequest, test::Fault::DropAfterCommit, test::Fault::TruncateReply,
                                     test::Fault::Error500, test::Fault::HtmlPortal, test::Fault::Delay);
  INFO("fault " << static_cast<int>(fault));
  fleet.record(450);
  proxy.setFault(fault);
  const Status faulty = worker->syncOnce();
  if (fault == test::Fault::Delay) {
    CHECK(faulty.ok());  // slow is not broken
  } else {
    REQUIRE_FALSE(faulty.ok());
    CHECK(fleet.pending() > 0);  // nothing was marked without the hub's answer
    if (fault == test::Fault::HtmlPortal) CHECK_THAT(faulty.error().message, Catch::Contains("captive portal"));
  }
  proxy.setFault(test::Fault::None);
  REQUIRE(worker->syncOnce().ok());
  const auto hub = fleet.atHub();
  CHECK(hub.size() == fleet.recorded.size());
  CHECK(hub == fleet.recorded);
  CHECK(fleet.pending() == 0);
  if (fault == test::Fault::DropAfterCommit || fault == test::Fault::TruncateReply)
    CHECK(worker->status().duplicates > 0);  // the resend was recognised, not counted again
}

TEST_CASE("a kiosk clock a year off is corrected by the hub", "[sync][clock]") {
  const auto skew = GENERATE(std::chrono::hours(24 * 365), -std::chrono::hours(24 * 365));
  Fleet fleet;
  const std::int64_t skewMs = std::chrono::duration_cast<std::chrono::milliseconds>(skew).count();
  std::vector<Response> batch;
  for (int i = 0; i < 20; ++i) {
    Response r = test::quickResponse(3);
    r.clock.wallMs += skewMs;  // what the kiosk's wrong clock said when it recorded
    batch.push_back(r);
  }
  Response otherBoot = test::quickResponse(2);  // recorded before a reboot: estimated from the wall offset
  otherBoot.clock.bootId = "00000000-0000-4000-8000-000000000001";
  otherBoot.clock.wallMs += skewMs - 3'600'000;
  batch.push_back(otherBoot);
  REQUIRE(fleet.store->recordMany(batch).ok());

  sync::SyncSettings settings;
  settings.enrollment = fleet.enrollment;
  settings.clock = [skewMs] {
    ClockStamp now = clockNow();
    now.wallMs += skewMs;
    return now;
  };
  sync::SyncWorker worker(*fleet.store, settings);
  REQUIRE(worker.syncOnce().ok());

  SQLite::Database db(fleet.hub.db().string(), SQLite::OPEN_READONLY);
  SQLite::Statement st(db, "SELECT kiosk_wall_ms, corrected_ms, clock_flags, boot FROM responses");
  const std::int64_t now = clockNow().wallMs;
  int rows = 0;
  while (st.executeStep()) {
    ++rows;
    const std::int64_t kioskWall = st.getColumn(0).getInt64(), corrected = st.getColumn(1).getInt64();
    const bool estimated = st.getColumn(3).getString() == otherBoot.clock.bootId;
    CHECK(std::llabs(kioskWall - corrected - skewMs) < 120'000);          // both times are kept
    CHECK(std::llabs(corrected - (now - (estimated ? 3'600'000 : 0))) < 120'000);  // and the corrected one is right
    CHECK(((st.getColumn(2).getInt() & 1) != 0) == estimated);            // estimated only across boots
  }
  CHECK(rows == 21);
}

TEST_CASE("the background worker syncs on demand", "[sync][worker][concurrency]") {
  Fleet fleet;
  auto worker = fleet.worker(fleet.hub.url());
  worker->start();  // a first pass runs at once (nothing to send)
  REQUIRE(worker->waitForPass(1, 30s));  // else a request made before it starts is served by it
  fleet.record(25);
  const auto pass = worker->requestSync();
  REQUIRE(worker->waitForPass(pass, 30s));  // bounded: a hung worker fails the test, never hangs it
  CHECK(fleet.pending() == 0);
  CHECK(fleet.atHub() == fleet.recorded);
  CHECK(worker->status().passes >= 2);
}

TEST_CASE("a USB export imported at the hub, then synced: each rating counted once", "[sync][import]") {
  Fleet fleet;
  const auto first = fleet.record(120);
  const auto file = fleet.dir / "usb.jsonl";
  const auto exported = test::runProcess({SUARA_KIOSK_EXE, "export", "--data-dir", (fleet.dir / "kiosk").string(), "--out", file.string()});
  REQUIRE(exported.exitCode == 0);
  const std::string imported = fleet.hub.admin({"import", file.string()});  // the signed file names its kiosk
  CHECK(imported == "imported 120 ratings and 0 follow-ups from kiosk " + fleet.enrollment.kioskId +
                        " (unit dumai): 120 new, 0 already here, 0 quarantined\n");
  CHECK(fleet.atHub() == first);

  fleet.record(30);  // more ratings after the export; then the network comes back
  auto worker = fleet.worker(fleet.hub.url());
  REQUIRE(worker->syncOnce().ok());
  CHECK(worker->status().duplicates == 120);
  CHECK(worker->status().accepted == 30);
  CHECK(fleet.atHub() == fleet.recorded);
  CHECK_THAT(fleet.hub.admin({"import", "--kiosk", fleet.enrollment.kioskId, file.string()}),
             Catch::Contains("0 new, 120 already here"));
}
