// The UI's hand-off to the recording thread: every rating handed over is recorded, in order,
// and each outcome comes back once.

#include <catch2/catch.hpp>

#include <atomic>

#include "record_worker.hpp"
#include "support/responses.hpp"
#include "support/temp_dir.hpp"

using namespace suara;

TEST_CASE("ratings handed over faster than they are recorded are all kept, in order", "[record-worker][concurrency]") {
  test::TempDir dir;
  auto store = LocalStore::open(dir / "suara.db").value();
  std::atomic<int> wakes{0};
  std::vector<std::string> handedOver;
  {
    kiosk::RecordWorker worker(*store, [&] { ++wakes; });
    for (int i = 0; i < 50; ++i) {  // back to back, no waiting in between
      Response r = test::quickResponse(1 + i % 4);
      handedOver.push_back(r.uuid);
      worker.submit(std::move(r));
    }
    worker.waitIdle();
    int outcomes = 0;
    while (auto outcome = worker.takeResult()) {
      CHECK(outcome->ok());
      ++outcomes;
    }
    CHECK(outcomes == 50);
    CHECK_FALSE(worker.busy());
  }
  CHECK(wakes == 50);
  const auto stored = store->all();
  REQUIRE(stored.ok());
  std::vector<std::string> ids;
  for (const auto& r : *stored) ids.push_back(r.uuid);
  CHECK(ids == handedOver);
}

TEST_CASE("ratings still queued when the kiosk quits are recorded before it exits", "[record-worker][concurrency]") {
  test::TempDir dir;
  auto store = LocalStore::open(dir / "suara.db").value();
  {
    kiosk::RecordWorker worker(*store, nullptr);
    for (int i = 0; i < 20; ++i) worker.submit(test::quickResponse(3));
  }  // destroyed at once, with most of them still queued
  CHECK(store->stats()->pending == 20);
}
