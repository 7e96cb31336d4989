#pragma once
// KioskApp: the running kiosk — window, flow, store, strings and the render-on-demand loop.
// Used by main (run()), by the UI tests and by the screenshot tool (frame(), tap()).
// Not thread-safe: everything runs on the UI thread except the RecordWorker.

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <string_view>

#include "kiosk_flow.hpp"
#include "platform/window.hpp"
#include "record_worker.hpp"
#include "sync_worker.hpp"
#include "suara/core/i18n.hpp"
#include "suara/core/local_store.hpp"
#include "ui/screen_context.hpp"
#include "ui/theme.hpp"

namespace suara::kiosk {

struct KioskOptions {
  std::filesystem::path dataDir;
  std::filesystem::path configFile;
  bool configRequired = false;  // true when the operator named the file explicitly
  std::filesystem::path assetsDir;
  WindowOptions window;
};

class KioskApp {
 public:
  static Result<std::unique_ptr<KioskApp>> create(const KioskOptions& options, const FlowClock& clock);
  ~KioskApp();

  int run();  // until the window is closed (or Ctrl+Q)

  // One frame: deliver recording outcomes, advance time, draw and present. Events are
  // handled before (run(), settle()).
  void frame();
  // Handles all queued events and draws frames until nothing is left to show: queued input
  // applied, recording finished (waited for, not slept on), screen settled.
  void settle();
  // Taps the named widget of the last frame with an SDL finger event; false if not on screen.
  bool tap(std::string_view widget);
  // Queues one SDL finger event (down, motion or up) at the centre of `rect`, in window pixels,
  // as a touchscreen would deliver it (tests, screenshots and benchmarks).
  void touch(Uint32 type, SDL_FingerID finger, const std::pair<ImVec2, ImVec2>& rect) const;
  Status screenshot(const std::filesystem::path& file);

  KioskFlow& flow() { return *m_flow; }
  LocalStore& store() { return *m_store; }
  sync::SyncWorker* syncWorker() { return m_sync.get(); }  // null when not enrolled
  // Thread-safe (the SIGUSR1 waiter calls it, for `sync-now` and `enroll`): sync soon, and
  // first take up an enrolment made or changed while the kiosk runs. Done on the main thread's
  // next turn, which owns the sync worker.
  void requestSync() {
    m_syncAsked.store(true);
    Window::wake();
  }
  const WidgetRegistry& widgets() const { return m_widgets; }
  Window& window() { return *m_window; }
  const Theme& theme() const { return m_theme; }
  std::uint64_t framesDrawn() const { return m_framesDrawn; }

 private:
  KioskApp() = default;
  void handle(const SDL_Event& event);
  void drawFrame();  // everything of frame() but presenting
  bool animating() const;
  float entering() const;        // how far the current view has slid in, 0..1
  void noticeViewChange();       // after the flow may have moved on: cancel a held press
  int waitTimeoutMs() const;
  // Starts the sync worker for the data directory's enrolment, or replaces it when that
  // enrolment has changed; without one, sync stays off and ratings wait.
  void adoptEnrollment();

  std::unique_ptr<Window> m_window;
  std::unique_ptr<LocalStore> m_store;
  std::unique_ptr<RecordWorker> m_recorder;
  std::unique_ptr<sync::SyncWorker> m_sync;  // declared after the store it uses
  std::string m_enrolledAs;                  // the enrolment m_sync runs with (kiosk, hub, token)
  std::filesystem::path m_dataDir;
  std::atomic<bool> m_syncAsked{false};
  std::unique_ptr<KioskFlow> m_flow;
  Translations m_strings;
  Theme m_theme;
  WidgetRegistry m_widgets;
  const FlowClock* m_clock = nullptr;
  bool m_configured = false;
  bool m_visible = true;
  bool m_quit = false;
  int m_framesWanted = 2;  // frames still to draw after a change (hover/press states settle)
  std::uint64_t m_framesDrawn = 0;
  SDL_FingerID m_nextFinger = 1;
  std::uint64_t m_seenView = 0;
};

}  // namespace suara::kiosk
