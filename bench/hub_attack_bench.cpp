// hub_attack_bench: the 200-kiosk ingest of hub_ingest_bench, first on a quiet hub, then on a
// fresh hub under attack: slow connections trickling headers and bodies, a stream of
// compressed bombs on every route (a gigabyte of zeros and a body of 400,000 JSON values, each
// with a declared length and chunked), and a stream of
// wrong enrolment codes. A monitor probes /v1/health in both phases.
//
// Goals under attack: >= 80% of the quiet ingest rate; health answering within 1 s
// throughout; peak RSS <= 512 MiB. The kiosks are enrolled before the attack starts: the
// global enrolment lock-out that wrong codes cause is expected and does not touch them.

#include <cstdio>
#include <filesystem>
#include <optional>
#include <thread>

#include <CLI/CLI.hpp>

#include "bench_stats.hpp"
#include "hub_attackers.hpp"
#include "hub_fixture.hpp"
#include "kiosk_load.hpp"
#include "process_probe.hpp"
#include "http_transport.hpp"
#include "support/raw_http.hpp"

using namespace suara;
using namespace suara::bench;
namespace fs = std::filesystem;

namespace {

constexpr double kRatioGoal = 0.80, kHealthGoalMs = 1000, kRssGoalMiB = 512;
constexpr auto kProbeEvery = std::chrono::milliseconds(100);

struct Phase {
  IngestRun ingest;
  std::vector<double> healthMs;
  int healthFailures = 0;
  double peakRssMiB = 0;
};

const char* verdict(bool met) { return met ? "PASS" : "MISS"; }

void printPhase(const char* name, Phase& p) {
  std::printf("  %-8s %10d %13.0f %9.1f %9.1f %12.1f %9.1f %8d %10.0f%s\n", name, p.ingest.responses, p.ingest.rate(),
              percentile(p.ingest.latenciesMs, 50), percentile(p.ingest.latenciesMs, 99), percentile(p.healthMs, 99),
              percentile(p.healthMs, 100), p.healthFailures, p.peakRssMiB, p.ingest.failures || p.ingest.notAccepted ? "  (NOT ALL STORED)" : "");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Hub ingest under attack: slow connections, compressed bombs, wrong enrolment codes", "hub_attack_bench"};
  fs::path dir = fs::current_path() / "hub-attack-bench-data";
  int kioskCount = 200, batchesEach = 4;
  AttackOptions attack;
  app.add_option("--dir", dir, "Work directory (removed afterwards)")->capture_default_str();
  app.add_option("--kiosks", kioskCount, "Kiosks posting at once")->capture_default_str();
  app.add_option("--batches", batchesEach, "Batches of 500 per kiosk")->capture_default_str();
  app.add_option("--slow", attack.slowConnections, "Slow connections held open")->capture_default_str();
  app.add_option("--bombs-per-second", attack.bombsPerSecond, "Compressed bombs per second")->capture_default_str();
  app.add_option("--codes-per-second", attack.codesPerSecond, "Wrong enrolment codes per second")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  fs::remove_all(dir);

  // A gigabyte of zeros, and a body just under the hub's value limit that parses: 400,000
  // empty arrays where an ingest request's items go.
  std::string values = "{\"items\":[";
  for (int i = 0; i < 399'990; ++i) values += "[],";
  values += "[]]}";
  const std::vector<std::string> bombs = {test::gzipBomb(std::size_t{1} << 30), sync::gzipCompress(values)};
  // The same bodies in both phases (each on a fresh hub, so none is a duplicate).
  std::vector<std::vector<Batch>> payloads;
  for (int k = 0; k < kioskCount; ++k) payloads.push_back(kioskPayloads(batchesEach, static_cast<std::uint32_t>(k + 1)));

  std::printf("hub_attack_bench: %d kiosks x %d batches of %d, gzip JSON, loopback; each phase on a fresh hub\n", kioskCount,
              batchesEach, kBatch);
  std::printf("  attack: %d slow connections from %d addresses; bombs in turn (1 GiB of zeros, %.0f KiB sent; "
              "%.1f MiB of 400,000 JSON values, %.0f KiB sent) %.0f/s; "
              "wrong enrolment codes %.0f/s; health probed every %lld ms in both phases\n\n",
              attack.slowConnections, attack.slowAddresses, static_cast<double>(bombs[0].size()) / 1024,
              static_cast<double>(values.size()) / (1 << 20), static_cast<double>(bombs[1].size()) / 1024, attack.bombsPerSecond,
              attack.codesPerSecond, static_cast<long long>(kProbeEvery.count()));

  Phase quiet, attacked;
  {
    HubFixture hub(dir / "quiet");
    const auto kiosks = hub.enrolKiosks(kioskCount);
    HealthProbe health(hub.port(), kProbeEvery);
    quiet.ingest = postConcurrently(hub.url(), kiosks, payloads);
    health.stop();
    quiet.healthMs = health.latenciesMs, quiet.healthFailures = health.failures;
    quiet.peakRssMiB = peakRssMiB({hub.pid()});
  }
  std::optional<Attack> attackers;
  int slowOpenAtEnd = 0;
  double attackSeconds = 0;
  {
    HubFixture hub(dir / "attacked");
    // Five enrolled kiosks gone rogue: one for each bomb route, one for the slow connections.
    auto kiosks = hub.enrolKiosks(kioskCount + 5);
    std::vector<std::string> attackerTokens;
    for (int i = 0; i < 5; ++i, kiosks.pop_back()) attackerTokens.push_back(kiosks.back().token);
    HealthProbe health(hub.port(), kProbeEvery);
    const auto attackStart = Clock::now();
    attackers.emplace(hub.port(), attackerTokens, bombs, attack);
    std::this_thread::sleep_for(std::chrono::seconds(1));  // every slow connection open, bombs on their way
    attacked.ingest = postConcurrently(hub.url(), kiosks, payloads);
    slowOpenAtEnd = attackers->slowOpenNow;
    attackers->stop();
    attackSeconds = microsSince(attackStart) / 1e6;
    health.stop();
    attacked.healthMs = health.latenciesMs, attacked.healthFailures = health.failures;
    attacked.peakRssMiB = peakRssMiB({hub.pid()});
  }

  std::printf("  %-8s %10s %13s %9s %9s %12s %9s %8s %10s\n", "phase", "responses", "responses/s", "p50 ms", "p99 ms",
              "health p99", "worst", "failed", "peak RSS");
  printPhase("quiet", quiet);
  printPhase("attacked", attacked);

  const double ratio = attacked.ingest.rate() / quiet.ingest.rate();
  const double worstHealth = percentile(attacked.healthMs, 100);
  std::printf("\n  under attack: %.0f%% of the quiet rate (goal >= %.0f%%) %s\n", 100 * ratio, 100 * kRatioGoal,
              verdict(ratio >= kRatioGoal));
  std::printf("  health: worst %.0f ms over %zu probes, %d not answered 200 (goal every answer <= %.0f ms) %s\n", worstHealth,
              attacked.healthMs.size(), attacked.healthFailures, kHealthGoalMs,
              verdict(worstHealth <= kHealthGoalMs && attacked.healthFailures == 0));
  std::printf("  peak RSS: %.0f MiB (goal <= %.0f MiB) %s\n", attacked.peakRssMiB, kRssGoalMiB,
              verdict(attacked.peakRssMiB <= kRssGoalMiB));

  std::printf("\n  attack requests over %.1f s and how the hub answered them (closed: without an answer)\n", attackSeconds);
  std::printf("    slow connections opened %d (%d still open at the end, %d could not connect); ended: %s\n",
              attackers->slowOpened.load(), slowOpenAtEnd, attackers->slowConnectFailures.load(), attackers->slowEnded.summary().c_str());
  for (std::size_t r = 0; r < std::size(Attack::kBombRoutes); ++r)
    std::printf("    bombs to %-18s %5d (%4.1f/s): %s\n", Attack::kBombRoutes[r].path, attackers->bombs[r].total(),
                attackers->bombs[r].total() / attackSeconds, attackers->bombs[r].summary().c_str());
  std::printf("    wrong enrolment codes %8d (%4.1f/s): %s\n", attackers->codes.total(), attackers->codes.total() / attackSeconds,
              attackers->codes.summary().c_str());
  fs::remove_all(dir);
  return 0;
}
