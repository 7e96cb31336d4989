// quick-4: four large faces, each with its words. One tap rates, and the rating is stored at
// once. Drawn on the attract screen itself, or on its own screen when the service is asked first.

#include "ui/screen_context.hpp"

namespace suara::kiosk {

int drawFaceCards(ScreenContext& ctx, float top, float bottom) {
  const Theme& t = ctx.theme;
  Ui& ui = ctx.ui;
  const QuickQuestion& q = ctx.flow.survey().quick;
  // Landscape: one row, worst on the left. Portrait: two by two, best first.
  const int columns = t.portrait ? 2 : 4;
  const int rows = 4 / columns;
  const float cellWidth = (t.width - t.pad * static_cast<float>(columns + 1)) / static_cast<float>(columns);
  const float cellHeight = (bottom - top - t.pad * static_cast<float>(rows - 1)) / static_cast<float>(rows);
  float labelHeight = 0;
  for (const auto& face : q.faces) labelHeight = std::max(labelHeight, ui.faceLabelHeight(ctx.tr(face), cellWidth));
  int tapped = 0;
  for (int score = 1; score <= 4; ++score) {
    const int index = t.portrait ? 4 - score : score - 1;
    const auto column = static_cast<float>(index % columns), row = static_cast<float>(index / columns);
    const ImVec2 pos(t.pad + column * (cellWidth + t.pad), top + row * (cellHeight + t.pad));
    if (ui.faceCard("face:" + std::to_string(score), pos, ImVec2(cellWidth, cellHeight), score,
                    ctx.tr(q.faces[static_cast<std::size_t>(score - 1)]), false, labelHeight))
      tapped = score;
  }
  return tapped;
}

void drawQuickRatingScreen(ScreenContext& ctx) {
  const float y = drawPrompt(ctx, drawHeader(ctx), ctx.tr(ctx.flow.survey().quick.prompt));
  if (const int score = drawFaceCards(ctx, y, footerTop(ctx) - ctx.theme.pad)) ctx.flow.rate(score);
  if (drawFooter(ctx, true, {}) == -1) ctx.flow.back();
}

}  // namespace suara::kiosk
