#include "dashboard/xlsx_export.hpp"

#include <xlsxwriter.h>

#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <filesystem>

#include "suara/core/text_file.hpp"

namespace suara::hub {

namespace {

// A cell's text as XML 1.0 may carry it: C0 control characters other than tab and line feed
// are dropped (the file would not open), and the cell's limit of 32,767 bytes kept.
std::string cellText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text)
    if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n') out += c;
  if (out.size() > 32'767) {
    std::size_t cut = 32'767;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 sequence
    out.resize(cut);
  }
  return out;
}

std::optional<double> numberOf(const std::string& text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

Error failed(lxw_error error, const char* what) {
  return makeError(Errc::Internal, std::string("writing the spreadsheet: ") + what + ": " + lxw_strerror(error));
}

}  // namespace

struct XlsxWorkbook::State {
  std::filesystem::path path;
  lxw_workbook* workbook = nullptr;
  lxw_worksheet* sheet = nullptr;
  lxw_format* header = nullptr;
  std::vector<ExportColumn> columns;
  lxw_row_t nextRow = 0;

  ~State() {
    if (workbook) workbook_close(workbook);  // frees it; the file is removed below either way
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
  }
};

XlsxWorkbook::XlsxWorkbook(std::unique_ptr<State> state) : m_state(std::move(state)) {}
XlsxWorkbook::XlsxWorkbook(XlsxWorkbook&&) noexcept = default;
XlsxWorkbook& XlsxWorkbook::operator=(XlsxWorkbook&&) noexcept = default;
XlsxWorkbook::~XlsxWorkbook() = default;

Result<XlsxWorkbook> XlsxWorkbook::create() {
  auto state = std::make_unique<State>();
  std::string pattern = (std::filesystem::temp_directory_path() / "suara-export-XXXXXX").string();
  const int fd = mkstemp(pattern.data());
  if (fd < 0) return makeError(Errc::Io, "no temporary file for the spreadsheet");
  ::close(fd);
  state->path = pattern;
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  std::string tmp = std::filesystem::temp_directory_path().string();
  options.tmpdir = tmp.data();
  state->workbook = workbook_new_opt(pattern.c_str(), &options);
  if (!state->workbook) return makeError(Errc::Io, "cannot start the spreadsheet");
  state->header = workbook_add_format(state->workbook);
  format_set_bold(state->header);
  return XlsxWorkbook(std::move(state));
}

Status XlsxWorkbook::addSheet(std::string_view name, const std::vector<ExportColumn>& columns) {
  State& s = *m_state;
  s.sheet = workbook_add_worksheet(s.workbook, std::string(name).c_str());
  if (!s.sheet) return makeError(Errc::Internal, "writing the spreadsheet: bad sheet name '" + std::string(name) + "'");
  s.columns = columns;
  s.nextRow = 1;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const auto column = static_cast<lxw_col_t>(c);
    if (lxw_error e = worksheet_write_string(s.sheet, 0, column, columns[c].name.c_str(), s.header)) return failed(e, "header");
    worksheet_set_column(s.sheet, column, column, columns[c].numeric ? 11 : 18, nullptr);
  }
  worksheet_freeze_panes(s.sheet, 1, 0);
  return {};
}

Status XlsxWorkbook::addRow(const ExportRow& row) {
  State& s = *m_state;
  if (s.nextRow > kMaxXlsxRows) return makeError(Errc::Invalid, "more rows than a spreadsheet holds: choose a shorter period, a service or a counter");
  for (std::size_t c = 0; c < row.size() && c < s.columns.size(); ++c) {
    if (row[c].empty()) continue;
    const auto column = static_cast<lxw_col_t>(c);
    const auto number = s.columns[c].numeric ? numberOf(row[c]) : std::nullopt;
    const lxw_error e = number ? worksheet_write_number(s.sheet, s.nextRow, column, *number, nullptr)
                               : worksheet_write_string(s.sheet, s.nextRow, column, cellText(row[c]).c_str(), nullptr);
    if (e) return failed(e, "a cell");
  }
  ++s.nextRow;
  return {};
}

Result<std::string> XlsxWorkbook::finish() {
  State& s = *m_state;
  const lxw_error closed = workbook_close(s.workbook);
  s.workbook = nullptr;
  if (closed) return failed(closed, "closing");
  return readTextFile(s.path, "the spreadsheet");
}

}  // namespace suara::hub
