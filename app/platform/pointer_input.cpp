#include "platform/pointer_input.hpp"

#include <imgui.h>

#include <cfloat>

namespace suara::kiosk {

bool PointerInput::handle(const SDL_Event& e, int width, int height) {
  const bool lastDown = m_queue.empty() ? m_down : m_queue.back().down;
  switch (e.type) {
    case SDL_FINGERDOWN:
      // A newer finger takes over: the press of one resting on the screen is cancelled (an
      // off-screen release clicks nothing), so a thumb on the glass never blocks a tap and
      // never taps when it lifts.
      if (m_finger != -1) m_queue.push_back({-FLT_MAX, -FLT_MAX, false, true});
      m_finger = e.tfinger.fingerId;
      m_queue.push_back({e.tfinger.x * static_cast<float>(width), e.tfinger.y * static_cast<float>(height), true, true});
      return true;
    case SDL_FINGERMOTION:
      if (e.tfinger.fingerId == m_finger)
        m_queue.push_back({e.tfinger.x * static_cast<float>(width), e.tfinger.y * static_cast<float>(height), true, false});
      return true;
    case SDL_FINGERUP:
      if (e.tfinger.fingerId != m_finger) return true;
      m_finger = -1;
      m_queue.push_back({e.tfinger.x * static_cast<float>(width), e.tfinger.y * static_cast<float>(height), false, true});
      // A lifted finger is nowhere: the frame after the release, nothing stays "hovered".
      m_queue.push_back({-FLT_MAX, -FLT_MAX, false, false});
      return true;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
      if (e.button.which == SDL_TOUCH_MOUSEID || e.button.button != SDL_BUTTON_LEFT) return true;
      m_queue.push_back({static_cast<float>(e.button.x), static_cast<float>(e.button.y), e.type == SDL_MOUSEBUTTONDOWN, true});
      return true;
    case SDL_MOUSEMOTION:
      if (e.motion.which == SDL_TOUCH_MOUSEID) return true;
      m_queue.push_back({static_cast<float>(e.motion.x), static_cast<float>(e.motion.y), lastDown, false});
      return true;
    default: return false;
  }
}

void PointerInput::cancelPress() {
  const bool pressed = m_queue.empty() ? m_down : m_queue.back().down;
  if (!m_down && !pressed) return;
  m_cancelled = true;
  m_down = false;
  m_x = m_y = -FLT_MAX;
}

void PointerInput::applyToImGui(bool acceptPresses) {
  while (!m_queue.empty()) {
    const Step step = m_queue.front();
    m_queue.pop_front();
    if (m_cancelled) {  // the rest of a cancelled press: nothing reaches ImGui
      if (step.transition && !step.down) m_cancelled = false;
      continue;
    }
    if (step.transition && step.down && !acceptPresses) {  // begun inside the input guard
      m_cancelled = true;
      continue;
    }
    m_x = step.x;
    m_y = step.y;
    if (step.transition) {
      m_down = step.down;
      break;  // one press or release per frame, so ImGui sees every click
    }
  }
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(m_x, m_y);
  io.MouseDown[0] = m_down;
}

}  // namespace suara::kiosk
