// The hub's group commit, in process so that it runs under TSan too: many request threads
// ingest at once; batches queued behind a commit are stored together, and each one still gets
// exactly its own answers.

#include <catch2/catch.hpp>

#include <atomic>
#include <set>
#include <thread>

#include "services/enrolment_service.hpp"
#include "storage/storage.hpp"
#include "support/responses.hpp"
#include "support/temp_dir.hpp"

using namespace suara;

TEST_CASE("concurrent ingest stores every item once and answers each batch for its own items", "[hub][concurrency]") {
  test::TempDir dir;
  auto storage = hub::openStorage((dir / "hub.db").string(), hub::StorageRole::Server).value();
  REQUIRE(storage->createUnit({"dumai", "Dumai", "quick-4", 7, {}, {}}).ok());
  const auto kiosk = hub::EnrolmentService(*storage, *storage, storage->codeKey()).enrolDirectly("dumai", "loket-1", clockNow().wallMs).value();

  constexpr int kThreads = 8, kBatches = 25, kBatch = 40;
  std::atomic<int> wrongAnswers{0}, failures{0};  // Catch2 assertions are not thread-safe
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int b = 0; b < kBatches; ++b) {
        std::vector<hub::StoredItem> items;
        for (int i = 0; i < kBatch; ++i) {
          Response r = test::quickResponse(1 + (t + i) % 4);
          r.unitId = "dumai";
          items.push_back({r, r.clock.wallMs, 0});
        }
        if (b % 5 == 4) items.push_back(items.front());  // a resend inside the batch: a duplicate
        auto results = storage->ingest(kiosk, items, clockNow().wallMs);
        if (!results) {
          ++failures;
          continue;
        }
        for (std::size_t i = 0; i < items.size(); ++i)
          if (i >= results->size() || (*results)[i].id != items[i].response.uuid) ++wrongAnswers;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(failures == 0);
  CHECK(wrongAnswers == 0);
  CHECK(storage->responseCount().value() == kThreads * kBatches * kBatch);
}
