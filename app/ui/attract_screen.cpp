// Attract: what a citizen sees from a distance. One obvious thing to touch.

#include <cmath>

#include "ui/screen_context.hpp"

namespace suara::kiosk {

void drawAttractScreen(ScreenContext& ctx) {
  const Theme& t = ctx.theme;
  Ui& ui = ctx.ui;
  const float top = drawHeader(ctx);
  const float wrap = t.width - 4 * t.pad;

  const std::string_view invite = ctx.tr("attract.invite");
  const float faceRadius = std::min(t.unit * 1.3f, t.width / 18);
  // Staff-facing, shown only when something is wrong: ratings waiting and the last sync failed.
  const bool syncTrouble = ctx.sync && ctx.sync->pending > 0 && !ctx.sync->lastError.empty();
  const float bottomNotes = t.small->FontSize * (ctx.configured && !syncTrouble ? 1.5f : 3.0f) + t.pad;
  const float inviteHeight = ui.textHeight(t.huge, invite, wrap);
  const float buttonHeight = std::min(t.minTarget * 2.0f, t.height - bottomNotes - top - inviteHeight - faceRadius * 2 - t.pad * 5);
  // Centre the invitation, faces and button in the space between header and notes.
  const float block = inviteHeight + t.pad * 1.5f + faceRadius * 2 + t.pad * 1.5f + buttonHeight;
  float y = top + std::max(t.pad, (t.height - bottomNotes - top - block) / 2);
  ui.textCentred(t.huge, t.width / 2, y, invite, t.text, wrap);
  y += inviteHeight + t.pad * 1.5f;

  // The four faces say "rating" before any word is read.
  const float spacing = faceRadius * 2.8f;
  for (int score = 1; score <= 4; ++score)
    ui.drawFace(ImVec2(t.width / 2 + (static_cast<float>(score) - 2.5f) * spacing, y + faceRadius), faceRadius, score);
  y += faceRadius * 2 + t.pad * 1.5f;

  const float buttonWidth = std::min(t.width - 4 * t.pad, t.unit * 18);
  const ImVec2 pos(t.width / 2 - buttonWidth / 2, y);
  // A gentle breathing ring; KioskApp animates it in short pulses while the screen is idle
  // and visible (phase 0 is the ring at rest).
  const float breathe = 0.5f - 0.5f * std::cos(ctx.animationPhase * 2 * 3.14159265f);
  const float grow = t.pad * (0.3f + 0.7f * breathe);
  ImGui::GetWindowDrawList()->AddRect(ImVec2(pos.x - grow, pos.y - grow),
                                      ImVec2(pos.x + buttonWidth + grow, pos.y + buttonHeight + grow),
                                      IM_COL32(20, 92, 158, static_cast<int>(60 + 120 * breathe)), t.rounding + grow, 0,
                                      t.unit / 5);
  if (ui.button("start", pos, ImVec2(buttonWidth, buttonHeight), ctx.tr("attract.start"), ButtonStyle::Primary, t.title))
    ctx.flow.start();

  float noteY = t.height - t.pad - t.small->FontSize;
  ui.textCentred(t.small, t.width / 2, noteY, ctx.tr("attract.privacy"), t.mutedText, wrap);
  if (!ctx.configured) {
    noteY -= t.small->FontSize * 1.4f;
    ui.textCentred(t.small, t.width / 2, noteY, ctx.tr("setup.notice"), t.mutedText, wrap);
  } else if (syncTrouble) {
    noteY -= t.small->FontSize * 1.4f;
    ui.textCentred(t.small, t.width / 2, noteY, ctx.format("sync.waiting", {{"n", std::to_string(ctx.sync->pending)}}),
                   t.mutedText, wrap);
  }
}

}  // namespace suara::kiosk
