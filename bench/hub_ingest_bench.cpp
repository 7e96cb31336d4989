// hub_ingest_bench: many kiosks posting batches at once to a real suara-hub process on
// loopback, next to the raw rate of storing the same rows through the hub's storage layer
// directly (no HTTP, no JSON) — the physical limit of this machine's disk and SQLite.
//
// Goals: >= 50k responses/s at 200 kiosks; >= 90% of the raw insert rate, with validation,
// authentication, access logging and the layered hub in the path.

#include <cstdio>
#include <filesystem>
#include <thread>

#include <CLI/CLI.hpp>

#include "bench_stats.hpp"
#include "hub_fixture.hpp"
#include "services/enrolment_service.hpp"
#include "storage/storage.hpp"
#include "suara/core/demo_data.hpp"
#include "suara/core/wire.hpp"
#include "sync_worker.hpp"

using namespace suara;
using namespace suara::bench;
namespace fs = std::filesystem;

namespace {

constexpr int kBatch = 500;

// `batches` gzip request bodies of one kiosk, as its SyncWorker would send them.
std::vector<std::string> kioskPayloads(int batches, std::uint32_t seed, std::vector<Response>* rows = nullptr) {
  auto responses = generateDemoResponses({.count = batches * kBatch, .seed = seed});
  const ClockStamp now = clockNow();
  for (auto& r : responses) {
    r.uuid = newUuid();
    r.clock.bootId = now.bootId;
  }
  if (rows) rows->insert(rows->end(), responses.begin(), responses.end());
  std::vector<std::string> payloads;
  for (int b = 0; b < batches; ++b) {
    std::vector<Response> batch(responses.begin() + b * kBatch, responses.begin() + (b + 1) * kBatch);
    payloads.push_back(sync::gzipCompress(wire::encodeIngestRequest({now.wallMs, now.monoMs, now.bootId}, batch)));
  }
  return payloads;
}

struct Level {
  int kiosks, batchesEach;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Hub ingest throughput with concurrent kiosks", "hub_ingest_bench"};
  fs::path dir = fs::current_path() / "hub-ingest-bench-data";
  app.add_option("--dir", dir, "Work directory (removed afterwards)")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  fs::remove_all(dir);

  // Enough batches per kiosk that start-up and tail do not dominate the window.
  const std::vector<Level> levels = {{1, 40}, {50, 8}, {200, 4}};
  {
    std::printf("hub_ingest_bench: batches of %d, gzip JSON, loopback; each level on a fresh hub\n\n", kBatch);
    std::printf("  %-8s %10s %14s %12s %12s\n", "kiosks", "responses", "responses/s", "p50 ms", "p99 ms");
    std::uint32_t seed = 1;
    double rateAt200 = 0;
    int rowsAt200 = 0;
    for (const Level& level : levels) {
      HubFixture hub(dir / ("hub-" + std::to_string(level.kiosks)));
      const auto kiosks = hub.enrolKiosks(level.kiosks);
      std::vector<std::vector<std::string>> payloads;
      for (int k = 0; k < level.kiosks; ++k) payloads.push_back(kioskPayloads(level.batchesEach, seed++));
      std::vector<std::vector<double>> latencies(static_cast<std::size_t>(level.kiosks));
      std::vector<std::thread> threads;
      std::atomic<int> failures{0};
      const auto start = Clock::now();
      for (int k = 0; k < level.kiosks; ++k)
        threads.emplace_back([&, k] {
          sync::HttpTransport transport;
          for (const auto& body : payloads[static_cast<std::size_t>(k)]) {
            const auto sent = Clock::now();
            auto reply = transport.post(hub.url() + "/v1/responses", body, kiosks[static_cast<std::size_t>(k)].token, true);
            latencies[static_cast<std::size_t>(k)].push_back(microsSince(sent) / 1000);
            if (!reply || reply->status != 200) ++failures;
          }
        });
      for (auto& t : threads) t.join();
      const double seconds = microsSince(start) / 1e6;
      std::vector<double> all;
      for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
      const int responses = level.kiosks * level.batchesEach * kBatch;
      const double rate = responses / seconds;
      if (level.kiosks == 200) rateAt200 = rate, rowsAt200 = responses;
      std::printf("  %-8d %10d %14.0f %12.1f %12.1f%s\n", level.kiosks, responses, rate, percentile(all, 50),
                  percentile(all, 99), failures ? "  (FAILURES)" : "");
    }

    // As many rows of the same kind as the 200-kiosk level, stored through the storage layer
    // alone into a fresh file, in batches of 500.
    std::vector<Response> rows;
    kioskPayloads(rowsAt200 / kBatch, 999, &rows);
    auto raw = hub::openStorage((dir / "raw.db").string(), hub::StorageRole::Server).value();
    (void)raw->createUnit({"bench", "Benchmark Unit", "quick-4", 7, {}, {}});
    const auto kiosk = hub::EnrolmentService(*raw, *raw, raw->codeKey()).enrolDirectly("bench", "raw", clockNow().wallMs).value();
    const auto start = Clock::now();
    for (std::size_t b = 0; b < rows.size(); b += kBatch) {
      std::vector<hub::StoredItem> items;
      for (std::size_t i = b; i < b + kBatch; ++i) items.push_back({rows[i], rows[i].clock.wallMs, 0});
      if (!raw->ingest(kiosk, items, clockNow().wallMs)) return std::fprintf(stderr, "raw insert failed\n"), 1;
    }
    const double rawRate = static_cast<double>(rows.size()) / (microsSince(start) / 1e6);
    std::printf("\n  raw storage-layer insert, same rows, batches of %d: %.0f responses/s\n", kBatch, rawRate);
    std::printf("  at 200 kiosks: %.0f responses/s (goal >= 50000) = %.0f%% of raw (goal >= 90%%)\n", rateAt200,
                100.0 * rateAt200 / rawRate);
  }
  fs::remove_all(dir);
  return 0;
}
