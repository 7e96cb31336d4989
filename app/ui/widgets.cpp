#include "ui/widgets.hpp"

#include <algorithm>
#include <vector>

namespace suara::kiosk {

namespace {

// Splits `text` into the lines ImGui's word wrap would produce at `wrapWidth`.
std::vector<std::string_view> wrapLines(ImFont* font, std::string_view text, float wrapWidth) {
  std::vector<std::string_view> lines;
  const char* begin = text.data();
  const char* end = begin + text.size();
  while (begin < end) {
    const char* cut = wrapWidth > 0 ? font->CalcWordWrapPositionA(1.0f, begin, end, wrapWidth) : end;
    // ImGui cuts an over-long word anywhere; "Pelajar/mahasiswa" should break after its slash.
    if (cut < end && cut > begin && *cut != ' ' && cut[-1] != ' ') {
      const char* slash = cut;
      while (slash > begin && slash[-1] != '/' && slash[-1] != ' ') --slash;
      if (slash > begin && slash[-1] == '/') cut = slash;
    }
    if (cut == begin) cut = begin + 1;  // a single over-long word: still advance
    const char* newline = std::find(begin, cut, '\n');
    if (newline < cut) cut = newline;
    std::string_view line(begin, static_cast<std::size_t>(cut - begin));
    while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
    lines.push_back(line);
    begin = cut;
    while (begin < end && (*begin == ' ' || *begin == '\n')) ++begin;
  }
  return lines;
}

float lineWidth(ImFont* font, std::string_view line) {
  return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.f, line.data(), line.data() + line.size()).x;
}

// The lines of `text` wrapped as evenly as the same number of lines allows: the narrowest
// width that still needs no more lines than `wrapWidth` does. Without this a long prompt
// leaves one orphaned word on its last line.
std::vector<std::string_view> balancedLines(ImFont* font, std::string_view text, float wrapWidth) {
  std::vector<std::string_view> lines = wrapLines(font, text, wrapWidth);
  if (lines.size() < 2 || wrapWidth <= 0) return lines;
  // Never narrower than the widest word: a word is never split to balance the lines.
  float widestWord = 0;
  for (std::size_t begin = 0; begin < text.size();) {
    const std::size_t end = std::min(text.find_first_of(" /", begin), text.size());
    widestWord = std::max(widestWord, lineWidth(font, text.substr(begin, end - begin)));
    begin = end + 1;
  }
  float low = std::max(wrapWidth / static_cast<float>(lines.size()), widestWord + 1), high = wrapWidth;
  if (low >= high) return lines;
  for (int step = 0; step < 10 && high - low > 1.f; ++step) {
    const float mid = (low + high) / 2;
    if (wrapLines(font, text, mid).size() <= lines.size()) high = mid;
    else low = mid;
  }
  return wrapLines(font, text, high);
}

}  // namespace

std::optional<std::pair<ImVec2, ImVec2>> WidgetRegistry::find(std::string_view name) const {
  const auto it = m_rects.find(name);
  if (it == m_rects.end()) return std::nullopt;
  return it->second;
}

float Ui::textHeight(ImFont* font, std::string_view text, float wrapWidth) const {
  return static_cast<float>(wrapLines(font, text, wrapWidth).size()) * font->FontSize;
}

void Ui::text(ImFont* font, ImVec2 pos, std::string_view text, ImU32 colour, float wrapWidth) const {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (const auto line : balancedLines(font, text, wrapWidth)) {
    draw->AddText(font, font->FontSize, pos, colour, line.data(), line.data() + line.size());
    pos.y += font->FontSize;
  }
}

void Ui::textCentred(ImFont* font, float centreX, float y, std::string_view text, ImU32 colour, float wrapWidth) const {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (const auto line : balancedLines(font, text, wrapWidth)) {
    draw->AddText(font, font->FontSize, ImVec2(centreX - lineWidth(font, line) / 2, y), colour, line.data(),
                  line.data() + line.size());
    y += font->FontSize;
  }
}

