// Which service did you receive? Optional: "Lewati" goes straight to the rating.

#include "ui/screen_context.hpp"

namespace suara::kiosk {

void drawServiceScreen(ScreenContext& ctx) {
  const Theme& t = ctx.theme;
  Ui& ui = ctx.ui;
  float y = drawHeader(ctx);
  const float wrap = t.width - 4 * t.pad;
  const std::string_view prompt = ctx.tr("service.prompt");
  ui.textCentred(t.title, t.width / 2, y, prompt, t.text, wrap);
  y += ui.textHeight(t.title, prompt, wrap) + t.pad;

  const auto& services = ctx.flow.config().services;
  const int columns = t.portrait ? 1 : (services.size() > 4 ? 3 : 2);
  const int rows = (static_cast<int>(services.size()) + columns - 1) / columns;
  const float areaBottom = footerTop(ctx) - t.pad;
  const float cellWidth = (t.width - t.pad * static_cast<float>(columns + 1)) / static_cast<float>(columns);
  const float cellHeight = std::clamp((areaBottom - y) / static_cast<float>(rows) - t.pad, t.minTarget, t.minTarget * 2);
  for (std::size_t i = 0; i < services.size(); ++i) {
    const auto column = static_cast<float>(static_cast<int>(i) % columns), row = static_cast<float>(static_cast<int>(i) / columns);
    const ImVec2 pos(t.pad + column * (cellWidth + t.pad), y + row * (cellHeight + t.pad));
    if (ui.button("service:" + services[i].id, pos, ImVec2(cellWidth, cellHeight), ctx.tr(services[i].name)))
      ctx.flow.chooseService(services[i].id);
  }
  const int action = drawFooter(ctx, true, {{"service-skip", ctx.tr("nav.skip"), ButtonStyle::Plain}});
  if (action == -1) ctx.flow.back();
  if (action == 0) ctx.flow.skipService();
}

}  // namespace suara::kiosk
