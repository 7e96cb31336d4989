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
  // A person's tap: a moment after the last one (past the input guard).
  void tap(std::string_view widget) {
    INFO("tapping '" << widget << "' on screen " << screenName(app->flow().screen()));
    clock.advance(400ms);
    REQUIRE(app->tap(widget));
  }
  // A finger event at the centre of `rect`.
  void fingerAt(Uint32 type, SDL_FingerID id, const std::pair<ImVec2, ImVec2>& rect) { app->touch(type, id, rect); }
  std::pair<ImVec2, ImVec2> rectOf(std::string_view widget) {
    clock.advance(400ms);
    app->settle();
    const auto rect = app->widgets().find(widget);
    INFO("no widget '" << widget << "' on screen " << screenName(app->flow().screen()));
    REQUIRE(rect);
    return *rect;
  }
  // Two taps 40 ms apart at the same spot: the first lands on `widget`, the second on
  // whatever the next view has there.
  void doubleTap(std::string_view widget) {
    const auto rect = rectOf(widget);
    fingerAt(SDL_FINGERDOWN, 1, rect);
    fingerAt(SDL_FINGERUP, 1, rect);
    app->settle();
    clock.advance(40ms);
    fingerAt(SDL_FINGERDOWN, 2, rect);
    fingerAt(SDL_FINGERUP, 2, rect);
    app->settle();
  }
  // An unhurried double tap: the second press begins 150 ms after the first tap, inside the
  // input guard, and is lifted at 350 ms, after it.
  void slowDoubleTap(std::string_view widget) {
    const auto rect = rectOf(widget);
    fingerAt(SDL_FINGERDOWN, 1, rect);
    fingerAt(SDL_FINGERUP, 1, rect);
    app->settle();
    clock.advance(150ms);
    fingerAt(SDL_FINGERDOWN, 2, rect);
    app->settle();
    clock.advance(200ms);
    app->settle();
    fingerAt(SDL_FINGERUP, 2, rect);
    app->settle();
  }
  // A tap on `widget` while a second finger comes down on it and stays down across the
  // change of view, lifted a second later (well past the input guard).
  void tapWithPressHeldAcross(std::string_view widget) {
    const auto rect = rectOf(widget);
    fingerAt(SDL_FINGERDOWN, 1, rect);
    fingerAt(SDL_FINGERUP, 1, rect);
    fingerAt(SDL_FINGERDOWN, 2, rect);
    app->settle();
    clock.advance(1000ms);
    app->settle();
    fingerAt(SDL_FINGERUP, 2, rect);
    app->settle();
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

// A stored item without what differs between two runs of the same path (ids, clocks);
// an amendment names its rating by position in the store instead of by id.
struct Kept {
  Response item;
  int amendsIndex = -1;
  bool operator==(const Kept&) const = default;
};
std::vector<Kept> comparable(const std::vector<Response>& stored) {
  std::vector<Kept> out;
  for (const Response& r : stored) {
    Kept k{r, -1};
    for (std::size_t i = 0; i < stored.size(); ++i)
      if (!r.amends.empty() && stored[i].uuid == r.amends) k.amendsIndex = static_cast<int>(i);
    k.item.uuid.clear();
    k.item.amends.clear();
    k.item.clock = {};
    k.item.seq = 0;
    k.item.flags &= ~flags::kRapidRepeat;  // depends on the pace, not on what was said
    out.push_back(std::move(k));
  }
  return out;
}

struct Path {
  const char* survey;
  const char* config;
  std::vector<const char*> widgets;
};

const Path kPaths[] = {
    {"quick-4", "",
     {"face:1", "reason:waiting_time", "reason:staff_attitude", "next", "service:kk", "profile-accept",
      "profile:age:30_39", "profile:education:none", "profile:occupation:swasta"}},
    {"quick-4", "", {"face:2", "reason:unexpected_fees", "next", "back", "next", "service-skip", "finish"}},
    {"quick-4", "[flow]\nask_service = \"before\"\n", {"start", "service:ktp", "face:3", "profile-accept", "profile-skip", "finish"}},
    {"skm-2017", "[flow]\nask_service = \"before\"\nask_profile = false\n",
     {"start", "service:kk", "answer:4", "answer:2", "back", "question-next", "question-skip", "back", "answer:1",
      "answer:3", "answer:3", "answer:4", "answer:2", "answer:1", "answer:4"}},
};

std::vector<Kept> walk(const Path& path, const std::function<void(Harness&, const char*)>& step) {
  Harness h(path.survey, path.config);
  for (const char* widget : path.widgets) step(h, widget);
  h.wait(30s);  // whatever is still open ends: a thank-you, or a walk-away
  return comparable(h.stored());
}

// Every path walked with `press` on each widget stores exactly what single taps store. A
// reason's check box changes no view, so a second press on it is a second tap, not a bounce:
// unless `alsoOnCheckBoxes`, those get a plain tap.
void expectSameAsSingleTaps(void (Harness::*press)(std::string_view), bool alsoOnCheckBoxes) {
  for (const Path& path : kPaths) {
    INFO(path.survey << " " << path.config << " from " << path.widgets.front());
    const auto single = walk(path, [](Harness& h, const char* widget) { h.tap(widget); });
    const auto pressed = walk(path, [&](Harness& h, const char* widget) {
      if (!alsoOnCheckBoxes && std::string_view(widget).starts_with("reason:")) h.tap(widget);
      else (h.*press)(widget);
    });
    REQUIRE_FALSE(single.empty());
    CHECK(pressed == single);
  }
}

}  // namespace

