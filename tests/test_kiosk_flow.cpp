// KioskFlow path by path, with a hand-moved clock and a real LocalStore file.

#include <catch2/catch.hpp>

#include "kiosk_flow.hpp"
#include "suara/core/local_store.hpp"
#include "support/manual_clock.hpp"
#include "support/temp_dir.hpp"

using namespace suara;
using namespace suara::kiosk;
using namespace std::chrono_literals;

namespace {

KioskConfig testConfig() {
  KioskConfig c;
  c.kiosk.unitId = "solok";
  c.kiosk.counterId = "loket-2";
  c.services = {{"ktp", {"KTP Elektronik", "Electronic ID card"}}, {"kk", {"Kartu Keluarga", "Family card"}}};
  return c;  // defaults: idle 45 s, thanks 4 s, cooldown 3 s, rapid repeat 20 s, keep partial
}

SurveyDefinition survey(const char* id) { return *loadSurveyById(test::assets() / "surveys", id); }

// The flow plus the real store it records into, as the kiosk app wires them.
struct Kiosk {
  explicit Kiosk(const char* surveyId, KioskConfig config = testConfig(), StoreOptions options = {})
      : store(LocalStore::open(dir / "suara.db", options).value()), flow(config, survey(surveyId), clock) {}

  // What the app does every frame: time, then hand any response to the store and back.
  void frame() {
    flow.tick();
    if (auto response = flow.takeResponseToRecord()) {
      auto seq = store->record(*response);
      flow.recorded(seq ? Status{} : Status{seq.error()});
    }
  }
  void wait(std::chrono::milliseconds by) {
    clock.advance(by);
    frame();
  }
  std::vector<Response> stored() { return *store->all(); }

  test::TempDir dir;
  test::ManualClock clock;
  std::unique_ptr<LocalStore> store;
  KioskFlow flow;
};

}  // namespace

TEST_CASE("quick: service, four faces, no profile -> stored and thanked", "[flow][quick]") {
  Kiosk k("quick-4");
  REQUIRE(k.flow.screen() == Screen::Attract);
  REQUIRE(k.flow.start());
  REQUIRE(k.flow.screen() == Screen::ChooseService);
  REQUIRE(k.flow.chooseService("ktp"));
  REQUIRE(k.flow.screen() == Screen::QuickRating);
  REQUIRE(k.flow.rate(4));
  REQUIRE(k.flow.screen() == Screen::Profile);  // a good score skips the follow-up
  REQUIRE(k.flow.skipProfile());
  CHECK(k.flow.screen() == Screen::Saving);
  CHECK(k.stored().empty());  // nothing is thanked before it is recorded
  k.frame();
  CHECK(k.flow.screen() == Screen::ThankYou);

  const auto stored = k.stored();
  REQUIRE(stored.size() == 1);
  const Response& r = stored[0];
  CHECK(r.surveyId == "quick-4");
  CHECK(r.answers == std::map<std::string, int, std::less<>>{{"overall", 4}});
  CHECK(r.serviceId == "ktp");
  CHECK(r.unitId == "solok");
  CHECK(r.counterId == "loket-2");
  CHECK(r.respondent.empty());
  CHECK(r.flags == 0);

  k.wait(3999ms);
  CHECK(k.flow.screen() == Screen::ThankYou);
  k.wait(1ms);
  CHECK(k.flow.screen() == Screen::Attract);
}

