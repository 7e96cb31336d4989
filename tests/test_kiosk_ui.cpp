// The real kiosk UI, headless (SDL offscreen + Mesa): whole flows driven by SDL touch events
// at the on-screen rectangles of named widgets, checked against what the store kept.

#include <catch2/catch.hpp>

#include <cstdlib>
#include <functional>
#include <thread>
#include <fstream>

#include "kiosk_app.hpp"
#include "enrollment.hpp"
#include "support/hub_process.hpp"
#include "support/manual_clock.hpp"
#include "support/temp_dir.hpp"

using namespace suara;
using namespace suara::kiosk;
using namespace std::chrono_literals;

namespace {

constexpr const char* kServices =
    "[[services]]\nid = \"ktp\"\nname = \"KTP Elektronik\"\n[[services]]\nid = \"kk\"\nname = \"Kartu Keluarga\"\n";

struct Harness {
  // `prepare` may put files into the data directory before the kiosk starts.
  explicit Harness(const std::string& survey, const std::string& extraConfig = "", std::pair<int, int> size = {800, 480},
                   const std::function<void(const std::filesystem::path&)>& prepare = {}) {
    setenv("SDL_VIDEODRIVER", "offscreen", 0);
    if (prepare) prepare(dir / "data");
    std::ofstream(dir / "kiosk.toml") << "[kiosk]\nunit_id = \"dumai\"\ncounter_id = \"loket-1\"\nsurvey = \"" << survey
                                      << "\"\n" << extraConfig << kServices;
    KioskOptions options;
    options.dataDir = dir / "data";
    options.configFile = dir / "kiosk.toml";
    options.configRequired = true;
    options.assetsDir = test::assets();
    options.window.windowed = size;
    auto created = KioskApp::create(options, clock);
    INFO((created.ok() ? std::string() : created.error().message));
    REQUIRE(created.ok());
    app = std::move(*created);
    app->settle();
  }
  void tap(std::string_view widget) {
    INFO("tapping '" << widget << "' on screen " << screenName(app->flow().screen()));
    REQUIRE(app->tap(widget));
  }
  void clickWithMouse(std::string_view widget) {
    const auto rect = app->widgets().find(widget);
    REQUIRE(rect);
    SDL_Event e{};
    const int x = static_cast<int>((rect->first.x + rect->second.x) / 2), y = static_cast<int>((rect->first.y + rect->second.y) / 2);
    e.type = SDL_MOUSEMOTION;
    e.motion.x = x;
    e.motion.y = y;
    SDL_PushEvent(&e);
    e = SDL_Event{};
    e.button.button = SDL_BUTTON_LEFT;
    e.button.x = x;
    e.button.y = y;
    e.type = SDL_MOUSEBUTTONDOWN;
    SDL_PushEvent(&e);
    e.type = SDL_MOUSEBUTTONUP;
    SDL_PushEvent(&e);
    app->settle();
  }
  void wait(std::chrono::milliseconds by) {
    clock.advance(by);
    app->frame();
    app->settle();
  }
  std::vector<Response> stored() { return *app->store().all(); }

  test::TempDir dir;
  test::ManualClock clock;
  std::unique_ptr<KioskApp> app;
};

}  // namespace

TEST_CASE("a citizen rates with taps alone (quick-4)", "[ui]") {
  Harness h("quick-4");
  CHECK(h.app->flow().screen() == Screen::Attract);
  h.tap("start");
  h.tap("service:ktp");
  h.tap("face:1");
  h.tap("reason:waiting_time");
  h.tap("reason:staff_attitude");
  h.tap("reason:waiting_time");  // tapped twice: off again
  h.tap("reasons-done");
  h.tap("profile:gender:female");
  h.tap("profile:age:50_59");
  h.tap("profile-done");
  CHECK(h.app->flow().screen() == Screen::ThankYou);
  CHECK(h.app->widgets().find("start") == std::nullopt);  // the thank-you screen is what is drawn

  const auto stored = h.stored();
  REQUIRE(stored.size() == 1);
  CHECK(stored[0].answers.at("overall") == 1);
  CHECK(stored[0].reasons == std::vector<std::string>{"staff_attitude"});
  CHECK(stored[0].serviceId == "ktp");
  CHECK(stored[0].unitId == "dumai");
  CHECK(stored[0].respondent == Respondent{"female", "50_59", "", ""});

  h.wait(4s);
  CHECK(h.app->flow().screen() == Screen::Attract);
  CHECK(h.app->widgets().find("start").has_value());
}

