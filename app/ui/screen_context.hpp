#pragma once
// What every screen draws with: the flow's state, the strings, the theme and the widgets.

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk_flow.hpp"
#include "sync_worker.hpp"
#include "suara/core/i18n.hpp"
#include "ui/widgets.hpp"

namespace suara::kiosk {

struct ScreenContext {
  KioskFlow& flow;
  const Translations& strings;
  Ui& ui;
  const Theme& theme;
  bool configured = true;      // false: running on defaults, no config file yet
  float animationPhase = 0.f;  // 0..1, advances only while the attract screen animates
  float entering = 1.f;        // 0..1: how far the current view has slid in (1: settled)
  const sync::SyncStatus* sync = nullptr;  // null when the kiosk is not enrolled
  int contentVertexStart = 0;  // set by drawHeader: what follows slides in on a new view

  std::string_view tr(std::string_view key) const { return strings.tr(flow.language(), key); }
  const std::string& tr(const LocalizedText& text) const { return text.in(flow.language()); }
  // `key`'s text with each {name} replaced.
  std::string format(std::string_view key, std::initializer_list<std::pair<std::string_view, std::string>> values) const;
};

// Shared chrome. Both return the y coordinate where the screen's own content starts/ends.
float drawHeader(ScreenContext& ctx);                 // unit name, language toggle
struct FooterAction {
  std::string name;
  std::string_view label;
  ButtonStyle style = ButtonStyle::Plain;
};
// Back on the left (if `withBack`), actions on the right. Returns the index of a tapped action,
// -1 for back, or -2 for nothing.
int drawFooter(ScreenContext& ctx, bool withBack, const std::vector<FooterAction>& actions, float* top = nullptr);
float footerTop(const ScreenContext& ctx);
// A centred title-size prompt at `y`; returns the y below it.
float drawPrompt(ScreenContext& ctx, float y, std::string_view text);
// Top of every optional follow-up screen: "your rating is saved" and "Optional · n of N".
// Returns the y below it.
float drawFollowUpHeader(ScreenContext& ctx, float y);
// The follow-up footer: back (when there is a previous follow-up), `extra` actions, then
// "Finish" (ends the session now). Returns the index into `extra`, -1 back, -2 nothing, -3 finish.
inline constexpr int kFinishTapped = -3;
int drawFollowUpFooter(ScreenContext& ctx, const std::vector<FooterAction>& extra);
// A short code for the technician, in any language ("DISK-FULL"), for a recording error.
std::string_view technicianCode(Errc code);

// `count` equal cells in `columns` columns filling the width between `top` and `bottom`,
// each at least a touch target high and at most `maxHeight`.
struct Grid {
  Grid(const Theme& theme, std::size_t count, int columns, float top, float bottom, float maxHeight, float rowGap);
  ImVec2 pos(std::size_t index) const;
  ImVec2 size() const { return {cellWidth, cellHeight}; }
  const Theme& theme;
  int columns;
  float top, cellWidth, cellHeight, rowGap;
};

// The four quick-4 faces as tappable cards between `top` and `bottom`; the score tapped, or 0.
int drawFaceCards(ScreenContext& ctx, float top, float bottom);

void drawAttractScreen(ScreenContext& ctx);
void drawServiceScreen(ScreenContext& ctx);
void drawQuickRatingScreen(ScreenContext& ctx);
void drawQuickReasonsScreen(ScreenContext& ctx);
void drawSkmQuestionScreen(ScreenContext& ctx);
void drawProfileInviteScreen(ScreenContext& ctx);
void drawProfileScreen(ScreenContext& ctx);
void drawSavingScreen(ScreenContext& ctx);
void drawThankYouScreen(ScreenContext& ctx);
void drawOutOfServiceScreen(ScreenContext& ctx);

// Draws the flow's current screen in a full-window ImGui window.
void drawCurrentScreen(ScreenContext& ctx);

}  // namespace suara::kiosk
