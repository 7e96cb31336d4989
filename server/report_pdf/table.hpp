#pragma once
// Tables that wrap their cells and break across pages: a row that does not fit goes to the next
// page under a repeated header row; a row taller than a whole page is split between its lines.

#include <string>
#include <utility>
#include <vector>

#include "page_flow.hpp"

namespace suara::hub::pdf {

struct Column {
  std::string header;
  double share = 1;  // of the text width; the shares of a table add up to 1
  PangoAlignment align = PANGO_ALIGN_LEFT;
};

class Table {
 public:
  explicit Table(std::vector<Column> columns) : m_columns(std::move(columns)) {}
  // One row of Pango markup cells (escape user text with esc()); missing cells stay empty.
  void add(std::vector<std::string> cells) { m_rows.push_back(std::move(cells)); }
  bool empty() const { return m_rows.empty(); }
  void draw(PageFlow& flow) const;

 private:
  std::vector<TextBlock> layoutRow(const PageFlow& flow, const std::vector<std::string>& cells,
                                   const TextStyle& style) const;
  double drawHeader(PageFlow& flow, const std::vector<TextBlock>& header) const;
  void drawRow(PageFlow& flow, const std::vector<TextBlock>& cells, const std::vector<TextBlock>& header,
               bool striped) const;

  std::vector<Column> m_columns;
  std::vector<std::vector<std::string>> m_rows;
};

}  // namespace suara::hub::pdf
