#include "charts.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <span>

namespace suara::hub::pdf {

namespace {

constexpr double kScaleMin = 25.0;  // the konversi scale: IKM 1..4 times 25
constexpr double kScaleMax = 100.0;
constexpr double kThresholdB = static_cast<double>(kThresholdBHundredths) / 100.0;
constexpr Rgb kBarFill{0.30, 0.48, 0.69};
// The element chart's rows and the space above (B label), below (axis) and under it (legend).
constexpr double kRow = 21;
constexpr double kChartTop = 18, kChartAxis = 16, kChartLegend = 20;
constexpr const char* kWarnHex = "#a83d0f";  // colour::kWarn, for markup

double valueOf(std::int64_t hundredths) { return static_cast<double>(hundredths) / 100.0; }

void stroke(cairo_t* cr, double x0, double y0, double x1, double y1, double width, Rgb c) {
  setColour(cr, c);
  cairo_set_line_width(cr, width);
  cairo_move_to(cr, x0, y0);
  cairo_line_to(cr, x1, y1);
  cairo_stroke(cr);
}

void dashed(cairo_t* cr, double x0, double y0, double x1, double y1) {
  const double dashes[] = {3.0, 2.0};
  cairo_save(cr);
  cairo_set_dash(cr, dashes, 2, 0);
  stroke(cr, x0, y0, x1, y1, 0.9, colour::kInk);
  cairo_restore(cr);
}

// Diagonal lines clipped to a rectangle: the "below B" fill, legible without colour.
void hatched(cairo_t* cr, double x, double y, double w, double h) {
  setColour(cr, colour::kWarnTint);
  cairo_rectangle(cr, x, y, w, h);
  cairo_fill(cr);
  cairo_save(cr);
  cairo_rectangle(cr, x, y, w, h);
  cairo_clip(cr);
  setColour(cr, colour::kWarn);
  cairo_set_line_width(cr, 0.7);
  for (double s = x - h; s < x + w; s += 3.5) {
    cairo_move_to(cr, s, y + h);
    cairo_line_to(cr, s + h, y);
  }
  cairo_stroke(cr);
  cairo_restore(cr);
  setColour(cr, colour::kWarn);
  cairo_set_line_width(cr, 0.6);
  cairo_rectangle(cr, x, y, w, h);
  cairo_stroke(cr);
}

void solid(cairo_t* cr, double x, double y, double w, double h) {
  setColour(cr, kBarFill);
  cairo_rectangle(cr, x, y, w, h);
  cairo_fill(cr);
}

void whisker(cairo_t* cr, double x0, double x1, double y) {
  stroke(cr, x0, y, x1, y, 0.8, colour::kInk);
  stroke(cr, x0, y - 3.5, x0, y + 3.5, 0.8, colour::kInk);
  stroke(cr, x1, y - 3.5, x1, y + 3.5, 0.8, colour::kInk);
}

// Markup whose middle sits on y, from x and `width` wide (aligned within that as its style says).
void label(const PageFlow& f, const std::string& markup, const TextStyle& style, double x, double y, double width) {
  const TextBlock text = f.block(markup, style, width);
  text.draw(f.cr(), x, y - text.height() / 2);
}

void legend(Doc& d, double x, double y) {
  const PageFlow& f = d.flow;
  cairo_t* cr = f.cr();
  const TextStyle style{7.5, false, false, colour::kMuted};
  auto text = [&](const std::string& words) {
    const TextBlock t = f.block(esc(words), style, 200);
    t.draw(cr, x + 16, y - t.height() / 2);
    x += 16 + t.inkWidth() + 16;
  };
  solid(cr, x, y - 4, 12, 8);
  text(d.t("B atau lebih (\u2265 ", "B or better (\u2265 ") + d.num(kThresholdBHundredths) + ")");
  hatched(cr, x, y - 4, 12, 8);
  text(d.t("di bawah B", "below B"));
  whisker(cr, x, x + 12, y);
  text(d.t("interval kepercayaan 95 %", "95 % confidence interval"));
}

// The bars of `elements` as one chart that fits on the current page or a fresh one.
void elementBars(Doc& d, std::span<const LaporanElement> elements) {
  PageFlow& f = d.flow;
  constexpr double kLabelWidth = 150, kValueWidth = 92, kBarHeight = 11;
  constexpr double kTop = kChartTop, kAxis = kChartAxis, kLegend = kChartLegend;
  const double plotHeight = kRow * static_cast<double>(elements.size());
  f.ensure(kTop + plotHeight + kAxis + kLegend);
  cairo_t* cr = f.cr();
  const double x0 = f.left() + kLabelWidth, x1 = f.right() - kValueWidth;
  const double top = f.y() + kTop, bottom = top + plotHeight;
  auto xOf = [&](double v) {
    return x0 + (std::clamp(v, kScaleMin, kScaleMax) - kScaleMin) / (kScaleMax - kScaleMin) * (x1 - x0);
  };

  const TextStyle tick{7, false, false, colour::kMuted, PANGO_ALIGN_CENTER};
  for (int v = 25; v <= 100; v += 15) {
    const double x = xOf(v);
    stroke(cr, x, top, x, bottom, 0.4, colour::kRule);
    label(f, d.count(v), tick, x - 15, bottom + kAxis / 2, 30);
  }
  stroke(cr, x0, bottom, x1, bottom, 0.7, colour::kMuted);

  const TextStyle name{8};
  const TextStyle nameLine{7.5, false, false, colour::kInk, PANGO_ALIGN_LEFT, 2};
  for (std::size_t i = 0; i < elements.size(); ++i) {
    const LaporanElement& e = elements[i];
    const double cy = top + kRow * (static_cast<double>(i) + 0.5);
    label(f, "<b>" + esc(e.code) + "</b>  " + esc(e.name), nameLine, f.left(), cy, kLabelWidth - 8);
    if (!e.konversiHundredths) {
      label(f, esc(d.t("tidak ada jawaban", "no answers")), {7.5, false, true, colour::kMuted}, x0 + 4, cy, 150);
      continue;
    }
    const bool below = *e.konversiHundredths < kThresholdBHundredths;
    const double end = xOf(valueOf(*e.konversiHundredths));
    if (below) {
      hatched(cr, x0, cy - kBarHeight / 2, end - x0, kBarHeight);
    } else {
      solid(cr, x0, cy - kBarHeight / 2, end - x0, kBarHeight);
    }
    if (e.ciLowHundredths && e.ciHighHundredths) {
      whisker(cr, xOf(valueOf(*e.ciLowHundredths)), xOf(valueOf(*e.ciHighHundredths)), cy);
    }
    std::string value = "<b>" + d.num(*e.konversiHundredths) + "</b>";
    if (below)
      value += std::string("  <span foreground='") + kWarnHex + "'><i>" + d.t("di bawah B", "below B") + "</i></span>";
    label(f, value, name, x1 + 8, cy, kValueWidth - 8);
  }

  // The B threshold over the bars, labelled above the plot.
  const double xb = xOf(kThresholdB);
  dashed(cr, xb, top - 4, xb, bottom);
  label(f, "<b>B</b> = " + d.num(kThresholdBHundredths), {7.5, false, false, colour::kInk, PANGO_ALIGN_CENTER}, xb - 40,
        top - 10, 80);

  legend(d, x0, bottom + kAxis + kLegend / 2 + 2);
  f.advance(kTop + plotHeight + kAxis + kLegend + 8);
}

}  // namespace

void elementChart(Doc& d) {
  // Nine elements always fit on a page; a model with more is drawn in page-sized parts
  // rather than running past the margin.
  const std::span<const LaporanElement> all(d.m.elements);
  const double body = d.flow.bottom() - d.flow.top() - kChartTop - kChartAxis - kChartLegend - 8;
  const auto perPage = static_cast<std::size_t>(std::max(1.0, std::floor(body / kRow)));
  for (std::size_t from = 0; from < all.size(); from += perPage) {
    elementBars(d, all.subspan(from, std::min(perPage, all.size() - from)));
  }
}

void trendChart(Doc& d) {
  PageFlow& f = d.flow;
  const auto& points = d.m.trend;
  if (points.empty()) return;
  constexpr double kHeight = 190, kGutter = 28, kAxis = 26, kTop = 10;
  f.ensure(kHeight);
  cairo_t* cr = f.cr();
  const double x0 = f.left() + kGutter, x1 = f.right() - 4;
  const double top = f.y() + kTop, bottom = f.y() + kHeight - kAxis;

  // The vertical range: the data and the B line with some air, on whole multiples of 5.
  double lo = kThresholdB, hi = kThresholdB;
  for (const auto& p : points) {
    if (!p.konversiHundredths) continue;
    lo = std::min(lo, valueOf(*p.konversiHundredths));
    hi = std::max(hi, valueOf(*p.konversiHundredths));
  }
  lo = std::max(kScaleMin, std::floor((lo - 3) / 5) * 5);
  hi = std::min(kScaleMax, std::ceil((hi + 3) / 5) * 5);
  const double step = hi - lo > 40 ? 10 : 5;
  auto yOf = [&](double v) { return bottom - (std::clamp(v, lo, hi) - lo) / (hi - lo) * (bottom - top); };
  const double slot = (x1 - x0) / static_cast<double>(points.size());
  auto xOf = [&](std::size_t i) { return x0 + slot * (static_cast<double>(i) + 0.5); };

  const TextStyle axis{7, false, false, colour::kMuted, PANGO_ALIGN_RIGHT};
  for (double v = lo; v <= hi + 0.01; v += step) {
    stroke(cr, x0, yOf(v), x1, yOf(v), 0.4, colour::kRule);
    label(f, d.count(static_cast<std::int64_t>(v)), axis, f.left(), yOf(v), kGutter - 5);
  }
  stroke(cr, x0, bottom, x1, bottom, 0.7, colour::kMuted);
  dashed(cr, x0, yOf(kThresholdB), x1, yOf(kThresholdB));
  label(f, "<b>B</b> = " + d.num(kThresholdBHundredths), {7, false, false, colour::kInk, PANGO_ALIGN_RIGHT}, x1 - 84,
        yOf(kThresholdB) - 6, 80);

  // Month labels: as many as fit side by side, every k-th month.
  const TextStyle month{7, false, false, colour::kMuted, PANGO_ALIGN_CENTER};
  double widest = 0;
  for (const auto& p : points) widest = std::max(widest, f.block(esc(p.title), month, 400).inkWidth());
  const auto every = static_cast<std::size_t>(std::max(1.0, std::ceil((widest + 8) / slot)));
  for (std::size_t i = 0; i < points.size(); ++i) {
    stroke(cr, xOf(i), bottom, xOf(i), bottom + 2.5, 0.5, colour::kMuted);
    if (i % every == 0) label(f, esc(points[i].title), month, xOf(i) - 40, bottom + 10, 80);
  }

  // The line, lifted where a month has no value so that a gap is never bridged.
  setColour(cr, colour::kAccent);
  cairo_set_line_width(cr, 1.6);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  bool drawing = false;
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (!points[i].konversiHundredths) {
      drawing = false;
      continue;
    }
    const double y = yOf(valueOf(*points[i].konversiHundredths));
    if (drawing) {
      cairo_line_to(cr, xOf(i), y);
    } else {
      cairo_move_to(cr, xOf(i), y);
    }
    drawing = true;
  }
  cairo_stroke(cr);
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (!points[i].konversiHundredths) continue;
    cairo_arc(cr, xOf(i), yOf(valueOf(*points[i].konversiHundredths)), 2.3, 0, 2 * std::numbers::pi);
    cairo_fill(cr);
  }
  f.advance(kHeight + 4);
}

}  // namespace suara::hub::pdf
