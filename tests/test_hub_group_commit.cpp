// The hub's group commit, in process so that it runs under TSan too: many request threads
// ingest at once; batches queued behind a commit are stored together, and each one still gets
// exactly its own answers, in as few commits as the arrivals allow; the write probe (health)
// does not queue behind them. And the same over HTTP, so that TSan also watches the HTTP server.

#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <iterator>
#include <set>
#include <thread>

#include "services/enrolment_service.hpp"
#include "storage/storage.hpp"
#include "support/enrolled_hub.hpp"
#include "support/responses.hpp"
#include "support/temp_dir.hpp"

using namespace suara;
namespace fs = std::filesystem;

namespace {

struct Ingesting {
  Ingesting() {
    REQUIRE(storage->createUnit({"dumai", "Dumai", "quick-4", 7, {}, {}, {}, {}}).ok());
    kiosk = hub::EnrolmentService(*storage, *storage, storage->codeKey()).enrolDirectly("dumai", "loket-1", clockNow().wallMs).value();
  }
  std::vector<hub::StoredItem> batch(int size) const {
    std::vector<hub::StoredItem> items;
    for (int i = 0; i < size; ++i) {
      Response r = test::quickResponse(1 + i % 4);
      r.unitId = "dumai";
      items.push_back({r, r.clock.wallMs, 0});
    }
    return items;
  }
  test::TempDir dir;
  fs::path file = dir / "hub.db";
  std::unique_ptr<hub::Storage> storage = hub::openStorage(file.string(), hub::StorageRole::Server).value();
  hub::KioskRecord kiosk;
};

// Transactions in the WAL since it last restarted: frames that end one (a database size after
// the commit) and carry the WAL header's salt. A reader kept open stops it from restarting.
int walCommits(const fs::path& wal) {
  std::ifstream in(wal, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto word = [&](std::size_t at) {
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < 4; ++i) value = value << 8 | static_cast<unsigned char>(bytes[at + i]);
    return value;
  };
  if (bytes.size() < 32) return 0;
  const std::size_t frame = 24 + word(8);
  int commits = 0;
  for (std::size_t at = 32; at + frame <= bytes.size(); at += frame)
    if (word(at + 4) != 0 && word(at + 8) == word(16) && word(at + 12) == word(20)) ++commits;
  return commits;
}

}  // namespace

TEST_CASE("concurrent ingest stores every item once and answers each batch for its own items", "[hub][concurrency]") {
  Ingesting h;
  constexpr int kThreads = 8, kBatches = 25, kBatch = 40;
  std::atomic<int> wrongAnswers{0}, failures{0};  // Catch2 assertions are not thread-safe
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int b = 0; b < kBatches; ++b) {
        auto items = h.batch(kBatch);
        if (b % 5 == 4) items.push_back(items.front());  // a resend inside the batch: a duplicate
        auto results = h.storage->ingest(h.kiosk, items, clockNow().wallMs);
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
  CHECK(h.storage->responseCount().value() == kThreads * kBatches * kBatch);
}

TEST_CASE("batches arriving while a commit runs are stored together, not one commit each", "[hub][concurrency]") {
  Ingesting h;
  SQLite::Database reader(h.file.string(), SQLite::OPEN_READONLY);
  reader.exec("BEGIN");
  reader.execAndGet("SELECT count(*) FROM responses");  // a snapshot held until the end
  const int before = walCommits(h.file.string() + "-wal");

  constexpr int kThreads = 16, kBatches = 20;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      for (int b = 0; b < kBatches; ++b)
        if (!h.storage->ingest(h.kiosk, h.batch(50), clockNow().wallMs)) ++failures;
    });
  for (auto& thread : threads) thread.join();
  const int commits = walCommits(h.file.string() + "-wal") - before;
  INFO(commits << " commits for " << kThreads * kBatches << " batches");
  CHECK(failures == 0);
  // Threads whose batches another thread had stored used to queue for the writer all the
  // same, each then committing the one or two batches that had just arrived.
  CHECK(commits * 4 <= kThreads * kBatches);
}

TEST_CASE("the write probe does not wait behind a commit that waits for another process's write lock", "[hub][concurrency]") {
  Ingesting h;
  SQLite::Database other(h.file.string(), SQLite::OPEN_READWRITE);
  other.exec("BEGIN IMMEDIATE");  // a CLI command mid-write: the next commit waits for it
  bool stored = false;
  std::thread stalled([&] { stored = h.storage->ingest(h.kiosk, h.batch(5), clockNow().wallMs).ok(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const auto start = std::chrono::steady_clock::now();
  const Status writable = h.storage->probeWrite();
  const auto waited = std::chrono::steady_clock::now() - start;
  other.exec("ROLLBACK");
  stalled.join();
  CHECK(writable.ok());  // busy, not unwritable
  CHECK(waited < std::chrono::seconds(1));
  CHECK(stored);
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
        const auto reply = nlohmann::json::parse(res->body);  // named: a range over a temporary's member dangles
        for (const auto& result : reply["results"]) notAccepted += result["status"] != "accepted";
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
