#include "kiosk_app.hpp"

#include <cmath>
#include <iostream>

#include "cli/kiosk_paths.hpp"
#include "suara/core/service_manager.hpp"


namespace suara::kiosk {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {
// The attract screen's breathing ring: one 2-second breath every 30 seconds at 5 frames per
// second. A frame costs ~15 ms of CPU with software rendering at 1280x800, so continuous
// animation could not stay within 1% of a core; a periodic pulse does (kiosk_bench).
constexpr auto kPulseEvery = 30s;
constexpr auto kPulseLength = 2s;
constexpr auto kPulseFrameInterval = 200ms;
// A new view slides in over this long (at most the input guard, so taps never land on a
// moving target), at the display's frame rate.
constexpr auto kEnterLength = 250ms;
constexpr auto kEnterFrameInterval = 16ms;

// Position within the current pulse (0..1), or nothing between pulses.
std::optional<float> pulsePhase(SteadyTime now) {
  const auto intoCycle = now.time_since_epoch() % std::chrono::duration_cast<std::chrono::steady_clock::duration>(kPulseEvery);
  if (intoCycle >= kPulseLength) return std::nullopt;
  return std::chrono::duration<float>(intoCycle) / std::chrono::duration<float>(kPulseLength);
}

std::chrono::milliseconds untilNextPulseFrame(SteadyTime now) {
  const auto every = std::chrono::duration_cast<std::chrono::steady_clock::duration>(kPulseEvery);
  const auto intoCycle = now.time_since_epoch() % every;
  if (intoCycle >= kPulseLength)  // resting: sleep until the next pulse begins
    return std::chrono::ceil<std::chrono::milliseconds>(every - intoCycle);
  // In a pulse: the next step, or the end of the pulse (to draw the ring at rest).
  return std::min(kPulseFrameInterval, std::chrono::ceil<std::chrono::milliseconds>(kPulseLength - intoCycle));
}
}  // namespace

Result<std::unique_ptr<KioskApp>> KioskApp::create(const KioskOptions& options, const FlowClock& clock) {
  std::unique_ptr<KioskApp> app(new KioskApp());
  app->m_clock = &clock;

  KioskConfig config;
  auto loaded = loadKioskConfig(options.configFile);
  if (loaded) {
    config = std::move(*loaded);
    app->m_configured = true;
  } else if (loaded.error().code != Errc::NotFound || options.configRequired) {
    return loaded.error();  // a broken config is an error, never silently the defaults
  }
  auto survey = loadSurveyById(options.assetsDir / "surveys", config.kiosk.survey);
  if (!survey) return survey.error();
  auto strings = Translations::load(options.assetsDir / "i18n");
  if (!strings) return strings.error();
  app->m_strings = std::move(*strings);

  std::error_code ec;
  fs::create_directories(options.dataDir, ec);
  auto store = LocalStore::open(options.dataDir / "suara.db", storeOptionsFor(config));
  if (!store) return store.error();
  app->m_store = std::move(*store);

  auto window = Window::open(options.window);
  if (!window) return window.error();
  app->m_window = std::move(*window);
  auto theme = Theme::create(static_cast<float>(app->m_window->width()), static_cast<float>(app->m_window->height()));
  if (!theme) return theme.error();
  app->m_theme = *theme;

  app->m_flow = std::make_unique<KioskFlow>(config, std::move(*survey), clock);
  app->m_dataDir = options.dataDir;
  app->adoptEnrollment();
  app->m_recorder = std::make_unique<RecordWorker>(*app->m_store, [] { Window::wake(); });
  return app;
}

KioskApp::~KioskApp() = default;

void KioskApp::adoptEnrollment() {
  auto enrollment = sync::loadEnrollment(m_dataDir);
  if (!enrollment) {
    if (enrollment.error().code != Errc::NotFound)
      std::cerr << "suara-kiosk: " << enrollment.error().message << " (ratings are kept; sync is off)\n";
    return;
  }
  std::string identity = enrollment->kioskId + '\n' + enrollment->hubUrl + '\n' + enrollment->token;
  if (m_sync && identity == m_enrolledAs) return;
  if (m_sync) std::cerr << "suara-kiosk: enrolment changed; syncing as " << enrollment->kioskId << " now\n";
  m_sync.reset();  // the old enrolment's worker ends its pass and stops before the new one starts
  sync::SyncSettings settings = sync::syncSettingsFor(m_flow->config(), std::move(*enrollment), m_dataDir);
  settings.onPassDone = [] { Window::wake(); };
  m_sync = std::make_unique<sync::SyncWorker>(*m_store, std::move(settings));
  m_sync->start();
  m_enrolledAs = std::move(identity);
}

void KioskApp::handle(const SDL_Event& event) {
  if (event.type == SDL_QUIT) m_quit = true;
  if (event.type == SDL_KEYDOWN && event.key.keysym.sym == SDLK_q && (event.key.keysym.mod & KMOD_CTRL)) m_quit = true;
  if (event.type == SDL_WINDOWEVENT) {
    if (event.window.event == SDL_WINDOWEVENT_HIDDEN || event.window.event == SDL_WINDOWEVENT_MINIMIZED) m_visible = false;
    if (event.window.event == SDL_WINDOWEVENT_SHOWN || event.window.event == SDL_WINDOWEVENT_RESTORED ||
        event.window.event == SDL_WINDOWEVENT_EXPOSED)
      m_visible = true;
  }
  m_window->handleEvent(event);
  m_framesWanted = std::max(m_framesWanted, 3);
}

bool KioskApp::animating() const { return m_visible && m_flow->screen() == Screen::Attract && !m_flow->inCooldown(); }

float KioskApp::entering() const {
  const auto length = std::min<std::chrono::milliseconds>(kEnterLength, std::chrono::milliseconds(m_flow->config().flow.inputGuardMs));
  const auto since = m_clock->now() - m_flow->viewStartedAt();
  if (length.count() <= 0 || since >= length) return 1.f;
  return std::chrono::duration<float>(since) / std::chrono::duration<float>(length);
}

void KioskApp::noticeViewChange() {
  if (m_flow->view() == m_seenView) return;
  m_seenView = m_flow->view();
  m_window->cancelPress();  // a finger still down from the last view taps nothing on this one
  m_framesWanted = std::max(m_framesWanted, 2);
}

void KioskApp::frame() {
  drawFrame();
  m_window->endFrame();
}

void KioskApp::drawFrame() {
  while (auto outcome = m_recorder->takeResult()) {  // every outcome, oldest first
    if (!*outcome) std::cerr << "suara-kiosk: cannot record a rating: " << outcome->error().message << "\n";
    else if (m_sync) m_sync->requestSync();  // send it soon; the worker batches whatever is pending
    m_flow->recorded(*outcome);
  }
  if (m_syncAsked.exchange(false)) {
    adoptEnrollment();
    if (m_sync) m_sync->requestSync();
  }
  m_flow->tick();
  if (auto response = m_flow->takeResponseToRecord()) m_recorder->submit(std::move(*response));
  noticeViewChange();

  const Language language = m_flow->language();
  const float phase = animating() ? pulsePhase(m_clock->now()).value_or(0.f) : 0.f;

  m_window->beginFrame(!m_flow->inputGuarded());
  m_widgets.clear();
  Ui ui{m_theme, m_widgets};
  std::optional<sync::SyncStatus> syncStatus;
  if (m_sync) syncStatus = m_sync->status();
  ScreenContext ctx{*m_flow, m_strings, ui, m_theme, m_configured, phase, entering(), syncStatus ? &*syncStatus : nullptr};
  drawCurrentScreen(ctx);
  ++m_framesDrawn;
  if (m_framesWanted > 0) --m_framesWanted;
  // A new view or language must be drawn at least once more with its own layout.
  noticeViewChange();
  if (m_flow->language() != language) m_framesWanted = std::max(m_framesWanted, 2);
  if (m_window->hasQueuedInput()) m_framesWanted = std::max(m_framesWanted, 1);
  if (auto response = m_flow->takeResponseToRecord()) m_recorder->submit(std::move(*response));
}

int KioskApp::waitTimeoutMs() const {
  if (m_framesWanted > 0 || m_window->hasQueuedInput()) return 0;
  std::optional<std::chrono::milliseconds> wait = m_flow->timeUntilNextDeadline();
  if (entering() < 1.f) return static_cast<int>(kEnterFrameInterval.count());
  if (animating()) {
    const auto untilFrame = untilNextPulseFrame(m_clock->now());
    wait = std::min(wait.value_or(untilFrame), untilFrame);
  }
  return wait ? static_cast<int>(wait->count()) : -1;  // -1: nothing to do until an event
}

int KioskApp::run() {
  // Under systemd (suara-kiosk.service, WatchdogSec=) the frame loop itself says it is alive:
  // a UI hung anywhere in drawing, input or a wait stops the pings and systemd restarts it.
  // Idle, the loop then wakes every half interval instead of never: one cheap frame.
  const auto watchdog = watchdogInterval();
  const int pingEveryMs = watchdog ? static_cast<int>(std::max<std::int64_t>(watchdog->count() / 2000, 50)) : -1;
  auto lastPing = std::chrono::steady_clock::now();
  bool toldReady = false;
  while (!m_quit) {
    int timeout = waitTimeoutMs();
    if (pingEveryMs > 0 && (timeout < 0 || timeout > pingEveryMs)) timeout = pingEveryMs;
    if (auto event = m_window->waitEvent(timeout)) {
      handle(*event);
      while (auto more = m_window->pollEvent()) handle(*more);
    }
    frame();  // after every wake-up: input, a flow deadline, an animation step or a recording outcome
    if (!toldReady) notifyReady("showing the rating screen"), toldReady = true;
    if (pingEveryMs > 0 && std::chrono::steady_clock::now() - lastPing >= std::chrono::milliseconds(pingEveryMs)) {
      notifyWatchdog();
      lastPing = std::chrono::steady_clock::now();
    }
  }
  notifyStopping();
  return 0;
}

void KioskApp::settle() {
  for (int guard = 0; guard < 1000; ++guard) {
    while (auto event = m_window->pollEvent()) handle(*event);
    if (m_recorder->busy()) {
      m_recorder->waitIdle();
      m_framesWanted = std::max(m_framesWanted, 1);
    }
    if (m_framesWanted == 0 && !m_window->hasQueuedInput() && !m_recorder->busy()) return;
    frame();
  }
}

bool KioskApp::tap(std::string_view widget) {
  settle();  // the widget rectangles must be those of the screen as it is now
  const auto rect = m_widgets.find(widget);
  if (!rect) return false;
  const SDL_FingerID finger = m_nextFinger++;
  touch(SDL_FINGERDOWN, finger, *rect);
  touch(SDL_FINGERUP, finger, *rect);
  settle();
  return true;
}

void KioskApp::touch(Uint32 type, SDL_FingerID finger, const std::pair<ImVec2, ImVec2>& rect) const {
  SDL_Event e{};
  e.type = type;
  e.tfinger.touchId = 1;
  e.tfinger.fingerId = finger;
  e.tfinger.x = (rect.first.x + rect.second.x) / 2 / static_cast<float>(m_window->width());
  e.tfinger.y = (rect.first.y + rect.second.y) / 2 / static_cast<float>(m_window->height());
  e.tfinger.pressure = 1.f;
  SDL_PushEvent(&e);
}

Status KioskApp::screenshot(const fs::path& file) {
  drawFrame();
  return m_window->savePng(file);
}

}  // namespace suara::kiosk