TEST_CASE("touch keeps working after the first tap, ten citizens in a row", "[ui][touch]") {
  Harness h("quick-4", "[flow]\nask_profile = false\nask_service = false\n");
  for (int citizen = 0; citizen < 10; ++citizen) {
    h.tap("start");
    REQUIRE(h.app->flow().screen() == Screen::QuickRating);
    h.tap("face:" + std::to_string(1 + citizen % 4));
    if (h.app->flow().screen() == Screen::QuickReasons) h.tap("reasons-done");
    REQUIRE(h.app->flow().screen() == Screen::ThankYou);
    h.wait(4s);
  }
  const auto stored = h.stored();
  REQUIRE(stored.size() == 10);
  for (int i = 0; i < 10; ++i) CHECK(stored[static_cast<std::size_t>(i)].answers.at("overall") == 1 + i % 4);
}

TEST_CASE("a mouse works as well as a finger", "[ui][mouse]") {
  Harness h("quick-4", "[flow]\nask_profile = false\n");
  h.clickWithMouse("start");
  h.clickWithMouse("service-skip");
  h.clickWithMouse("face:4");
  CHECK(h.app->flow().screen() == Screen::ThankYou);
  REQUIRE(h.stored().size() == 1);
  CHECK(h.stored()[0].answers.at("overall") == 4);
}

TEST_CASE("skm-2017 by touch: nine questions, back, skip", "[ui][skm]") {
  Harness h("skm-2017", "[flow]\nask_profile = false\n");
  h.tap("start");
  h.tap("service:kk");
  h.tap("answer:4");
  h.tap("answer:2");
  h.tap("back");
  CHECK(h.app->flow().questionIndex() == 1);
  h.tap("answer:3");                    // U2 changed from 2 to 3
  h.tap("question-skip");               // U3 skipped
  for (int i = 3; i < 9; ++i) h.tap("answer:" + std::to_string(1 + i % 4));
  CHECK(h.app->flow().screen() == Screen::ThankYou);
  const auto stored = h.stored();
  REQUIRE(stored.size() == 1);
  CHECK(stored[0].answers.at("U1") == 4);
  CHECK(stored[0].answers.at("U2") == 3);
  CHECK(stored[0].answers.count("U3") == 0);
  CHECK(stored[0].answers.at("U9") == 1 + 8 % 4);
  CHECK(stored[0].serviceId == "kk");
}

TEST_CASE("the language toggle is reachable on every screen and keeps answers", "[ui][language]") {
  Harness h("skm-2017");
  REQUIRE(h.app->widgets().find("language"));
  h.tap("language");
  CHECK(h.app->flow().language() == Language::English);
  h.tap("start");
  h.tap("service-skip");
  h.tap("answer:4");
  h.tap("language");
  CHECK(h.app->flow().language() == Language::Indonesian);
  CHECK(h.app->flow().questionIndex() == 1);
  for (int i = 1; i < 9; ++i) h.tap("answer:3");
  REQUIRE(h.app->flow().screen() == Screen::Profile);
  REQUIRE(h.app->widgets().find("language"));
  h.tap("profile-skip");
  h.tap("profile-done");
  REQUIRE(h.stored().size() == 1);
  CHECK(h.stored()[0].answers.size() == 9);
}

TEST_CASE("every touch target is at least 15 mm on a 10-inch screen", "[ui][targets]") {
  for (const auto& size : {std::pair{800, 480}, std::pair{1920, 1080}, std::pair{480, 800}}) {
    Harness h("quick-4", "", size);
    const float minimum = std::hypot(static_cast<float>(size.first), static_cast<float>(size.second)) * 15.f / 254.f;
    auto check = [&] {
      for (const auto& [name, rect] : h.app->widgets().all()) {
        INFO(size.first << "x" << size.second << " " << screenName(h.app->flow().screen()) << " " << name);
        CHECK(rect.second.x - rect.first.x >= minimum - 1);
        CHECK(rect.second.y - rect.first.y >= minimum - 1);
      }
    };
    check();
    h.tap("start");
    check();
    h.tap("service:ktp");
    check();
    h.tap("face:2");
    check();
    h.tap("reasons-done");
    check();
  }
}