namespace {
// The hit area of a widget; registers it and reports (tapped, held).
std::pair<bool, bool> hitArea(WidgetRegistry& widgets, const std::string& name, ImVec2 pos, ImVec2 size) {
  ImGui::SetCursorScreenPos(pos);
  const bool tapped = ImGui::InvisibleButton(name.c_str(), size);
  widgets.add(name, pos, ImVec2(pos.x + size.x, pos.y + size.y));
  return {tapped, ImGui::IsItemActive()};
}
}  // namespace

bool Ui::button(std::string name, ImVec2 pos, ImVec2 size, std::string_view label, ButtonStyle style, ImFont* font) {
  size.y = std::max(size.y, theme.minTarget);
  size.x = std::max(size.x, theme.minTarget);
  const auto [tapped, held] = hitArea(widgets, name, pos, size);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 max(pos.x + size.x, pos.y + size.y);
  ImU32 fill = theme.surface, ink = theme.text;
  if (style == ButtonStyle::Primary) fill = theme.accent, ink = theme.accentText;
  if (style == ButtonStyle::Quiet) fill = theme.background, ink = theme.accent;
  if (held) fill = style == ButtonStyle::Primary ? theme.accentPressed : theme.surfacePressed;
  draw->AddRectFilled(pos, max, fill, theme.rounding);
  draw->AddRect(pos, max, style == ButtonStyle::Primary ? fill : theme.outline, theme.rounding, 0, std::max(2.f, theme.unit / 12));
  ImFont* f = font ? font : theme.bodyBold;
  const float wrap = size.x - 2 * theme.pad;
  const float h = textHeight(f, label, wrap);
  textCentred(f, pos.x + size.x / 2, pos.y + (size.y - h) / 2, label, ink, wrap);
  return tapped;
}

void Ui::drawCheck(ImVec2 min, float size, bool checked) const {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 max(min.x + size, min.y + size);
  const float stroke = std::max(2.f, size / 9);
  if (checked) {
    draw->AddRectFilled(min, max, theme.accent, size / 5);
    draw->AddPolyline(std::vector<ImVec2>{{min.x + size * 0.22f, min.y + size * 0.52f},
                                          {min.x + size * 0.43f, min.y + size * 0.72f},
                                          {min.x + size * 0.78f, min.y + size * 0.30f}}
                          .data(),
                      3, theme.accentText, 0, stroke);
  } else {
    draw->AddRect(min, max, theme.mutedText, size / 5, 0, stroke * 0.7f);
  }
}

void Ui::drawCard(ImVec2 pos, ImVec2 size, bool held, bool selected) const {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 max(pos.x + size.x, pos.y + size.y);
  draw->AddRectFilled(pos, max, held ? theme.surfacePressed : selected ? theme.selected : theme.surface, theme.rounding);
  draw->AddRect(pos, max, selected ? theme.accent : theme.outline, theme.rounding, 0, selected ? theme.unit / 5 : 2.f);
}

bool Ui::toggle(std::string name, ImVec2 pos, ImVec2 size, std::string_view label, bool selected) {
  size.y = std::max(size.y, theme.minTarget);
  const auto [tapped, held] = hitArea(widgets, name, pos, size);
  drawCard(pos, size, held, selected);
  const ImVec2 max(pos.x + size.x, pos.y + size.y);
  const float box = theme.unit * 0.9f;
  drawCheck(ImVec2(pos.x + theme.pad, pos.y + (size.y - box) / 2), box, selected);
  const float textX = pos.x + theme.pad * 2 + box;
  const float wrap = max.x - textX - theme.pad;
  ImFont* font = selected ? theme.bodyBold : theme.body;
  const float h = textHeight(font, label, wrap);
  text(font, ImVec2(textX, pos.y + (size.y - h) / 2), label, theme.text, wrap);
  return tapped;
}

