// Which service did you receive? Asked before the rating ("Lewati" goes straight to it) or,
// by default, after it as an optional follow-up added to the stored rating.

#include "ui/screen_context.hpp"

namespace suara::kiosk {

void drawServiceScreen(ScreenContext& ctx) {
  const Theme& t = ctx.theme;
  Ui& ui = ctx.ui;
  const bool followUp = ctx.flow.inFollowUp();
  float y = drawHeader(ctx);
  if (followUp) y = drawFollowUpHeader(ctx, y);
  y = drawPrompt(ctx, y, ctx.tr(followUp ? "service.prompt_after" : "service.prompt"));
  const auto& services = ctx.flow.config().services;
  const Grid grid(t, services.size(), t.portrait ? 1 : (services.size() > 4 ? 3 : 2), y, footerTop(ctx) - t.pad,
                  t.minTarget * 2, t.pad);
  const std::string_view selected = ctx.flow.selectedService();
  for (std::size_t i = 0; i < services.size(); ++i)
    if (ui.choice("service:" + services[i].id, grid.pos(i), grid.size(), ctx.tr(services[i].name), selected == services[i].id))
      ctx.flow.chooseService(services[i].id);
  if (followUp) {
    const int action = drawFollowUpFooter(ctx, {{"service-skip", ctx.tr("nav.skip_question"), ButtonStyle::Quiet}});
    if (action == -1) ctx.flow.back();
    if (action == 0) ctx.flow.skipService();
    if (action == kFinishTapped) ctx.flow.finish();
    return;
  }
  const int action = drawFooter(ctx, true, {{"service-skip", ctx.tr("nav.skip_question"), ButtonStyle::Quiet}});
  if (action == -1) ctx.flow.back();
  if (action == 0) ctx.flow.skipService();
}

}  // namespace suara::kiosk
