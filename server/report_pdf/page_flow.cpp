#include "page_flow.hpp"

#include <algorithm>

namespace suara::hub::pdf {

namespace {

double fromPango(int units) { return pango_units_to_double(units); }

PangoFontDescription* fontFor(const TextStyle& style) {
  PangoFontDescription* font = pango_font_description_new();
  pango_font_description_set_family(font, "Noto Sans");
  pango_font_description_set_weight(font, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_style(font, style.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
  // Absolute: the size in device units, which on these surfaces are points.
  pango_font_description_set_absolute_size(font, style.size * PANGO_SCALE);
  return font;
}

}  // namespace

void setColour(cairo_t* cr, Rgb c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

std::string esc(const std::string& text) {
  gchar* valid = g_utf8_make_valid(text.data(), static_cast<gssize>(text.size()));
  std::string clean;
  clean.reserve(text.size());
  for (const char* p = valid; *p != '\0';) {
    const gunichar c = g_utf8_get_char(p);
    const char* next = g_utf8_offset_to_pointer(p, 1);
    if (c == '\t') {
      clean += ' ';
    } else if (c == '\n' || !g_unichar_iscntrl(c)) {
      clean.append(p, next);
    }
    p = next;
  }
  g_free(valid);
  gchar* escaped = g_markup_escape_text(clean.c_str(), static_cast<gssize>(clean.size()));
  std::string out(escaped);
  g_free(escaped);
  return out;
}

TextBlock::TextBlock(PangoContext* context, const std::string& markup, const TextStyle& style, double width)
    : m_layout(pango_layout_new(context), g_object_unref), m_colour(style.colour) {
  PangoLayout* layout = m_layout.get();
  PangoFontDescription* font = fontFor(style);
  pango_layout_set_font_description(layout, font);
  pango_font_description_free(font);
  pango_layout_set_width(layout, pango_units_from_double(std::max(width, 1.0)));
  pango_layout_set_alignment(layout, style.align);
  pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);  // a long word or URL still breaks
  if (style.maxLines > 0) {
    pango_layout_set_height(layout, -style.maxLines);  // negative: a number of lines
    pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
  }
  PangoAttrList* attrs = nullptr;
  char* text = nullptr;
  if (pango_parse_markup(markup.c_str(), -1, 0, &attrs, &text, nullptr, nullptr)) {
    pango_layout_set_text(layout, text, -1);
    pango_layout_set_attributes(layout, attrs);
    pango_attr_list_unref(attrs);
    g_free(text);
  } else {
    // Only our own markup can be malformed (user text is escaped); show it rather than lose it.
    pango_layout_set_text(layout, markup.c_str(), -1);
  }

  PangoLayoutIter* it = pango_layout_get_iter(layout);
  do {
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(it, nullptr, &logical);
    m_lines.push_back({pango_layout_iter_get_line_readonly(it), fromPango(logical.x), fromPango(logical.y),
                       fromPango(logical.y + logical.height), fromPango(pango_layout_iter_get_baseline(it))});
  } while (pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
}

double TextBlock::inkWidth() const {
  PangoRectangle logical;
  pango_layout_get_extents(m_layout.get(), nullptr, &logical);
  return fromPango(logical.width);
}

std::size_t TextBlock::fitting(std::size_t from, double height) const {
  std::size_t to = from;
  while (to < m_lines.size() && m_lines[to].bottom - m_lines[from].top <= height + 0.01) ++to;
  return to - from;
}

double TextBlock::heightOf(std::size_t from, std::size_t to) const {
  if (from >= to) return 0.0;
  return m_lines[to - 1].bottom - m_lines[from].top;
}

void TextBlock::draw(cairo_t* cr, double x, double y, std::size_t from, std::size_t to) const {
  if (from >= to) return;
  setColour(cr, m_colour);
  const double shift = y - m_lines[from].top;
  for (std::size_t i = from; i < to && i < m_lines.size(); ++i) {
    cairo_move_to(cr, x + m_lines[i].x, shift + m_lines[i].baseline);
    pango_cairo_show_layout_line(cr, m_lines[i].line);
  }
}

PageFlow::PageFlow() {
  m_pango = pango_font_map_create_context(pango_cairo_font_map_get_default());
  pango_cairo_context_set_resolution(m_pango, 72.0);
  // A PDF is scaled freely when viewed: glyph metrics and positions must not be snapped to
  // whole points, or words look unevenly spaced.
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(m_pango, options);
  cairo_font_options_destroy(options);
  pango_context_set_round_glyph_positions(m_pango, FALSE);
  newPage();
}

PageFlow::~PageFlow() {
  if (m_cr) cairo_destroy(m_cr);
  for (cairo_surface_t* page : m_pages) cairo_surface_destroy(page);
  g_object_unref(m_pango);
}

void PageFlow::newPage() {
  const cairo_rectangle_t extents{0, 0, kPageWidth, kPageHeight};
  cairo_surface_t* page = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extents);
  m_pages.push_back(page);
  if (m_cr) cairo_destroy(m_cr);
  m_cr = cairo_create(page);
  m_y = top();
}

void PageFlow::ensure(double height) {
  double pending = 0;
  for (std::size_t i = 0; i < m_pending.size(); ++i) pending += m_pending[i].height(i == 0 && atPageTop());
  if (!atPageTop() && m_y + pending + height > bottom()) newPage();
  placePending();
}

double PageFlow::Pending::height(bool atTop) const {
  return (atTop ? 0.0 : before) + text.height() + (ruled ? 3 : 0) + after;
}

void PageFlow::placePending() {
  std::vector<Pending> pending = std::move(m_pending);
  m_pending.clear();
  for (Pending& p : pending) {
    if (!atPageTop()) m_y += p.before;
    if (p.outlineLevel >= 0)
      m_outline.push_back({p.outlineTitle, p.outlineLevel, static_cast<int>(m_pages.size()), m_y});
    lines(p.text, left(), {});  // line by line: a caption made of user text may be long
    if (p.ruled) {
      m_y += 3;
      setColour(m_cr, colour::kAccent);
      cairo_set_line_width(m_cr, 0.8);
      cairo_move_to(m_cr, left(), m_y);
      cairo_line_to(m_cr, right(), m_y);
      cairo_stroke(m_cr);
    }
    m_y += p.after;
  }
}

void PageFlow::flow(const TextBlock& block, double x, const std::function<void(double)>& onFirstLine) {
  ensure(block.heightOf(0, std::min<std::size_t>(block.lineCount(), 2)));  // never a first line alone at the foot
  lines(block, x, onFirstLine);
}

void PageFlow::lines(const TextBlock& block, double x, const std::function<void(double)>& onFirstLine) {
  const std::size_t n = block.lineCount();
  std::size_t from = 0;
  while (from < n) {
    std::size_t fit = block.fitting(from, room());
    const std::size_t remaining = n - from;
    if (!atPageTop() && (fit == 0 || (from == 0 && fit == 1 && remaining > 1))) {
      newPage();
      continue;
    }
    if (fit == 0) fit = 1;                        // a line taller than a page: not with our sizes
    if (fit + 1 == remaining && fit >= 3) --fit;  // carry two lines over rather than one
    if (from == 0 && onFirstLine) onFirstLine(m_y);
    block.draw(m_cr, x, m_y, from, from + fit);
    m_y += block.heightOf(from, from + fit);
    from += fit;
    if (from < n) newPage();
  }
}

void PageFlow::paragraph(const std::string& markup, const TextStyle& style, double indent, double after) {
  flow(block(markup, style, width() - indent), left() + indent, {});
  m_y += after;
}

void PageFlow::bullet(const std::string& markup, const TextStyle& style) {
  constexpr double kIndent = 14;
  flow(block(markup, style, width() - kIndent), left() + kIndent,
       [&](double y) { block("\u2022", style, kIndent).draw(m_cr, left() + 3, y); });
  m_y += 3;
}

void PageFlow::heading(const std::string& text, int level) {
  const TextStyle style{level == 0 ? 14.0 : 11.0, true, false, colour::kAccent};
  m_pending.push_back(
      {block(esc(text), style, width()), level == 0 ? 16.0 : 8.0, level == 0 ? 8.0 : 4.0, level == 0, text, level});
}

void PageFlow::caption(const std::string& markup, const TextStyle& style, double after) {
  m_pending.push_back({block(markup, style, width()), 0.0, after, false, {}, -1});
}

void PageFlow::finish() { placePending(); }

cairo_status_t PageFlow::status() const {
  if (m_cr && cairo_status(m_cr) != CAIRO_STATUS_SUCCESS) return cairo_status(m_cr);
  for (cairo_surface_t* page : m_pages) {
    if (cairo_surface_status(page) != CAIRO_STATUS_SUCCESS) return cairo_surface_status(page);
  }
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace suara::hub::pdf