TEST_CASE("walking away mid-survey: back to attract, partial answers kept", "[ui][timeout]") {
  Harness h("skm-2017");
  h.tap("start");
  h.tap("service-skip");
  h.tap("answer:2");
  h.tap("answer:3");
  h.wait(45s);
  CHECK(h.app->flow().screen() == Screen::Attract);
  REQUIRE(h.stored().size() == 1);
  CHECK(h.stored()[0].has(flags::kPartial));
}

TEST_CASE("a full store shows out of service and never thanks", "[ui][failure]") {
  // The data directory already holds a store at its 1 MB limit.
  auto fillStore = [](const std::filesystem::path& dataDir) {
    auto store = LocalStore::open(dataDir / "suara.db");
    REQUIRE(store.ok());
    std::vector<Response> fill(20000);
    for (auto& r : fill) {
      r.uuid = newUuid();
      r.surveyId = "quick-4";
      r.answers.emplace("overall", 3);
      r.clock = clockNow();
    }
    REQUIRE((*store)->recordMany(fill).ok());
  };
  Harness h("quick-4", "[flow]\nask_profile = false\n[store]\nmax_size_mb = 1\n", {800, 480}, fillStore);
  const auto before = h.app->store().stats()->total;

  h.tap("start");
  h.tap("service:ktp");
  h.tap("face:3");
  CHECK(h.app->flow().screen() == Screen::OutOfService);
  CHECK(h.app->store().stats()->total == before);  // nothing was kept, so nothing was thanked
  CHECK_FALSE(h.app->tap("start"));                  // no way in while out of service
  h.wait(5s);                                        // retried: still full, still honest
  CHECK(h.app->flow().screen() == Screen::OutOfService);
}

namespace {
// Waits (bounded) for something another thread or process does; not a timing assertion.
template <class Condition>
bool eventually(Condition condition) {
  for (int i = 0; i < 1000 && !condition(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return condition();
}
}  // namespace

TEST_CASE("a rating given by touch reaches the hub through the kiosk's own sync", "[ui][sync]") {
  test::TempDir hubDir;
  test::HubProcess hub(hubDir / "hub.db");
  hub.start();
  const std::string code = hub.createUnitAndCode();
  auto enrol = [&](const std::filesystem::path& dataDir) {
    REQUIRE(sync::enroll(dataDir, hub.url(), code, "ui-test").ok());
  };
  Harness h("quick-4", "[flow]\nask_profile = false\n", {800, 480}, enrol);
  REQUIRE(h.app->syncWorker() != nullptr);
  h.tap("start");
  h.tap("service:ktp");
  h.tap("face:4");
  REQUIRE(h.app->flow().screen() == Screen::ThankYou);
  const std::string uuid = h.stored().at(0).uuid;
  CHECK(eventually([&] { return h.app->store().stats()->pending == 0; }));  // acknowledged by the hub
  CHECK_THAT(hub.admin({"kiosk", "list"}), Catch::Contains("1 responses"));
  (void)uuid;
}

TEST_CASE("with the hub unreachable, ratings are kept and the attract screen says so", "[ui][sync]") {
  test::TempDir hubDir;
  test::HubProcess hub(hubDir / "hub.db");
  hub.start();
  const std::string code = hub.createUnitAndCode();
  auto enrol = [&](const std::filesystem::path& dataDir) { REQUIRE(sync::enroll(dataDir, hub.url(), code, "ui-test").ok()); };
  Harness h("quick-4", "[flow]\nask_profile = false\n", {800, 480}, enrol);
  hub.stop();
  h.tap("start");
  h.tap("service:ktp");
  h.tap("face:2");
  h.tap("reasons-done");
  REQUIRE(h.app->flow().screen() == Screen::ThankYou);  // kept locally: thanks are honest
  CHECK(eventually([&] { return !h.app->syncWorker()->status().lastError.empty(); }));
  CHECK(h.app->store().stats()->pending == 1);
  h.wait(5s);
  REQUIRE(h.app->flow().screen() == Screen::Attract);
  if (const char* dir = std::getenv("SUARA_UI_SHOTS")) (void)h.app->screenshot(std::filesystem::path(dir) / "attract-sync-waiting.png");

  hub.start();  // back on its port: the next pass (on demand here) delivers it
  h.app->requestSync();
  CHECK(eventually([&] { return h.app->store().stats()->pending == 0; }));
}
