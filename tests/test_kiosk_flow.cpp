// KioskFlow path by path, with a hand-moved clock and a real LocalStore file. Each stored
// rating and amendment is checked field by field.

#include <catch2/catch.hpp>

#include "kiosk_flow.hpp"
#include "suara/core/local_store.hpp"
#include "support/manual_clock.hpp"
#include "support/temp_dir.hpp"

using namespace suara;
using namespace suara::kiosk;
using namespace std::chrono_literals;

namespace {

using Answers = std::map<std::string, int, std::less<>>;
using Ids = std::vector<std::string>;

KioskConfig testConfig() {
  KioskConfig c;
  c.kiosk.unitId = "solok";
  c.kiosk.counterId = "loket-2";
  c.services = {{"ktp", {"KTP Elektronik", "Electronic ID card"}}, {"kk", {"Kartu Keluarga", "Family card"}}};
  return c;  // defaults: service after, profile offered, idle 45 s, follow-ups 20 s, guard 300 ms
}

SurveyDefinition survey(const char* id) { return *loadSurveyById(test::assets() / "surveys", id); }

// The flow plus the real store it records into, as the kiosk app wires them. Taps made
// through it come as a person makes them: more than the input guard apart.
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
  // A person's tap: a moment after the last one, then whatever it changed is stored.
  template <class Input>
  bool tap(Input input) {
    wait(400ms);
    const bool taken = input(flow);
    frame();
    return taken;
  }
  std::vector<Response> stored() { return *store->all(); }

  test::TempDir dir;
  test::ManualClock clock;
  std::unique_ptr<LocalStore> store;
  KioskFlow flow;
};

auto rate(int score) {
  return [score](KioskFlow& f) { return f.rate(score); };
}
auto reason(const char* id) {
  return [id](KioskFlow& f) { return f.toggleReason(id); };
}
auto service(const char* id) {
  return [id](KioskFlow& f) { return f.chooseService(id); };
}
auto profile(ProfileField field, const char* value) {
  return [field, value](KioskFlow& f) { return f.setProfile(field, value); };
}
const auto start = [](KioskFlow& f) { return f.start(); };
const auto back = [](KioskFlow& f) { return f.back(); };
const auto next = [](KioskFlow& f) { return f.nextFollowUp(); };
const auto finish = [](KioskFlow& f) { return f.finish(); };
const auto skipQuestion = [](KioskFlow& f) { return f.skipQuestion(); };
const auto nextQuestion = [](KioskFlow& f) { return f.nextQuestion(); };
const auto acceptProfile = [](KioskFlow& f) { return f.acceptProfile(); };
const auto skipService = [](KioskFlow& f) { return f.skipService(); };
const auto switchLanguage = [](KioskFlow& f) { return f.switchLanguage(); };

void checkRatingBasics(const Response& r, const char* surveyId) {
  CHECK(isCanonicalUuid(r.uuid));
  CHECK(r.amends.empty());
  CHECK(r.surveyId == surveyId);
  CHECK(r.unitId == "solok");
  CHECK(r.counterId == "loket-2");
  CHECK(r.officerId.empty());
}

}  // namespace

TEST_CASE("quick: one tap on an attract face stores the rating at once", "[flow][quick]") {
  KioskConfig config = testConfig();
  config.flow.askService = ServiceQuestion::Never;
  config.flow.askProfile = false;
  Kiosk k("quick-4", config);
  REQUIRE(k.flow.facesOnAttract());
  REQUIRE(k.flow.screen() == Screen::Attract);
  REQUIRE(k.flow.rate(4));
  CHECK(k.flow.screen() == Screen::Saving);
  CHECK(k.stored().empty());  // nothing is thanked before it is recorded
  k.frame();
  CHECK(k.flow.screen() == Screen::ThankYou);
  const auto stored = k.stored();
  REQUIRE(stored.size() == 1);
  checkRatingBasics(stored[0], "quick-4");
  CHECK(stored[0].answers == Answers{{"overall", 4}});
  CHECK(stored[0].reasons.empty());
  CHECK(stored[0].serviceId.empty());
  CHECK(stored[0].respondent.empty());
  CHECK(stored[0].skipped.empty());
  CHECK(stored[0].flags == 0);
  k.wait(3999ms);
  CHECK(k.flow.screen() == Screen::ThankYou);
  k.wait(1ms);
  CHECK(k.flow.screen() == Screen::Attract);
}

