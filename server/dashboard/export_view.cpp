// The raw ratings behind a unit view, for the CSV and spreadsheet downloads.

#include <chrono>

#include "dashboard/csv_export.hpp"
#include "dashboard/dashboard_service.hpp"
#include "dashboard/xlsx_export.hpp"

namespace suara::hub {

namespace {

constexpr std::int64_t kMaxCsvRows = 2'000'000;  // ~300 MB of CSV: narrow the period beyond it

// The first local day of a month bucket (year × 12 + month − 1).
std::int64_t firstDayOfMonth(std::int64_t month) {
  const std::chrono::year_month_day first{std::chrono::year(static_cast<int>(month / 12)),
                                          std::chrono::month(static_cast<unsigned>(month % 12 + 1)), std::chrono::day(1)};
  return std::chrono::sys_days(first).time_since_epoch().count();
}

}  // namespace

Status DashboardService::forEachExportRow(const DashboardUser& user, const UnitView& view, std::int64_t maxRows,
                                          const std::function<Status(const ExportRow&)>& visit) {
  if (!user.maySee(view.unitId)) return makeError(Errc::NotFound, "no unit '" + view.unitId + "'");
  auto unit = m_units.unit(view.unitId);
  if (!unit) return unit.error();
  if (auto known = checkFilters(*unit, view); !known) return known.error();
  if (!m_rawExports.try_acquire())
    return makeError(Errc::Io, "two downloads of ratings are being made already: try again in a minute");
  struct Release {
    std::counting_semaphore<2>& slots;
    ~Release() { slots.release(); }
  } release{m_rawExports};
  const std::int64_t offsetMs = std::int64_t{unit->utcOffsetHours} * 3'600'000;
  ResponseFilter filter;
  filter.unitId = unit->id;
  filter.serviceId = view.serviceId;
  filter.counterId = view.counterId;
  filter.fromMs = firstDayOfMonth(view.period.from) * 86'400'000 - offsetMs;
  filter.toMs = firstDayOfMonth(view.period.to) * 86'400'000 - offsetMs;
  std::int64_t rows = 0;
  Status outcome;
  auto read = m_reports.forEachResponse(filter, [&](const Response& r) {
    if (++rows > maxRows) {
      outcome = makeError(Errc::Invalid, "more than " + std::to_string(maxRows) + " ratings: choose a shorter period, a service or a counter");
      return false;
    }
    outcome = visit(responseRow(r, r.clock.wallMs, unit->utcOffsetHours));
    return static_cast<bool>(outcome);
  });
  if (!read) return read.error();
  return outcome;
}

Result<std::string> DashboardService::responsesCsv(const DashboardUser& user, const UnitView& view) {
  std::string out(kCsvByteOrderMark);
  out += csvHeader(responseColumns());
  auto written = forEachExportRow(user, view, kMaxCsvRows, [&](const ExportRow& row) {
    out += csvLine(row);
    return Status{};
  });
  if (!written) return written.error();
  return out;
}

Result<std::string> DashboardService::unitWorkbook(const DashboardUser& user, const UnitView& view, Language language, std::int64_t nowMs) {
  auto model = unit(user, view, language, nowMs);  // checks scope and filters first
  if (!model) return model.error();
  auto workbook = XlsxWorkbook::create(model->value("responses", std::int64_t{0}));
  if (!workbook) return workbook.error();
  if (auto added = workbook->addSheet("Angka", figureColumns()); !added) return added.error();
  for (const auto& row : figureRows(*model))
    if (auto written = workbook->addRow(row); !written) return written.error();
  if (auto added = workbook->addSheet("Penilaian", responseColumns()); !added) return added.error();
  auto written = forEachExportRow(user, view, kMaxXlsxRows, [&](const ExportRow& row) { return workbook->addRow(row); });
  if (!written) return written.error();
  return workbook->finish();
}

}  // namespace suara::hub
