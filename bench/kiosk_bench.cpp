// kiosk_bench: the kiosk next to the usual alternative, a browser kiosk (Debian's chromium,
// headless, showing an equivalent static rating page: bench/assets/rating_page.html).
//
//   first frame   process start -> first frame rendered -> exit (median of 5 runs each):
//                 suara-kiosk --first-frame-then-exit  vs  chromium --screenshot
//   idle CPU      CPU of the whole process tree over --idle-seconds on the attract screen
//   per frame     CPU per rendered frame while a script taps (kiosk: in-process taps through
//                 the real UI; chromium: the page clicking a face 10 times a second)
//   peak RSS      sum of VmHWM over the process tree
//
// Goals (issue 3): startup <= 1/5 of chromium's; peak RSS <= 1/2; idle <= 1% of a core.
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
#include "kiosk_app.hpp"
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

class BenchClock final : public kiosk::FlowClock {
 public:
  kiosk::SteadyTime now() const override { return m_now; }
  ClockStamp stamp() const override { return clockNow(); }
  void advance(std::chrono::seconds by) { m_now += by; }

 private:
  kiosk::SteadyTime m_now = std::chrono::steady_clock::now();
};

double processCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// Citizens rating through the real UI in this process; CPU per frame drawn.
double kioskCpuPerFrame(const fs::path& work, int citizens) {
  setenv("SDL_VIDEODRIVER", "offscreen", 1);
  std::ofstream(work / "interact.toml") << "[kiosk]\nunit_name = \"Mal Pelayanan Publik Kota Pontianak\"\n"
                                        << "[flow]\nask_profile = false\ncooldown_seconds = 0\n"
                                        << "[[services]]\nid = \"ktp\"\nname = \"KTP Elektronik\"\n";
  kiosk::KioskOptions options;
  options.dataDir = work / "interact-data";
  options.configFile = work / "interact.toml";
  options.configRequired = true;
  options.assetsDir = assetsDir();
  options.window.windowed = std::make_pair(1280, 800);
  static BenchClock clock;
  auto app = kiosk::KioskApp::create(options, clock);
  if (!app) return std::fprintf(stderr, "kiosk_bench: %s\n", app.error().message.c_str()), -1;
  (*app)->settle();
  const double cpuBefore = processCpuMs();
  const auto framesBefore = (*app)->framesDrawn();
  for (int i = 0; i < citizens; ++i) {
    (*app)->tap("start");
    (*app)->tap("service:ktp");
    (*app)->tap("face:" + std::to_string(3 + i % 2));
    clock.advance(std::chrono::seconds(5));
    (*app)->frame();
  }
  const auto frames = (*app)->framesDrawn() - framesBefore;
  return (processCpuMs() - cpuBefore) / static_cast<double>(frames);
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

  std::printf("kiosk_bench: 1280x800, software rendering, %d s idle windows\n", idleSeconds);
  std::vector<double> runs;
  for (int i = 0; i < 5; ++i) runs.push_back(runTimed(withArgs(kioskArgs, {"--first-frame-then-exit"}), kioskEnv));
  k.firstFrameMs = median(runs);
  runs.clear();
  for (int i = 0; i < 5; ++i)
    runs.push_back(runTimed(withArgs(chromiumArgs, {"--user-data-dir=" + (work / ("chrome-ff" + std::to_string(i))).string(),
                                                     "--screenshot=" + (work / "shot.png").string(), page})));
  c.firstFrameMs = median(runs);

  {
    const pid_t pid = spawn(kioskArgs, kioskEnv);
    k.idlePercent = idleCpu(pid, 3, idleSeconds);
    k.peakRss = peakRssMiB(processTree(pid));
    stopTree(pid);
  }
  {
    const pid_t pid = spawn(withArgs(chromiumArgs, {"--user-data-dir=" + (work / "chrome-idle").string(),
                                                    "--remote-debugging-port=0", page}));
    c.idlePercent = idleCpu(pid, 5, idleSeconds);
    c.peakRss = peakRssMiB(processTree(pid));
    stopTree(pid);
  }
  {
    const pid_t pid = spawn(withArgs(chromiumArgs, {"--user-data-dir=" + (work / "chrome-interact").string(),
                                                    "--remote-debugging-port=0", page + "#interact"}));
    std::this_thread::sleep_for(std::chrono::seconds(5));
    const double before = cpuSeconds(processTree(pid));
    std::this_thread::sleep_for(std::chrono::seconds(10));
    c.cpuPerFrameMs = 1000.0 * (cpuSeconds(processTree(pid)) - before) / 100.0;  // 10 taps/s for 10 s
    c.peakRss = std::max(c.peakRss, peakRssMiB(processTree(pid)));
    stopTree(pid);
  }
  k.cpuPerFrameMs = kioskCpuPerFrame(work, 20);

  std::printf("\n  %-34s %10s %10s\n", "", "kiosk", "chromium");
  row("time to first frame (median of 5)", k.firstFrameMs, c.firstFrameMs, "ms", "");
  row("idle CPU on the attract screen", k.idlePercent, c.idlePercent, "%", "");
  row("CPU per frame while interacting", k.cpuPerFrameMs, c.cpuPerFrameMs, "ms", "");
  row("peak RSS (process tree)", k.peakRss, c.peakRss, "MiB", "");
  std::printf("\n  start-up ratio  %.2f (goal <= 0.20)\n", k.firstFrameMs / c.firstFrameMs);
  std::printf("  peak RSS ratio  %.2f (goal <= 0.50)\n", k.peakRss / c.peakRss);
  std::printf("  idle CPU        %.2f%% of a core (goal <= 1%%)\n", k.idlePercent);
  fs::remove_all(work);
  return 0;
}
