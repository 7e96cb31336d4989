// kiosk_bench: the kiosk next to the usual alternative, a browser kiosk (Debian's chromium,
// headless, showing an equivalent static rating page: bench/assets/rating_page.html).
//
//   first frame   process start -> first frame rendered -> exit (median of 5 runs each):
//                 suara-kiosk --first-frame-then-exit  vs  chromium --screenshot
//   idle CPU      CPU of the whole process tree over --idle-seconds on the attract screen
//   per frame     CPU per rendered frame while a script taps (kiosk: in-process taps through
//                 the real UI; chromium: the page clicking a face 10 times a second)
//   peak RSS      sum of VmHWM over the process tree
//   taps          taps from the attract screen until a rating is stored (one-tap quick-4,
//                 service asked first, full SKM), walked through the real UI
//   latency       finger events pushed -> rating durably stored, and -> thank-you drawn,
//                 through the kiosk's own event handling and frames (p50/p99 of 200)
//
// Goals: startup <= 1/5 of chromium's; peak RSS <= 1/2; idle <= 1% of a core; a quick
// rating in 1 tap; tap -> thank-you p99 <= 100 ms. Without chromium the comparison is
// skipped with a note on how to install it; the kiosk's own figures are still measured.
// Both run with software rendering (Mesa llvmpipe / SwiftShader) at 1280x800.

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <thread>

#include <CLI/CLI.hpp>

#include "bench_stats.hpp"
#include "kiosk_in_process.hpp"
#include "process_probe.hpp"
#include "suara/core/paths.hpp"

using namespace suara;
using namespace suara::bench;
namespace fs = std::filesystem;

