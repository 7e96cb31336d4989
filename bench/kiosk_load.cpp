#include "kiosk_load.hpp"

#include <atomic>
#include <thread>

#include "bench_stats.hpp"
#include "http_transport.hpp"
#include "suara/core/demo_data.hpp"
#include "suara/core/wire.hpp"

namespace suara::bench {

std::vector<Batch> kioskPayloads(int batches, std::uint32_t seed, std::vector<Response>* rows) {
  auto responses = generateDemoResponses({.count = batches * kBatch, .seed = seed});
  const ClockStamp now = clockNow();
  for (auto& r : responses) {
    r.uuid = newUuid();
    r.clock.bootId = now.bootId;
  }
  if (rows) rows->insert(rows->end(), responses.begin(), responses.end());
  std::vector<Batch> payloads;
  for (int b = 0; b < batches; ++b) {
    std::vector<Response> items(responses.begin() + b * kBatch, responses.begin() + (b + 1) * kBatch);
    Batch batch{sync::gzipCompress(wire::encodeIngestRequest({now.wallMs, now.monoMs, now.bootId}, items)), {}};
    for (const auto& r : items) batch.ids.push_back(r.uuid);
    payloads.push_back(std::move(batch));
  }
  return payloads;
}

IngestRun postConcurrently(const std::string& hubUrl, const std::vector<sync::Enrollment>& kiosks,
                           const std::vector<std::vector<Batch>>& payloads) {
  std::vector<std::vector<double>> latencies(kiosks.size());
  std::atomic<int> failures{0}, notAccepted{0};
  std::vector<std::thread> threads;
  const auto start = Clock::now();
  for (std::size_t k = 0; k < kiosks.size(); ++k)
    threads.emplace_back([&, k] {
      sync::HttpTransport transport;
      for (const auto& batch : payloads[k]) {
        const auto sent = Clock::now();
        auto reply = transport.post(hubUrl + "/v1/responses", batch.body, kiosks[k].token, true);
        latencies[k].push_back(microsSince(sent) / 1000);
        if (!reply || reply->status != 200) {
          ++failures;
          continue;
        }
        // A hub that answers 200 but stores nothing must not pass for a fast one.
        auto results = wire::decodeIngestReply(reply->body, batch.ids);
        if (!results) {
          notAccepted += static_cast<int>(batch.ids.size());
          continue;
        }
        for (const auto& r : results->results) notAccepted += r.status != wire::ItemStatus::Accepted;
      }
    });
  for (auto& t : threads) t.join();
  IngestRun run;
  run.seconds = microsSince(start) / 1e6;
  run.failures = failures;
  run.notAccepted = notAccepted;
  for (std::size_t k = 0; k < kiosks.size(); ++k) {
    run.responses += static_cast<int>(payloads[k].size()) * kBatch;
    run.latenciesMs.insert(run.latenciesMs.end(), latencies[k].begin(), latencies[k].end());
  }
  return run;
}

}  // namespace suara::bench
