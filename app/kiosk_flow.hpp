#pragma once
// KioskFlow: the citizen's path through the kiosk as a pure state machine. No window, no I/O:
// the UI calls its inputs and draws its state; responses to record are handed out through
// takeResponseToRecord() and the outcome comes back through recorded(). Time comes from an
// injected FlowClock. Not thread-safe: owned and driven by the UI thread.
//
//   Attract -> [ChooseService] -> QuickRating -> [QuickReasons] -> [Profile] -> Saving -> ThankYou
//                              -> SkmQuestion x N ----------------^
//   Saving -> OutOfService (recording failed; retried until it succeeds)
//   any survey screen -- idle timeout --> Saving (partial, if kept) or Attract

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

enum class Screen { Attract, ChooseService, QuickRating, QuickReasons, SkmQuestion, Profile, Saving, ThankYou, OutOfService };
std::string_view screenName(Screen screen);

enum class ProfileField { Gender, Age, Education, Occupation };

class KioskFlow {
 public:
  // While out of service, how often recording is retried.
  static constexpr std::chrono::seconds kRetryInterval{5};

  KioskFlow(const KioskConfig& config, SurveyDefinition survey, const FlowClock& clock);

  // Citizen inputs. Each returns false when ignored (cooldown, wrong screen, invalid value).
  bool start();
  bool chooseService(std::string_view serviceId);
  bool skipService();
  bool rate(int score);              // the quick rating, or the current SKM element
  bool skipQuestion();               // SKM: leave the current element unanswered
  bool toggleReason(std::string_view reasonId);
  bool finishReasons();
  // The profile asks one field per step (gender, age, education, occupation). Answering or
  // skipping the current field moves on; after the last one the response is submitted.
  bool setProfile(ProfileField field, std::string_view value);  // must be the current field
  bool skipProfileQuestion();
  bool finishProfile();              // submit now with what was given
  bool skipProfile();                // submit without any profile
  bool back();
  void switchLanguage();             // always allowed; keeps every answer

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
  const Response& draft() const { return m_draft; }
  int questionIndex() const { return m_question; }     // SkmQuestion: 0-based
  int questionCount() const { return static_cast<int>(m_survey.elements.size()); }
  ProfileField profileStep() const { return m_profileStep; }
  static const std::vector<std::string_view>& profileChoices(ProfileField field);
  bool reasonSelected(std::string_view reasonId) const;
  std::string_view profileValue(ProfileField field) const;
  bool inCooldown() const;
  const std::optional<Error>& lastRecordError() const { return m_lastError; }
  bool asksService() const { return m_config.flow.askService && !m_config.services.empty(); }

 private:
  bool accept(std::initializer_list<Screen> screens);  // true if on one of them; notes the input
  void goToFirstRating();
  void afterRating();
  void nextProfileStep();
  void submit(bool complete);
  void abandon();           // idle timeout mid-survey
  bool draftComplete() const;
  void resetDraft();

  KioskConfig m_config;
  SurveyDefinition m_survey;
  const FlowClock& m_clock;
  Screen m_screen = Screen::Attract;
  Language m_language;
  Response m_draft;
  int m_question = 0;
  ProfileField m_profileStep = ProfileField::Gender;
  SteadyTime m_lastInput{};
  SteadyTime m_screenDeadline{};           // ThankYou end / OutOfService retry
  std::optional<SteadyTime> m_cooldownUntil;
  std::optional<SteadyTime> m_lastSubmission;
  std::optional<Response> m_toRecord;      // waiting to be taken
  std::optional<Response> m_recording;     // taken and not yet recorded (in flight or failed)
  bool m_thankAfterRecording = false;      // a finished survey (thanks) or an abandoned one (none)
  std::optional<Error> m_lastError;
};

}  // namespace suara::kiosk
