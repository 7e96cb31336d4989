// Shown for the moment between the last tap and the durable record (usually one frame).

#include "ui/screen_context.hpp"

namespace suara::kiosk {

void drawSavingScreen(ScreenContext& ctx) {
  const Theme& t = ctx.theme;
  drawHeader(ctx);
  ctx.ui.textCentred(t.title, t.width / 2, t.height / 2 - t.title->FontSize / 2, ctx.tr("saving.body"), t.mutedText,
                     t.width - 4 * t.pad);
}

}  // namespace suara::kiosk
