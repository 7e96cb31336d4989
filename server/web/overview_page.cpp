// GET / (the overview page) and GET /api/v1/overview: every unit the user may see.

#include "api/resources.hpp"
#include "web/web_support.hpp"

namespace suara::hub {

namespace {

// ?period=2026-Q4 | 2026-11 | 2026; the current quarter when absent.
Result<MonthRange> requestedPeriod(const HttpRequest& request) {
  const std::string text = queryValue(request, "period");
  if (text.empty()) return currentQuarter(hubNowMs());
  if (auto period = parseMonthRange(text)) return *period;
  return makeError(Errc::Invalid, "period must be a month (2026-11), a quarter (2026-Q4) or a year (2026), not '" + text + "'");
}

Result<nlohmann::json> overviewModel(WebContext& web, const HttpRequest& request, const Principal& who) {
  auto period = requestedPeriod(request);
  if (!period) return period.error();
  return web.dashboard.overview(who.user, *period, requestLanguage(request), hubNowMs());
}

}  // namespace

void addOverviewPage(Router& router, WebContext& web) {
  Route page{"GET", "/", Access::User, 0, [&web](const HttpRequest& request, const Principal& who) {
               auto model = overviewModel(web, request, who);
               if (!model) return errorPage(web, request, who, model.error());
               nlohmann::json shown = layoutModel(web, request, who, (*model)["period"]["title"]);
               shown["overview"] = std::move(*model);
               return htmlResponse(200, web.templates.render("page-overview", shown), request);
             }};
  page.page = true;
  router.add(std::move(page));
  router.add({"GET", "/api/v1/overview", Access::User, 0,
              [&web](const HttpRequest& request, const Principal& who) { return apiResponse(overviewModel(web, request, who)); }});
}

}  // namespace suara::hub