TEST_CASE("quick: a low score offers reasons; profile answers are kept", "[flow][quick]") {
  Kiosk k("quick-4");
  k.flow.start();
  k.flow.skipService();
  REQUIRE(k.flow.rate(1));
  REQUIRE(k.flow.screen() == Screen::QuickReasons);
  CHECK(k.flow.toggleReason("waiting_time"));
  CHECK(k.flow.toggleReason("staff_attitude"));
  CHECK(k.flow.toggleReason("waiting_time"));   // tapped again: deselected
  CHECK_FALSE(k.flow.toggleReason("no_such_reason"));
  CHECK(k.flow.reasonSelected("staff_attitude"));
  CHECK_FALSE(k.flow.reasonSelected("waiting_time"));
  REQUIRE(k.flow.finishReasons());
  REQUIRE(k.flow.screen() == Screen::Profile);
  CHECK(k.flow.profileStep() == ProfileField::Gender);
  CHECK_FALSE(k.flow.setProfile(ProfileField::Age, "30_39"));  // not this step's question
  CHECK(k.flow.setProfile(ProfileField::Gender, "male"));
  CHECK(k.flow.profileStep() == ProfileField::Age);
  CHECK(k.flow.back());                                         // back one step, change it
  CHECK(k.flow.setProfile(ProfileField::Gender, "female"));
  CHECK(k.flow.setProfile(ProfileField::Age, "30_39"));
  CHECK_FALSE(k.flow.setProfile(ProfileField::Education, "phd"));
  CHECK(k.flow.skipProfileQuestion());                          // education left blank
  CHECK(k.flow.profileStep() == ProfileField::Occupation);
  REQUIRE(k.flow.finishProfile());                              // done before occupation
  k.frame();
  const auto stored = k.stored();
  REQUIRE(stored.size() == 1);
  CHECK(stored[0].answers.at("overall") == 1);
  CHECK(stored[0].reasons == std::vector<std::string>{"staff_attitude"});
  CHECK(stored[0].serviceId.empty());
  CHECK(stored[0].respondent == Respondent{"female", "30_39", "", ""});
}

TEST_CASE("profile: answering the last question submits", "[flow][profile]") {
  Kiosk k("quick-4");
  k.flow.start();
  k.flow.skipService();
  k.flow.rate(4);
  k.flow.setProfile(ProfileField::Gender, "male");
  k.flow.setProfile(ProfileField::Age, "60_plus");
  k.flow.setProfile(ProfileField::Education, "sd");
  REQUIRE(k.flow.setProfile(ProfileField::Occupation, "wirausaha"));
  CHECK(k.flow.screen() == Screen::Saving);
  k.frame();
  REQUIRE(k.stored().size() == 1);
  CHECK(k.stored()[0].respondent == Respondent{"male", "60_plus", "sd", "wirausaha"});
}

TEST_CASE("quick: back steps through the screens in reverse", "[flow][quick]") {
  Kiosk k("quick-4");
  k.flow.start();
  k.flow.chooseService("kk");
  k.flow.rate(2);
  k.flow.toggleReason("facilities_poor");
  k.flow.finishReasons();
  REQUIRE(k.flow.back());
  CHECK(k.flow.screen() == Screen::QuickReasons);
  CHECK(k.flow.reasonSelected("facilities_poor"));  // nothing is forgotten on the way back
  REQUIRE(k.flow.back());
  CHECK(k.flow.screen() == Screen::QuickRating);
  REQUIRE(k.flow.rate(4));                           // changed their mind: reasons go
  CHECK(k.flow.draft().reasons.empty());
  REQUIRE(k.flow.back());
  CHECK(k.flow.screen() == Screen::QuickRating);
  REQUIRE(k.flow.back());
  CHECK(k.flow.screen() == Screen::ChooseService);
  REQUIRE(k.flow.back());
  CHECK(k.flow.screen() == Screen::Attract);
  CHECK_FALSE(k.flow.back());
  k.frame();
  CHECK(k.stored().empty());
}

TEST_CASE("skm: nine questions with progress, back and skip", "[flow][skm]") {
  KioskConfig config = testConfig();
  config.flow.askService = false;
  config.flow.askProfile = false;
  Kiosk k("skm-2017", config);
  REQUIRE(k.flow.start());
  REQUIRE(k.flow.screen() == Screen::SkmQuestion);
  CHECK(k.flow.questionCount() == 9);
  for (int i = 0; i < 4; ++i) {
    CHECK(k.flow.questionIndex() == i);
    REQUIRE(k.flow.rate(3));
  }
  REQUIRE(k.flow.back());                 // back to U4 and change the answer
  CHECK(k.flow.questionIndex() == 3);
  CHECK(k.flow.draft().answers.at("U4") == 3);
  REQUIRE(k.flow.rate(4));
  REQUIRE(k.flow.skipQuestion());         // U5 left unanswered
  for (int i = 5; i < 9; ++i) REQUIRE(k.flow.rate(2));
  CHECK(k.flow.screen() == Screen::Saving);
  k.frame();
  CHECK(k.flow.screen() == Screen::ThankYou);
  const auto stored = k.stored();
  REQUIRE(stored.size() == 1);
  const auto& a = stored[0].answers;
  CHECK(a.size() == 8);
  CHECK(a.at("U1") == 3);
  CHECK(a.at("U4") == 4);
  CHECK(a.count("U5") == 0);
  CHECK(a.at("U9") == 2);
  CHECK(stored[0].flags == 0);  // skipping a question is an answer, not walking away
}