namespace {

struct Figures {
  double firstFrameMs = -1, idlePercent = -1, cpuPerFrameMs = -1, peakRss = -1;
};

double median(std::vector<double> v) { return v.empty() ? -1 : percentile(v, 50); }

// CPU percentage of one core used by `root`'s process tree over `seconds`, after `settle`.
double idleCpu(pid_t root, int settleSeconds, int seconds) {
  std::this_thread::sleep_for(std::chrono::seconds(settleSeconds));  // a benchmark, not a test
  const double before = cpuSeconds(processTree(root));
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  return 100.0 * (cpuSeconds(processTree(root)) - before) / seconds;
}

void row(const char* what, double kiosk, double chromium, const char* unit, const char* goal) {
  std::printf("  %-34s %10.2f %10.2f  %-4s %s\n", what, kiosk, chromium, unit, goal);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Kiosk start-up, idle CPU, CPU per frame and memory, next to a chromium kiosk", "kiosk_bench"};
  std::string chromium = "/usr/bin/chromium";
  int idleSeconds = 30;
  app.add_option("--chromium", chromium, "Chromium executable")->capture_default_str();
  app.add_option("--idle-seconds", idleSeconds, "Idle measurement window")->check(CLI::Range(5, 600))->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  const fs::path work = fs::temp_directory_path() / ("suara-kiosk-bench-" + std::to_string(getpid()));
  fs::create_directories(work);
  const std::vector<std::string> kioskEnv = {"SDL_VIDEODRIVER=offscreen"};
  std::ofstream(work / "kiosk.toml") << "[kiosk]\nunit_name = \"Mal Pelayanan Publik Kota Pontianak\"\n";
  const std::vector<std::string> kioskArgs = {SUARA_KIOSK_EXE, "--windowed", "1280x800", "--data-dir", (work / "kiosk").string(),
                                              "--config", (work / "kiosk.toml").string()};
  const std::string page = "file://" + std::string(SUARA_BENCH_PAGE);
  const std::vector<std::string> chromiumArgs = {chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                                                 "--no-first-run", "--disable-background-networking",
                                                 "--disable-component-update", "--disable-sync", "--window-size=1280,800"};
  auto withArgs = [](std::vector<std::string> base, std::initializer_list<std::string> more) {
    base.insert(base.end(), more);
    return base;
  };
  Figures k, c;
  std::error_code ec;
  const bool haveChromium = fs::exists(chromium, ec);

  std::printf("kiosk_bench: 1280x800, software rendering, %d s idle windows\n", idleSeconds);
  if (!haveChromium)
    std::printf("  chromium not found at %s: the comparison with a browser kiosk is skipped.\n"
                "  Install it with `bash scripts/install-deps.sh --bench` (Debian package chromium).\n",
                chromium.c_str());
  std::vector<double> runs;
  for (int i = 0; i < 5; ++i) runs.push_back(runTimed(withArgs(kioskArgs, {"--first-frame-then-exit"}), kioskEnv));
  k.firstFrameMs = median(runs);
  {
    const pid_t pid = spawn(kioskArgs, kioskEnv);
    k.idlePercent = idleCpu(pid, 3, idleSeconds);
    k.peakRss = peakRssMiB(processTree(pid));
    stopTree(pid);
  }
  if (haveChromium) {
    runs.clear();
    for (int i = 0; i < 5; ++i)
      runs.push_back(runTimed(withArgs(chromiumArgs, {"--user-data-dir=" + (work / ("chrome-ff" + std::to_string(i))).string(),
                                                       "--screenshot=" + (work / "shot.png").string(), page})));
    c.firstFrameMs = median(runs);
    const pid_t idle = spawn(withArgs(chromiumArgs, {"--user-data-dir=" + (work / "chrome-idle").string(),
                                                     "--remote-debugging-port=0", page}));
    c.idlePercent = idleCpu(idle, 5, idleSeconds);
    c.peakRss = peakRssMiB(processTree(idle));
    stopTree(idle);
    const pid_t busy = spawn(withArgs(chromiumArgs, {"--user-data-dir=" + (work / "chrome-interact").string(),
                                                     "--remote-debugging-port=0", page + "#interact"}));
    std::this_thread::sleep_for(std::chrono::seconds(5));
    const double before = cpuSeconds(processTree(busy));
    std::this_thread::sleep_for(std::chrono::seconds(10));
    c.cpuPerFrameMs = 1000.0 * (cpuSeconds(processTree(busy)) - before) / 100.0;  // 10 taps/s for 10 s
    c.peakRss = std::max(c.peakRss, peakRssMiB(processTree(busy)));
    stopTree(busy);
  }
  k.cpuPerFrameMs = kioskCpuPerFrame(work, 20);
  const TapCounts taps = countTapsToRating(work);
  const TapLatency latency = measureTapLatency(work, 200);

  std::printf("\n  %-34s %10s %10s\n", "", "kiosk", haveChromium ? "chromium" : "");
  auto line = [&](const char* what, double kiosk, double browser, const char* unit) {
    if (haveChromium) return row(what, kiosk, browser, unit, "");
    std::printf("  %-34s %10.2f %10s  %s\n", what, kiosk, "", unit);
  };
  line("time to first frame (median of 5)", k.firstFrameMs, c.firstFrameMs, "ms");
  line("idle CPU on the attract screen", k.idlePercent, c.idlePercent, "%");
  line("CPU per frame while interacting", k.cpuPerFrameMs, c.cpuPerFrameMs, "ms");
  line("peak RSS (process tree)", k.peakRss, c.peakRss, "MiB");
  std::printf("\n  taps to a stored rating: quick-4 %d (goal 1), service first %d, full SKM %d\n", taps.quickOneTap,
              taps.quickServiceFirst, taps.skmFull);
  std::printf("  tap -> durable record   p50 %.1f ms  p99 %.1f ms\n", latency.recordP50, latency.recordP99);
  std::printf("  tap -> thank-you drawn  p50 %.1f ms  p99 %.1f ms (goal p99 <= 100 ms)\n", latency.thanksP50, latency.thanksP99);
  if (haveChromium) {
    std::printf("\n  start-up ratio  %.2f (goal <= 0.20)\n", k.firstFrameMs / c.firstFrameMs);
    std::printf("  peak RSS ratio  %.2f (goal <= 0.50)\n", k.peakRss / c.peakRss);
  }
  std::printf("  idle CPU        %.2f%% of a core (goal <= 1%%)\n", k.idlePercent);
  fs::remove_all(work);
  return 0;
}
