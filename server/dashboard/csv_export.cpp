#include "dashboard/csv_export.hpp"


namespace suara::hub {

std::string csvField(std::string_view value) {
  std::string text(value);
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' || text[0] == '\r'))
    text.insert(0, "'");
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string csvLine(const std::vector<std::string>& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) line += (i ? "," : "") + csvField(fields[i]);
  return line + "\r\n";
}

std::string csvHeader(const std::vector<ExportColumn>& columns) {
  std::vector<std::string> names;
  for (const auto& column : columns) names.push_back(column.name);
  return csvLine(names);
}

std::string unitReportCsv(const nlohmann::json& unitModel) {
  std::string out(kCsvByteOrderMark);
  out += csvHeader(figureColumns());
  for (const auto& row : figureRows(unitModel)) out += csvLine(row);
  return out;
}

}  // namespace suara::hub
