// Which service did you receive? Optional: "Lewati" goes straight to the rating.

#include "ui/screen_context.hpp"

namespace suara::kiosk {

void drawServiceScreen(ScreenContext& ctx) {
  const Theme& t = ctx.theme;
  Ui& ui = ctx.ui;
  const float y = drawPrompt(ctx, drawHeader(ctx), ctx.tr("service.prompt"));
  const auto& services = ctx.flow.config().services;
  const Grid grid(t, services.size(), t.portrait ? 1 : (services.size() > 4 ? 3 : 2), y, footerTop(ctx) - t.pad,
                  t.minTarget * 2, t.pad);
  for (std::size_t i = 0; i < services.size(); ++i)
    if (ui.button("service:" + services[i].id, grid.pos(i), grid.size(), ctx.tr(services[i].name)))
      ctx.flow.chooseService(services[i].id);
  const int action = drawFooter(ctx, true, {{"service-skip", ctx.tr("nav.skip"), ButtonStyle::Plain}});
  if (action == -1) ctx.flow.back();
  if (action == 0) ctx.flow.skipService();
}

}  // namespace suara::kiosk
