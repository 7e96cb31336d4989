// quick-4: four large faces, each with its words. One tap rates.

#include "ui/screen_context.hpp"

namespace suara::kiosk {

void drawQuickRatingScreen(ScreenContext& ctx) {
  const Theme& t = ctx.theme;
  Ui& ui = ctx.ui;
  const QuickQuestion& q = ctx.flow.survey().quick;
  const float y = drawPrompt(ctx, drawHeader(ctx), ctx.tr(q.prompt));

  // Landscape: one row, worst on the left. Portrait: two by two.
  const int columns = t.portrait ? 2 : 4;
  const int rows = 4 / columns;
  const float bottom = footerTop(ctx) - t.pad;
  const float cellWidth = (t.width - t.pad * static_cast<float>(columns + 1)) / static_cast<float>(columns);
  const float cellHeight = (bottom - y - t.pad * static_cast<float>(rows - 1)) / static_cast<float>(rows);
  const auto current = ctx.flow.draft().answers.find(kOverallCode);
  float labelHeight = 0;
  for (const auto& face : q.faces) labelHeight = std::max(labelHeight, ui.faceLabelHeight(ctx.tr(face), cellWidth));
  for (int score = 1; score <= 4; ++score) {
    const int index = t.portrait ? 4 - score : score - 1;  // portrait: best first, at the top
    const auto column = static_cast<float>(index % columns), row = static_cast<float>(index / columns);
    const ImVec2 pos(t.pad + column * (cellWidth + t.pad), y + row * (cellHeight + t.pad));
    const bool selected = current != ctx.flow.draft().answers.end() && current->second == score;
    if (ui.faceCard("face:" + std::to_string(score), pos, ImVec2(cellWidth, cellHeight), score,
                    ctx.tr(q.faces[static_cast<std::size_t>(score - 1)]), selected, labelHeight))
      ctx.flow.rate(score);
  }
  if (drawFooter(ctx, true, {}) == -1) ctx.flow.back();
}

}  // namespace suara::kiosk
