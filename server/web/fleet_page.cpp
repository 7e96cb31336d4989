// GET /fleet (the kiosks of the user's units and the quarantine), GET /api/v1/fleet, and
// POST /fleet/readmit: an admin tries a quarantined item again after fixing its cause.

#include "api/resources.hpp"
#include "web/web_support.hpp"

namespace suara::hub {

void addFleetPage(Router& router, WebContext& web) {
  Route page{"GET", "/fleet", Access::User, 0, [&web](const HttpRequest& request, const Principal& who) {
               auto model = web.dashboard.fleet(who.user, requestLanguage(request), hubNowMs());
               if (!model) return errorPage(web, request, who, model.error());
               nlohmann::json shown = layoutModel(web, request, who, web.templates.strings(std::string(languageCode(requestLanguage(request))))["fleet"]);
               shown["fleet"] = std::move(*model);
               return htmlResponse(200, web.templates.render("page-fleet", shown), request);
             }};
  page.page = true;
  router.add(std::move(page));
  router.add({"GET", "/api/v1/fleet", Access::User, 0, [&web](const HttpRequest& request, const Principal& who) {
                return apiResponse(web.dashboard.fleet(who.user, requestLanguage(request), hubNowMs()));
              }});
  Route readmit{"POST", "/fleet/readmit", Access::User, 4 * 1024, [&web](const HttpRequest& request, const Principal& who) {
                  const std::string kiosk = formValue(request.body, "kiosk"), item = formValue(request.body, "item");
                  auto outcome = web.quarantine.readmit(who.user, kiosk, item, hubNowMs());
                  if (!outcome) return refusedChangePage(web, request, who, outcome.error(), "/fleet#karantina");
                  return redirect("/fleet?readmitted=" + percentEncode(*outcome) + "#karantina");
                }};
  readmit.bodyFormat = BodyFormat::Form;
  router.add(std::move(readmit));
}

}  // namespace suara::hub