TEST_CASE("quick: follow-ups are stored as one amendment linked to the stored rating", "[flow][quick]") {
  Kiosk k("quick-4");
  REQUIRE(k.tap(rate(1)));
  // The rating is durable before any follow-up is shown.
  REQUIRE(k.stored().size() == 1);
  const Response rating = k.stored()[0];
  checkRatingBasics(rating, "quick-4");
  CHECK(rating.answers == Answers{{"overall", 1}});

  REQUIRE(k.flow.screen() == Screen::QuickReasons);
  CHECK(k.flow.inFollowUp());
  CHECK(k.flow.followUpCount() == 3);  // reasons, service, profile
  CHECK(k.flow.followUpIndex() == 0);
  CHECK(k.tap(reason("waiting_time")));
  CHECK(k.tap(reason("staff_attitude")));
  CHECK(k.tap(reason("waiting_time")));  // tapped again later: deselected
  CHECK_FALSE(k.tap(reason("no_such_reason")));
  REQUIRE(k.tap(next));
  REQUIRE(k.flow.screen() == Screen::ChooseService);
  CHECK(k.flow.followUpIndex() == 1);
  REQUIRE(k.tap(service("kk")));
  REQUIRE(k.flow.screen() == Screen::ProfileInvite);
  REQUIRE(k.tap(acceptProfile));
  REQUIRE(k.flow.screen() == Screen::Profile);
  CHECK(k.flow.profileStepCount() == 3);  // minimal by default: no gender
  CHECK(k.flow.profileField() == ProfileField::Age);
  CHECK_FALSE(k.tap(profile(ProfileField::Education, "sma")));  // not this step's question
  REQUIRE(k.tap(profile(ProfileField::Age, "30_39")));
  REQUIRE(k.tap(profile(ProfileField::Education, "none")));
  CHECK(k.stored().size() == 1);  // the amendment waits for the end of the follow-ups
  REQUIRE(k.tap(profile(ProfileField::Occupation, "wirausaha")));
  CHECK(k.flow.screen() == Screen::ThankYou);

  const auto stored = k.stored();
  REQUIRE(stored.size() == 2);
  CHECK(stored[0] == rating);  // the rating itself is never rewritten
  const Response& a = stored[1];
  CHECK(a.isAmendment());
  CHECK(a.amends == rating.uuid);
  CHECK(a.uuid != rating.uuid);
  CHECK(a.surveyId.empty());
  CHECK(a.answers.empty());
  CHECK(a.reasons == Ids{"staff_attitude"});
  CHECK(a.serviceId == "kk");
  CHECK(a.respondent == Respondent{"", "30_39", "none", "wirausaha"});
  CHECK(a.flags == 0);
  CHECK(a.clock.monoMs >= rating.clock.monoMs);
}

TEST_CASE("quick: a good score offers no reasons; finishing early keeps what was given", "[flow][quick]") {
  Kiosk k("quick-4");
  REQUIRE(k.tap(rate(3)));
  REQUIRE(k.flow.screen() == Screen::ChooseService);
  CHECK(k.flow.followUpCount() == 2);
  REQUIRE(k.tap(service("ktp")));
  REQUIRE(k.flow.screen() == Screen::ProfileInvite);
  REQUIRE(k.tap(finish));  // "no thanks": ends now
  CHECK(k.flow.screen() == Screen::ThankYou);
  const auto stored = k.stored();
  REQUIRE(stored.size() == 2);
  CHECK(stored[0].answers == Answers{{"overall", 3}});
  CHECK(stored[0].serviceId.empty());
  CHECK(stored[1].amends == stored[0].uuid);
  CHECK(stored[1].serviceId == "ktp");
  CHECK(stored[1].reasons.empty());
  CHECK(stored[1].respondent.empty());
}

TEST_CASE("quick: finishing without any follow-up stores no amendment", "[flow][quick]") {
  Kiosk k("quick-4");
  REQUIRE(k.tap(rate(2)));
  REQUIRE(k.tap(finish));
  CHECK(k.flow.screen() == Screen::ThankYou);
  REQUIRE(k.stored().size() == 1);
  CHECK(k.stored()[0].answers == Answers{{"overall", 2}});
}

