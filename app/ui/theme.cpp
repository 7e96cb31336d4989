#include "ui/theme.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace suara::kiosk {

namespace fs = std::filesystem;

namespace {

// Latin, Latin-1 (é, ×) and the punctuation the texts use (– — ‘ ’ “ ” … ‹ ›).
const ImWchar kGlyphRanges[] = {0x0020, 0x00FF, 0x2013, 0x2014, 0x2018, 0x201D, 0x2026, 0x2026, 0x2039, 0x203A, 0};

fs::path findFont(bool bold) {
  const fs::path candidates[] = {
      bold ? "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf" : "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
      bold ? "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf" : "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
  };
  for (const auto& path : candidates)
    if (fs::exists(path)) return path;
  return {};
}

ImU32 rgb(Rgb c) { return IM_COL32(c.r, c.g, c.b, 255); }

}  // namespace

Result<Theme> Theme::create(float width, float height) {
  Theme t;
  t.width = width;
  t.height = height;
  t.portrait = height > width;
  const float shortSide = std::min(width, height);
  t.unit = std::round(shortSide / 21.0f);
  t.pad = std::round(t.unit * 0.6f);
  t.rounding = std::round(t.unit * 0.5f);
  // 15 mm on a 10-inch diagonal: 15 / 254 of the diagonal in pixels.
  t.minTarget = std::round(std::hypot(width, height) * 15.0f / 254.0f);

  const fs::path regular = findFont(false), bold = findFont(true);
  if (regular.empty() || bold.empty())
    return makeError(Errc::NotFound, "no usable font: install fonts-noto-core (or fonts-dejavu-core)");
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  ImFontConfig config;
  config.OversampleH = 1;  // the sizes are exact; oversampling would only grow the atlas
  config.OversampleV = 1;
  auto load = [&](const fs::path& file, float size) {
    return io.Fonts->AddFontFromFileTTF(file.c_str(), size, &config, kGlyphRanges);
  };
  t.body = load(regular, t.unit);
  t.bodyBold = load(bold, t.unit);
  t.small = load(regular, std::round(t.unit * 0.75f));
  t.title = load(bold, std::round(t.unit * 1.45f));
  t.huge = load(bold, std::round(t.unit * 2.3f));
  if (!t.body || !t.bodyBold || !t.small || !t.title || !t.huge || !io.Fonts->Build())
    return makeError(Errc::Io, "cannot load fonts from " + regular.parent_path().string());
  io.FontDefault = t.body;

  const Palette p;
  t.background = rgb(p.background);
  t.surface = rgb(p.surface);
  t.surfacePressed = rgb(p.surfacePressed);
  t.text = rgb(p.text);
  t.mutedText = rgb(p.mutedText);
  t.accent = rgb(p.accent);
  t.accentPressed = rgb(p.accentPressed);
  t.accentText = rgb(p.accentText);
  t.selected = rgb(p.selected);
  t.outline = rgb(p.outline);
  t.faceInk = rgb(p.faceInk);
  t.savedBanner = rgb(p.savedBanner);
  for (int i = 0; i < 4; ++i) t.scoreColour[i] = rgb(p.score[i]);

  ImGuiStyle& style = ImGui::GetStyle();
  style = ImGuiStyle();
  style.WindowPadding = ImVec2(0, 0);
  style.WindowBorderSize = 0;
  style.WindowRounding = 0;
  style.Colors[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(t.background);
  style.Colors[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(t.text);
  return t;
}

}  // namespace suara::kiosk