TEST_CASE("skm: back from the first question leaves the survey", "[flow][skm]") {
  KioskConfig config = testConfig();
  config.flow.askService = false;
  Kiosk k("skm-2017", config);
  k.flow.start();
  k.flow.rate(4);
  k.flow.back();
  REQUIRE(k.flow.back());
  CHECK(k.flow.screen() == Screen::Attract);
  REQUIRE(k.flow.start());
  CHECK(k.flow.draft().answers.empty());  // a new citizen starts from nothing
}

TEST_CASE("walking away mid-survey stores a partial response, without thanks", "[flow][timeout]") {
  Kiosk k("skm-2017");
  k.flow.start();
  k.flow.skipService();
  for (int i = 0; i < 3; ++i) k.flow.rate(3);
  k.wait(44s);
  CHECK(k.flow.screen() == Screen::SkmQuestion);
  k.wait(1s);  // 45 s without a tap
  CHECK(k.flow.screen() == Screen::Attract);
  const auto stored = k.stored();
  REQUIRE(stored.size() == 1);
  CHECK(stored[0].has(flags::kPartial));
  CHECK(stored[0].answers.size() == 3);
}

TEST_CASE("walking away with partial=discard stores nothing", "[flow][timeout]") {
  KioskConfig config = testConfig();
  config.flow.partial = PartialPolicy::Discard;
  Kiosk k("skm-2017", config);
  k.flow.start();
  k.flow.skipService();
  k.flow.rate(3);
  k.wait(45s);
  CHECK(k.flow.screen() == Screen::Attract);
  CHECK(k.stored().empty());
}

TEST_CASE("walking away after the quick rating keeps a complete response", "[flow][timeout]") {
  KioskConfig config = testConfig();
  config.flow.partial = PartialPolicy::Discard;  // applies only to unfinished ratings
  Kiosk k("quick-4", config);
  k.flow.start();
  k.flow.skipService();
  k.flow.rate(3);
  REQUIRE(k.flow.screen() == Screen::Profile);
  k.wait(45s);
  CHECK(k.flow.screen() == Screen::Attract);
  const auto stored = k.stored();
  REQUIRE(stored.size() == 1);
  CHECK(stored[0].flags == 0);
}

TEST_CASE("every tap restarts the idle timer; an untouched survey is simply dropped", "[flow][timeout]") {
  Kiosk k("quick-4");
  k.flow.start();
  k.wait(40s);
  k.flow.chooseService("ktp");
  k.wait(40s);
  CHECK(k.flow.screen() == Screen::QuickRating);
  CHECK(k.flow.timeUntilNextDeadline() == 5001ms);
  k.wait(5s);
  CHECK(k.flow.screen() == Screen::Attract);
  CHECK(k.stored().empty());  // no answer, nothing to keep
  CHECK_FALSE(k.flow.timeUntilNextDeadline().has_value());  // attract: nothing to wait for
}