TEST_CASE("walk-away after a face: stored once, and the next citizen cannot change it", "[flow][timeout]") {
  Kiosk k("quick-4");
  REQUIRE(k.tap(rate(4)));            // citizen A
  REQUIRE(k.flow.screen() == Screen::ChooseService);
  k.wait(19s);
  CHECK(k.flow.screen() == Screen::ChooseService);
  k.wait(1s);                         // 20 s on a follow-up without a tap: A has gone
  CHECK(k.flow.screen() == Screen::Attract);
  const auto afterA = k.stored();
  REQUIRE(afterA.size() == 1);
  CHECK(afterA[0].answers == Answers{{"overall", 4}});

  // Citizen B: back and forth on every screen there is, then a rating of their own.
  CHECK_FALSE(k.tap(back));
  CHECK_FALSE(k.tap(service("ktp")));
  CHECK_FALSE(k.tap(finish));
  REQUIRE(k.tap(rate(1)));
  CHECK_FALSE(k.tap(back));           // the first follow-up has nothing behind it
  CHECK_FALSE(k.flow.reasonSelected("waiting_time"));
  REQUIRE(k.tap(reason("waiting_time")));
  REQUIRE(k.tap(finish));
  const auto stored = k.stored();
  REQUIRE(stored.size() == 3);
  CHECK(stored[0] == afterA[0]);      // A's rating is exactly as A left it
  CHECK(stored[1].answers == Answers{{"overall", 1}});
  CHECK(stored[2].amends == stored[1].uuid);  // B's reasons go to B's rating
  CHECK(stored[2].reasons == Ids{"waiting_time"});
}

TEST_CASE("walk-away mid follow-up stores what was chosen, without thanks", "[flow][timeout]") {
  Kiosk k("quick-4");
  REQUIRE(k.tap(rate(1)));
  REQUIRE(k.tap(reason("unexpected_fees")));
  k.wait(20s);
  CHECK(k.flow.screen() == Screen::Attract);
  const auto stored = k.stored();
  REQUIRE(stored.size() == 2);
  CHECK(stored[1].amends == stored[0].uuid);
  CHECK(stored[1].reasons == Ids{"unexpected_fees"});
}

TEST_CASE("a double tap 40 ms apart answers only the first screen", "[flow][guard]") {
  SECTION("face, then the reasons screen") {
    Kiosk k("quick-4");
    REQUIRE(k.flow.rate(1));
    k.frame();
    REQUIRE(k.flow.screen() == Screen::QuickReasons);
    k.clock.advance(40ms);
    CHECK(k.flow.inputGuarded());
    CHECK_FALSE(k.flow.toggleReason("unexpected_fees"));  // the second tap of the pair
    CHECK_FALSE(k.flow.finish());
    k.clock.advance(260ms);
    CHECK_FALSE(k.flow.inputGuarded());
    CHECK(k.flow.amendment().reasons.empty());
    REQUIRE(k.tap(finish));
    REQUIRE(k.stored().size() == 1);
  }
  SECTION("one SKM question, then the next") {
    KioskConfig config = testConfig();
    config.flow.askService = ServiceQuestion::Never;
    Kiosk k("skm-2017", config);
    REQUIRE(k.tap(start));
    k.wait(400ms);
    REQUIRE(k.flow.rate(4));
    CHECK(k.flow.questionIndex() == 1);
    k.clock.advance(40ms);
    CHECK_FALSE(k.flow.rate(4));
    CHECK_FALSE(k.flow.skipQuestion());
    CHECK(k.flow.draft().answers == Answers{{"U1", 4}});
    CHECK(k.flow.questionIndex() == 1);
  }
  SECTION("the same reason twice is one tick, not a tick and an untick") {
    Kiosk k("quick-4");
    REQUIRE(k.tap(rate(2)));
    k.wait(400ms);
    REQUIRE(k.flow.toggleReason("waiting_time"));
    k.clock.advance(40ms);
    CHECK_FALSE(k.flow.toggleReason("waiting_time"));
    CHECK(k.flow.reasonSelected("waiting_time"));
  }
  SECTION("the language button") {
    Kiosk k("quick-4");
    REQUIRE(k.tap(switchLanguage));
    k.clock.advance(40ms);
    CHECK_FALSE(k.flow.switchLanguage());
    CHECK(k.flow.language() == Language::English);
  }
}

