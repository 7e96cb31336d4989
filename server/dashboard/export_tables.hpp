#pragma once
// The dashboard's downloads as tables, before any file format: the raw ratings behind a unit
// view, and a unit page's figures. CSV (csv_export) and XLSX (xlsx_export) write the same
// columns; docs/exports.md is their dictionary. Each column says whether it holds numbers, so
// a spreadsheet gets numbers it can sum (and ids such as "007" stay text).

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "suara/core/response.hpp"

namespace suara::hub {

struct ExportColumn {
  std::string name;
  bool numeric = false;  // every non-empty field is a decimal number
};

using ExportRow = std::vector<std::string>;  // one field per column; empty: no value

// The raw ratings: the columns, and one rating's fields (its time in the unit's calendar).
const std::vector<ExportColumn>& responseColumns();
ExportRow responseRow(const Response& response, std::int64_t reportMs, int utcOffsetHours);

// A unit page's figures: the headline, the quick index, each element, service, counter and
// officer, from the page's model (DashboardService::unit).
const std::vector<ExportColumn>& figureColumns();
std::vector<ExportRow> figureRows(const nlohmann::json& unitModel);

}  // namespace suara::hub
