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

struct Shooter {
  KioskApp& app;
  fs::path dir;
  int count = 0;
  bool ok = true;
  void shot(const std::string& name) {
    app.settle();
    char prefix[16];
    std::snprintf(prefix, sizeof prefix, "%02d-", ++count);
    if (auto status = app.screenshot(dir / (prefix + name + ".png")); !status) {
      std::cerr << "kiosk_screenshots: " << status.error().message << "\n";
      ok = false;
    }
  }
  void tap(std::string_view widget) {
    if (!app.tap(widget)) {
      std::cerr << "kiosk_screenshots: no widget '" << widget << "' on " << screenName(app.flow().screen()) << "\n";
      ok = false;
    }
  }
};

// One pass through every screen of `survey` at one size and language.
bool shootAll(const fs::path& out, int width, int height, const std::string& survey, Language language, const fs::path& work) {
  const fs::path configFile = work / ("kiosk-" + survey + ".toml");
  std::ofstream(configFile) << "[kiosk]\nunit_id = \"pontianak\"\nunit_name = \"Mal Pelayanan Publik Kota Pontianak\"\n"
                            << "survey = \"" << survey << "\"\nlanguage = \"" << languageCode(language) << "\"\n"
                            << "[[services]]\nid = \"ktp\"\nname = \"KTP Elektronik\"\nname_en = \"Electronic ID card\"\n"
                            << "[[services]]\nid = \"kk\"\nname = \"Kartu Keluarga\"\nname_en = \"Family card\"\n"
                            << "[[services]]\nid = \"akta\"\nname = \"Akta Kelahiran\"\nname_en = \"Birth certificate\"\n"
                            << "[[services]]\nid = \"pindah\"\nname = \"Surat Pindah\"\nname_en = \"Change of address\"\n";
  KioskOptions options;
  options.dataDir = work / ("data-" + survey + "-" + std::to_string(width));
  options.configFile = configFile;
  options.configRequired = true;
  options.assetsDir = assetsDir();
  options.window.windowed = std::make_pair(width, height);
  static const SystemFlowClock clock;
  auto app = KioskApp::create(options, clock);
  if (!app) {
    std::cerr << "kiosk_screenshots: " << app.error().message << "\n";
    return false;
  }
  const fs::path dir = out / (std::to_string(width) + "x" + std::to_string(height)) / std::string(languageCode(language));
  fs::create_directories(dir);
  Shooter s{**app, dir};
  s.shot("attract");
  s.tap("start");
  s.shot("service");
  s.tap("service:ktp");
  if (survey == "quick-4") {
    s.shot("quick-rating");
    s.tap("face:2");
    s.tap("reason:waiting_time");
    s.tap("reason:staff_attitude");
    s.shot("quick-reasons");
    s.tap("reasons-done");
  } else {
    s.tap("answer:4");
    s.tap("answer:3");
    s.shot("skm-question-3");
    for (int i = 0; i < 5; ++i) s.tap("answer:3");
    s.shot("skm-question-8");  // U8, the longest official labels
    s.tap("answer:2");
    s.tap("answer:4");
  }
  s.shot("profile-gender");
  s.tap("profile:gender:female");
  s.shot("profile-age");
  s.tap("profile:age:30_39");
  s.shot("profile-education");
  s.tap("profile:education:s1");
  s.shot("profile-occupation");
  s.tap("profile:occupation:pelajar");
  s.shot("thank-you");
  return s.ok;
}

// The screens a citizen sees only when something is off: an unconfigured kiosk's attract
// screen, and out of service (its store full).
bool shootExceptional(const fs::path& out, int width, int height, Language language, const fs::path& work) {
  const fs::path dir = out / (std::to_string(width) + "x" + std::to_string(height)) / std::string(languageCode(language));
  fs::create_directories(dir);
  static const SystemFlowClock clock;
  KioskOptions options;
  options.dataDir = work / ("data-exceptional-" + std::to_string(width) + std::string(languageCode(language)));
  options.configFile = work / "none.toml";  // absent: setup mode on defaults
  options.assetsDir = assetsDir();
  options.window.windowed = std::make_pair(width, height);
  auto app = KioskApp::create(options, clock);
  if (!app) return std::cerr << "kiosk_screenshots: " << app.error().message << "\n", false;
  if (language == Language::English) (*app)->flow().switchLanguage();
  Shooter s{**app, dir};
  s.shot("attract-not-configured");
  app->reset();

  // Out of service: the same data directory, its store filled to a 1 MB limit.
  {
    auto store = LocalStore::open(options.dataDir / "suara.db");
    std::vector<Response> fill(20000);
    for (auto& r : fill) {
      r.uuid = newUuid();
      r.surveyId = "quick-4";
      r.answers.emplace("overall", 3);
      r.clock = clockNow();
    }
    if (!store || !(*store)->recordMany(fill)) return std::cerr << "kiosk_screenshots: cannot fill the store\n", false;
  }
  options.configFile = work / "full.toml";
  std::ofstream(options.configFile) << "[kiosk]\nunit_name = \"Mal Pelayanan Publik Kota Pontianak\"\nlanguage = \""
                                    << languageCode(language) << "\"\n[flow]\nask_profile = false\n[store]\nmax_size_mb = 1\n";
  app = KioskApp::create(options, clock);
  if (!app) return std::cerr << "kiosk_screenshots: " << app.error().message << "\n", false;
  Shooter full{**app, dir, 1};
  full.tap("start");
  full.tap("face:3");
  full.shot("out-of-service");
  return s.ok && full.ok;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"Writes a PNG of every kiosk screen", "kiosk_screenshots"};
  fs::path out = "screenshots";
  std::vector<std::string> sizes = {"800x480", "1920x1080", "480x800"};
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
      ok = shootAll(out / "quick-4", w, h, "quick-4", language, work) && ok;
      ok = shootAll(out / "skm-2017", w, h, "skm-2017", language, work) && ok;
      ok = shootExceptional(out / "exceptional", w, h, language, work) && ok;
    }
  }
  fs::remove_all(work);
  std::cout << (ok ? "screenshots written to " : "some screenshots failed; see above; output in ") << out << "\n";
  return ok ? 0 : 1;
}
