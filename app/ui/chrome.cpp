// The frame around every screen: header (unit, language) and footer (back, actions).

#include "ui/screen_context.hpp"

#include <algorithm>

namespace suara::kiosk {

std::string ScreenContext::format(std::string_view key,
                                  std::initializer_list<std::pair<std::string_view, std::string>> values) const {
  std::string text(tr(key));
  for (const auto& [name, value] : values) {
    const std::string token = "{" + std::string(name) + "}";
    for (auto at = text.find(token); at != std::string::npos; at = text.find(token, at + value.size()))
      text.replace(at, token.size(), value);
  }
  return text;
}

float drawHeader(ScreenContext& ctx) {
  const Theme& t = ctx.theme;
  const float height = std::max(t.minTarget, t.unit * 2.2f) + t.pad;
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(0, 0), ImVec2(t.width, height), t.surface);
  ImGui::GetWindowDrawList()->AddLine(ImVec2(0, height), ImVec2(t.width, height), t.outline, 1.5f);
  // The language toggle names the *other* language, in that language, so it reads to whoever
  // needs it.
  const std::string_view other = ctx.tr("language.switch");
  const float buttonWidth = std::max(t.minTarget * 2.6f, ImGui::CalcTextSize(other.data(), other.data() + other.size()).x * 1.15f + 2 * t.pad);
  const float buttonHeight = height - t.pad;
  if (ctx.ui.button("language", ImVec2(t.width - buttonWidth - t.pad / 2, t.pad / 2), ImVec2(buttonWidth, buttonHeight), other,
                    ButtonStyle::Quiet))
    ctx.flow.switchLanguage();
  const float nameWidth = t.width - buttonWidth - 3 * t.pad;
  const std::string& unit = ctx.flow.config().kiosk.unitName;
  ImFont* font = ctx.ui.textHeight(t.bodyBold, unit, nameWidth) > t.bodyBold->FontSize ? t.small : t.bodyBold;
  ctx.ui.text(font, ImVec2(t.pad, (height - ctx.ui.textHeight(font, unit, nameWidth)) / 2), unit, t.text, nameWidth);
  return height + t.pad;
}

float footerTop(const ScreenContext& ctx) {
  const Theme& t = ctx.theme;
  return t.height - std::max(t.minTarget, t.unit * 2.4f) - t.pad;
}

float drawPrompt(ScreenContext& ctx, float y, std::string_view text) {
  const Theme& t = ctx.theme;
  const float wrap = t.width - 4 * t.pad;
  ctx.ui.textCentred(t.title, t.width / 2, y, text, t.text, wrap);
  return y + ctx.ui.textHeight(t.title, text, wrap) + t.pad;
}

Grid::Grid(const Theme& t, std::size_t count, int columns_, float top_, float bottom, float maxHeight, float rowGap_)
    : theme(t), columns(columns_), top(top_), rowGap(rowGap_) {
  const int rows = (static_cast<int>(count) + columns - 1) / columns;
  cellWidth = (t.width - t.pad * static_cast<float>(columns + 1)) / static_cast<float>(columns);
  cellHeight = std::clamp((bottom - top) / static_cast<float>(std::max(rows, 1)) - rowGap, t.minTarget, maxHeight);
}

ImVec2 Grid::pos(std::size_t index) const {
  const auto column = static_cast<float>(static_cast<int>(index) % columns), row = static_cast<float>(static_cast<int>(index) / columns);
  return {theme.pad + column * (cellWidth + theme.pad), top + row * (cellHeight + rowGap)};
}

int drawFooter(ScreenContext& ctx, bool withBack, std::initializer_list<FooterAction> actions, float* top) {
  const Theme& t = ctx.theme;
  const float y = footerTop(ctx);
  const float h = t.height - y - t.pad;
  if (top) *top = y;
  int tapped = -2;
  const float width = std::min(t.width * 0.3f, t.unit * 9.0f);
  if (withBack && ctx.ui.button("back", ImVec2(t.pad, y), ImVec2(width * 0.8f, h), std::string("‹  ") + std::string(ctx.tr("nav.back"))))
    tapped = -1;
  float x = t.width - t.pad;
  int index = static_cast<int>(actions.size()) - 1;
  for (auto it = std::rbegin(actions); it != std::rend(actions); ++it, --index) {
    x -= width;
    if (ctx.ui.button(it->name, ImVec2(x, y), ImVec2(width, h), it->label, it->style)) tapped = index;
    x -= t.pad;
  }
  return tapped;
}

void drawCurrentScreen(ScreenContext& ctx) {
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(ctx.theme.width, ctx.theme.height));
  ImGui::Begin("kiosk", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
  switch (ctx.flow.screen()) {
    case Screen::Attract: drawAttractScreen(ctx); break;
    case Screen::ChooseService: drawServiceScreen(ctx); break;
    case Screen::QuickRating: drawQuickRatingScreen(ctx); break;
    case Screen::QuickReasons: drawQuickReasonsScreen(ctx); break;
    case Screen::SkmQuestion: drawSkmQuestionScreen(ctx); break;
    case Screen::Profile: drawProfileScreen(ctx); break;
    case Screen::Saving: drawSavingScreen(ctx); break;
    case Screen::ThankYou: drawThankYouScreen(ctx); break;
    case Screen::OutOfService: drawOutOfServiceScreen(ctx); break;
  }
  ImGui::End();
}

}  // namespace suara::kiosk
