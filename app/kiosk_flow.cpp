#include "kiosk_flow.hpp"

#include <algorithm>
#include <array>

namespace suara::kiosk {

namespace {
using std::chrono::duration_cast;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr std::array<std::string_view, 9> kScreenNames = {"attract", "choose_service", "quick_rating", "quick_reasons",
                                                          "skm_question", "profile", "saving", "thank_you",
                                                          "out_of_service"};

bool isSurveyScreen(Screen s) {
  return s == Screen::ChooseService || s == Screen::QuickRating || s == Screen::QuickReasons ||
         s == Screen::SkmQuestion || s == Screen::Profile;
}

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

}  // namespace

const std::vector<std::string_view>& KioskFlow::profileChoices(ProfileField field) {
  switch (field) {
    case ProfileField::Gender: return respondentGenders();
    case ProfileField::Age: return respondentAgeBands();
    case ProfileField::Education: return respondentEducations();
    case ProfileField::Occupation: return respondentOccupations();
  }
  return respondentGenders();
}

std::string_view screenName(Screen screen) { return kScreenNames[static_cast<std::size_t>(screen)]; }

KioskFlow::KioskFlow(const KioskConfig& config, SurveyDefinition survey, const FlowClock& clock)
    : m_config(config), m_survey(std::move(survey)), m_clock(clock), m_language(config.kiosk.language) {
  resetDraft();
}

void KioskFlow::resetDraft() {
  m_draft = Response{};
  m_draft.surveyId = m_survey.id;
  m_draft.surveyVersion = m_survey.version;
  m_draft.unitId = m_config.kiosk.unitId;
  m_draft.counterId = m_config.kiosk.counterId;
  m_draft.officerId = m_config.kiosk.officerId;
  m_question = 0;
}

bool KioskFlow::accept(std::initializer_list<Screen> screens) {
  if (std::find(screens.begin(), screens.end(), m_screen) == screens.end()) return false;
  m_lastInput = m_clock.now();
  return true;
}

bool KioskFlow::inCooldown() const { return m_cooldownUntil && m_clock.now() < *m_cooldownUntil; }

bool KioskFlow::start() {
  if (m_screen != Screen::Attract || inCooldown()) return false;
  accept({Screen::Attract});
  resetDraft();
  if (asksService()) m_screen = Screen::ChooseService;
  else goToFirstRating();
  return true;
}

bool KioskFlow::chooseService(std::string_view serviceId) {
  const bool known = std::any_of(m_config.services.begin(), m_config.services.end(),
                                 [&](const ServiceOption& s) { return s.id == serviceId; });
  if (!known || !accept({Screen::ChooseService})) return false;
  m_draft.serviceId = std::string(serviceId);
  goToFirstRating();
  return true;
}

bool KioskFlow::skipService() {
  if (!accept({Screen::ChooseService})) return false;
  m_draft.serviceId.clear();
  goToFirstRating();
  return true;
}

void KioskFlow::goToFirstRating() {
  m_question = 0;
  m_screen = m_survey.mode == SurveyMode::Quick ? Screen::QuickRating : Screen::SkmQuestion;
}

bool KioskFlow::rate(int score) {
  if (score < kMinScore || score > kMaxScore || !accept({Screen::QuickRating, Screen::SkmQuestion})) return false;
  if (m_screen == Screen::QuickRating) {
    m_draft.answers[std::string(kOverallCode)] = score;
    if (score > m_survey.quick.followUpAtOrBelow) m_draft.reasons.clear();  // changed their mind upwards
    if (score <= m_survey.quick.followUpAtOrBelow && !m_survey.quick.reasons.empty()) m_screen = Screen::QuickReasons;
    else afterRating();
    return true;
  }
  m_draft.answers[m_survey.elements[static_cast<std::size_t>(m_question)].code] = score;
  if (++m_question >= questionCount()) {
    m_question = questionCount() - 1;
    afterRating();
  }
  return true;
}

bool KioskFlow::skipQuestion() {
  if (!accept({Screen::SkmQuestion})) return false;
  m_draft.answers.erase(m_survey.elements[static_cast<std::size_t>(m_question)].code);
  if (++m_question >= questionCount()) {
    m_question = questionCount() - 1;
    afterRating();
  }
  return true;
}

bool KioskFlow::toggleReason(std::string_view reasonId) {
  if (!m_survey.findReason(reasonId) || !accept({Screen::QuickReasons})) return false;
  auto it = std::find(m_draft.reasons.begin(), m_draft.reasons.end(), reasonId);
  if (it != m_draft.reasons.end()) m_draft.reasons.erase(it);
  else m_draft.reasons.emplace_back(reasonId);
  return true;
}

bool KioskFlow::reasonSelected(std::string_view reasonId) const {
  return std::find(m_draft.reasons.begin(), m_draft.reasons.end(), reasonId) != m_draft.reasons.end();
}

bool KioskFlow::finishReasons() {
  if (!accept({Screen::QuickReasons})) return false;
  afterRating();
  return true;
}

void KioskFlow::afterRating() {
  if (m_config.flow.askProfile) {
    m_screen = Screen::Profile;
    m_profileStep = ProfileField::Gender;
  } else {
    submit(true);
  }
}

void KioskFlow::nextProfileStep() {
  if (m_profileStep == ProfileField::Occupation) submit(true);
  else m_profileStep = static_cast<ProfileField>(static_cast<int>(m_profileStep) + 1);
}

bool KioskFlow::setProfile(ProfileField field, std::string_view value) {
  const auto& choices = profileChoices(field);
  if (field != m_profileStep || std::find(choices.begin(), choices.end(), value) == choices.end() ||
      !accept({Screen::Profile}))
    return false;
  *profileSlot(m_draft.respondent, field) = std::string(value);
  nextProfileStep();
  return true;
}

bool KioskFlow::skipProfileQuestion() {
  if (!accept({Screen::Profile})) return false;
  profileSlot(m_draft.respondent, m_profileStep)->clear();
  nextProfileStep();
  return true;
}

std::string_view KioskFlow::profileValue(ProfileField field) const {
  return *profileSlot(m_draft.respondent, field);
}

bool KioskFlow::finishProfile() {
  if (!accept({Screen::Profile})) return false;
  submit(true);
  return true;
}

bool KioskFlow::skipProfile() {
  if (!accept({Screen::Profile})) return false;
  m_draft.respondent = {};
  submit(true);
  return true;
}

bool KioskFlow::back() {
  if (!accept({Screen::ChooseService, Screen::QuickRating, Screen::QuickReasons, Screen::SkmQuestion, Screen::Profile}))
    return false;
  switch (m_screen) {
    case Screen::ChooseService: m_screen = Screen::Attract; resetDraft(); break;
    case Screen::QuickRating:
    case Screen::SkmQuestion:
      if (m_screen == Screen::SkmQuestion && m_question > 0) {
        --m_question;
      } else if (asksService()) {
        m_screen = Screen::ChooseService;
      } else {
        m_screen = Screen::Attract;
        resetDraft();
      }
      break;
    case Screen::QuickReasons: m_screen = Screen::QuickRating; break;
    case Screen::Profile: {
      if (m_profileStep != ProfileField::Gender) {
        m_profileStep = static_cast<ProfileField>(static_cast<int>(m_profileStep) - 1);
        break;
      }
      const auto overall = m_draft.answers.find(kOverallCode);
      const bool hadReasons = m_survey.mode == SurveyMode::Quick && overall != m_draft.answers.end() &&
                              overall->second <= m_survey.quick.followUpAtOrBelow && !m_survey.quick.reasons.empty();
      m_screen = m_survey.mode == SurveyMode::Skm ? Screen::SkmQuestion
                 : hadReasons                     ? Screen::QuickReasons
                                                  : Screen::QuickRating;
      break;
    }
    default: break;
  }
  return true;
}

void KioskFlow::switchLanguage() {
  m_language = m_language == Language::Indonesian ? Language::English : Language::Indonesian;
  if (isSurveyScreen(m_screen)) m_lastInput = m_clock.now();
}

bool KioskFlow::draftComplete() const {
  if (m_survey.mode == SurveyMode::Quick) return m_draft.answers.count(kOverallCode) > 0;
  return std::all_of(m_survey.elements.begin(), m_survey.elements.end(),
                     [&](const SurveyElement& e) { return m_draft.answers.count(e.code) > 0; });
}

void KioskFlow::submit(bool finished) {
  Response r = m_draft;
  r.uuid = newUuid();
  r.clock = m_clock.stamp();
  if (!finished && !draftComplete()) r.flags |= flags::kPartial;  // walked away before the end
  const SteadyTime now = m_clock.now();
  if (m_lastSubmission && now - *m_lastSubmission < seconds(m_config.flow.rapidRepeatSeconds)) r.flags |= flags::kRapidRepeat;
  m_lastSubmission = now;
  m_toRecord = std::move(r);
  m_thankAfterRecording = finished;
  m_screen = Screen::Saving;
}

void KioskFlow::abandon() {
  // The citizen walked away. A quick rating already given, or all nine SKM answers, is a
  // complete response; some SKM answers are partial (kept or discarded by config).
  const bool anything = !m_draft.answers.empty();
  const bool keep = draftComplete() || m_config.flow.partial == PartialPolicy::Keep;
  if (anything && keep) {
    submit(false);
  } else {
    m_screen = Screen::Attract;
    resetDraft();
  }
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
    // Never thank for a rating that was not kept: stay out of service and, every
    // kRetryInterval, offer the same response again (same UUID, so it is never counted twice).
    m_lastError = outcome.error();
    m_screen = Screen::OutOfService;
    m_screenDeadline = now + kRetryInterval;
    return;
  }
  m_lastError.reset();
  m_recording.reset();
  resetDraft();
  m_cooldownUntil = now + seconds(m_config.flow.cooldownSeconds);
  if (m_thankAfterRecording) {
    m_screen = Screen::ThankYou;
    m_screenDeadline = now + seconds(m_config.flow.thankYouSeconds);
  } else {
    m_screen = Screen::Attract;
  }
}