bool Ui::choice(std::string name, ImVec2 pos, ImVec2 size, std::string_view label, bool selected) {
  size.y = std::max(size.y, theme.minTarget);
  const auto [tapped, held] = hitArea(widgets, name, pos, size);
  drawCard(pos, size, held, selected);
  // The earlier choice, when a citizen comes back to the question: tick, outline and bold.
  const float box = selected ? theme.unit * 0.9f : 0.f;
  if (selected) drawCheck(ImVec2(pos.x + theme.pad, pos.y + (size.y - box) / 2), box, true);
  ImFont* font = selected ? theme.bodyBold : theme.body;
  const float wrap = size.x - 2 * theme.pad - 2 * box;
  const float h = textHeight(font, label, wrap);
  textCentred(font, pos.x + size.x / 2, pos.y + (size.y - h) / 2, label, theme.text, wrap);
  return tapped;
}

void Ui::drawFace(ImVec2 c, float r, int score) const {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImU32 ink = theme.faceInk;
  draw->AddCircleFilled(c, r, theme.scoreColour[score - 1], 48);
  draw->AddCircle(c, r, ink, 48, std::max(1.5f, r / 16));
  draw->AddCircleFilled(ImVec2(c.x - r * 0.35f, c.y - r * 0.25f), r * 0.11f, ink, 16);
  draw->AddCircleFilled(ImVec2(c.x + r * 0.35f, c.y - r * 0.25f), r * 0.11f, ink, 16);
  // Mouth: frown (1) to broad smile (4) — the expression carries the meaning, not the colour.
  static constexpr float kCurve[4] = {-0.42f, -0.16f, 0.18f, 0.45f};
  const float mouthY = c.y + r * (score <= 2 ? 0.45f : 0.25f);
  draw->AddBezierQuadratic(ImVec2(c.x - r * 0.45f, mouthY), ImVec2(c.x, mouthY + r * kCurve[score - 1] * 2),
                           ImVec2(c.x + r * 0.45f, mouthY), ink, std::max(2.f, r / 9), 24);
}

float Ui::faceLabelHeight(std::string_view label, float cardWidth) const {
  return textHeight(theme.bodyBold, label, cardWidth - theme.pad);
}

bool Ui::faceCard(std::string name, ImVec2 pos, ImVec2 size, int score, std::string_view label, bool selected,
                  float labelHeight) {
  const auto [tapped, held] = hitArea(widgets, name, pos, size);
  drawCard(pos, size, held, selected);
  const float wrap = size.x - theme.pad;
  const float radius = std::min(size.x * 0.36f, (size.y - labelHeight - theme.pad * 3) / 2);
  const float top = pos.y + (size.y - (radius * 2 + theme.pad + labelHeight)) / 2;
  drawFace(ImVec2(pos.x + size.x / 2, top + radius), radius, score);
  textCentred(theme.bodyBold, pos.x + size.x / 2, top + radius * 2 + theme.pad, label, theme.text, wrap);
  return tapped;
}

bool Ui::answerRow(std::string name, ImVec2 pos, ImVec2 size, int score, std::string_view label, bool selected) {
  size.y = std::max(size.y, theme.minTarget);
  const auto [tapped, held] = hitArea(widgets, name, pos, size);
  drawCard(pos, size, held, selected);
  const ImVec2 max(pos.x + size.x, pos.y + size.y);
  const float radius = std::min(size.y * 0.36f, theme.unit * 1.1f);
  drawFace(ImVec2(pos.x + theme.pad + radius, pos.y + size.y / 2), radius, score);
  const float textX = pos.x + theme.pad * 2 + radius * 2;
  const float wrap = max.x - textX - theme.pad;
  const float h = textHeight(theme.bodyBold, label, wrap);
  text(theme.bodyBold, ImVec2(textX, pos.y + (size.y - h) / 2), label, theme.text, wrap);
  return tapped;
}

}  // namespace suara::kiosk
