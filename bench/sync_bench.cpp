// sync_bench: drain a kiosk's backlog to a local hub, end to end: the real LocalStore file,
// the real SyncWorker (JSON, gzip, libcurl) and a real suara-hub process on loopback.
//
// Goals (issue 4): 100k responses in <= 5 s; <= 48 bytes per response on the wire.

#include <cstdio>
#include <filesystem>

#include <CLI/CLI.hpp>

#include "bench_stats.hpp"
#include "hub_fixture.hpp"
#include "suara/core/demo_data.hpp"
#include "suara/core/local_store.hpp"
#include "sync_worker.hpp"

using namespace suara;
using namespace suara::bench;
namespace fs = std::filesystem;

int main(int argc, char** argv) {
  CLI::App app{"End-to-end sync throughput and wire size", "sync_bench"};
  int count = 100'000, batch = 500;
  fs::path dir = fs::current_path() / "sync-bench-data";
  app.add_option("--count", count, "Backlog size")->capture_default_str();
  app.add_option("--batch", batch, "Batch size")->capture_default_str();
  app.add_option("--dir", dir, "Work directory (removed afterwards)")->capture_default_str();
  bool plain = false;
  app.add_flag("--plain", plain, "Send uncompressed JSON (for comparison)");
  CLI11_PARSE(app, argc, argv);
  fs::remove_all(dir);

  int status = 0;
  {
    HubFixture hub(dir / "hub");
    const auto kiosk = hub.enrolKiosks(1).front();
    auto store = LocalStore::open(dir / "kiosk.db").value();
    // A realistic backlog: the demo generator's mix of quick and SKM ratings and profiles,
    // recorded one after another (a rating every 20 to 60 s) in this boot, as a kiosk would.
    auto responses = generateDemoResponses({.count = count});
    const ClockStamp now = clockNow();
    std::int64_t elapsed = 0;
    for (std::size_t i = 0; i < responses.size(); ++i) {
      auto& r = responses[i];
      r.uuid = newUuid();
      r.seq = 0;
      r.unitId = "bench";
      elapsed += 20'000 + static_cast<std::int64_t>((i * 7919) % 40'000);
      r.clock = {now.wallMs - 40'000LL * count + elapsed, elapsed, now.bootId};
    }
    if (!store->recordMany(responses)) return std::fprintf(stderr, "sync_bench: cannot fill the store\n"), 1;

    sync::SyncSettings settings;
    settings.enrollment = kiosk;
    settings.batchSize = batch;
    settings.gzip = !plain;
    sync::SyncWorker worker(*store, settings);
    const auto start = Clock::now();
    const Status result = worker.syncOnce();
    const double seconds = microsSince(start) / 1e6;
    const auto st = worker.status();
    if (!result) {
      std::fprintf(stderr, "sync_bench: %s\n", result.error().message.c_str());
      status = 1;
    } else {
      std::printf("%s: %d responses in %.2f s = %.0f responses/s; %.1f bytes per response on the wire; %lld accepted\n",
                  plain ? "plain JSON" : "gzip JSON", count, seconds, count / seconds,
                  static_cast<double>(st.wireBytes) / count, static_cast<long long>(st.accepted));
    }
  }
  std::printf("goals: <= 5.00 s for 100000; <= 48 bytes per response\n");
  fs::remove_all(dir);
  return status;
}
