// The kiosk's colours meet WCAG 2.1 contrast: text 4.5:1 on what it sits on, component edges
// and face features 3:1 (success criteria 1.4.3 and 1.4.11).

#include <catch2/catch.hpp>

#include "ui/palette.hpp"

using namespace suara::kiosk;

TEST_CASE("the contrast formula gives WCAG's reference values", "[palette]") {
  CHECK(contrastRatio({0, 0, 0}, {255, 255, 255}) == Approx(21.0));
  CHECK(contrastRatio({255, 255, 255}, {255, 255, 255}) == Approx(1.0));
  CHECK(contrastRatio({118, 118, 118}, {255, 255, 255}) == Approx(4.54).margin(0.01));  // the classic #767676
}

TEST_CASE("every text colour reaches 4.5:1 on every surface it is drawn on", "[palette]") {
  const Palette p;
  struct Pair {
    const char* what;
    Rgb ink, paper;
  };
  const Pair pairs[] = {
      {"text on background", p.text, p.background},       {"text on a card", p.text, p.surface},
      {"text on a pressed card", p.text, p.surfacePressed}, {"text on a selected card", p.text, p.selected},
      {"text on the saved banner", p.text, p.savedBanner}, {"muted text on background", p.mutedText, p.background},
      {"muted text on a card", p.mutedText, p.surface},   {"muted text on the saved banner", p.mutedText, p.savedBanner},
      {"accent text on background", p.accent, p.background}, {"accent text on a card", p.accent, p.surface},
      {"button label on accent", p.accentText, p.accent}, {"button label on pressed accent", p.accentText, p.accentPressed},
  };
  for (const auto& pair : pairs) {
    INFO(pair.what);
    CHECK(contrastRatio(pair.ink, pair.paper) >= 4.5);
  }
}

TEST_CASE("component edges and face features reach 3:1", "[palette]") {
  const Palette p;
  CHECK(contrastRatio(p.outline, p.surface) >= 3.0);
  CHECK(contrastRatio(p.outline, p.background) >= 3.0);
  CHECK(contrastRatio(p.outline, p.surfacePressed) >= 3.0);
  CHECK(contrastRatio(p.accent, p.selected) >= 3.0);   // a selected card's thick outline
  CHECK(contrastRatio(p.accent, p.savedBanner) >= 3.0);  // the banner's tick box
  for (int score = 0; score < 4; ++score) {
    INFO("face " << score + 1);
    CHECK(contrastRatio(p.faceInk, p.score[score]) >= 3.0);   // eyes and mouth carry the meaning
  }
  CHECK(contrastRatio(p.accentText, p.score[3]) >= 3.0);  // the thank-you tick
}
