// Attract: what a citizen sees from a distance. On a quick-4 kiosk that asks nothing first,
// the four faces themselves: one tap is the rating. Otherwise one obvious button to start.

#include <cmath>

#include "ui/screen_context.hpp"

namespace suara::kiosk {

namespace {

// Staff-facing notes at the bottom, shown only when something needs them; returns their top.
float drawNotes(ScreenContext& ctx) {
  const Theme& t = ctx.theme;
  const float wrap = t.width - 4 * t.pad;
  // Ratings waiting and the last sync failed: the technician should look.
  const bool syncTrouble = ctx.sync && ctx.sync->pending > 0 && !ctx.sync->lastError.empty();
  float y = t.height - t.pad - ctx.ui.textHeight(t.small, ctx.tr("attract.privacy"), wrap);
  ctx.ui.textCentred(t.small, t.width / 2, y, ctx.tr("attract.privacy"), t.mutedText, wrap);
  std::string note;
  if (!ctx.configured) note = std::string(ctx.tr("setup.notice"));
  else if (syncTrouble) note = ctx.format("sync.waiting", {{"n", std::to_string(ctx.sync->pending)}});
  if (!note.empty()) {
    y -= ctx.ui.textHeight(t.small, note, wrap) + t.small->FontSize * 0.3f;
    ctx.ui.textCentred(t.small, t.width / 2, y, note, t.mutedText, wrap);
  }
  return y - t.pad;
}

// A gentle breathing ring around what to touch; KioskApp animates it in short pulses while
// the screen is idle and visible (phase 0 is the ring at rest).
void drawBreathingRing(const ScreenContext& ctx, ImVec2 min, ImVec2 max) {
  const Theme& t = ctx.theme;
  const float breathe = 0.5f - 0.5f * std::cos(ctx.animationPhase * 2 * 3.14159265f);
  const float grow = t.pad * (0.2f + 0.4f * breathe);
  const ImU32 ring = (t.accent & ~IM_COL32_A_MASK) | (static_cast<ImU32>(60 + 120 * breathe) << IM_COL32_A_SHIFT);
  ImGui::GetWindowDrawList()->AddRect(ImVec2(min.x - grow, min.y - grow), ImVec2(max.x + grow, max.y + grow), ring,
                                      t.rounding + grow, 0, t.unit / 5);
}

}  // namespace

void drawAttractScreen(ScreenContext& ctx) {
  const Theme& t = ctx.theme;
  Ui& ui = ctx.ui;
  const float top = drawHeader(ctx);
  const float notesTop = drawNotes(ctx);
  const float wrap = t.width - 4 * t.pad;
  const std::string_view invite = ctx.tr("attract.invite");
  const float inviteHeight = ui.textHeight(t.huge, invite, wrap);

  if (ctx.flow.facesOnAttract()) {
    ui.textCentred(t.huge, t.width / 2, top, invite, t.text, wrap);
    const std::string_view hint = ctx.tr("attract.tap_face");
    const float hintY = top + inviteHeight + t.pad * 0.2f;
    ui.textCentred(t.body, t.width / 2, hintY, hint, t.mutedText, wrap);
    const float facesTop = hintY + ui.textHeight(t.body, hint, wrap) + t.pad;
    const float facesBottom = std::min(notesTop, facesTop + (t.portrait ? t.height * 0.55f : t.height * 0.5f));
    drawBreathingRing(ctx, ImVec2(t.pad, facesTop), ImVec2(t.width - t.pad, facesBottom));
    if (const int score = drawFaceCards(ctx, facesTop, facesBottom)) ctx.flow.rate(score);
    return;
  }

  const float faceRadius = std::min(t.unit * 1.3f, t.width / 18);
  const float buttonHeight = std::min(t.minTarget * 2.0f, notesTop - top - inviteHeight - faceRadius * 2 - t.pad * 4);
  // Centre the invitation, faces and button in the space between header and notes.
  const float block = inviteHeight + t.pad * 1.5f + faceRadius * 2 + t.pad * 1.5f + buttonHeight;
  float y = top + std::max(0.f, (notesTop - top - block) / 2);
  ui.textCentred(t.huge, t.width / 2, y, invite, t.text, wrap);
  y += inviteHeight + t.pad * 1.5f;
  // The four faces say "rating" before any word is read.
  const float spacing = faceRadius * 2.8f;
  for (int score = 1; score <= 4; ++score)
    ui.drawFace(ImVec2(t.width / 2 + (static_cast<float>(score) - 2.5f) * spacing, y + faceRadius), faceRadius, score);
  y += faceRadius * 2 + t.pad * 1.5f;
  const float buttonWidth = std::min(t.width - 4 * t.pad, t.unit * 18);
  const ImVec2 pos(t.width / 2 - buttonWidth / 2, y);
  drawBreathingRing(ctx, pos, ImVec2(pos.x + buttonWidth, pos.y + buttonHeight));
  if (ui.button("start", pos, ImVec2(buttonWidth, buttonHeight), ctx.tr("attract.start"), ButtonStyle::Primary, t.title))
    ctx.flow.start();
}

}  // namespace suara::kiosk
