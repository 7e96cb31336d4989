// The optional respondent profile, one question per step; skippable at every step.

#include <array>

#include "ui/screen_context.hpp"

namespace suara::kiosk {

namespace {
constexpr std::array<const char*, 4> kFieldKeys = {"gender", "age", "education", "occupation"};
}

void drawProfileScreen(ScreenContext& ctx) {
  const Theme& t = ctx.theme;
  Ui& ui = ctx.ui;
  const ProfileField field = ctx.flow.profileStep();
  const auto stepIndex = static_cast<std::size_t>(field);
  const std::string key = kFieldKeys[stepIndex];
  float y = drawHeader(ctx);
  const float wrap = t.width - 2 * t.pad;
  const std::string intro = ctx.format("profile.prompt", {{"n", std::to_string(stepIndex + 1)}, {"total", "4"}});
  ui.text(t.small, ImVec2(t.pad, y), intro, t.mutedText, wrap);
  y += ui.textHeight(t.small, intro, wrap) + t.pad * 0.3f;
  const std::string_view question = ctx.tr("profile." + key);
  ui.text(t.title, ImVec2(t.pad, y), question, t.text, wrap);
  y += ui.textHeight(t.title, question, wrap) + t.pad;

  const auto& choices = KioskFlow::profileChoices(field);
  const Grid grid(t, choices.size(), t.portrait || choices.size() <= 2 ? 2 : 3, y, footerTop(ctx) - t.pad,
                  t.minTarget * 2.2f, t.pad * 0.6f);
  const std::string_view current = ctx.flow.profileValue(field);
  for (std::size_t i = 0; i < choices.size(); ++i) {
    const std::string value(choices[i]);
    if (ui.toggle("profile:" + key + ":" + value, grid.pos(i), grid.size(), ctx.tr(key + "." + value), current == value))
      ctx.flow.setProfile(field, value);
  }
  const int action = drawFooter(ctx, true,
                                {{"profile-skip", ctx.tr("nav.skip"), ButtonStyle::Quiet},
                                 {"profile-done", ctx.tr("nav.done"), ButtonStyle::Primary}});
  if (action == -1) ctx.flow.back();
  if (action == 0) ctx.flow.skipProfileQuestion();
  if (action == 1) ctx.flow.finishProfile();
}

}  // namespace suara::kiosk
