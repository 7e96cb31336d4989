#pragma once
// The dashboard's CSV downloads. Spreadsheet-safe: every field quoted when it holds a comma,
// quote or line break, and a field that a spreadsheet would read as a formula (starting with
// = + - @, tab or carriage return) prefixed with an apostrophe. UTF-8 with a byte-order mark,
// which spreadsheet programs need to read Indonesian names right. docs/exports.md is the
// column dictionary.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "dashboard/export_tables.hpp"

namespace suara::hub {

inline constexpr std::string_view kCsvByteOrderMark = "\xEF\xBB\xBF";

std::string csvField(std::string_view value);
std::string csvLine(const std::vector<std::string>& fields);

// The header line of a table's columns.
std::string csvHeader(const std::vector<ExportColumn>& columns);

// A unit page's figures as CSV: the headline, each element, each service and counter.
std::string unitReportCsv(const nlohmann::json& unitModel);

}  // namespace suara::hub
