#pragma once
// Touch widgets drawn with ImGui's draw list, and the registry of where each named widget
// was drawn (tests and the screenshot tool tap widgets by name).

#include <imgui.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "ui/theme.hpp"

namespace suara::kiosk {

// Where each named widget was drawn in the last frame. Cleared at the start of every frame.
class WidgetRegistry {
 public:
  void clear() { m_rects.clear(); }
  void add(std::string name, ImVec2 min, ImVec2 max) { m_rects[std::move(name)] = {min, max}; }
  std::optional<std::pair<ImVec2, ImVec2>> find(std::string_view name) const;
  const std::map<std::string, std::pair<ImVec2, ImVec2>, std::less<>>& all() const { return m_rects; }

 private:
  std::map<std::string, std::pair<ImVec2, ImVec2>, std::less<>> m_rects;
};

enum class ButtonStyle { Plain, Primary, Quiet };

struct Ui {
  const Theme& theme;
  WidgetRegistry& widgets;

  // A rectangular button; returns true when tapped. The text wraps to fit and is centred.
  bool button(std::string name, ImVec2 pos, ImVec2 size, std::string_view label, ButtonStyle style = ButtonStyle::Plain,
              ImFont* font = nullptr);
  // One answer of a single-choice question: tapping it answers and moves on, so it has no
  // check box; the earlier answer, if any, shows a tick, a thick outline and bold text.
  bool choice(std::string name, ImVec2 pos, ImVec2 size, std::string_view label, bool selected);
  // A choice of several that can be selected: shows a check box as well as a colour change.
  bool toggle(std::string name, ImVec2 pos, ImVec2 size, std::string_view label, bool selected);
  // A face for score 1..4 with its label underneath, inside a tappable card. Cards of one
  // row pass the same `labelHeight` (the tallest label's) so that their faces match.
  bool faceCard(std::string name, ImVec2 pos, ImVec2 size, int score, std::string_view label, bool selected,
                float labelHeight);
  // Height of a face card's label at card width `cardWidth`.
  float faceLabelHeight(std::string_view label, float cardWidth) const;
  // A score answer for an SKM question: small face on the left, official label on the right.
  bool answerRow(std::string name, ImVec2 pos, ImVec2 size, int score, std::string_view label, bool selected);

  // Text helpers (positions are the top-left of the text block).
  float textHeight(ImFont* font, std::string_view text, float wrapWidth) const;
  void text(ImFont* font, ImVec2 pos, std::string_view text, ImU32 colour, float wrapWidth = 0.f) const;
  void textCentred(ImFont* font, float centreX, float y, std::string_view text, ImU32 colour, float wrapWidth) const;

  void drawFace(ImVec2 centre, float radius, int score) const;
  // A choice's background: pressed, selected (tinted, thick outline) or plain.
  void drawCard(ImVec2 pos, ImVec2 size, bool held, bool selected) const;
  void drawCheck(ImVec2 min, float size, bool checked) const;
};

}  // namespace suara::kiosk
