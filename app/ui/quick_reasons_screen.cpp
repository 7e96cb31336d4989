// After a low quick rating: "what went wrong?" — any number of reasons, or none.

#include "ui/screen_context.hpp"

namespace suara::kiosk {

void drawQuickReasonsScreen(ScreenContext& ctx) {
  const Theme& t = ctx.theme;
  Ui& ui = ctx.ui;
  const QuickQuestion& q = ctx.flow.survey().quick;
  float y = drawHeader(ctx);
  const float wrap = t.width - 4 * t.pad;
  const std::string& prompt = ctx.tr(q.followUpPrompt);
  ui.textCentred(t.title, t.width / 2, y, prompt, t.text, wrap);
  y += ui.textHeight(t.title, prompt, wrap) + t.pad;

  const int columns = t.portrait ? 2 : 3;
  const int rows = (static_cast<int>(q.reasons.size()) + columns - 1) / columns;
  const float bottom = footerTop(ctx) - t.pad;
  const float cellWidth = (t.width - t.pad * static_cast<float>(columns + 1)) / static_cast<float>(columns);
  const float cellHeight = std::max(t.minTarget, (bottom - y) / static_cast<float>(rows) - t.pad * 0.6f);
  for (std::size_t i = 0; i < q.reasons.size(); ++i) {
    const auto column = static_cast<float>(static_cast<int>(i) % columns), row = static_cast<float>(static_cast<int>(i) / columns);
    const ImVec2 pos(t.pad + column * (cellWidth + t.pad), y + row * (cellHeight + t.pad * 0.6f));
    const QuickReason& reason = q.reasons[i];
    if (ui.toggle("reason:" + reason.id, pos, ImVec2(cellWidth, cellHeight), ctx.tr(reason.label), ctx.flow.reasonSelected(reason.id)))
      ctx.flow.toggleReason(reason.id);
  }
  const int action = drawFooter(ctx, true, {{"reasons-done", ctx.tr("quick.reasons.done"), ButtonStyle::Primary}});
  if (action == -1) ctx.flow.back();
  if (action == 0) ctx.flow.finishReasons();
}

}  // namespace suara::kiosk
