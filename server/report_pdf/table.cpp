#include "table.hpp"

#include <algorithm>

namespace suara::hub::pdf {

namespace {

constexpr double kPadX = 4.0;
constexpr double kPadY = 3.0;
constexpr TextStyle kHeaderStyle{8.3, true, false, colour::kAccent};
constexpr TextStyle kBodyStyle{8.6};

void rule(cairo_t* cr, double x0, double x1, double y, double lineWidth, Rgb c) {
  setColour(cr, c);
  cairo_set_line_width(cr, lineWidth);
  cairo_move_to(cr, x0, y);
  cairo_line_to(cr, x1, y);
  cairo_stroke(cr);
}

double tallest(const std::vector<TextBlock>& cells) {
  double h = 0;
  for (const TextBlock& cell : cells) h = std::max(h, cell.height());
  return h;
}

}  // namespace

std::vector<TextBlock> Table::layoutRow(const PageFlow& flow, const std::vector<std::string>& cells,
                                        const TextStyle& style) const {
  std::vector<TextBlock> out;
  out.reserve(m_columns.size());
  for (std::size_t c = 0; c < m_columns.size(); ++c) {
    TextStyle cellStyle = style;
    cellStyle.align = m_columns[c].align;
    const double w = m_columns[c].share * flow.width() - 2 * kPadX;
    out.push_back(flow.block(c < cells.size() ? cells[c] : std::string(), cellStyle, w));
  }
  return out;
}

double Table::drawHeader(PageFlow& flow, const std::vector<TextBlock>& header) const {
  cairo_t* cr = flow.cr();
  const double h = tallest(header) + 2 * kPadY;
  setColour(cr, colour::kAccentTint);
  cairo_rectangle(cr, flow.left(), flow.y(), flow.width(), h);
  cairo_fill(cr);
  double x = flow.left();
  for (std::size_t c = 0; c < header.size(); ++c) {
    header[c].draw(cr, x + kPadX, flow.y() + kPadY);
    x += m_columns[c].share * flow.width();
  }
  rule(cr, flow.left(), flow.right(), flow.y(), 0.9, colour::kAccent);
  rule(cr, flow.left(), flow.right(), flow.y() + h, 0.6, colour::kAccent);
  flow.advance(h);
  return h;
}

void Table::drawRow(PageFlow& flow, const std::vector<TextBlock>& cells, const std::vector<TextBlock>& header,
                    bool striped) const {
  const double headerHeight = tallest(header) + 2 * kPadY;
  const double rowHeight = tallest(cells) + 2 * kPadY;
  // A row that fits on a fresh page is never split: it moves there whole.
  if (rowHeight > flow.room() && rowHeight <= flow.bottom() - flow.top() - headerHeight) {
    flow.newPage();
    drawHeader(flow, header);
  }
  std::vector<std::size_t> next(cells.size(), 0);
  auto done = [&] {
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (next[c] < cells[c].lineCount()) return false;
    }
    return true;
  };
  while (!done()) {
    std::vector<std::size_t> take(cells.size(), 0);
    double h = 0;
    bool any = false;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      take[c] = cells[c].fitting(next[c], flow.room() - 2 * kPadY);
      h = std::max(h, cells[c].heightOf(next[c], next[c] + take[c]));
      any = any || take[c] > 0;
    }
    if (!any) {  // not even one line of any unfinished cell fits here
      flow.newPage();
      drawHeader(flow, header);
      continue;
    }
    cairo_t* cr = flow.cr();
    if (striped) {
      setColour(cr, colour::kStripe);
      cairo_rectangle(cr, flow.left(), flow.y(), flow.width(), h + 2 * kPadY);
      cairo_fill(cr);
    }
    double x = flow.left();
    for (std::size_t c = 0; c < cells.size(); ++c) {
      cells[c].draw(cr, x + kPadX, flow.y() + kPadY, next[c], next[c] + take[c]);
      next[c] += take[c];
      x += m_columns[c].share * flow.width();
    }
    flow.advance(h + 2 * kPadY);
    rule(cr, flow.left(), flow.right(), flow.y(), 0.4, colour::kRule);
    if (!done()) {
      flow.newPage();
      drawHeader(flow, header);
    }
  }
}

void Table::draw(PageFlow& flow) const {
  std::vector<std::string> titles;
  for (const Column& column : m_columns) titles.push_back(esc(column.header));
  const std::vector<TextBlock> header = layoutRow(flow, titles, kHeaderStyle);
  std::vector<std::vector<TextBlock>> rows;
  double total = tallest(header) + 2 * kPadY;
  for (const auto& cells : m_rows) {
    rows.push_back(layoutRow(flow, cells, kBodyStyle));
    total += tallest(rows.back()) + 2 * kPadY;
  }
  // A short table is kept on one page; a long one starts where it is, but never with its
  // header alone at the foot of a page.
  constexpr double kShortTable = 150;
  const double first = rows.empty() ? 0.0 : tallest(rows.front()) + 2 * kPadY;
  flow.ensure(total <= kShortTable ? total : tallest(header) + 2 * kPadY + first);
  drawHeader(flow, header);
  for (std::size_t r = 0; r < rows.size(); ++r) drawRow(flow, rows[r], header, r % 2 == 1);
  rule(flow.cr(), flow.left(), flow.right(), flow.y(), 0.9, colour::kAccent);
  flow.advance(10);
}

}  // namespace suara::hub::pdf
