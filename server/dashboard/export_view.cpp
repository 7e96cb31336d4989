// The raw ratings behind a unit view, for the CSV download.

#include <chrono>

#include "dashboard/csv_export.hpp"
#include "dashboard/dashboard_service.hpp"

namespace suara::hub {

namespace {

constexpr std::int64_t kMaxExportRows = 2'000'000;  // ~300 MB of CSV: narrow the period beyond it

// The first local day of a month bucket (year × 12 + month − 1).
std::int64_t firstDayOfMonth(std::int64_t month) {
  const std::chrono::year_month_day first{std::chrono::year(static_cast<int>(month / 12)),
                                          std::chrono::month(static_cast<unsigned>(month % 12 + 1)), std::chrono::day(1)};
  return std::chrono::sys_days(first).time_since_epoch().count();
}

}  // namespace

Result<std::string> DashboardService::responsesCsv(const DashboardUser& user, const UnitView& view) {
  if (!user.maySee(view.unitId)) return makeError(Errc::NotFound, "no unit '" + view.unitId + "'");
  auto unit = m_units.unit(view.unitId);
  if (!unit) return unit.error();
  if (auto known = checkFilters(*unit, view); !known) return known.error();
  const std::int64_t offsetMs = std::int64_t{unit->utcOffsetHours} * 3'600'000;
  ResponseFilter filter;
  filter.unitId = unit->id;
  filter.serviceId = view.serviceId;
  filter.counterId = view.counterId;
  filter.fromMs = firstDayOfMonth(view.period.from) * 86'400'000 - offsetMs;
  filter.toMs = firstDayOfMonth(view.period.to) * 86'400'000 - offsetMs;
  std::string out(kCsvByteOrderMark);
  out += responsesCsvHeader();
  std::int64_t rows = 0;
  auto read = m_reports.forEachResponse(filter, [&](const Response& r) {
    out += responseCsvLine(r, r.clock.wallMs, unit->utcOffsetHours);
    return ++rows < kMaxExportRows;
  });
  if (!read) return read.error();
  if (rows >= kMaxExportRows)
    return makeError(Errc::Invalid, "more than " + std::to_string(kMaxExportRows) + " ratings: choose a shorter period, a service or a counter");
  return out;
}

}  // namespace suara::hub
