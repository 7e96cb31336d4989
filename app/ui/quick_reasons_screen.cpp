// After a low quick rating (already stored): "what went wrong?" — any number of reasons, or
// none. An optional follow-up: its ticks are added to the rating, never required.

#include "ui/screen_context.hpp"

namespace suara::kiosk {

void drawQuickReasonsScreen(ScreenContext& ctx) {
  const Theme& t = ctx.theme;
  Ui& ui = ctx.ui;
  const QuickQuestion& q = ctx.flow.survey().quick;
  const float y = drawPrompt(ctx, drawFollowUpHeader(ctx, drawHeader(ctx)), ctx.tr(q.followUpPrompt));
  const Grid grid(t, q.reasons.size(), t.portrait ? 2 : 3, y, footerTop(ctx) - t.pad, t.minTarget * 3, t.pad * 0.6f);
  for (std::size_t i = 0; i < q.reasons.size(); ++i) {
    const QuickReason& reason = q.reasons[i];
    if (ui.toggle("reason:" + reason.id, grid.pos(i), grid.size(), ctx.tr(reason.label), ctx.flow.reasonSelected(reason.id)))
      ctx.flow.toggleReason(reason.id);
  }
  std::vector<FooterAction> extra;
  if (!ctx.flow.isLastFollowUp()) extra.push_back({"next", ctx.tr("nav.next"), ButtonStyle::Plain});
  const int action = drawFollowUpFooter(ctx, extra);
  if (action == -1) ctx.flow.back();
  if (action == 0) ctx.flow.nextFollowUp();
  if (action == kFinishTapped) ctx.flow.finish();
}

}  // namespace suara::kiosk