TEST_CASE("cooldown ignores taps after a submission; a quick repeat is flagged", "[flow][cooldown]") {
  KioskConfig config = testConfig();
  config.flow.askService = false;
  config.flow.askProfile = false;
  config.flow.thankYouSeconds = 2;
  Kiosk k("quick-4", config);
  k.flow.start();
  k.flow.rate(4);
  k.frame();
  REQUIRE(k.flow.screen() == Screen::ThankYou);
  CHECK_FALSE(k.flow.start());  // taps on the thank-you screen do nothing
  CHECK_FALSE(k.flow.rate(4));
  k.wait(2s);
  REQUIRE(k.flow.screen() == Screen::Attract);
  CHECK(k.flow.inCooldown());
  CHECK_FALSE(k.flow.start());  // still within the 3 s cooldown
  CHECK(k.flow.timeUntilNextDeadline() == 1001ms);
  k.wait(1s);
  REQUIRE(k.flow.start());
  k.flow.rate(4);
  k.frame();
  k.wait(30s);                  // 33 s after the first: not rapid
  k.flow.start();
  k.flow.rate(4);
  k.frame();
  const auto stored = k.stored();
  REQUIRE(stored.size() == 3);
  CHECK_FALSE(stored[0].has(flags::kRapidRepeat));
  CHECK(stored[1].has(flags::kRapidRepeat));   // 3 s after the first
  CHECK_FALSE(stored[2].has(flags::kRapidRepeat));
}

TEST_CASE("switching language mid-flow keeps every answer", "[flow][language]") {
  Kiosk k("skm-2017");
  CHECK(k.flow.language() == Language::Indonesian);
  k.flow.start();
  k.flow.chooseService("kk");
  k.flow.rate(4);
  k.flow.rate(3);
  k.flow.switchLanguage();
  CHECK(k.flow.language() == Language::English);
  CHECK(k.flow.screen() == Screen::SkmQuestion);
  CHECK(k.flow.questionIndex() == 2);
  CHECK(k.flow.draft().answers.size() == 2);
  CHECK(k.flow.draft().serviceId == "kk");
  k.flow.switchLanguage();
  CHECK(k.flow.language() == Language::Indonesian);
}

TEST_CASE("a rating that cannot be stored is never thanked, and is retried until kept", "[flow][failure]") {
  KioskConfig config = testConfig();
  config.flow.askService = false;
  config.flow.askProfile = false;
  config.flow.rapidRepeatSeconds = 0;
  config.flow.cooldownSeconds = 0;
  Kiosk k("quick-4", config, StoreOptions{48 * 1024});  // a store that fills up quickly
  int thanked = 0;
  while (k.flow.screen() != Screen::OutOfService) {
    REQUIRE(k.flow.start());
    REQUIRE(k.flow.rate(3));
    k.frame();
    if (k.flow.screen() == Screen::ThankYou) ++thanked;
    k.wait(4s);
  }
  REQUIRE(k.flow.lastRecordError().has_value());
  CHECK(k.flow.lastRecordError()->code == Errc::DiskFull);
  CHECK(k.store->stats()->total == thanked);  // every thank-you has its stored rating
  CHECK_FALSE(k.flow.start());                // out of service: no new ratings
  k.wait(5s);                                 // retried, still full
  CHECK(k.flow.screen() == Screen::OutOfService);

  // Space comes back (the hub acknowledged everything and it was pruned): the retry lands.
  std::vector<std::int64_t> all;
  for (const auto& r : k.stored()) all.push_back(r.seq);
  REQUIRE(k.store->markAcked(all).ok());
  REQUIRE(k.store->prune(0ms, clockNow().wallMs + 1000).ok());
  CHECK(k.flow.timeUntilNextDeadline() <= 5001ms);
  k.wait(5s);
  CHECK(k.flow.screen() == Screen::ThankYou);
  CHECK(k.store->stats()->pending == 1);  // the held rating, exactly once
}

TEST_CASE("inputs that do not belong to the screen are ignored", "[flow]") {
  Kiosk k("quick-4");
  CHECK_FALSE(k.flow.rate(3));
  CHECK_FALSE(k.flow.finishProfile());
  k.flow.start();
  CHECK_FALSE(k.flow.chooseService("passport"));
  CHECK_FALSE(k.flow.rate(3));  // still choosing a service
  k.flow.skipService();
  CHECK_FALSE(k.flow.rate(0));
  CHECK_FALSE(k.flow.rate(5));
  CHECK(k.flow.screen() == Screen::QuickRating);
}