void KioskFlow::tick() {
  const SteadyTime now = m_clock.now();
  if (isSurveyScreen(m_screen) && now - m_lastInput >= seconds(m_config.flow.idleTimeoutSeconds)) abandon();
  else if (m_screen == Screen::ThankYou && now >= m_screenDeadline) m_screen = Screen::Attract;
  else if (m_screen == Screen::OutOfService && now >= m_screenDeadline && m_recording && !m_toRecord) {
    m_toRecord = std::move(m_recording);
    m_recording.reset();
    m_screenDeadline = now + kRetryInterval;
  }
}

std::optional<milliseconds> KioskFlow::timeUntilNextDeadline() const {
  const SteadyTime now = m_clock.now();
  std::optional<SteadyTime> deadline;
  if (isSurveyScreen(m_screen)) deadline = m_lastInput + seconds(m_config.flow.idleTimeoutSeconds);
  else if (m_screen == Screen::ThankYou || m_screen == Screen::OutOfService) deadline = m_screenDeadline;
  if (m_screen == Screen::Attract && inCooldown()) deadline = *m_cooldownUntil;
  if (!deadline) return std::nullopt;
  return std::max(milliseconds(0), duration_cast<milliseconds>(*deadline - now) + milliseconds(1));
}

}  // namespace suara::kiosk
