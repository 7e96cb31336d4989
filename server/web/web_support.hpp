#pragma once
// What every dashboard page shares: the response headers that keep a browser safe, the
// reader's language, and the layout's fields.

#include <string>

#include <nlohmann/json.hpp>

#include "auth/principal.hpp"
#include "dashboard/dashboard_service.hpp"
#include "http/router.hpp"
#include "services/login_service.hpp"
#include "services/plan_service.hpp"
#include "services/readmit_service.hpp"
#include "web/templates.hpp"

namespace suara::hub {

struct WebContext {
  const PageTemplates& templates;
  DashboardService& dashboard;
  LoginService& login;
  PlanService& plans;
  ReadmitService& quarantine;
  CatalogService& catalog;
  std::filesystem::path staticDir;   // the hub's own CSS and script
  std::filesystem::path chartJsFile;  // Chart.js, from the system's javascript packages
};

// The language a browser asked for: ?lang=, else the suara_lang cookie, else Indonesian.
Language requestLanguage(const HttpRequest& request);
// An HTML page with no caching, a strict Content-Security-Policy (scripts and styles only from
// the hub itself), no framing, no sniffing; `setLanguage` adds the cookie remembering ?lang=.
HttpResponse htmlResponse(int status, std::string body, const HttpRequest& request);
HttpResponse redirect(const std::string& location);
// A JSON answer with the same caching rules.
HttpResponse apiResponse(const Result<nlohmann::json>& model);
// The layout's fields for a page: title, the user, their CSRF token, language, strings, and
// the link that switches language on the same URL.
nlohmann::json layoutModel(const WebContext& web, const HttpRequest& request, const Principal& who, const std::string& title);
// The page for a failure (unknown unit: 404; storage: 503), in the layout, linking back to the
// overview. A refused change (`backTo`: the page the form was on) says that nothing was saved
// and links back to that page, where the form still is.
HttpResponse errorPage(const WebContext& web, const HttpRequest& request, const Principal& who, const Error& error);
HttpResponse refusedChangePage(const WebContext& web, const HttpRequest& request, const Principal& who, const Error& error,
                               const std::string& backTo);
// The value of a query parameter (decoded), or empty.
std::string queryValue(const HttpRequest& request, std::string_view name);

void addSignInPages(Router& router, WebContext& web);
void addOverviewPage(Router& router, WebContext& web);
void addUnitPage(Router& router, WebContext& web);
void addPlanPages(Router& router, WebContext& web);
void addFleetPage(Router& router, WebContext& web);
void addPublicPages(Router& router, WebContext& web);
void addExports(Router& router, WebContext& web);
void addCatalogPages(Router& router, WebContext& web);
// The unit, period and filters a unit page or export asks for (?id=&period=&service=&counter=).
Result<UnitView> unitViewOf(const HttpRequest& request);
void addStaticFiles(Router& router, WebContext& web);

inline void addDashboard(Router& router, WebContext& web) {
  addSignInPages(router, web);
  addOverviewPage(router, web);
  addUnitPage(router, web);
  addPlanPages(router, web);
  addFleetPage(router, web);
  addPublicPages(router, web);
  addExports(router, web);
  addCatalogPages(router, web);
  addStaticFiles(router, web);
}

}  // namespace suara::hub
