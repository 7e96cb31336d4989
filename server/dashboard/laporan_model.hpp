#pragma once
// The Laporan Hasil SKM of a unit view: the unit page's model (DashboardService::unit), put in
// the shape the PDF renderer draws (report_pdf/laporan.hpp).

#include <nlohmann/json.hpp>

#include "report_pdf/laporan.hpp"
#include "suara/core/text.hpp"

namespace suara::hub {

LaporanModel laporanFrom(const nlohmann::json& unitModel, Language language, std::int64_t nowMs);

}  // namespace suara::hub