TEST_CASE("every new view restarts the input guard", "[flow][guard]") {
  KioskConfig config = testConfig();
  config.flow.inputGuardMs = 500;
  config.flow.askService = ServiceQuestion::Never;
  Kiosk k("skm-2017", config);
  REQUIRE(k.flow.start());
  const auto view = k.flow.view();
  k.clock.advance(499ms);
  CHECK_FALSE(k.flow.rate(3));
  k.clock.advance(1ms);
  REQUIRE(k.flow.rate(3));
  CHECK(k.flow.view() == view + 1);
  k.clock.advance(499ms);
  CHECK_FALSE(k.flow.rate(3));
  k.clock.advance(1ms);
  CHECK(k.flow.rate(3));
}

TEST_CASE("skm: Lanjut keeps an answer, Lewati is a stored choice, back never loses anything", "[flow][skm]") {
  KioskConfig config = testConfig();
  config.flow.askService = ServiceQuestion::Never;
  config.flow.askProfile = false;
  Kiosk k("skm-2017", config);
  REQUIRE(k.tap(start));
  REQUIRE(k.flow.screen() == Screen::SkmQuestion);
  CHECK(k.flow.questionCount() == 9);
  CHECK_FALSE(k.tap(nextQuestion));   // nothing to keep yet
  for (int i = 0; i < 4; ++i) {
    CHECK(k.flow.questionIndex() == i);
    REQUIRE(k.tap(rate(3)));
  }
  REQUIRE(k.tap(back));               // U4 again: its answer is still there
  CHECK(k.flow.questionIndex() == 3);
  CHECK(k.flow.questionAnswered(3));
  REQUIRE(k.tap(back));               // U3
  REQUIRE(k.tap(nextQuestion));       // keep U3 as it was
  REQUIRE(k.tap(rate(4)));            // change U4
  REQUIRE(k.tap(skipQuestion));       // U5 skipped on purpose
  REQUIRE(k.tap(back));
  CHECK(k.flow.questionSkipped(4));
  REQUIRE(k.tap(nextQuestion));       // keep the skip
  REQUIRE(k.tap(rate(1)));            // U6
  REQUIRE(k.tap(back));
  REQUIRE(k.tap(skipQuestion));       // changed their mind: U6 skipped after all
  for (int i = 6; i < 9; ++i) REQUIRE(k.tap(rate(2)));
  CHECK(k.flow.screen() == Screen::ThankYou);
  const auto stored = k.stored();
  REQUIRE(stored.size() == 1);
  checkRatingBasics(stored[0], "skm-2017");
  CHECK(stored[0].answers == Answers{{"U1", 3}, {"U2", 3}, {"U3", 3}, {"U4", 4}, {"U7", 2}, {"U8", 2}, {"U9", 2}});
  CHECK(stored[0].skipped == Ids{"U5", "U6"});
  CHECK(stored[0].flags == 0);        // skipping is an answer, not walking away
}

TEST_CASE("skm: back from the first question leaves the survey, and nothing is stored", "[flow][skm]") {
  KioskConfig config = testConfig();
  config.flow.askService = ServiceQuestion::Never;
  Kiosk k("skm-2017", config);
  REQUIRE(k.tap(start));
  REQUIRE(k.tap(rate(4)));
  REQUIRE(k.tap(back));
  REQUIRE(k.tap(back));
  CHECK(k.flow.screen() == Screen::Attract);
  REQUIRE(k.tap(start));
  CHECK(k.flow.draft().answers.empty());  // a new citizen starts from nothing
  CHECK(k.stored().empty());
}

TEST_CASE("skm: the service asked first is part of the rating; follow-ups come after it", "[flow][skm]") {
  KioskConfig config = testConfig();
  config.flow.askService = ServiceQuestion::Before;
  Kiosk k("skm-2017", config);
  CHECK_FALSE(k.flow.facesOnAttract());
  REQUIRE(k.tap(start));
  REQUIRE(k.flow.screen() == Screen::ChooseService);
  REQUIRE(k.tap(service("ktp")));
  for (int i = 0; i < 9; ++i) REQUIRE(k.tap(rate(4)));
  REQUIRE(k.flow.screen() == Screen::ProfileInvite);  // the only follow-up
  CHECK(k.flow.followUpCount() == 1);
  REQUIRE(k.stored().size() == 1);
  CHECK(k.stored()[0].serviceId == "ktp");
  CHECK(k.stored()[0].answers.size() == 9);
}

