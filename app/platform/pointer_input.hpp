#pragma once
// Pointer input for Dear ImGui 1.86 from SDL finger and mouse events.
//
// Why not the SDL backend's own mouse handling: it ORs a latched press with
// SDL_GetMouseState() every frame and calls SDL_CaptureMouse(), which on Linux leaves touch
// input stuck after the first tap when touches arrive as emulated mouse events. And 1.86 has
// no input queue, so a tap whose down and up land in the same frame would be lost. Here every
// press and release is queued and applied one transition per frame.

#include <SDL2/SDL.h>

#include <deque>

namespace suara::kiosk {

class PointerInput {
 public:
  // Consumes pointer events (finger, mouse button, mouse motion); returns false for others.
  bool handle(const SDL_Event& event, int windowWidth, int windowHeight);
  // Applies queued input up to and including the next press/release. Call once per frame
  // after the backend's NewFrame (it overrides io.MousePos / io.MouseDown[0]). While
  // `acceptPresses` is false (the flow's input guard after a new view), a press that begins
  // is cancelled whole: neither it nor its release reaches ImGui.
  void applyToImGui(bool acceptPresses = true);
  bool hasQueuedInput() const { return !m_queue.empty(); }
  // The screen changed under a press: it must not activate anything on the new screen. ImGui
  // sees the pointer lifted off-screen (no click), and the rest of that press is dropped.
  void cancelPress();

 private:
  struct Step {
    float x, y;
    bool down;
    bool transition;  // a press or release (as opposed to a move)
  };
  std::deque<Step> m_queue;
  float m_x = -3.4e38f, m_y = -3.4e38f;  // off screen until the first event
  bool m_down = false;
  bool m_cancelled = false;  // the current press was cancelled: drop its steps up to its release
  SDL_FingerID m_finger = -1;  // the finger driving the pointer; others are ignored
};

}  // namespace suara::kiosk
