// The respondent profile, after the citizen agreed to it: one question per step, each
// answer a single tap that moves on; skippable at every step, "Finish" at any time.

#include "ui/screen_context.hpp"

namespace suara::kiosk {

void drawProfileScreen(ScreenContext& ctx) {
  const Theme& t = ctx.theme;
  Ui& ui = ctx.ui;
  const ProfileField field = ctx.flow.profileField();
  const std::string key(profileFieldKey(field));
  float y = drawFollowUpHeader(ctx, drawHeader(ctx));
  const float wrap = t.width - 2 * t.pad;
  const std::string step = ctx.format("profile.step", {{"n", std::to_string(ctx.flow.profileStep() + 1)},
                                                      {"total", std::to_string(ctx.flow.profileStepCount())}});
  ui.text(t.bodyBold, ImVec2(t.pad, y), step, t.accent, wrap);
  y += ui.textHeight(t.bodyBold, step, wrap) + t.pad * 0.2f;
  const std::string_view question = ctx.tr("profile." + key);
  ui.text(t.title, ImVec2(t.pad, y), question, t.text, wrap);
  y += ui.textHeight(t.title, question, wrap) + t.pad * 0.6f;

  const auto& choices = KioskFlow::profileChoices(field);
  const int columns = t.portrait ? 2 : (choices.size() > 9 ? 4 : 3);
  const Grid grid(t, choices.size(), columns, y, footerTop(ctx) - t.pad, t.minTarget * 2.2f, t.pad * 0.6f);
  const std::string_view current = ctx.flow.profileValue(field);
  for (std::size_t i = 0; i < choices.size(); ++i) {
    const std::string value(choices[i]);
    if (ui.choice("profile:" + key + ":" + value, grid.pos(i), grid.size(), ctx.tr(key + "." + value), current == value))
      ctx.flow.setProfile(field, value);
  }
  const int action = drawFollowUpFooter(ctx, {{"profile-skip", ctx.tr("nav.skip_question"), ButtonStyle::Quiet}});
  if (action == -1) ctx.flow.back();
  if (action == 0) ctx.flow.skipProfileQuestion();
  if (action == kFinishTapped) ctx.flow.finish();
}

}  // namespace suara::kiosk