TEST_CASE("walking away mid-survey stores a partial response, without thanks", "[flow][timeout]") {
  KioskConfig config = testConfig();
  config.flow.askService = ServiceQuestion::Never;
  Kiosk k("skm-2017", config);
  REQUIRE(k.tap(start));
  REQUIRE(k.tap(rate(3)));
  REQUIRE(k.tap(skipQuestion));
  REQUIRE(k.tap(rate(2)));
  k.wait(44s);
  CHECK(k.flow.screen() == Screen::SkmQuestion);
  k.wait(1s);  // 45 s without a tap
  CHECK(k.flow.screen() == Screen::Attract);
  const auto stored = k.stored();
  REQUIRE(stored.size() == 1);
  CHECK(stored[0].has(flags::kPartial));
  CHECK(stored[0].answers == Answers{{"U1", 3}, {"U3", 2}});
  CHECK(stored[0].skipped == Ids{"U2"});
}

TEST_CASE("walking away with partial=discard stores nothing", "[flow][timeout]") {
  KioskConfig config = testConfig();
  config.flow.partial = PartialPolicy::Discard;
  config.flow.askService = ServiceQuestion::Never;
  Kiosk k("skm-2017", config);
  REQUIRE(k.tap(start));
  REQUIRE(k.tap(rate(3)));
  k.wait(45s);
  CHECK(k.flow.screen() == Screen::Attract);
  CHECK(k.stored().empty());
}

TEST_CASE("an untouched survey is simply dropped; every tap restarts the idle timer", "[flow][timeout]") {
  KioskConfig config = testConfig();
  config.flow.askService = ServiceQuestion::Before;
  Kiosk k("quick-4", config);
  REQUIRE(k.tap(start));
  k.wait(40s);
  REQUIRE(k.tap(service("ktp")));
  k.wait(40s);
  CHECK(k.flow.screen() == Screen::QuickRating);
  CHECK(k.flow.timeUntilNextDeadline() == 5001ms);
  k.wait(5s);
  CHECK(k.flow.screen() == Screen::Attract);
  CHECK(k.stored().empty());  // no answer, nothing to keep
  CHECK_FALSE(k.flow.timeUntilNextDeadline().has_value());  // attract: nothing to wait for
}

TEST_CASE("a new citizen starts fresh: the configured language, nothing selected", "[flow][language]") {
  SECTION("after a thank-you") {
    Kiosk k("quick-4");
    REQUIRE(k.tap(switchLanguage));
    REQUIRE(k.tap(rate(2)));
    REQUIRE(k.tap(reason("waiting_time")));
    REQUIRE(k.tap(finish));
    REQUIRE(k.flow.screen() == Screen::ThankYou);
    CHECK(k.flow.language() == Language::English);  // thanked in the language they chose
    k.wait(4s);
    REQUIRE(k.flow.screen() == Screen::Attract);
    CHECK(k.flow.language() == Language::Indonesian);
    REQUIRE(k.tap(rate(1)));
    CHECK_FALSE(k.flow.reasonSelected("waiting_time"));
  }
  SECTION("after walking away in English") {
    Kiosk k("quick-4");
    REQUIRE(k.tap(rate(4)));
    REQUIRE(k.tap(switchLanguage));
    k.wait(20s);
    REQUIRE(k.flow.screen() == Screen::Attract);
    CHECK(k.flow.language() == Language::Indonesian);
  }
  SECTION("after switching on the attract screen and leaving") {
    Kiosk k("quick-4");
    REQUIRE(k.tap(switchLanguage));
    CHECK(k.flow.timeUntilNextDeadline() == 20001ms);
    k.wait(20s);
    CHECK(k.flow.language() == Language::Indonesian);
  }
  SECTION("an English kiosk returns to English") {
    KioskConfig config = testConfig();
    config.kiosk.language = Language::English;
    Kiosk k("quick-4", config);
    REQUIRE(k.tap(switchLanguage));
    REQUIRE(k.tap(rate(4)));
    k.wait(20s);
    CHECK(k.flow.language() == Language::English);
  }
}

