// Downloads: the unit page's figures as CSV or JSON, the raw responses behind them as CSV, both
// in one spreadsheet (.xlsx), and the Laporan Hasil SKM (PDF); the page's filters apply.
// GET /export/unit.csv|unit.json|unit.xlsx|responses.csv|laporan.pdf?id=…&period=…&service=…&counter=…

#include "api/resources.hpp"
#include "dashboard/csv_export.hpp"
#include "dashboard/laporan_model.hpp"
#include "web/web_support.hpp"

namespace suara::hub {

namespace {

HttpResponse download(std::string body, const std::string& type, const std::string& fileName) {
  HttpResponse res;
  res.body = std::move(body);
  res.contentType = type;
  res.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
  res.headers.emplace_back("Cache-Control", "no-store");
  res.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return res;
}

// "suara-dumai-2026-Q4-ktp" (ids are [A-Za-z0-9_.-], safe in a file name).
std::string fileStem(const UnitView& view) {
  return "suara-" + view.unitId + "-" + view.period.label() + (view.serviceId.empty() ? "" : "-" + view.serviceId) +
         (view.counterId.empty() ? "" : "-" + view.counterId);
}

void addExport(Router& router, WebContext& web, const std::string& path,
               std::function<HttpResponse(WebContext&, const HttpRequest&, const Principal&, const UnitView&)> make) {
  Route route{"GET", path, Access::User, 0, [&web, make](const HttpRequest& request, const Principal& who) {
                auto view = unitViewOf(request);
                if (!view) return apiResponse(Result<nlohmann::json>(view.error()));
                return make(web, request, who, *view);
              }};
  route.page = true;  // a link clicked while signed out goes to the sign-in page, then back
  router.add(std::move(route));
}

}  // namespace

void addExports(Router& router, WebContext& web) {
  addExport(router, web, "/export/unit.csv", [](WebContext& context, const HttpRequest& request, const Principal& who, const UnitView& view) {
    auto model = context.dashboard.unit(who.user, view, requestLanguage(request), hubNowMs());
    if (!model) return apiResponse(model);
    return download(unitReportCsv(*model), "text/csv; charset=utf-8", fileStem(view) + ".csv");
  });
  addExport(router, web, "/export/unit.json", [](WebContext& context, const HttpRequest& request, const Principal& who, const UnitView& view) {
    auto model = context.dashboard.unit(who.user, view, requestLanguage(request), hubNowMs());
    if (!model) return apiResponse(model);
    return download(model->dump(2, ' ', false, nlohmann::json::error_handler_t::replace), "application/json", fileStem(view) + ".json");
  });
  addExport(router, web, "/export/unit.xlsx", [](WebContext& context, const HttpRequest& request, const Principal& who, const UnitView& view) {
    auto workbook = context.dashboard.unitWorkbook(who.user, view, requestLanguage(request), hubNowMs());
    if (!workbook) return apiResponse(Result<nlohmann::json>(workbook.error()));
    return download(std::move(*workbook), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", fileStem(view) + ".xlsx");
  });
  addExport(router, web, "/export/laporan.pdf", [](WebContext& context, const HttpRequest& request, const Principal& who, const UnitView& view) {
    const Language language = requestLanguage(request);
    const std::int64_t now = hubNowMs();
    auto model = context.dashboard.unit(who.user, view, language, now);
    if (!model) return apiResponse(model);
    auto pdf = renderLaporanPdf(laporanFrom(*model, language, now));
    if (!pdf) return apiResponse(Result<nlohmann::json>(pdf.error()));
    return download(std::move(*pdf), "application/pdf", "laporan-skm-" + fileStem(view).substr(6) + ".pdf");
  });
  addExport(router, web, "/export/responses.csv",
            [](WebContext& context, const HttpRequest&, const Principal& who, const UnitView& view) {
              auto csv = context.dashboard.responsesCsv(who.user, view);
              if (!csv) return apiResponse(Result<nlohmann::json>(csv.error()));
              return download(std::move(*csv), "text/csv; charset=utf-8", fileStem(view) + "-responses.csv");
            });
}

}  // namespace suara::hub
