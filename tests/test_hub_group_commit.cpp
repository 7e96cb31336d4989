// The hub's group commit, in process so that it runs under TSan too: many request threads
// ingest at once; batches queued behind a commit are stored together, and each one still gets
// exactly its own answers. And the same over HTTP, so that TSan also watches the HTTP server.

#include <catch2/catch.hpp>

#include <atomic>
#include <set>
#include <thread>

#include "services/enrolment_service.hpp"
#include "storage/storage.hpp"
#include "support/enrolled_hub.hpp"
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

TEST_CASE("kiosks posting at once over HTTP, with health probes between, get every rating stored once", "[hub][concurrency]") {
  test::EnrolledHub h;
  std::vector<std::string> tokens = {h.token};
  for (int k = 1; k < 4; ++k) {
    auto enrolled = h.client().Post("/v1/enroll", nlohmann::json{{"code", h.newCode()}, {"name", "k" + std::to_string(k)}}.dump(),
                                    "application/json");
    REQUIRE(enrolled);
    REQUIRE(enrolled->status == 200);
    tokens.push_back(nlohmann::json::parse(enrolled->body)["token"]);
  }
  constexpr int kBatches = 10, kBatch = 50;
  std::atomic<int> notAccepted{0}, unhealthy{0};
  std::atomic<bool> done{false};
  std::thread prober([&] {
    while (!done) unhealthy += h.health() != 200;
  });
  std::vector<std::thread> kiosks;
  for (const auto& token : tokens) {
    kiosks.emplace_back([&, token] {
      httplib::Client client = h.client();
      for (int b = 0; b < kBatches; ++b) {
        std::vector<Response> items;
        for (int i = 0; i < kBatch; ++i) items.push_back(test::quickResponse(1 + i % 4));
        for (int i = 0; i < kBatch; ++i) items[static_cast<std::size_t>(i)].seq = b * kBatch + i + 1;
        auto res = client.Post("/v1/responses", {{"Authorization", "Bearer " + token}}, test::EnrolledHub::batch(items),
                               "application/json");
        if (!res || res->status != 200) {
          notAccepted += kBatch;
          continue;
        }
        for (const auto& result : nlohmann::json::parse(res->body)["results"]) notAccepted += result["status"] != "accepted";
      }
    });
  }
  for (auto& kiosk : kiosks) kiosk.join();
  done = true;
  prober.join();
  CHECK(notAccepted == 0);
  CHECK(unhealthy == 0);
  CHECK(h.stored() == static_cast<std::int64_t>(tokens.size()) * kBatches * kBatch);
}
