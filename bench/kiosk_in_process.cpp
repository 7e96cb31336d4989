#include "kiosk_in_process.hpp"

#include <cstdio>
#include <ctime>
#include <fstream>
#include <vector>

#include "bench_stats.hpp"
#include "kiosk_app.hpp"
#include "suara/core/paths.hpp"

namespace suara::bench {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

constexpr const char* kServices = "[[services]]\nid = \"ktp\"\nname = \"KTP Elektronik\"\n";

// A kiosk at 1280x800 with `flow` settings; time moves only when the bench says so (past the
// input guard between taps, past the thank-you between citizens).
std::unique_ptr<kiosk::KioskApp> openKiosk(const fs::path& work, const std::string& name, const std::string& config,
                                           const kiosk::FlowClock& clock) {
  setenv("SDL_VIDEODRIVER", "offscreen", 1);
  std::ofstream(work / (name + ".toml")) << "[kiosk]\nunit_name = \"Mal Pelayanan Publik Kota Pontianak\"\n" << config << kServices;
  kiosk::KioskOptions options;
  options.dataDir = work / (name + "-data");
  options.configFile = work / (name + ".toml");
  options.configRequired = true;
  options.assetsDir = assetsDir();
  options.window.windowed = std::make_pair(1280, 800);
  auto app = kiosk::KioskApp::create(options, clock);
  if (!app) {
    std::fprintf(stderr, "kiosk_bench: %s\n", app.error().message.c_str());
    return nullptr;
  }
  (*app)->settle();
  return std::move(*app);
}

std::int64_t storedRatings(kiosk::KioskApp& app) { return app.store().stats().value().total; }

// Taps `widgets` in order, a person's pace apart; how many were needed before a rating was stored.
int tapsUntilStored(kiosk::KioskApp& app, kiosk::ManualFlowClock& clock, const std::vector<std::string>& widgets) {
  const auto before = storedRatings(app);
  for (std::size_t i = 0; i < widgets.size(); ++i) {
    clock.advance(400ms);
    if (!app.tap(widgets[i])) return -1;
    if (storedRatings(app) > before) return static_cast<int>(i + 1);
  }
  return -1;
}

double processCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

}  // namespace

TapCounts countTapsToRating(const fs::path& work) {
  TapCounts counts;
  {
    kiosk::ManualFlowClock clock;
    if (auto app = openKiosk(work, "taps-quick", "", clock)) counts.quickOneTap = tapsUntilStored(*app, clock, {"face:4"});
  }
  {
    kiosk::ManualFlowClock clock;
    if (auto app = openKiosk(work, "taps-service", "[flow]\nask_service = \"before\"\n", clock))
      counts.quickServiceFirst = tapsUntilStored(*app, clock, {"start", "service:ktp", "face:4"});
  }
  {
    kiosk::ManualFlowClock clock;
    if (auto app = openKiosk(work, "taps-skm", "survey = \"skm-2017\"\n", clock)) {
      std::vector<std::string> widgets{"start"};
      for (int i = 0; i < 9; ++i) widgets.emplace_back("answer:3");
      counts.skmFull = tapsUntilStored(*app, clock, widgets);
    }
  }
  return counts;
}

TapLatency measureTapLatency(const fs::path& work, int ratings) {
  kiosk::ManualFlowClock clock;
  auto app = openKiosk(work, "latency", "[flow]\nask_service = \"never\"\nask_profile = false\n", clock);
  if (!app) return {};
  std::vector<double> toRecord, toThanks;
  for (int i = 0; i < ratings; ++i) {
    clock.advance(10s);  // the last citizen's thank-you and cooldown are over
    app->frame();
    clock.advance(400ms);  // and the attract screen has been there a moment
    app->settle();
    // Faces 3 and 4: a low score would go on to its optional "what went wrong?" first.
    const auto rect = app->widgets().find("face:" + std::to_string(3 + i % 2));
    if (!rect) {
      std::fprintf(stderr, "kiosk_bench: no face on %s\n", std::string(kiosk::screenName(app->flow().screen())).c_str());
      break;
    }
    const auto before = storedRatings(*app);
    const auto start = Clock::now();
    app->touch(SDL_FINGERDOWN, i + 1, *rect);
    app->touch(SDL_FINGERUP, i + 1, *rect);
    // The kiosk's own loop, event by event and frame by frame, until the thank-you is drawn.
    bool recorded = false;
    for (int frame = 0; frame < 100 && app->flow().screen() != kiosk::Screen::ThankYou; ++frame) {
      while (auto event = app->window().pollEvent()) app->window().handleEvent(*event);
      app->frame();
      if (!recorded && storedRatings(*app) > before) {
        recorded = true;
        toRecord.push_back(microsSince(start) / 1000);
      }
    }
    if (app->flow().screen() != kiosk::Screen::ThankYou) {
      std::fprintf(stderr, "kiosk_bench: a tap did not lead to the thank-you (%s)\n",
                   std::string(kiosk::screenName(app->flow().screen())).c_str());
      break;
    }
    app->frame();  // the frame that shows the thank-you
    toThanks.push_back(microsSince(start) / 1000);
  }
  return {percentile(toRecord, 50), percentile(toRecord, 99), percentile(toThanks, 50), percentile(toThanks, 99)};
}

double kioskCpuPerFrame(const fs::path& work, int citizens) {
  kiosk::ManualFlowClock clock;
  auto app = openKiosk(work, "interact", "[flow]\nask_profile = false\ncooldown_seconds = 0\n", clock);
  if (!app) return -1;
  const double cpuBefore = processCpuMs();
  const auto framesBefore = app->framesDrawn();
  for (int i = 0; i < citizens; ++i) {
    clock.advance(400ms);
    app->tap("face:" + std::to_string(3 + i % 2));
    clock.advance(400ms);
    app->tap("service:ktp");
    clock.advance(5s);
    app->frame();
  }
  const auto frames = app->framesDrawn() - framesBefore;
  return (processCpuMs() - cpuBefore) / static_cast<double>(frames);
}

}  // namespace suara::bench