TEST_CASE("a citizen rates with one tap on a face, then adds follow-ups (quick-4)", "[ui][concurrency]") {
  Harness h("quick-4");
  CHECK(h.app->flow().screen() == Screen::Attract);
  h.tap("face:1");
  REQUIRE(h.stored().size() == 1);  // the rating counts from this tap on
  h.tap("reason:waiting_time");
  h.tap("reason:staff_attitude");
  h.tap("reason:waiting_time");     // tapped again later: off
  h.tap("next");
  h.tap("service:ktp");
  h.tap("profile-accept");
  h.tap("profile:age:50_59");
  h.tap("finish");
  CHECK(h.app->flow().screen() == Screen::ThankYou);
  CHECK(h.app->widgets().find("face:1") == std::nullopt);  // the thank-you screen is what is drawn

  const auto stored = h.stored();
  REQUIRE(stored.size() == 2);
  CHECK(stored[0].answers == std::map<std::string, int, std::less<>>{{"overall", 1}});
  CHECK(stored[0].unitId == "dumai");
  CHECK(stored[0].counterId == "loket-1");
  CHECK(stored[0].reasons.empty());
  CHECK(stored[1].amends == stored[0].uuid);
  CHECK(stored[1].reasons == std::vector<std::string>{"staff_attitude"});
  CHECK(stored[1].serviceId == "ktp");
  CHECK(stored[1].respondent == Respondent{"", "50_59", "", ""});

  h.wait(4s);
  CHECK(h.app->flow().screen() == Screen::Attract);
  CHECK(h.app->widgets().find("face:1").has_value());
}

TEST_CASE("a double tap 40 ms apart on every screen stores what single taps store", "[ui][guard]") {
  expectSameAsSingleTaps(&Harness::doubleTap, true);
}

TEST_CASE("an unhurried double tap, its second press begun inside the guard, stores what single taps store", "[ui][guard]") {
  expectSameAsSingleTaps(&Harness::slowDoubleTap, false);
}

TEST_CASE("a finger resting on the glass neither blocks a tap nor taps when it lifts", "[ui][touch]") {
  Harness h("quick-4", "[flow]\nask_profile = false\nask_service = \"never\"\n");
  const auto resting = h.rectOf("face:4");
  h.fingerAt(SDL_FINGERDOWN, 7, resting);   // a thumb on face 4, left there
  h.app->settle();
  h.tap("face:3");                          // the citizen's tap with another finger
  h.clock.advance(800ms);
  h.fingerAt(SDL_FINGERUP, 7, resting);     // the thumb lifts
  h.app->settle();
  const auto stored = h.stored();
  REQUIRE(stored.size() == 1);
  CHECK(stored[0].answers.at("overall") == 3);
}