TEST_CASE("switching language mid-survey keeps every answer", "[flow][language]") {
  KioskConfig config = testConfig();
  config.flow.askService = ServiceQuestion::Before;
  Kiosk k("skm-2017", config);
  REQUIRE(k.tap(start));
  REQUIRE(k.tap(service("kk")));
  REQUIRE(k.tap(rate(4)));
  REQUIRE(k.tap(rate(3)));
  REQUIRE(k.tap(switchLanguage));
  CHECK(k.flow.language() == Language::English);
  CHECK(k.flow.screen() == Screen::SkmQuestion);
  CHECK(k.flow.questionIndex() == 2);
  CHECK(k.flow.draft().answers.size() == 2);
  CHECK(k.flow.draft().serviceId == "kk");
}

TEST_CASE("profile: opt-in, configured fields only, back and skip per question", "[flow][profile]") {
  KioskConfig config = testConfig();
  config.flow.askService = ServiceQuestion::Never;
  config.flow.profileFields = {ProfileField::Gender, ProfileField::Age};
  Kiosk k("quick-4", config);
  REQUIRE(k.tap(rate(4)));
  REQUIRE(k.flow.screen() == Screen::ProfileInvite);
  CHECK_FALSE(k.tap(back));           // nothing before the invitation
  REQUIRE(k.tap(acceptProfile));
  CHECK(k.flow.profileField() == ProfileField::Gender);
  REQUIRE(k.tap(profile(ProfileField::Gender, "male")));
  REQUIRE(k.tap(back));               // back one step, change it
  CHECK(k.flow.profileValue(ProfileField::Gender) == "male");
  REQUIRE(k.tap(profile(ProfileField::Gender, "female")));
  CHECK_FALSE(k.tap(profile(ProfileField::Age, "phd")));
  REQUIRE(k.tap([](KioskFlow& f) { return f.skipProfileQuestion(); }));
  CHECK(k.flow.screen() == Screen::ThankYou);
  const auto stored = k.stored();
  REQUIRE(stored.size() == 2);
  CHECK(stored[1].respondent == Respondent{"female", "", "", ""});
}

TEST_CASE("declining the profile after answering some of it keeps none of it", "[flow][profile]") {
  KioskConfig config = testConfig();
  config.flow.askService = ServiceQuestion::Never;
  SECTION("No thanks") {
    Kiosk k("quick-4", config);
    REQUIRE(k.tap(rate(4)));
    REQUIRE(k.tap(acceptProfile));
    REQUIRE(k.tap(profile(ProfileField::Age, "30_39")));
    REQUIRE(k.tap(back));
    REQUIRE(k.tap(back));
    REQUIRE(k.flow.screen() == Screen::ProfileInvite);
    REQUIRE(k.tap(finish));
    CHECK(k.stored().size() == 1);  // the rating only
  }
  SECTION("walking away from the invitation") {
    Kiosk k("quick-4", config);
    REQUIRE(k.tap(rate(4)));
    REQUIRE(k.tap(acceptProfile));
    REQUIRE(k.tap(profile(ProfileField::Age, "30_39")));
    REQUIRE(k.tap(back));
    REQUIRE(k.tap(back));
    k.wait(20s);
    CHECK(k.stored().size() == 1);
  }
}

TEST_CASE("skm: every question skipped is no rating at all", "[flow][skm]") {
  KioskConfig config = testConfig();
  config.flow.askService = ServiceQuestion::Never;
  Kiosk k("skm-2017", config);
  REQUIRE(k.tap(start));
  for (int i = 0; i < 9; ++i) REQUIRE(k.tap(skipQuestion));
  CHECK(k.flow.screen() == Screen::ThankYou);
  CHECK(k.stored().empty());
}

