#pragma once
// The kiosk's window: SDL2 + OpenGL 3 + Dear ImGui (its SDL and OpenGL3 backends). All
// platform and renderer glue lives here; screens only call ImGui. Runs headless with
// SDL_VIDEODRIVER=offscreen (Mesa). Not thread-safe: the UI thread owns it.

#include <SDL2/SDL.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "platform/pointer_input.hpp"
#include "suara/core/result.hpp"

struct ImFont;

namespace suara::kiosk {

struct WindowOptions {
  std::optional<std::pair<int, int>> windowed;  // WxH; fullscreen when absent
  std::string title = "Suara";
};

class Window {
 public:
  static Result<std::unique_ptr<Window>> open(const WindowOptions& options);
  ~Window();
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  int width() const { return m_width; }
  int height() const { return m_height; }

  // Waits up to timeoutMs (-1: forever) for an event. Returns it, or nothing on timeout.
  // Drivers with native waiting (x11, wayland) sleep in the kernel; others are polled every
  // 10 ms, not every 1 ms as SDL would, to keep an idle kiosk near zero CPU.
  std::optional<SDL_Event> waitEvent(int timeoutMs);
  std::optional<SDL_Event> pollEvent();
  // Routes an event to the pointer queue or the ImGui backend; tracks size changes.
  void handleEvent(const SDL_Event& event);
  bool hasQueuedInput() const { return m_pointer.hasQueuedInput(); }
  void cancelPress() { m_pointer.cancelPress(); }

  void beginFrame(bool acceptPresses = true);  // see PointerInput::applyToImGui
  // Ends the frame begun by beginFrame() with one of: endFrame (render, present),
  // renderToPixels (render, read back as RGBA rows top first, present) or savePng.
  void endFrame();
  std::vector<std::uint8_t> renderToPixels();
  Status savePng(const std::filesystem::path& file);

  // Wakes waitEvent() from another thread.
  static void wake();

 private:
  Window() = default;
  void render();

  SDL_Window* m_window = nullptr;
  SDL_GLContext m_gl = nullptr;
  int m_width = 0, m_height = 0;
  bool m_nativeWait = false;
  PointerInput m_pointer;
};

}  // namespace suara::kiosk