TEST_CASE("a press held across a change of screen activates nothing on the next", "[ui][guard]") {
  expectSameAsSingleTaps(&Harness::tapWithPressHeldAcross, false);
}

TEST_CASE("walk-away after a face: stored once; the next citizen's taps never alter it", "[ui][timeout]") {
  Harness h("quick-4");
  h.tap("face:4");              // citizen A, who leaves
  h.wait(20s);
  REQUIRE(h.app->flow().screen() == Screen::Attract);
  const auto afterA = h.stored();
  REQUIRE(afterA.size() == 1);
  h.tap("face:1");              // citizen B
  CHECK_FALSE(h.app->widgets().find("back"));  // nothing to go back to: A's rating is out of reach
  h.tap("reason:waiting_time");
  h.tap("finish");
  const auto stored = h.stored();
  REQUIRE(stored.size() == 3);
  CHECK(stored[0] == afterA[0]);
  CHECK(stored[1].answers.at("overall") == 1);
  CHECK(stored[2].amends == stored[1].uuid);
}

TEST_CASE("the next citizen starts in the configured language with nothing selected", "[ui][language]") {
  Harness h("quick-4");
  h.tap("language");
  CHECK(h.app->flow().language() == Language::English);
  h.tap("face:2");
  h.tap("reason:facilities_poor");
  h.tap("finish");
  CHECK(h.app->flow().language() == Language::English);  // thanked in their language
  h.wait(4s);
  REQUIRE(h.app->flow().screen() == Screen::Attract);
  CHECK(h.app->flow().language() == Language::Indonesian);
  h.tap("face:2");
  CHECK_FALSE(h.app->flow().reasonSelected("facilities_poor"));
  h.tap("language");
  h.wait(20s);                                           // walked away in English
  CHECK(h.app->flow().language() == Language::Indonesian);
}

TEST_CASE("touch keeps working after the first tap, ten citizens in a row", "[ui][touch]") {
  Harness h("quick-4", "[flow]\nask_profile = false\nask_service = \"never\"\n");
  for (int citizen = 0; citizen < 10; ++citizen) {
    h.tap("face:" + std::to_string(1 + citizen % 4));
    if (h.app->flow().screen() == Screen::QuickReasons) h.tap("finish");
    REQUIRE(h.app->flow().screen() == Screen::ThankYou);
    h.wait(4s);
  }
  const auto stored = h.stored();
  REQUIRE(stored.size() == 10);
  for (int i = 0; i < 10; ++i) CHECK(stored[static_cast<std::size_t>(i)].answers.at("overall") == 1 + i % 4);
}

TEST_CASE("a mouse works as well as a finger", "[ui][mouse]") {
  Harness h("quick-4", "[flow]\nask_profile = false\nask_service = \"before\"\n");
  h.clock.advance(400ms);
  h.clickWithMouse("start");
  h.clock.advance(400ms);
  h.clickWithMouse("service-skip");
  h.clock.advance(400ms);
  h.clickWithMouse("face:4");
  CHECK(h.app->flow().screen() == Screen::ThankYou);
  REQUIRE(h.stored().size() == 1);
  CHECK(h.stored()[0].answers.at("overall") == 4);
}

