// Changing a unit's follow-up plan from its page: POST /plan/add (accept a suggestion, or add
// an action of the unit's own) and POST /plan/update (programme, Waktu, Penanggung Jawab,
// status and completion date). Each answers with a redirect back to the unit's page (so a
// reload never posts twice), or the page of the refusal with its reason.

#include "api/resources.hpp"
#include "services/plan_service.hpp"
#include "web/web_support.hpp"

namespace suara::hub {

namespace {

constexpr std::size_t kPlanFormBytes = 8 * 1024;

ActionInput actionFrom(const std::string& form) {
  ActionInput in;
  in.unitId = formValue(form, "unit");
  in.counterId = formValue(form, "counter");
  in.elementCode = formValue(form, "element");
  in.programmeId = formValue(form, "programme");
  in.actionType = formValue(form, "type");
  in.title = formValue(form, "title");
  in.quarter = formValue(form, "quarter");
  in.office = formValue(form, "office");
  in.status = formValue(form, "status");
  if (in.status.empty()) in.status = "planned";
  in.doneDate = formValue(form, "done_date");
  return in;
}

std::string backToUnit(const std::string& unitId, const std::string& form) {
  std::string url = "/unit?id=" + percentEncode(unitId);
  if (const std::string period = formValue(form, "period"); !period.empty()) url += "&period=" + percentEncode(period);
  return url + "#tindakan";
}

Route formRoute(const std::string& path, Handler handler) {
  Route route{"POST", path, Access::User, kPlanFormBytes, std::move(handler)};
  route.bodyFormat = BodyFormat::Form;
  return route;
}

}  // namespace

void addPlanPages(Router& router, WebContext& web) {
  router.add(formRoute("/plan/add", [&web](const HttpRequest& request, const Principal& who) {
    const ActionInput input = actionFrom(request.body);
    auto added = web.plans.add(who.user, input, hubNowMs());
    if (!added) return refusedChangePage(web, request, who, added.error(), backToUnit(input.unitId, request.body));
    return redirect(backToUnit(input.unitId, request.body));
  }));
  router.add(formRoute("/plan/update", [&web](const HttpRequest& request, const Principal& who) {
    const auto id = formInteger<std::int64_t>(request.body, "id");
    if (!id) return errorPage(web, request, who, Error{Errc::Invalid, "which action? (id)"});
    auto stored = web.plans.actionUnit(who.user, *id);
    if (!stored) return errorPage(web, request, who, stored.error());
    ActionInput input = actionFrom(request.body);
    input.unitId = *stored;
    if (!formValue(request.body, "version").empty()) {
      input.seenVersion = formInteger<std::int64_t>(request.body, "version");
      if (!input.seenVersion)
        return refusedChangePage(web, request, who, Error{Errc::Invalid, "the form is damaged (version): reload the page"}, backToUnit(*stored, request.body));
    }
    if (auto updated = web.plans.update(who.user, *id, input, hubNowMs()); !updated)
      return refusedChangePage(web, request, who, updated.error(), backToUnit(*stored, request.body));
    return redirect(backToUnit(*stored, request.body));
  }));
}

}  // namespace suara::hub
