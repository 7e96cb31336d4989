#pragma once
// The kiosk's colours, free of ImGui so that a test can check their contrast (WCAG 2.1):
// text at least 4.5:1 against what it sits on, component edges and face features at least
// 3:1. Colour is never the only signal: every coloured thing also has a shape and a word.

#include <cmath>
#include <cstdint>

namespace suara::kiosk {

struct Rgb {
  std::uint8_t r, g, b;
};

struct Palette {
  Rgb background{246, 244, 239};
  Rgb surface{255, 255, 255};
  Rgb surfacePressed{226, 232, 240};
  Rgb text{28, 33, 40};
  Rgb mutedText{84, 92, 104};
  Rgb accent{20, 92, 158};
  Rgb accentPressed{14, 64, 112};
  Rgb accentText{255, 255, 255};
  Rgb selected{214, 232, 250};
  Rgb outline{118, 124, 134};     // card and button edges: >= 3:1 on surface and background
  Rgb faceInk{30, 30, 30};        // eyes, mouth and rim of the faces
  Rgb score[4] = {{208, 64, 52}, {232, 142, 36}, {120, 176, 60}, {40, 140, 72}};  // 1 (red) .. 4 (green)
  Rgb savedBanner{225, 242, 230}; // "your rating is saved" strip on follow-up screens
};

// WCAG 2.1 relative luminance and contrast ratio (1..21).
inline double relativeLuminance(Rgb c) {
  auto linear = [](std::uint8_t v) {
    const double s = v / 255.0;
    return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
}

inline double contrastRatio(Rgb a, Rgb b) {
  const double la = relativeLuminance(a), lb = relativeLuminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

}  // namespace suara::kiosk
