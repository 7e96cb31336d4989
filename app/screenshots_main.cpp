// kiosk_screenshots: drives the real kiosk through every screen, in both languages, and
// writes a PNG of each: <out>/<W>x<H>/<lang>/<nn>-<screen>.png. Run headless with
// SDL_VIDEODRIVER=offscreen.

#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>

#include "kiosk_app.hpp"
#include "suara/core/paths.hpp"

using namespace suara;
using namespace suara::kiosk;
namespace fs = std::filesystem;

namespace {

// Steps time past the input guard before each tap, as a person's pace would.
struct Shooter {
  KioskApp& app;
  ManualFlowClock& clock;
  fs::path dir;
  int count = 0;
  bool ok = true;
  void shot(const std::string& name) {
    clock.advance(std::chrono::seconds(1));  // past any slide-in: the view as it rests
    app.settle();
    char prefix[16];
    std::snprintf(prefix, sizeof prefix, "%02d-", ++count);
    if (auto status = app.screenshot(dir / (prefix + name + ".png")); !status) {
      std::cerr << "kiosk_screenshots: " << status.error().message << "\n";
      ok = false;
    }
  }
  void tap(std::string_view widget) {
    clock.advance(std::chrono::milliseconds(400));
    if (!app.tap(widget)) {
      std::cerr << "kiosk_screenshots: no widget '" << widget << "' on " << screenName(app.flow().screen()) << "\n";
      ok = false;
    }
  }
};

constexpr const char* kServices =
    "[[services]]\nid = \"ktp\"\nname = \"KTP Elektronik\"\nname_en = \"Electronic ID card\"\n"
    "[[services]]\nid = \"kk\"\nname = \"Kartu Keluarga\"\nname_en = \"Family card\"\n"
    "[[services]]\nid = \"akta\"\nname = \"Akta Kelahiran\"\nname_en = \"Birth certificate\"\n"
    "[[services]]\nid = \"pindah\"\nname = \"Surat Pindah\"\nname_en = \"Change of address\"\n";

struct Run {
  fs::path out, work;
  int width = 0, height = 0;
  Language language = Language::Indonesian;
  fs::path dir(const std::string& group) const {
    return out / group / (std::to_string(width) + "x" + std::to_string(height)) / std::string(languageCode(language));
  }
};

// A kiosk with `config` (after the [kiosk] basics), in its own data directory.
Result<std::unique_ptr<KioskApp>> openKiosk(const Run& run, const std::string& name, const std::string& config,
                                            const FlowClock& clock, bool configured = true) {
  const fs::path configFile = run.work / (name + ".toml");
  std::ofstream(configFile) << "[kiosk]\nunit_id = \"pontianak\"\nunit_name = \"Mal Pelayanan Publik Kota Pontianak\"\n"
                            << "language = \"" << languageCode(run.language) << "\"\n" << config;
  KioskOptions options;
  options.dataDir = run.work / ("data-" + name + "-" + std::to_string(run.width) + std::string(languageCode(run.language)));
  options.configFile = configured ? configFile : run.work / "none.toml";  // absent: setup mode on defaults
  options.configRequired = configured;
  options.assetsDir = assetsDir();
  options.window.windowed = std::make_pair(run.width, run.height);
  return KioskApp::create(options, clock);
}

bool failed(const Error& error) {
  std::cerr << "kiosk_screenshots: " << error.message << "\n";
  return false;
}

// quick-4 as most counters run it: one tap on an attract face, then every optional follow-up.
bool shootQuick(const Run& run) {
  ManualFlowClock clock;
  auto app = openKiosk(run, "quick", "survey = \"quick-4\"\n" + std::string(kServices), clock);
  if (!app) return failed(app.error());
  fs::create_directories(run.dir("quick-4"));
  Shooter s{**app, clock, run.dir("quick-4")};
  s.shot("attract");
  s.tap("face:2");
  s.tap("reason:waiting_time");
  s.tap("reason:staff_attitude");
  s.shot("quick-reasons");
  s.tap("next");
  s.tap("service:ktp");
  s.tap("back");
  s.shot("service-after");
  s.tap("service:ktp");
  s.shot("profile-invite");
  s.tap("profile-accept");
  s.shot("profile-age");
  s.tap("profile:age:30_39");
  s.shot("profile-education");
  s.tap("profile:education:s1");
  s.shot("profile-occupation");
  s.tap("profile:occupation:pelajar");
  s.shot("thank-you");
  return s.ok;
}

// quick-4 with the service asked first, and the full SKM 2017 questionnaire.
bool shootServiceFirstAndSkm(const Run& run) {
  ManualFlowClock clock;
  auto app = openKiosk(run, "skm", "survey = \"skm-2017\"\n[flow]\nask_service = \"before\"\n" + std::string(kServices), clock);
  if (!app) return failed(app.error());
  fs::create_directories(run.dir("skm-2017"));
  Shooter s{**app, clock, run.dir("skm-2017")};
  s.shot("attract");
  s.tap("start");
  s.shot("service-before");
  s.tap("service:ktp");
  s.tap("answer:4");
  s.tap("answer:3");
  s.shot("skm-question-3");
  s.tap("back");
  s.shot("skm-question-2-answered");
  s.tap("question-next");
  s.tap("question-skip");
  for (int i = 0; i < 3; ++i) s.tap("answer:3");
  s.shot("skm-question-7");
  s.tap("answer:3");
  s.shot("skm-question-8");  // U8, the longest official labels
  s.tap("answer:2");
  s.tap("answer:4");
  s.shot("profile-invite");
  s.tap("finish");
  s.shot("thank-you");
  app->reset();  // one window at a time

  ManualFlowClock quickClock;
  auto quick = openKiosk(run, "quick-first", "survey = \"quick-4\"\n[flow]\nask_service = \"before\"\n" + std::string(kServices), quickClock);
  if (!quick) return failed(quick.error());
  Shooter q{**quick, quickClock, run.dir("skm-2017"), s.count};
  q.tap("start");
  q.tap("service:kk");
  q.shot("quick-rating-after-service");
  return s.ok && q.ok;
}

// The screens a citizen sees only when something is off: an unconfigured kiosk's attract
// screen, and out of service (its store full).
bool shootExceptional(const Run& run) {
  fs::create_directories(run.dir("exceptional"));
  ManualFlowClock clock;
  auto app = openKiosk(run, "exceptional", "", clock, false);
  if (!app) return failed(app.error());
  Shooter s{**app, clock, run.dir("exceptional")};
  if (run.language == Language::English) s.tap("language");
  s.shot("attract-not-configured");
  const fs::path data = run.work / ("data-exceptional-" + std::to_string(run.width) + std::string(languageCode(run.language)));
  app->reset();

  // Out of service: the same data directory, its store filled to a 1 MB limit.
  {
    auto store = LocalStore::open(data / "suara.db");
    std::vector<Response> fill(20000);
    for (auto& r : fill) {
      r.uuid = newUuid();
      r.surveyId = "quick-4";
      r.answers.emplace("overall", 3);
      r.clock = clockNow();
    }
    if (!store || !(*store)->recordMany(fill)) return std::cerr << "kiosk_screenshots: cannot fill the store\n", false;
  }
  app = openKiosk(run, "exceptional", "[store]\nmax_size_mb = 1\n", clock);
  if (!app) return failed(app.error());
  Shooter full{**app, clock, run.dir("exceptional"), 1};
  full.tap("face:3");
  full.shot("out-of-service");
  return s.ok && full.ok;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"Writes a PNG of every kiosk screen", "kiosk_screenshots"};
  fs::path out = "screenshots";
  std::vector<std::string> sizes = {"800x480", "1280x800", "1920x1080", "480x800", "1080x1920"};
  cli.add_option("--out", out, "Output directory")->capture_default_str();
  cli.add_option("--size", sizes, "Screen sizes WxH")->capture_default_str();
  CLI11_PARSE(cli, argc, argv);

  const fs::path work = fs::temp_directory_path() / ("suara-screens-" + std::to_string(getpid()));
  fs::create_directories(work);
  bool ok = true;
  for (const auto& size : sizes) {
    const auto x = size.find('x');
    const int w = std::stoi(size.substr(0, x)), h = std::stoi(size.substr(x + 1));
    for (Language language : {Language::Indonesian, Language::English}) {
      const Run run{out, work, w, h, language};
      ok = shootQuick(run) && ok;
      ok = shootServiceFirstAndSkm(run) && ok;
      ok = shootExceptional(run) && ok;
    }
  }
  fs::remove_all(work);
  std::cout << (ok ? "screenshots written to " : "some screenshots failed; see above; output in ") << out << "\n";
  return ok ? 0 : 1;
}