TEST_CASE("follow-ups: back goes to the previous follow-up, never to the stored rating", "[flow][followup]") {
  Kiosk k("quick-4");
  REQUIRE(k.tap(rate(2)));
  REQUIRE(k.tap(reason("facilities_poor")));
  REQUIRE(k.tap(next));
  REQUIRE(k.tap(skipService));
  REQUIRE(k.flow.screen() == Screen::ProfileInvite);
  REQUIRE(k.tap(back));
  REQUIRE(k.flow.screen() == Screen::ChooseService);
  REQUIRE(k.tap(back));
  REQUIRE(k.flow.screen() == Screen::QuickReasons);
  CHECK(k.flow.reasonSelected("facilities_poor"));  // nothing forgotten on the way back
  CHECK_FALSE(k.tap(back));
  CHECK_FALSE(k.tap(rate(4)));                       // the rating cannot be changed from here
  REQUIRE(k.tap(finish));
  const auto stored = k.stored();
  REQUIRE(stored.size() == 2);
  CHECK(stored[0].answers == Answers{{"overall", 2}});
  CHECK(stored[1].reasons == Ids{"facilities_poor"});
  CHECK(stored[1].serviceId.empty());
}

TEST_CASE("cooldown ignores taps after a session; a quick repeat is flagged", "[flow][cooldown]") {
  KioskConfig config = testConfig();
  config.flow.askService = ServiceQuestion::Never;
  config.flow.askProfile = false;
  config.flow.thankYouSeconds = 2;
  Kiosk k("quick-4", config);
  REQUIRE(k.tap(rate(4)));
  REQUIRE(k.flow.screen() == Screen::ThankYou);
  CHECK_FALSE(k.tap(start));    // taps on the thank-you screen do nothing
  CHECK_FALSE(k.tap(rate(4)));
  k.wait(2s);
  REQUIRE(k.flow.screen() == Screen::Attract);
  CHECK(k.flow.inCooldown());
  CHECK_FALSE(k.flow.rate(4));  // still within the 3 s cooldown
  k.wait(1s);
  REQUIRE(k.tap(rate(4)));
  k.wait(30s);
  REQUIRE(k.tap(rate(4)));
  const auto stored = k.stored();
  REQUIRE(stored.size() == 3);
  CHECK_FALSE(stored[0].has(flags::kRapidRepeat));
  CHECK(stored[1].has(flags::kRapidRepeat));
  CHECK_FALSE(stored[2].has(flags::kRapidRepeat));
}

TEST_CASE("a rating that cannot be stored is never thanked, and is retried until kept", "[flow][failure]") {
  KioskConfig config = testConfig();
  config.flow.rapidRepeatSeconds = 0;
  config.flow.cooldownSeconds = 0;
  Kiosk k("quick-4", config, StoreOptions{.maxBytes = 48 * 1024, .reserveBytes = 0, .vfs = {}});  // a store that fills up quickly
  int thanked = 0;
  while (k.flow.screen() != Screen::OutOfService) {
    REQUIRE(k.tap(rate(3)));
    if (k.flow.screen() == Screen::ChooseService) {
      REQUIRE(k.tap(finish));
      ++thanked;
    }
    k.wait(4s);
  }
  REQUIRE(k.flow.lastRecordError().has_value());
  CHECK(k.flow.lastRecordError()->code == Errc::DiskFull);
  CHECK(k.store->stats()->total == thanked);  // every thank-you has its stored rating
  CHECK_FALSE(k.tap(rate(3)));                // out of service: no new ratings
  k.wait(5s);                                 // retried, still full
  CHECK(k.flow.screen() == Screen::OutOfService);

  // Space comes back (the hub acknowledged everything and it was pruned): the retry lands,
  // and no follow-ups are offered to whoever stands there now.
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
  KioskConfig config = testConfig();
  config.flow.askService = ServiceQuestion::Before;
  Kiosk k("quick-4", config);
  CHECK_FALSE(k.tap(rate(3)));   // service is asked first: the attract faces are not shown
  CHECK_FALSE(k.tap(finish));
  REQUIRE(k.tap(start));
  CHECK_FALSE(k.tap(service("passport")));
  CHECK_FALSE(k.tap(rate(3)));   // still choosing a service
  REQUIRE(k.tap(skipService));
  CHECK_FALSE(k.tap(rate(0)));
  CHECK_FALSE(k.tap(rate(5)));
  CHECK_FALSE(k.tap(nextQuestion));
  CHECK(k.flow.screen() == Screen::QuickRating);
}
