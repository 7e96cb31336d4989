#pragma once
// Sizes, fonts and colours of the kiosk, derived from the screen so that one layout serves
// 800x480 to 1920x1080, landscape and portrait.

#include <imgui.h>

#include <filesystem>

#include "suara/core/result.hpp"
#include "ui/palette.hpp"

namespace suara::kiosk {

struct Theme {
  float width = 0, height = 0;
  bool portrait = false;
  float unit = 0;        // base text size in pixels
  float pad = 0;         // standard spacing
  float minTarget = 0;   // smallest touch target: ~15 mm on a 10-inch screen
  float rounding = 0;

  ImFont* body = nullptr;
  ImFont* bodyBold = nullptr;
  ImFont* title = nullptr;
  ImFont* huge = nullptr;
  ImFont* small = nullptr;

  // Colours from Palette (palette.hpp), as ImGui wants them.
  ImU32 background, surface, surfacePressed, text, mutedText, accent, accentPressed, accentText, selected, outline, faceInk,
      savedBanner;
  ImU32 scoreColour[4];  // 1 (red) .. 4 (green)

  // Builds the font atlas for a screen of `width` x `height` pixels. Fonts come from the
  // system (fonts-noto-core; DejaVu as fallback).
  static Result<Theme> create(float width, float height);
};

}  // namespace suara::kiosk
