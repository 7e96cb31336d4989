#include "dashboard/xlsx_export.hpp"

#include <xlsxwriter.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstdlib>
#include <filesystem>

#include "suara/core/text_file.hpp"

namespace suara::hub {

namespace {

// A cell's text as XML 1.0 may carry it: C0 control characters other than tab and line feed,
// and the noncharacters U+FFFE and U+FFFF (EF BF BE/BF), are dropped (the file would not
// open), and the cell's limit of 32,767 bytes kept.
std::string cellText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(text[i + 2]) == 0xBE || static_cast<unsigned char>(text[i + 2]) == 0xBF)) {
      i += 2;
      continue;
    }
    if (c >= 0x20 || c == '\t' || c == '\n') out += text[i];
  }
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

// Temporary bytes that workbooks being made have claimed (create() to their end).
std::atomic<std::int64_t> g_reservedBytes{0};

}  // namespace

struct XlsxWorkbook::State {
  std::int64_t reservedBytes = 0;
  std::filesystem::path path;
  lxw_workbook* workbook = nullptr;
  lxw_worksheet* sheet = nullptr;
  lxw_format* header = nullptr;
  std::vector<ExportColumn> columns;
  lxw_row_t nextRow = 0;

  ~State() {
    if (workbook) workbook_close(workbook);  // frees it; the file is removed below either way
    std::error_code ignored;
    if (!path.empty()) std::filesystem::remove(path, ignored);
    g_reservedBytes -= reservedBytes;
  }
};

XlsxWorkbook::XlsxWorkbook(std::unique_ptr<State> state) : m_state(std::move(state)) {}
XlsxWorkbook::XlsxWorkbook(XlsxWorkbook&&) noexcept = default;
XlsxWorkbook& XlsxWorkbook::operator=(XlsxWorkbook&&) noexcept = default;
XlsxWorkbook::~XlsxWorkbook() = default;

Result<XlsxWorkbook> XlsxWorkbook::create(std::int64_t rows) {
  auto state = std::make_unique<State>();
  const std::filesystem::path tmp = std::filesystem::temp_directory_path();
  const std::int64_t needed = (std::max<std::int64_t>(rows, 0) + 100) * kTempBytesPerRow;
  std::error_code ec;
  const auto space = std::filesystem::space(tmp, ec);
  const std::int64_t reserved = g_reservedBytes += needed;
  state->reservedBytes = needed;  // given back by State's destructor, whatever happens next
  if (ec || static_cast<std::int64_t>(space.available) < reserved)
    return makeError(Errc::DiskFull, "not enough temporary space to make this spreadsheet now (" + std::to_string(needed >> 20) +
                                         " MiB needed): choose a shorter period, or download the CSV");
  std::string pattern = (tmp / "suara-export-XXXXXX").string();
  const int fd = mkstemp(pattern.data());
  if (fd < 0) return makeError(Errc::Io, "no temporary file for the spreadsheet");
  ::close(fd);
  state->path = pattern;
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  std::string tmpText = tmp.string();
  options.tmpdir = tmpText.data();
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
