#pragma once
// The layout cursor of the PDF report: A4 pages with margins, a y position that moves down as
// blocks are placed, and text laid out by pango that wraps to a width and breaks between lines
// when a page is full.
//
// Pages are drawn onto cairo recording surfaces, one per page, and only copied into the PDF
// once the whole report is laid out: the footer's "page n of N" needs N, and recording spares
// a second layout pass.

#include <cairo.h>
#include <pango/pangocairo.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace suara::hub::pdf {

inline constexpr double kPageWidth = 595.276;  // A4, in points
inline constexpr double kPageHeight = 841.890;
inline constexpr double kMarginSide = 62.0;  // about 2.2 cm
inline constexpr double kMarginTop = 58.0;
inline constexpr double kMarginBottom = 72.0;  // leaves room for the footer

struct Rgb {
  double r = 0, g = 0, b = 0;
};
namespace colour {
inline constexpr Rgb kInk{0.11, 0.13, 0.16};
inline constexpr Rgb kMuted{0.36, 0.39, 0.44};
inline constexpr Rgb kRule{0.74, 0.77, 0.81};
inline constexpr Rgb kAccent{0.10, 0.28, 0.47};      // navy: headings, bars at or above B
inline constexpr Rgb kAccentTint{0.90, 0.93, 0.97};  // table headers, boxes
inline constexpr Rgb kStripe{0.965, 0.972, 0.98};
inline constexpr Rgb kWarn{0.66, 0.24, 0.06};  // below B (always with a hatch or words too)
inline constexpr Rgb kWarnTint{0.99, 0.92, 0.87};
}  // namespace colour

void setColour(cairo_t* cr, Rgb c);

struct TextStyle {
  double size = 9.5;
  bool bold = false;
  bool italic = false;
  Rgb colour = colour::kInk;
  PangoAlignment align = PANGO_ALIGN_LEFT;
  int maxLines = 0;  // 0: wraps freely; else cut with an ellipsis after that many (chart labels, footer)
};

// Pango markup escaped from arbitrary bytes: invalid UTF-8 repaired and control characters
// dropped, so that user text (unit names, plan items) can never break the markup around it.
std::string esc(const std::string& text);

// A paragraph laid out at a fixed width, drawn whole or a range of its lines at a time.
class TextBlock {
 public:
  TextBlock(PangoContext* context, const std::string& markup, const TextStyle& style, double width);
  double height() const { return m_lines.empty() ? 0.0 : m_lines.back().bottom; }
  double inkWidth() const;  // the widest line, for centring and measuring labels
  std::size_t lineCount() const { return m_lines.size(); }
  // How many lines from `from` fit into `height` (at least none).
  std::size_t fitting(std::size_t from, double height) const;
  double heightOf(std::size_t from, std::size_t to) const;
  // Draws lines [from, to) with the top of line `from` at y.
  void draw(cairo_t* cr, double x, double y, std::size_t from, std::size_t to) const;
  void draw(cairo_t* cr, double x, double y) const { draw(cr, x, y, 0, m_lines.size()); }

 private:
  struct Line {
    PangoLayoutLine* line;  // owned by m_layout
    double x, top, bottom, baseline;
  };
  std::unique_ptr<PangoLayout, void (*)(void*)> m_layout;
  std::vector<Line> m_lines;
  Rgb m_colour;
};

struct OutlineEntry {
  std::string title;
  int level = 0;  // 0 chapter, 1 section
  int page = 0;   // 1-based
  double y = 0;
};

class PageFlow {
 public:
  PageFlow();
  ~PageFlow();
  PageFlow(const PageFlow&) = delete;
  PageFlow& operator=(const PageFlow&) = delete;

  cairo_t* cr() const { return m_cr; }
  PangoContext* pango() const { return m_pango; }
  double left() const { return kMarginSide; }
  double right() const { return kPageWidth - kMarginSide; }
  double width() const { return right() - left(); }
  double top() const { return kMarginTop; }
  double bottom() const { return kPageHeight - kMarginBottom; }
  double y() const { return m_y; }
  void advance(double dy) { m_y += dy; }
  double room() const { return bottom() - m_y; }
  bool atPageTop() const { return m_y <= top(); }

  void newPage();
  // Starts a new page unless `height` fits below the cursor (or the page is still empty), then
  // places the headings and captions waiting for it. Whatever draws calls this first.
  void ensure(double height);

  TextBlock block(const std::string& markup, const TextStyle& style, double width) const {
    return TextBlock(m_pango, markup, style, width);
  }
  // Markup at the cursor, wrapped to the text width minus `indent`, breaking across pages
  // between lines (never leaving a single line behind).
  void paragraph(const std::string& markup, const TextStyle& style = {}, double indent = 0, double after = 6);
  // A bulleted paragraph.
  void bullet(const std::string& markup, const TextStyle& style = {});
  // A numbered chapter or section heading and an entry in the PDF outline. Like a caption it
  // waits for what follows and goes on the page where that starts.
  void heading(const std::string& text, int level);
  // A table's or figure's title, kept with it.
  void caption(const std::string& markup, const TextStyle& style, double after);
  // Places anything still waiting; call once the last block is drawn.
  void finish();

  const std::vector<cairo_surface_t*>& pages() const { return m_pages; }
  const std::vector<OutlineEntry>& outline() const { return m_outline; }
  cairo_status_t status() const;  // the first failure of any page, or success

 private:
  // Draws `block` at x from the cursor on, page by page, after making room for its first two
  // lines; `onFirstLine` gets the top of its first line once that is placed (where a bullet goes).
  void flow(const TextBlock& block, double x, const std::function<void(double)>& onFirstLine);
  // The same without making room first: the lines from the cursor on, breaking between pages.
  void lines(const TextBlock& block, double x, const std::function<void(double)>& onFirstLine);
  void placePending();

  // A heading or caption not placed yet: it goes where the next block goes.
  struct Pending {
    TextBlock text;
    double before, after;
    bool ruled;                // a chapter heading, underlined
    std::string outlineTitle;  // for the PDF outline
    int outlineLevel;          // -1: not in the outline
    double height(bool atTop) const;
  };
  std::vector<Pending> m_pending;

  std::vector<cairo_surface_t*> m_pages;
  std::vector<OutlineEntry> m_outline;
  cairo_t* m_cr = nullptr;
  PangoContext* m_pango = nullptr;
  double m_y = 0;
};

}  // namespace suara::hub::pdf
