// The kiosk could not keep a rating: say so plainly, never thank. Retries run underneath.

#include "ui/screen_context.hpp"

namespace suara::kiosk {

void drawOutOfServiceScreen(ScreenContext& ctx) {
  const Theme& t = ctx.theme;
  Ui& ui = ctx.ui;
  drawHeader(ctx);
  const float wrap = t.width - 4 * t.pad;
  const float side = std::min(t.width, t.height) * 0.2f;
  float y = t.height * 0.22f;
  // A warning triangle with an exclamation mark.
  const ImVec2 a(t.width / 2, y), b(t.width / 2 - side * 0.58f, y + side), c(t.width / 2 + side * 0.58f, y + side);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddTriangleFilled(a, b, c, t.scoreColour[1]);
  draw->AddRectFilled(ImVec2(a.x - side * 0.05f, y + side * 0.3f), ImVec2(a.x + side * 0.05f, y + side * 0.68f), t.faceInk, 2);
  draw->AddCircleFilled(ImVec2(a.x, y + side * 0.82f), side * 0.06f, t.faceInk);
  y += side + t.pad * 1.5f;
  const std::string_view title = ctx.tr("out_of_service.title"), body = ctx.tr("out_of_service.body");
  ui.textCentred(t.title, t.width / 2, y, title, t.text, wrap);
  y += ui.textHeight(t.title, title, wrap) + t.pad;
  ui.textCentred(t.body, t.width / 2, y, body, t.mutedText, wrap);
  // Citizens never see a raw error: a short code for the technician (the log has the rest).
  if (const auto& error = ctx.flow.lastRecordError()) {
    const std::string code = ctx.format("out_of_service.code", {{"code", std::string(technicianCode(error->code))}});
    ui.textCentred(t.small, t.width / 2, t.height - t.pad - t.small->FontSize * 2, code, t.mutedText, wrap);
  }
}

}  // namespace suara::kiosk
