// The frame around every screen: header (unit, language) and footer (back, actions).

#include "ui/screen_context.hpp"

#include <algorithm>
#include <vector>

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
  // The language toggle names the *other* language, in that language, so it reads to whoever
  // needs it.
  const std::string_view other = ctx.tr("language.switch");
  const float buttonWidth = std::max(t.minTarget * 2.6f, ImGui::CalcTextSize(other.data(), other.data() + other.size()).x * 1.15f + 2 * t.pad);
  const float nameWidth = t.width - buttonWidth - 3 * t.pad;
  // The unit's name stays in the bold body font; a long one (or a narrow portrait screen)
  // takes a second line rather than a smaller font.
  const std::string& unit = ctx.flow.config().kiosk.unitName;
  const float nameHeight = std::min(ctx.ui.textHeight(t.bodyBold, unit, nameWidth), t.bodyBold->FontSize * 2);
  const float height = std::max({t.minTarget, t.unit * 2.2f, nameHeight + t.pad}) + t.pad;
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(0, 0), ImVec2(t.width, height), t.surface);
  ImGui::GetWindowDrawList()->AddLine(ImVec2(0, height), ImVec2(t.width, height), t.outline, 2.f);
  const float buttonHeight = std::min(height - t.pad, std::max(t.minTarget, t.unit * 2.2f));
  if (ctx.ui.button("language", ImVec2(t.width - buttonWidth - t.pad / 2, (height - buttonHeight) / 2), ImVec2(buttonWidth, buttonHeight),
                    other, ButtonStyle::Quiet))
    ctx.flow.switchLanguage();
  ctx.ui.text(t.bodyBold, ImVec2(t.pad, (height - nameHeight) / 2), unit, t.text, nameWidth);
  ctx.contentVertexStart = ImGui::GetWindowDrawList()->VtxBuffer.Size;
  return height + t.pad;
}

namespace {
// A new question or screen slides in from the right and fades up, below the header, so that
// consecutive questions that look alike are seen to change. Taps are ignored meanwhile
// (KioskFlow's input guard outlasts it), so hit areas need not move with it.
void slideIn(const ScreenContext& ctx) {
  if (ctx.entering >= 1.f) return;
  const float eased = 1.f - (1.f - ctx.entering) * (1.f - ctx.entering);
  const float dx = (1.f - eased) * ctx.theme.width * 0.06f;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (int i = ctx.contentVertexStart; i < draw->VtxBuffer.Size; ++i) {
    ImDrawVert& v = draw->VtxBuffer[i];
    v.pos.x += dx;
    const auto alpha = static_cast<float>((v.col >> IM_COL32_A_SHIFT) & 0xFF) * (0.25f + 0.75f * eased);
    v.col = (v.col & ~IM_COL32_A_MASK) | (static_cast<ImU32>(alpha) << IM_COL32_A_SHIFT);
  }
}
}  // namespace

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

int drawFooter(ScreenContext& ctx, bool withBack, const std::vector<FooterAction>& actions, float* top) {
  const Theme& t = ctx.theme;
  const float y = footerTop(ctx);
  const float h = t.height - y - t.pad;
  if (top) *top = y;
  int tapped = -2;
  // Back takes 0.8 of an action's width; all of them fit the screen's width.
  const auto slots = static_cast<float>(actions.size()) + (withBack ? 0.8f : 0.f);
  const float gaps = t.pad * (static_cast<float>(actions.size()) + (withBack ? 2.f : 1.f));
  const float width = std::min({t.width * 0.3f, t.unit * 9.0f, (t.width - gaps) / std::max(slots, 1.f)});
  if (withBack && ctx.ui.button("back", ImVec2(t.pad, y), ImVec2(width * 0.8f, h), std::string("‹  ") + std::string(ctx.tr("nav.back"))))
    tapped = -1;
  float x = t.width - t.pad;
  int index = static_cast<int>(actions.size()) - 1;
  for (auto it = actions.rbegin(); it != actions.rend(); ++it, --index) {
    x -= width;
    if (ctx.ui.button(it->name, ImVec2(x, y), ImVec2(width, h), it->label, it->style)) tapped = index;
    x -= t.pad;
  }
  return tapped;
}

float drawFollowUpHeader(ScreenContext& ctx, float y) {
  const Theme& t = ctx.theme;
  Ui& ui = ctx.ui;
  // The rating already counts: say so, with a tick, before asking for anything more.
  const std::string_view saved = ctx.tr("followup.saved");
  const std::string step = ctx.format("followup.optional", {{"n", std::to_string(ctx.flow.followUpIndex() + 1)},
                                                            {"total", std::to_string(ctx.flow.followUpCount())}});
  const float stepWidth = t.small->CalcTextSizeA(t.small->FontSize, FLT_MAX, 0.f, step.c_str()).x;
  // The saved note wraps before it reaches the step counter (narrow portrait screens).
  const float textX = t.pad * 2.6f + t.unit;
  const float savedWrap = t.width - textX - stepWidth - t.pad * 3;
  const float savedHeight = ui.textHeight(t.bodyBold, saved, savedWrap);
  const float height = std::max({t.body->FontSize * 1.6f, t.unit * 1.8f, savedHeight + t.pad * 0.6f});
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(ImVec2(t.pad, y), ImVec2(t.width - t.pad, y + height), t.savedBanner, t.rounding / 2);
  ui.drawCheck(ImVec2(t.pad * 1.6f, y + (height - t.unit) / 2), t.unit, true);
  ui.text(t.bodyBold, ImVec2(textX, y + (height - savedHeight) / 2), saved, t.text, savedWrap);
  ui.text(t.small, ImVec2(t.width - t.pad * 2 - stepWidth, y + (height - t.small->FontSize) / 2), step, t.mutedText);
  return y + height + t.pad * 0.6f;
}

int drawFollowUpFooter(ScreenContext& ctx, const std::vector<FooterAction>& extra) {
  std::vector<FooterAction> actions = extra;
  actions.push_back({"finish", ctx.tr("followup.finish"), ButtonStyle::Primary});
  const bool withBack = ctx.flow.followUpIndex() > 0 || ctx.flow.screen() == Screen::Profile;
  const int tapped = drawFooter(ctx, withBack, actions);
  return tapped == static_cast<int>(extra.size()) ? kFinishTapped : tapped;
}

std::string_view technicianCode(Errc code) {
  switch (code) {
    case Errc::DiskFull: return "DISK-FULL";
    case Errc::Corrupt: return "STORE-DAMAGED";
    case Errc::Io: return "STORE-IO";
    case Errc::Invalid: return "RATING-INVALID";
    default: return "STORE-ERROR";
  }
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
    case Screen::ProfileInvite: drawProfileInviteScreen(ctx); break;
    case Screen::Profile: drawProfileScreen(ctx); break;
    case Screen::Saving: drawSavingScreen(ctx); break;
    case Screen::ThankYou: drawThankYouScreen(ctx); break;
    case Screen::OutOfService: drawOutOfServiceScreen(ctx); break;
  }
  slideIn(ctx);
  ImGui::End();
}

}  // namespace suara::kiosk