TEST_CASE("skm-2017 by touch: nine questions, next, back and an explicit skip", "[ui][skm]") {
  Harness h("skm-2017", "[flow]\nask_profile = false\nask_service = \"before\"\n");
  h.tap("start");
  h.tap("service:kk");
  CHECK_FALSE(h.app->widgets().find("question-next"));  // nothing to keep yet
  h.tap("answer:4");
  h.tap("answer:2");
  h.tap("back");
  CHECK(h.app->flow().questionIndex() == 1);
  h.tap("answer:3");                    // U2 changed from 2 to 3
  h.tap("question-skip");               // U3 skipped, on purpose
  h.tap("back");
  h.tap("question-next");               // the skip is kept
  for (int i = 3; i < 9; ++i) h.tap("answer:" + std::to_string(1 + i % 4));
  CHECK(h.app->flow().screen() == Screen::ThankYou);
  const auto stored = h.stored();
  REQUIRE(stored.size() == 1);
  CHECK(stored[0].answers == std::map<std::string, int, std::less<>>{
                                 {"U1", 4}, {"U2", 3}, {"U4", 4}, {"U5", 1}, {"U6", 2}, {"U7", 3}, {"U8", 4}, {"U9", 1}});
  CHECK(stored[0].skipped == std::vector<std::string>{"U3"});
  CHECK(stored[0].serviceId == "kk");
  CHECK(stored[0].flags == 0);
}

TEST_CASE("the language toggle is reachable on every screen and keeps answers", "[ui][language]") {
  Harness h("skm-2017");
  REQUIRE(h.app->widgets().find("language"));
  h.tap("language");
  CHECK(h.app->flow().language() == Language::English);
  h.tap("start");
  h.tap("answer:4");
  h.tap("language");
  CHECK(h.app->flow().language() == Language::Indonesian);
  CHECK(h.app->flow().questionIndex() == 1);
  for (int i = 1; i < 9; ++i) h.tap("answer:3");
  REQUIRE(h.app->flow().screen() == Screen::ChooseService);  // follow-up: the service
  REQUIRE(h.app->widgets().find("language"));
  h.tap("service-skip");
  REQUIRE(h.app->flow().screen() == Screen::ProfileInvite);
  REQUIRE(h.app->widgets().find("language"));
  h.tap("finish");
  REQUIRE(h.stored().size() == 1);
  CHECK(h.stored()[0].answers.size() == 9);
}

TEST_CASE("every touch target is at least 15 mm on a 10-inch screen", "[ui][targets]") {
  for (const auto& size : {std::pair{800, 480}, std::pair{1280, 800}, std::pair{1920, 1080}, std::pair{480, 800}}) {
    Harness h("quick-4", "", size);
    const float minimum = std::hypot(static_cast<float>(size.first), static_cast<float>(size.second)) * 15.f / 254.f;
    auto check = [&] {
      for (const auto& [name, rect] : h.app->widgets().all()) {
        INFO(size.first << "x" << size.second << " " << screenName(h.app->flow().screen()) << " " << name);
        CHECK(rect.second.x - rect.first.x >= minimum - 1);
        CHECK(rect.second.y - rect.first.y >= minimum - 1);
      }
    };
    for (const char* widget : {"face:2", "next", "service:ktp", "profile-accept", "profile:age:20_29",
                               "profile:education:none", "profile:occupation:pns"}) {
      check();
      h.tap(widget);
    }
    check();
  }
}

TEST_CASE("walking away mid-survey: back to attract, partial answers kept", "[ui][timeout]") {
  Harness h("skm-2017");
  h.tap("start");
  h.tap("answer:2");
  h.tap("answer:3");
  h.wait(45s);
  CHECK(h.app->flow().screen() == Screen::Attract);
  REQUIRE(h.stored().size() == 1);
  CHECK(h.stored()[0].has(flags::kPartial));
  CHECK(h.stored()[0].answers.size() == 2);
}

TEST_CASE("a full store shows out of service with a code, never a raw error, and never thanks", "[ui][failure]") {
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
  Harness h("quick-4", "[store]\nmax_size_mb = 1\n", {800, 480}, fillStore);
  const auto before = h.app->store().stats()->total;

  h.tap("face:3");
  CHECK(h.app->flow().screen() == Screen::OutOfService);
  CHECK(h.app->store().stats()->total == before);  // nothing was kept, so nothing was thanked
  CHECK(technicianCode(h.app->flow().lastRecordError()->code) == "DISK-FULL");
  CHECK_FALSE(h.app->tap("face:3"));                 // no way in while out of service
  h.wait(5s);                                        // retried: still full, still honest
  CHECK(h.app->flow().screen() == Screen::OutOfService);
}

