#pragma once
// Spreadsheet downloads (.xlsx) with Debian's libxlsxwriter: each sheet a table of
// export_tables' columns, numbers as numbers, the header row bold and frozen. Written in the
// library's constant-memory mode (each row goes to a temporary file as the next begins), so a
// million ratings are not held twice; the finished file is read back and removed.

#include <memory>
#include <string>
#include <string_view>

#include "dashboard/export_tables.hpp"
#include "suara/core/result.hpp"

namespace suara::hub {

// Rows a sheet holds below its header (the format's limit is 1,048,576 rows).
inline constexpr std::int64_t kMaxXlsxRows = 1'048'575;
// Temporary room a row takes while the workbook is made: ~700 bytes of sheet XML, the
// compressed copy, and a margin.
inline constexpr std::int64_t kTempBytesPerRow = 1'500;

class XlsxWorkbook {
 public:
  // A new workbook in the system's temporary directory, for about `rows` rows in all. The
  // library ignores write errors on its temporary files (a full disk gave a cut-short sheet
  // in a valid-looking file), so the room is checked first: DiskFull unless the directory has
  // kTempBytesPerRow a row free beyond what workbooks in progress have reserved.
  static Result<XlsxWorkbook> create(std::int64_t rows);
  XlsxWorkbook(XlsxWorkbook&&) noexcept;
  XlsxWorkbook& operator=(XlsxWorkbook&&) noexcept;
  ~XlsxWorkbook();  // an unfinished workbook's file is removed too

  // A new sheet (at most 31 characters, no []:*?/\), its header row from `columns`; rows
  // added after go to it.
  Status addSheet(std::string_view name, const std::vector<ExportColumn>& columns);
  // One row of the current sheet; Invalid past kMaxXlsxRows.
  Status addRow(const ExportRow& row);
  // The finished file's bytes.
  Result<std::string> finish();

 private:
  struct State;
  explicit XlsxWorkbook(std::unique_ptr<State> state);
  std::unique_ptr<State> m_state;
};

}  // namespace suara::hub
