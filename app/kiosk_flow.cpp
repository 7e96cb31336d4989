#include "kiosk_flow.hpp"

#include <algorithm>
#include <array>

namespace suara::kiosk {

namespace {
using std::chrono::duration_cast;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr std::array<std::string_view, 10> kScreenNames = {"attract",       "choose_service", "quick_rating", "skm_question",
                                                           "saving",        "quick_reasons",  "profile_invite", "profile",
                                                           "thank_you",     "out_of_service"};

template <class R>  // Respondent or const Respondent
auto* profileSlot(R& r, ProfileField field) {
  switch (field) {
    case ProfileField::Gender: return &r.gender;
    case ProfileField::Age: return &r.ageBand;
    case ProfileField::Education: return &r.education;
    case ProfileField::Occupation: return &r.occupation;
  }
  return &r.gender;
}

bool contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

std::string_view screenName(Screen screen) { return kScreenNames[static_cast<std::size_t>(screen)]; }

const std::vector<std::string_view>& KioskFlow::profileChoices(ProfileField field) {
  switch (field) {
    case ProfileField::Gender: return respondentGenders();
    case ProfileField::Age: return respondentAgeBands();
    case ProfileField::Education: return respondentEducations();
    case ProfileField::Occupation: return respondentOccupations();
  }
  return respondentGenders();
}

KioskFlow::KioskFlow(const KioskConfig& config, SurveyDefinition survey, const FlowClock& clock)
    : m_config(config), m_survey(std::move(survey)), m_clock(clock), m_language(config.kiosk.language) {
  resetDraft();
}

// --- state helpers -------------------------------------------------------------------------

bool KioskFlow::isRatingScreen(Screen s) {
  return s == Screen::ChooseService || s == Screen::QuickRating || s == Screen::SkmQuestion;
}

bool KioskFlow::asksServiceBefore() const {
  return m_config.flow.askService == ServiceQuestion::Before && !m_config.services.empty();
}
bool KioskFlow::asksServiceAfter() const {
  return m_config.flow.askService == ServiceQuestion::After && !m_config.services.empty();
}
bool KioskFlow::facesOnAttract() const { return m_survey.mode == SurveyMode::Quick && !asksServiceBefore(); }

bool KioskFlow::inCooldown() const { return m_cooldownUntil && m_clock.now() < *m_cooldownUntil; }

bool KioskFlow::inputGuarded() const {
  return m_clock.now() < m_viewStartedAt + milliseconds(m_config.flow.inputGuardMs);
}

void KioskFlow::resetDraft() {
  m_draft = Response{};
  m_draft.surveyId = m_survey.id;
  m_draft.surveyVersion = m_survey.version;
  m_draft.unitId = m_config.kiosk.unitId;
  m_draft.counterId = m_config.kiosk.counterId;
  m_draft.officerId = m_config.kiosk.officerId;
  m_amendment = Response{};
  m_ratingUuid.clear();
  m_followUps.clear();
  m_followingUp = false;
  m_question = 0;
  m_profileStep = 0;
}

bool KioskFlow::accept(std::initializer_list<Screen> screens) {
  if (std::find(screens.begin(), screens.end(), m_screen) == screens.end() || inputGuarded()) return false;
  m_lastInput = m_clock.now();
  return true;
}

void KioskFlow::show(Screen screen) {
  m_screen = screen;
  ++m_view;
  m_viewStartedAt = m_lastInput = m_clock.now();
}

void KioskFlow::returnToAttract() {
  resetDraft();
  m_language = m_config.kiosk.language;  // the next citizen starts in the configured language
  show(Screen::Attract);
}

void KioskFlow::endSession(bool thank) {
  if (!thank) return returnToAttract();  // walked away: whoever comes next may rate at once
  // The same citizen's extra taps right after their thank-you are not a new rating.
  m_cooldownUntil = m_clock.now() + seconds(m_config.flow.cooldownSeconds);
  resetDraft();
  show(Screen::ThankYou);  // still in the citizen's language; reset when it ends
  m_screenDeadline = m_clock.now() + seconds(m_config.flow.thankYouSeconds);
}

// --- the rating ----------------------------------------------------------------------------

bool KioskFlow::start() {
  if (m_screen != Screen::Attract || inCooldown() || !accept({Screen::Attract})) return false;
  resetDraft();
  if (asksServiceBefore()) show(Screen::ChooseService);
  else goToFirstRating();
  return true;
}

void KioskFlow::goToFirstRating() {
  m_question = 0;
  show(m_survey.mode == SurveyMode::Quick ? Screen::QuickRating : Screen::SkmQuestion);
}

bool KioskFlow::rate(int score) {
  if (score < kMinScore || score > kMaxScore) return false;
  if (m_screen == Screen::Attract) {
    if (!facesOnAttract() || inCooldown() || !accept({Screen::Attract})) return false;
    resetDraft();
  } else if (!accept({Screen::QuickRating, Screen::SkmQuestion})) {
    return false;
  }
  if (m_survey.mode == SurveyMode::Quick) {
    m_draft.answers[std::string(kOverallCode)] = score;
    ratingDone(false);
    return true;
  }
  const std::string& code = m_survey.elements[static_cast<std::size_t>(m_question)].code;
  m_draft.answers[code] = score;
  std::erase(m_draft.skipped, code);
  advanceQuestion();
  return true;
}

bool KioskFlow::nextQuestion() {
  if (m_screen != Screen::SkmQuestion || !(questionAnswered(m_question) || questionSkipped(m_question)) ||
      !accept({Screen::SkmQuestion}))
    return false;
  advanceQuestion();
  return true;
}

bool KioskFlow::skipQuestion() {
  if (!accept({Screen::SkmQuestion})) return false;
  const std::string& code = m_survey.elements[static_cast<std::size_t>(m_question)].code;
  m_draft.answers.erase(code);
  if (!contains(m_draft.skipped, code)) m_draft.skipped.push_back(code);
  advanceQuestion();
  return true;
}

void KioskFlow::advanceQuestion() {
  if (m_question + 1 >= questionCount()) return ratingDone(false);
  ++m_question;
  show(Screen::SkmQuestion);
}

bool KioskFlow::questionAnswered(int index) const {
  return m_draft.answers.count(m_survey.elements[static_cast<std::size_t>(index)].code) > 0;
}

bool KioskFlow::questionSkipped(int index) const {
  return contains(m_draft.skipped, m_survey.elements[static_cast<std::size_t>(index)].code);
}

bool KioskFlow::ratingComplete() const {
  if (m_survey.mode == SurveyMode::Quick) return m_draft.answers.count(kOverallCode) > 0;
  for (int i = 0; i < questionCount(); ++i)
    if (!questionAnswered(i) && !questionSkipped(i)) return false;
  return true;
}

void KioskFlow::ratingDone(bool walkedAway) {
  // Every question skipped: the citizen said nothing, so there is nothing to count.
  if (m_draft.answers.empty()) return endSession(!walkedAway);
  Response r = m_draft;
  r.uuid = newUuid();
  r.clock = m_clock.stamp();
  if (!ratingComplete()) r.flags |= flags::kPartial;  // walked away before the end
  const SteadyTime now = m_clock.now();
  if (m_lastRating && now - *m_lastRating < seconds(m_config.flow.rapidRepeatSeconds)) r.flags |= flags::kRapidRepeat;
  m_lastRating = now;
  m_ratingUuid = r.uuid;

  m_followUps.clear();
  if (!walkedAway) {
    const auto overall = m_draft.answers.find(kOverallCode);
    if (overall != m_draft.answers.end() && overall->second <= m_survey.quick.followUpAtOrBelow && !m_survey.quick.reasons.empty())
      m_followUps.push_back(FollowUp::Reasons);
    if (asksServiceAfter()) m_followUps.push_back(FollowUp::Service);
    if (m_config.flow.askProfile && !m_config.flow.profileFields.empty()) m_followUps.push_back(FollowUp::Profile);
  }
  const AfterRecording then = walkedAway ? AfterRecording::Attract
                              : m_followUps.empty() ? AfterRecording::Thanks
                                                    : AfterRecording::FollowUps;
  submit(std::move(r), then);
}

// --- follow-ups ----------------------------------------------------------------------------

void KioskFlow::showFollowUp(int index) {
  m_followingUp = true;
  m_followUp = index;
  switch (m_followUps[static_cast<std::size_t>(index)]) {
    case FollowUp::Reasons: show(Screen::QuickReasons); break;
    case FollowUp::Service: show(Screen::ChooseService); break;
    case FollowUp::Profile: show(Screen::ProfileInvite); break;
  }
}

void KioskFlow::advanceFollowUp() {
  if (isLastFollowUp()) finishFollowUps(false);
  else showFollowUp(m_followUp + 1);
}

void KioskFlow::finishFollowUps(bool walkedAway) {
  m_followingUp = false;
  // Leaving from the profile's invitation ("No thanks", or walking away from it) is declining
  // it: answers given before coming back to it are not kept.
  if (m_screen == Screen::ProfileInvite) m_amendment.respondent = {};
  const bool anything = !m_amendment.reasons.empty() || !m_amendment.serviceId.empty() || !m_amendment.respondent.empty();
  if (!anything) return endSession(!walkedAway);
  Response a = m_amendment;
  a.uuid = newUuid();
  a.amends = m_ratingUuid;
  a.clock = m_clock.stamp();
  submit(std::move(a), walkedAway ? AfterRecording::Attract : AfterRecording::Thanks);
}

bool KioskFlow::toggleReason(std::string_view reasonId) {
  if (!m_survey.findReason(reasonId) || m_screen != Screen::QuickReasons || inputGuarded()) return false;
  // A second tap on the same reason within the guard is a bounce, not a change of mind.
  const SteadyTime now = m_clock.now();
  if (m_lastToggle && m_lastToggle->first == reasonId && now < m_lastToggle->second + milliseconds(m_config.flow.inputGuardMs))
    return false;
  accept({Screen::QuickReasons});
  m_lastToggle = {std::string(reasonId), now};
  auto& reasons = m_amendment.reasons;
  if (contains(reasons, reasonId)) std::erase(reasons, reasonId);
  else reasons.emplace_back(reasonId);
  return true;
}

bool KioskFlow::reasonSelected(std::string_view reasonId) const { return contains(m_amendment.reasons, reasonId); }

bool KioskFlow::nextFollowUp() {
  if (!m_followingUp || !accept({Screen::QuickReasons, Screen::ChooseService, Screen::ProfileInvite})) return false;
  advanceFollowUp();
  return true;
}

bool KioskFlow::chooseService(std::string_view serviceId) {
  const bool known = std::any_of(m_config.services.begin(), m_config.services.end(),
                                 [&](const ServiceOption& s) { return s.id == serviceId; });
  if (!known || !accept({Screen::ChooseService})) return false;
  if (m_followingUp) {
    m_amendment.serviceId = std::string(serviceId);
    advanceFollowUp();
  } else {
    m_draft.serviceId = std::string(serviceId);
    goToFirstRating();
  }
  return true;
}

bool KioskFlow::skipService() {
  if (!accept({Screen::ChooseService})) return false;
  if (m_followingUp) {
    m_amendment.serviceId.clear();
    advanceFollowUp();
  } else {
    m_draft.serviceId.clear();
    goToFirstRating();
  }
  return true;
}

std::string_view KioskFlow::selectedService() const { return m_followingUp ? m_amendment.serviceId : m_draft.serviceId; }

bool KioskFlow::acceptProfile() {
  if (!accept({Screen::ProfileInvite})) return false;
  m_profileStep = 0;
  show(Screen::Profile);
  return true;
}

bool KioskFlow::setProfile(ProfileField field, std::string_view value) {
  const auto& choices = profileChoices(field);
  if (m_screen != Screen::Profile || field != profileField() ||
      std::find(choices.begin(), choices.end(), value) == choices.end() || !accept({Screen::Profile}))
    return false;
  *profileSlot(m_amendment.respondent, field) = std::string(value);
  advanceProfile();
  return true;
}

bool KioskFlow::skipProfileQuestion() {
  if (!accept({Screen::Profile})) return false;
  profileSlot(m_amendment.respondent, profileField())->clear();
  advanceProfile();
  return true;
}

void KioskFlow::advanceProfile() {
  if (m_profileStep + 1 >= profileStepCount()) return advanceFollowUp();
  ++m_profileStep;
  show(Screen::Profile);
}

std::string_view KioskFlow::profileValue(ProfileField field) const { return *profileSlot(m_amendment.respondent, field); }

bool KioskFlow::finish() {
  if (!m_followingUp || !accept({Screen::QuickReasons, Screen::ChooseService, Screen::ProfileInvite, Screen::Profile}))
    return false;
  finishFollowUps(false);
  return true;
}

// --- navigation and language ---------------------------------------------------------------

bool KioskFlow::back() {
  if (m_followingUp) {
    if (!accept({Screen::QuickReasons, Screen::ChooseService, Screen::ProfileInvite, Screen::Profile})) return false;
    if (m_screen == Screen::Profile) {
      if (m_profileStep == 0) {
        show(Screen::ProfileInvite);
      } else {
        --m_profileStep;
        show(Screen::Profile);
      }
      return true;
    }
    if (m_followUp == 0) return false;  // the rating itself is stored: nothing to go back to
    showFollowUp(m_followUp - 1);
    return true;
  }
  if (!accept({Screen::ChooseService, Screen::QuickRating, Screen::SkmQuestion})) return false;
  if (m_screen == Screen::SkmQuestion && m_question > 0) {
    --m_question;
    show(Screen::SkmQuestion);
  } else if (m_screen != Screen::ChooseService && asksServiceBefore()) {
    show(Screen::ChooseService);
  } else {
    resetDraft();
    show(Screen::Attract);
  }
  return true;
}

bool KioskFlow::switchLanguage() {
  const SteadyTime now = m_clock.now();
  if (inputGuarded() || (m_lastToggle && m_lastToggle->first == "language" &&
                         now < m_lastToggle->second + milliseconds(m_config.flow.inputGuardMs)))
    return false;
  m_lastToggle = {"language", now};
  m_language = m_language == Language::Indonesian ? Language::English : Language::Indonesian;
  m_lastInput = now;
  return true;
}

// --- recording and time --------------------------------------------------------------------

void KioskFlow::submit(Response response, AfterRecording then) {
  m_toRecord = std::move(response);
  m_afterRecording = then;
  show(Screen::Saving);
}

std::optional<Response> KioskFlow::takeResponseToRecord() {
  if (!m_toRecord) return std::nullopt;
  m_recording = std::move(m_toRecord);
  m_toRecord.reset();
  return m_recording;
}

void KioskFlow::recorded(const Status& outcome) {
  if (!m_recording) return;
  const SteadyTime now = m_clock.now();
  if (!outcome) {
    // Never thank for what was not kept: stay out of service and, every kRetryInterval,
    // offer the same response again (same UUID, so it is never counted twice).
    m_lastError = outcome.error();
    if (m_screen != Screen::OutOfService) show(Screen::OutOfService);
    m_screenDeadline = now + kRetryInterval;
    return;
  }
  const bool afterRetry = m_screen == Screen::OutOfService;
  m_lastError.reset();
  m_recording.reset();
  switch (m_afterRecording) {
    // After an outage the citizen may long be gone: no follow-ups that a stranger could answer.
    case AfterRecording::FollowUps: afterRetry ? endSession(true) : showFollowUp(0); break;
    case AfterRecording::Thanks: endSession(true); break;
    case AfterRecording::Attract: endSession(false); break;
  }
}

void KioskFlow::tick() {
  const SteadyTime now = m_clock.now();
  const auto idle = now - m_lastInput;
  if (m_followingUp) {
    if (idle >= seconds(m_config.flow.followUpTimeoutSeconds)) finishFollowUps(true);
  } else if (isRatingScreen(m_screen)) {
    if (idle >= seconds(m_config.flow.idleTimeoutSeconds)) {
      // Walked away mid-rating: what was answered is kept (flagged partial) unless discarded.
      const bool keep = ratingComplete() || m_config.flow.partial == PartialPolicy::Keep;
      if (!m_draft.answers.empty() && keep) ratingDone(true);
      else returnToAttract();
    }
  } else if (m_screen == Screen::ThankYou) {
    if (now >= m_screenDeadline) returnToAttract();
  } else if (m_screen == Screen::OutOfService) {
    if (now >= m_screenDeadline && m_recording && !m_toRecord) {
      m_toRecord = std::move(m_recording);
      m_recording.reset();
      m_screenDeadline = now + kRetryInterval;
    }
  } else if (m_screen == Screen::Attract && m_language != m_config.kiosk.language &&
             idle >= seconds(m_config.flow.followUpTimeoutSeconds)) {
    m_language = m_config.kiosk.language;  // switched, then walked away without starting
  }
}

std::optional<milliseconds> KioskFlow::timeUntilNextDeadline() const {
  const SteadyTime now = m_clock.now();
  std::optional<SteadyTime> deadline;
  if (m_followingUp) deadline = m_lastInput + seconds(m_config.flow.followUpTimeoutSeconds);
  else if (isRatingScreen(m_screen)) deadline = m_lastInput + seconds(m_config.flow.idleTimeoutSeconds);
  else if (m_screen == Screen::ThankYou || m_screen == Screen::OutOfService) deadline = m_screenDeadline;
  else if (m_screen == Screen::Attract) {
    if (m_language != m_config.kiosk.language) deadline = m_lastInput + seconds(m_config.flow.followUpTimeoutSeconds);
    if (inCooldown()) deadline = deadline ? std::min(*deadline, *m_cooldownUntil) : *m_cooldownUntil;
  }
  if (!deadline) return std::nullopt;
  return std::max(milliseconds(0), duration_cast<milliseconds>(*deadline - now) + milliseconds(1));
}

}  // namespace suara::kiosk
