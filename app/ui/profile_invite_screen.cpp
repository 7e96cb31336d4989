// The respondent profile is opt-in: this screen says what would be asked (and that no name
// is), and the citizen chooses. Declining finishes the session.

#include <cctype>

#include "ui/screen_context.hpp"

namespace suara::kiosk {

void drawProfileInviteScreen(ScreenContext& ctx) {
  const Theme& t = ctx.theme;
  Ui& ui = ctx.ui;
  float y = drawFollowUpHeader(ctx, drawHeader(ctx));
  y = drawPrompt(ctx, y + t.pad, ctx.tr("profile.invite.title"));
  std::string fields;
  for (const ProfileField field : ctx.flow.config().flow.profileFields) {
    if (!fields.empty()) fields += ", ";
    std::string name(ctx.tr("profile." + std::string(profileFieldKey(field))));
    if (!name.empty()) name[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[0])));
    fields += name;
  }
  const int count = ctx.flow.profileStepCount();
  const std::string body = ctx.format(count == 1 ? "profile.invite.body_one" : "profile.invite.body",
                                      {{"total", std::to_string(count)}, {"fields", fields}});
  const float wrap = t.width - 4 * t.pad;
  ui.textCentred(t.body, t.width / 2, y, body, t.mutedText, wrap);
  y += ui.textHeight(t.body, body, wrap) + t.pad * 1.5f;

  const float width = std::min(t.width - 4 * t.pad, t.unit * 16);
  const float height = std::min(t.minTarget * 1.6f, std::max(t.minTarget, footerTop(ctx) - y - t.pad));
  if (ui.button("profile-accept", ImVec2(t.width / 2 - width / 2, y), ImVec2(width, height), ctx.tr("profile.invite.accept"),
                ButtonStyle::Primary))
    ctx.flow.acceptProfile();
  const int action = drawFooter(ctx, ctx.flow.followUpIndex() > 0, {{"finish", ctx.tr("profile.invite.decline"), ButtonStyle::Plain}});
  if (action == -1) ctx.flow.back();
  if (action == 0) ctx.flow.finish();
}

}  // namespace suara::kiosk
