#pragma once
// KioskFlow: the citizen's path through the kiosk as a pure state machine. No window, no I/O:
// the UI calls its inputs and draws its state; what to store is handed out through
// takeResponseToRecord() and the outcome comes back through recorded(). Time comes from an
// injected FlowClock. Not thread-safe: owned and driven by the UI thread.
//
// A session has two parts. The rating itself, kept in memory until it is complete:
//   Attract --face--> (stored at once)                       quick-4, service not asked first
//   Attract -> [ChooseService] -> QuickRating --face-->      quick-4, service asked first
//   Attract -> [ChooseService] -> SkmQuestion x 9 -->        skm-2017 (skip is an answer too)
// then Saving until it is durable, and the optional follow-ups, each an addition that is
// stored as one amendment linked to the rating's id (never a rewrite of the rating):
//   [QuickReasons] -> [ChooseService] -> [ProfileInvite -> Profile x N] -> Saving -> ThankYou
// "Finish" ends the follow-ups at any point; so does walking away (a shorter timeout).
// Walking away mid-rating stores what was answered, flagged partial (or nothing, by config).
// Saving -> OutOfService when storing fails; retried until it succeeds, never thanked before.
//
// Each tap counts once: after every change of screen, question or step (a "view"), input is
// ignored for flow.input_guard_ms, so a double tap cannot answer the next question too.
// Every session starts fresh: the configured language, nothing selected.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flow_clock.hpp"
#include "suara/core/config.hpp"
#include "suara/core/response.hpp"
#include "suara/core/result.hpp"
#include "suara/core/survey.hpp"

namespace suara::kiosk {

enum class Screen {
  Attract, ChooseService, QuickRating, SkmQuestion, Saving,
  QuickReasons, ProfileInvite, Profile, ThankYou, OutOfService
};
std::string_view screenName(Screen screen);

// The optional steps after a rating, in the order offered.
enum class FollowUp { Reasons, Service, Profile };

class KioskFlow {
 public:
  // While out of service, how often recording is retried.
  static constexpr std::chrono::seconds kRetryInterval{5};

  KioskFlow(const KioskConfig& config, SurveyDefinition survey, const FlowClock& clock);

  // Citizen inputs. Each returns false when ignored (input guard, cooldown, wrong screen,
  // invalid value).
  bool start();                      // the attract screen's start button
  bool rate(int score);              // a face (attract or quick screen), or the current SKM element
  bool chooseService(std::string_view serviceId);
  bool skipService();
  bool nextQuestion();               // SKM: keep the current element's answer (or skip) and go on
  bool skipQuestion();               // SKM: leave the current element unanswered, on purpose
  bool toggleReason(std::string_view reasonId);
  bool nextFollowUp();               // the current follow-up is done; on to the next one
  bool acceptProfile();              // ProfileInvite: yes, ask me
  bool setProfile(ProfileField field, std::string_view value);  // must be the current field
  bool skipProfileQuestion();
  bool finish();                     // any follow-up screen: store what was given and end now
  bool back();
  bool switchLanguage();             // keeps every answer

  // Time: call every frame (and when a deadline passes).
  void tick();
  // How long until tick() has something to do (for render-on-demand waiting).
  std::optional<std::chrono::milliseconds> timeUntilNextDeadline() const;

  // Recording hand-off. The response stays owned by the flow until recorded() reports success.
  std::optional<Response> takeResponseToRecord();
  void recorded(const Status& outcome);

  // State for drawing.
  Screen screen() const { return m_screen; }
  Language language() const { return m_language; }
  const SurveyDefinition& survey() const { return m_survey; }
  const KioskConfig& config() const { return m_config; }
  const Response& draft() const { return m_draft; }          // the rating being given
  const Response& amendment() const { return m_amendment; }  // the follow-ups being given
  int questionIndex() const { return m_question; }     // SkmQuestion: 0-based
  int questionCount() const { return static_cast<int>(m_survey.elements.size()); }
  bool questionSkipped(int index) const;
  bool questionAnswered(int index) const;
  // Follow-ups: which one is shown (0-based) of how many this session offers.
  bool inFollowUp() const { return m_followingUp; }
  int followUpIndex() const { return m_followUp; }
  int followUpCount() const { return static_cast<int>(m_followUps.size()); }
  bool isLastFollowUp() const { return m_followUp + 1 >= followUpCount(); }
  // Profile: the current question of the configured ones.
  ProfileField profileField() const { return m_config.flow.profileFields[static_cast<std::size_t>(m_profileStep)]; }
  int profileStep() const { return m_profileStep; }
  int profileStepCount() const { return static_cast<int>(m_config.flow.profileFields.size()); }
  static const std::vector<std::string_view>& profileChoices(ProfileField field);
  std::string_view profileValue(ProfileField field) const;
  bool reasonSelected(std::string_view reasonId) const;
  std::string_view selectedService() const;
  bool inCooldown() const;
  bool facesOnAttract() const;       // one tap from the attract screen records a rating
  const std::optional<Error>& lastRecordError() const { return m_lastError; }
  // Every change of screen, question or step counts up the view; it began at viewStartedAt().
  std::uint64_t view() const { return m_view; }
  SteadyTime viewStartedAt() const { return m_viewStartedAt; }
  bool inputGuarded() const;         // a tap now would be ignored as a bounce

 private:
  enum class AfterRecording { FollowUps, Thanks, Attract };
  static bool isRatingScreen(Screen s);
  bool accept(std::initializer_list<Screen> screens);  // true if on one of them and not guarded
  void show(Screen screen);                            // a new view
  void endSession(bool thank);
  void returnToAttract();
  void goToFirstRating();
  void ratingDone(bool walkedAway);
  void showFollowUp(int index);
  void advanceFollowUp();
  void finishFollowUps(bool walkedAway);
  void advanceQuestion();
  void advanceProfile();
  void submit(Response response, AfterRecording then);
  bool ratingComplete() const;
  void resetDraft();
  bool asksServiceBefore() const;
  bool asksServiceAfter() const;

  KioskConfig m_config;
  SurveyDefinition m_survey;
  const FlowClock& m_clock;
  Screen m_screen = Screen::Attract;
  Language m_language;
  Response m_draft;                        // the rating, until stored
  Response m_amendment;                    // follow-ups, linked to the stored rating
  std::string m_ratingUuid;                // this session's stored rating; empty outside a session
  int m_question = 0;
  std::vector<FollowUp> m_followUps;       // offered this session
  int m_followUp = 0;
  bool m_followingUp = false;              // on a follow-up screen of a stored rating
  int m_profileStep = 0;
  std::uint64_t m_view = 0;
  SteadyTime m_viewStartedAt{};
  SteadyTime m_lastInput{};
  SteadyTime m_screenDeadline{};           // ThankYou end / OutOfService retry
  std::optional<SteadyTime> m_cooldownUntil;
  std::optional<SteadyTime> m_lastRating;
  std::optional<std::pair<std::string, SteadyTime>> m_lastToggle;  // a reason's second tap within the guard is a bounce
  std::optional<Response> m_toRecord;      // waiting to be taken
  std::optional<Response> m_recording;     // taken and not yet recorded (in flight or failed)
  AfterRecording m_afterRecording = AfterRecording::Thanks;
  std::optional<Error> m_lastError;
};

}  // namespace suara::kiosk