namespace {
// Asks the kiosk's sync worker for a pass and waits (bounded) until that pass, begun after
// everything stored so far, has ended.
bool syncPassDone(sync::SyncWorker& worker) { return worker.waitForPass(worker.requestSync(), std::chrono::seconds(30)); }
}  // namespace

TEST_CASE("a rating given by touch reaches the hub through the kiosk's own sync", "[ui][sync][concurrency]") {
  test::TempDir hubDir;
  test::HubProcess hub(hubDir / "hub.db");
  hub.start();
  const std::string code = hub.createUnitAndCode();
  auto enrol = [&](const std::filesystem::path& dataDir) {
    REQUIRE(sync::enroll(dataDir, hub.url(), code, "ui-test").ok());
  };
  Harness h("quick-4", "[flow]\nask_profile = false\n", {800, 480}, enrol);
  REQUIRE(h.app->syncWorker() != nullptr);
  h.tap("face:4");
  h.tap("service:ktp");
  REQUIRE(h.app->flow().screen() == Screen::ThankYou);
  const std::string uuid = h.stored().at(0).uuid;
  REQUIRE(syncPassDone(*h.app->syncWorker()));
  CHECK(h.app->store().stats()->pending == 0);  // acknowledged by the hub
  CHECK_THAT(hub.admin({"kiosk", "list"}), Catch::Contains("1 responses"));
  // The service, tapped after the face, reached the hub merged into that rating.
  const auto report = hub.admin({"report", "--by", "service"});
  CHECK_THAT(report, Catch::Contains("ktp"));
  (void)uuid;
}

TEST_CASE("a kiosk enrolled while it runs starts syncing when asked without a restart", "[ui][sync][concurrency]") {
  test::TempDir hubDir;
  test::HubProcess hub(hubDir / "hub.db");
  hub.start();
  Harness h("quick-4", "[flow]\nask_profile = false\n");
  REQUIRE(h.app->syncWorker() == nullptr);  // not enrolled yet: ratings wait
  h.tap("face:4");
  h.tap("finish");
  REQUIRE(h.app->flow().screen() == Screen::ThankYou);

  REQUIRE(sync::enroll(h.dir / "data", hub.url(), hub.createUnitAndCode(), "ui-test").ok());
  h.app->requestSync();  // what `suara-kiosk enroll` sends the running kiosk (SIGUSR1)
  h.app->settle();
  REQUIRE(h.app->syncWorker() != nullptr);
  REQUIRE(syncPassDone(*h.app->syncWorker()));
  CHECK(h.app->store().stats()->pending == 0);
  CHECK_THAT(hub.admin({"kiosk", "list"}), Catch::Contains("1 responses"));
}

TEST_CASE("with the hub unreachable, ratings are kept and the attract screen says so", "[ui][sync]") {
  test::TempDir hubDir;
  test::HubProcess hub(hubDir / "hub.db");
  hub.start();
  const std::string code = hub.createUnitAndCode();
  auto enrol = [&](const std::filesystem::path& dataDir) { REQUIRE(sync::enroll(dataDir, hub.url(), code, "ui-test").ok()); };
  Harness h("quick-4", "[flow]\nask_profile = false\n", {800, 480}, enrol);
  hub.stop();
  h.tap("face:2");
  h.tap("finish");
  REQUIRE(h.app->flow().screen() == Screen::ThankYou);  // kept locally: thanks are honest
  REQUIRE(syncPassDone(*h.app->syncWorker()));
  CHECK_FALSE(h.app->syncWorker()->status().lastError.empty());
  CHECK(h.app->store().stats()->pending == 1);
  h.wait(5s);
  REQUIRE(h.app->flow().screen() == Screen::Attract);
  if (const char* dir = std::getenv("SUARA_UI_SHOTS")) (void)h.app->screenshot(std::filesystem::path(dir) / "attract-sync-waiting.png");

  hub.start();  // back on its port: the next pass (on demand here) delivers it
  REQUIRE(syncPassDone(*h.app->syncWorker()));
  CHECK(h.app->store().stats()->pending == 0);
}
