#include "platform/window.hpp"

#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>
#include <stb_image_write.h>

#include <SDL2/SDL_opengl.h>

#include <cstring>

namespace suara::kiosk {

namespace {
Uint32 wakeEventType() {
  static const Uint32 type = SDL_RegisterEvents(1);
  return type;
}
}  // namespace

Result<std::unique_ptr<Window>> Window::open(const WindowOptions& options) {
  // Touches arrive as finger events only; mice as mouse events only (see pointer_input.hpp).
  SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
  SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
  SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0)
    return makeError(Errc::Io, std::string("cannot start the display (SDL): ") + SDL_GetError());
  // With no X11, Wayland or KMS display SDL falls back to an invisible surface: a kiosk that
  // nobody can see. Only run on one when asked to (tests, screenshots).
  const std::string chosen = SDL_GetCurrentVideoDriver() ? SDL_GetCurrentVideoDriver() : "";
  const char* asked = SDL_getenv("SDL_VIDEODRIVER");
  if ((chosen == "offscreen" || chosen == "dummy") && !(asked && chosen == asked)) {
    SDL_Quit();
    return makeError(Errc::NotFound,
                     "no display found (X11, Wayland or KMS); set SDL_VIDEODRIVER=offscreen to run without one");
  }

  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);

  std::unique_ptr<Window> w(new Window());
  Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI;
  int width = 1280, height = 800;
  if (options.windowed) {
    std::tie(width, height) = *options.windowed;
  } else {
    flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
  }
  w->m_window = SDL_CreateWindow(options.title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, width, height, flags);
  if (!w->m_window) return makeError(Errc::Io, std::string("cannot open the kiosk window: ") + SDL_GetError());
  w->m_gl = SDL_GL_CreateContext(w->m_window);
  if (!w->m_gl) return makeError(Errc::Io, std::string("cannot create an OpenGL context: ") + SDL_GetError());
  SDL_GL_MakeCurrent(w->m_window, w->m_gl);
  SDL_GL_SetSwapInterval(1);
  SDL_GL_GetDrawableSize(w->m_window, &w->m_width, &w->m_height);
  if (SDL_GetWindowFlags(w->m_window) & SDL_WINDOW_FULLSCREEN_DESKTOP) SDL_ShowCursor(SDL_DISABLE);

  const std::string driver = SDL_GetCurrentVideoDriver() ? SDL_GetCurrentVideoDriver() : "";
  w->m_nativeWait = driver == "x11" || driver == "wayland";

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // a kiosk has no layout to remember
  io.LogFilename = nullptr;
  ImGui_ImplSDL2_InitForOpenGL(w->m_window, w->m_gl);
  ImGui_ImplOpenGL3_Init("#version 130");
  wakeEventType();
  return w;
}

Window::~Window() {
  if (m_gl) {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
    SDL_GL_DeleteContext(m_gl);
  }
  if (m_window) SDL_DestroyWindow(m_window);
  SDL_Quit();
}

std::optional<SDL_Event> Window::pollEvent() {
  SDL_Event e;
  if (SDL_PollEvent(&e)) return e;
  return std::nullopt;
}

std::optional<SDL_Event> Window::waitEvent(int timeoutMs) {
  SDL_Event e;
  if (m_nativeWait) {
    if (SDL_WaitEventTimeout(&e, timeoutMs < 0 ? 24 * 3600 * 1000 : timeoutMs)) return e;
    return std::nullopt;
  }
  const Uint64 start = SDL_GetTicks64();
  for (;;) {
    if (SDL_PollEvent(&e)) return e;
    const Uint64 waited = SDL_GetTicks64() - start;
    if (timeoutMs >= 0 && waited >= static_cast<Uint64>(timeoutMs)) return std::nullopt;
    const Uint64 left = timeoutMs < 0 ? 10 : static_cast<Uint64>(timeoutMs) - waited;
    SDL_Delay(static_cast<Uint32>(left < 10 ? left : 10));
  }
}

void Window::wake() {
  SDL_Event e{};
  e.type = wakeEventType();
  SDL_PushEvent(&e);  // thread-safe
}

void Window::handleEvent(const SDL_Event& event) {
  if (m_pointer.handle(event, m_width, m_height)) return;
  if (event.type == SDL_WINDOWEVENT && event.window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
    SDL_GL_GetDrawableSize(m_window, &m_width, &m_height);
  ImGui_ImplSDL2_ProcessEvent(&event);
}

void Window::beginFrame(bool acceptPresses) {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  m_pointer.applyToImGui(acceptPresses);
  ImGui::NewFrame();
}

void Window::render() {
  ImGui::Render();
  glViewport(0, 0, m_width, m_height);
  glClearColor(0.f, 0.f, 0.f, 1.f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void Window::endFrame() {
  render();
  SDL_GL_SwapWindow(m_window);
}

std::vector<std::uint8_t> Window::renderToPixels() {
  render();
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(m_width) * static_cast<std::size_t>(m_height) * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, m_width, m_height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  // OpenGL's rows start at the bottom; images start at the top.
  const std::size_t row = static_cast<std::size_t>(m_width) * 4;
  std::vector<std::uint8_t> line(row);
  for (int y = 0; y < m_height / 2; ++y) {
    std::uint8_t* a = pixels.data() + static_cast<std::size_t>(y) * row;
    std::uint8_t* b = pixels.data() + static_cast<std::size_t>(m_height - 1 - y) * row;
    std::memcpy(line.data(), a, row);
    std::memcpy(a, b, row);
    std::memcpy(b, line.data(), row);
  }
  SDL_GL_SwapWindow(m_window);
  return pixels;
}

Status Window::savePng(const std::filesystem::path& file) {
  const auto pixels = renderToPixels();
  if (!stbi_write_png(file.c_str(), m_width, m_height, 4, pixels.data(), m_width * 4))
    return makeError(Errc::Io, "cannot write screenshot '" + file.string() + "'");
  return {};
}

}  // namespace suara::kiosk
