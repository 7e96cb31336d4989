// The public results of units that publish them (no sign-in): GET /public?unit=…, a
// print-ready poster for the service hall at GET /public/poster?unit=…, the same figures at
// GET /api/v1/public?unit=…; and POST /unit/publish, with which a unit's manager turns it on
// or off.

#include "api/resources.hpp"
#include "web/web_support.hpp"

namespace suara::hub {

namespace {

HttpResponse publicPage(WebContext& web, const HttpRequest& request, const std::string& templateName) {
  const Language language = requestLanguage(request);
  auto model = web.dashboard.publicResults(queryValue(request, "unit"), language, hubNowMs());
  if (!model) return errorPage(web, request, Principal{}, model.error());
  nlohmann::json shown = layoutModel(web, request, Principal{}, (*model)["unit"]["name"].get<std::string>());
  shown["public"] = std::move(*model);
  shown["is_public"] = true;
  return htmlResponse(200, web.templates.render(templateName, shown), request);
}

}  // namespace

void addPublicPages(Router& router, WebContext& web) {
  router.add({"GET", "/public", Access::Public, 0,
              [&web](const HttpRequest& request, const Principal&) { return publicPage(web, request, "page-public"); }});
  router.add({"GET", "/public/poster", Access::Public, 0,
              [&web](const HttpRequest& request, const Principal&) { return publicPage(web, request, "page-poster"); }});
  router.add({"GET", "/api/v1/public", Access::Public, 0, [&web](const HttpRequest& request, const Principal&) {
                return apiResponse(web.dashboard.publicResults(queryValue(request, "unit"), requestLanguage(request), hubNowMs()));
              }});
  Route publish{"POST", "/unit/publish", Access::User, 4 * 1024, [&web](const HttpRequest& request, const Principal& who) {
                  const std::string unit = formValue(request.body, "unit");
                  const std::string answer = formValue(request.body, "published");
                  if (answer != "yes" && answer != "no")
                    return errorPage(web, request, who, Error{Errc::Invalid, "published must be yes or no"});
                  const bool on = answer == "yes";
                  if (auto done = web.plans.setPublished(who.user, unit, on, hubNowMs()); !done)
                    return refusedChangePage(web, request, who, done.error(), "/unit?id=" + percentEncode(unit) + "#terbitkan");
                  return redirect("/unit?id=" + percentEncode(unit) + "#terbitkan");
                }};
  publish.bodyFormat = BodyFormat::Form;
  router.add(std::move(publish));
}

}  // namespace suara::hub
