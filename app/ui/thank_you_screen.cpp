// Thanks — shown only after the rating is durably stored.

#include "ui/screen_context.hpp"

namespace suara::kiosk {

void drawThankYouScreen(ScreenContext& ctx) {
  const Theme& t = ctx.theme;
  Ui& ui = ctx.ui;
  drawHeader(ctx);
  const float wrap = t.width - 4 * t.pad;
  const std::string_view title = ctx.tr("thanks.title"), body = ctx.tr("thanks.body");
  const float radius = std::min(t.width, t.height) * 0.12f;
  const float blockHeight = radius * 2 + t.pad * 2 + ui.textHeight(t.huge, title, wrap) + t.pad + ui.textHeight(t.title, body, wrap);
  float y = (t.height - blockHeight) / 2 + t.unit;
  // A large tick in a circle: the "done" shape needs no colour to be understood.
  const ImVec2 c(t.width / 2, y + radius);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddCircleFilled(c, radius, t.scoreColour[3], 64);
  const ImVec2 tick[] = {{c.x - radius * 0.45f, c.y + radius * 0.02f}, {c.x - radius * 0.12f, c.y + radius * 0.35f},
                         {c.x + radius * 0.48f, c.y - radius * 0.30f}};
  draw->AddPolyline(tick, 3, IM_COL32_WHITE, 0, radius * 0.16f);
  y += radius * 2 + t.pad * 2;
  ui.textCentred(t.huge, t.width / 2, y, title, t.text, wrap);
  y += ui.textHeight(t.huge, title, wrap) + t.pad;
  ui.textCentred(t.title, t.width / 2, y, body, t.mutedText, wrap);
}

}  // namespace suara::kiosk
