// GET /unit?id=…&period=…&service=…&counter=… (a unit's page) and GET /api/v1/unit (the same
// figures as JSON). The filters live in the URL, so a view can be bookmarked and shared.

#include <algorithm>
#include <map>

#include "api/resources.hpp"
#include "dashboard/figures.hpp"
#include "web/web_support.hpp"

namespace suara::hub {

Result<UnitView> unitViewOf(const HttpRequest& request) {
  UnitView view;
  view.unitId = queryValue(request, "id");
  view.serviceId = queryValue(request, "service");
  view.counterId = queryValue(request, "counter");
  const std::string period = queryValue(request, "period");
  if (period.empty()) {
    view.period = currentQuarter(hubNowMs());
  } else if (auto parsed = parseMonthRange(period)) {
    view.period = *parsed;
  } else {
    return makeError(Errc::Invalid, "period must be a month (2026-11), a quarter (2026-Q4) or a year (2026), not '" + period + "'");
  }
  if (view.unitId.empty()) return makeError(Errc::Invalid, "which unit? (?id=…)");
  return view;
}

namespace {

Result<nlohmann::json> unitModel(WebContext& web, const HttpRequest& request, const Principal& who) {
  auto view = unitViewOf(request);
  if (!view) return view.error();
  return web.dashboard.unit(who.user, *view, requestLanguage(request), hubNowMs());
}

// Chart data for the page's script, inside <script type="application/json">: '<' written as
// \u003c so that no text in it can end the script element.
std::string scriptSafeJson(const nlohmann::json& value) {
  std::string out;
  for (const char c : value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)) {
    if (c == '<') out += "\\u003c";
    else out += c;
  }
  return out;
}

// The heatmap as a table: weekdays down, the hours that had ratings (at least 07–17) across;
// each cell's count and mean satisfaction as text, its shade (five steps) as a class.
nlohmann::json heatGrid(const nlohmann::json& cells, const nlohmann::json& weekdayNames) {
  int first = 7, last = 17;
  std::int64_t most = 0;
  for (const auto& cell : cells) {
    first = std::min(first, cell["hour"].get<int>());
    last = std::max(last, cell["hour"].get<int>());
    most = std::max(most, cell["responses"].get<std::int64_t>());
  }
  nlohmann::json hours = nlohmann::json::array(), rows = nlohmann::json::array();
  for (int h = first; h <= last; ++h) hours.push_back((h < 10 ? "0" : "") + std::to_string(h));
  std::map<std::pair<int, int>, const nlohmann::json*> byCell;  // (weekday, hour) → cell
  for (const auto& cell : cells) byCell[{cell["weekday"].get<int>(), cell["hour"].get<int>()}] = &cell;
  for (int day = 0; day < 7; ++day) {
    nlohmann::json row = {{"day", weekdayNames.at(static_cast<std::size_t>(day))}, {"cells", nlohmann::json::array()}};
    for (int h = first; h <= last; ++h) {
      const auto found = byCell.find({day, h});
      if (found == byCell.end()) {
        row["cells"].push_back({{"level", 0}});
        continue;
      }
      const std::int64_t n = (*found->second)["responses"].get<std::int64_t>();
      row["cells"].push_back({{"level", most > 0 ? (5 * n + most - 1) / most : 0}, {"count", n}, {"satisfaction", (*found->second)["satisfaction"]}});
    }
    rows.push_back(std::move(row));
  }
  return {{"hours", hours}, {"rows", rows}};
}

}  // namespace

void addUnitPage(Router& router, WebContext& web) {
  Route page{"GET", "/unit", Access::User, 0, [&web](const HttpRequest& request, const Principal& who) {
               auto model = unitModel(web, request, who);
               if (!model) return errorPage(web, request, who, model.error());
               nlohmann::json shown = layoutModel(web, request, who, (*model)["unit"]["name"].get<std::string>());
               shown["trend_json"] = scriptSafeJson((*model)["trend"]);
               shown["heat_json"] = scriptSafeJson((*model)["heat"]);
               shown["heat_grid"] = heatGrid((*model)["heat"], shown["t"]["weekdays"]);
               shown["elements_svg"] = elementChartSvg((*model)["elements"], requestLanguage(request));
               shown["view"] = std::move(*model);
               shown["view"]["has_priorities"] = !shown["view"]["priorities"].empty();
               shown["view"]["has_officers"] = !shown["view"]["by_officer"].empty();
               return htmlResponse(200, web.templates.render("page-unit", shown), request);
             }};
  page.page = true;
  router.add(std::move(page));
  router.add({"GET", "/api/v1/unit", Access::User, 0,
              [&web](const HttpRequest& request, const Principal& who) { return apiResponse(unitModel(web, request, who)); }});
}

}  // namespace suara::hub
