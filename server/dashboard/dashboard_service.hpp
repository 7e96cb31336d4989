#pragma once
// What the dashboard's pages and API show, built from the rollups for one signed-in user:
// every figure is scoped here, in the service, to the units the user may see (a page or a
// route cannot forget to), and a unit out of scope is "not found", exactly like a unit that
// does not exist, so that a manager cannot learn which units there are.

#include <cstdint>
#include <functional>
#include <map>
#include <semaphore>
#include <string>

#include <nlohmann/json.hpp>

#include "auth/principal.hpp"
#include "dashboard/export_tables.hpp"
#include "dashboard/periods.hpp"
#include "storage/rollups.hpp"
#include "storage/storage.hpp"
#include "suara/core/i18n.hpp"
#include "suara/core/survey.hpp"
#include "suara/core/text.hpp"
#include "services/catalog_service.hpp"
#include "suara/core/training.hpp"

namespace suara::hub {

struct UnitView {
  std::string unitId;
  MonthRange period;
  std::string serviceId;  // empty: every service
  std::string counterId;  // empty: every counter
};

class DashboardService {
 public:
  DashboardService(Storage& storage, const SurveyCatalog& surveys, const CatalogService& catalog, const Translations& translations)
      : m_translations(translations), m_units(storage), m_kiosks(storage), m_quarantine(storage), m_reports(storage), m_rollups(storage), m_plans(storage), m_surveys(surveys),
        m_catalog(catalog) {}

  // Every unit in scope for the period: headline figures, change against the previous period,
  // twelve months of trend, sample against the Krejcie–Morgan size, and the ranking by a
  // score shrunk toward the mean (small samples cannot top or bottom the list by chance).
  Result<nlohmann::json> overview(const DashboardUser& user, const MonthRange& period, Language language, std::int64_t nowMs);
  // One unit: elements with intervals, trend, breakdowns, heatmap, reasons, profile, and the
  // follow-up plan the report engine draws up. Errc::NotFound when out of scope.
  Result<nlohmann::json> unit(const DashboardUser& user, const UnitView& view, Language language, std::int64_t nowMs);
  // The kiosks of the user's units: last contact, backlog, version, clock, disk, last error,
  // those silent over a day or with a backlog that is not draining first; the items
  // quarantined from them with their reasons.
  Result<nlohmann::json> fleet(const DashboardUser& user, Language language, std::int64_t nowMs);
  // The ratings behind a unit view as CSV (csv_export.hpp), read from the ratings themselves:
  // an export is the one place that does.
  Result<std::string> responsesCsv(const DashboardUser& user, const UnitView& view);
  // The same view as one spreadsheet (xlsx_export.hpp): the page's figures on the sheet
  // "Angka", the ratings on "Penilaian".
  Result<std::string> unitWorkbook(const DashboardUser& user, const UnitView& view, Language language, std::int64_t nowMs);
  // What anyone may see of a unit that publishes its results; Errc::NotFound otherwise.
  Result<nlohmann::json> publicResults(const std::string& unitId, Language language, std::int64_t nowMs);

 private:
  // The unit's kept plan: every action, and for each completed one the before/after
  // comparison of its element ("did it work?").
  // Each rating behind a unit view, as an export row, in storage order; Invalid (nothing
  // more read) past `maxRows`.
  Status forEachExportRow(const DashboardUser& user, const UnitView& view, std::int64_t maxRows,
                          const std::function<Status(const ExportRow&)>& visit);
  Result<nlohmann::json> keptPlan(const Unit& unit, const TrainingCatalog& catalog, Language language, std::int64_t nowMs);

  // Downloads of raw ratings being made (CSV or spreadsheet). Each holds one of the storage's
  // few read connections for its whole scan, and kiosks' token checks need one too: beyond
  // two at once a download is refused (503, try again) rather than stalling the fleet.
  std::counting_semaphore<2> m_rawExports{2};
  const Translations& m_translations;  // the kiosk's words for respondent profile values
  UnitStore& m_units;
  KioskStore& m_kiosks;
  ResponseStore& m_quarantine;
  ReportStore& m_reports;
  RollupStore& m_rollups;
  PlanStore& m_plans;
  const SurveyCatalog& m_surveys;
  const CatalogService& m_catalog;
};

// Errc::Invalid when the view names a service or counter the unit does not have (a typo in a
// bookmark must not read as "nobody rated this").
Status checkFilters(const Unit& unit, const UnitView& view);

// The months of `period` that have begun by `nowMs` in WIB (all of them for a past period):
// the span a population is scaled to.
std::int64_t monthsBegun(const MonthRange& period, std::int64_t nowMs);
// The calendar months from the first to the last month of `period` holding ratings (0: none):
// the span the report multiplies a unit's monthly users by for its population.
std::int64_t monthsRated(const std::map<std::int64_t, RollupTally>& byMonth, const MonthRange& period);

}  // namespace suara::hub
