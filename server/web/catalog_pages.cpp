// The training catalog: GET /catalog lists every programme with the elements it addresses
// (everyone signed in); GET /catalog/edit?id=… and POST /catalog/save let an admin change a
// programme or add one.

#include "api/resources.hpp"
#include "suara/core/skm_elements.hpp"
#include "web/web_support.hpp"

namespace suara::hub {

namespace {

constexpr std::size_t kCatalogFormBytes = 64 * 1024;

// The catalog JSON as the templates want it: each programme with its name and description in
// the reader's language and one row per SKM element (included or not), for the form.
nlohmann::json catalogModel(const nlohmann::json& catalog, const std::string& lang) {
  nlohmann::json programmes = nlohmann::json::array();
  for (const auto& p : catalog["programmes"]) {
    nlohmann::json row = p;
    row["name_shown"] = p["name"].value(lang, p["name"].value("id", ""));
    row["description_shown"] = p["description"].value(lang, p["description"].value("id", ""));
    nlohmann::json elements = nlohmann::json::array();
    for (const auto code : kSkmElementCodes) {
      nlohmann::json e = {{"code", std::string(code)}, {"included", false}, {"rank", 1}, {"reason_id", ""}, {"reason_en", ""}};
      for (const auto& m : p["elements"])
        if (m.value("code", "") == code)
          e = {{"code", std::string(code)}, {"included", true}, {"rank", m.value("rank", 1)},
               {"reason_id", m["reason"].value("id", "")}, {"reason_en", m["reason"].value("en", "")}};
      elements.push_back(std::move(e));
    }
    row["element_rows"] = std::move(elements);
    std::string codes;
    for (const auto& m : p["elements"]) codes += (codes.empty() ? "" : ", ") + m.value("code", "");
    row["codes"] = codes;
    for (const char* key : {"action", "level", "kind"}) row[std::string(key) + "_" + p.value(key, "")] = true;  // for <select>s
    programmes.push_back(std::move(row));
  }
  return programmes;
}

ProgrammeInput programmeFrom(const std::string& form) {
  ProgrammeInput in;
  in.id = formValue(form, "id");
  in.action = formValue(form, "action");
  in.kind = formValue(form, "kind");
  in.level = formValue(form, "level");
  in.nameId = formValue(form, "name_id");
  in.nameEn = formValue(form, "name_en");
  in.descriptionId = formValue(form, "description_id");
  in.descriptionEn = formValue(form, "description_en");
  for (std::size_t i = 0; i < kSkmElementCodes.size(); ++i) {
    const std::string code(kSkmElementCodes[i]);
    auto& m = in.elements[i];
    m.included = formValue(form, code + "_included") == "yes";
    m.rank = formInteger<decltype(m.rank)>(form, code + "_rank").value_or(0);  // 0: refused by the service
    m.reasonId = formValue(form, code + "_reason_id");
    m.reasonEn = formValue(form, code + "_reason_en");
  }
  return in;
}

}  // namespace

void addCatalogPages(Router& router, WebContext& web) {
  Route list{"GET", "/catalog", Access::User, 0, [&web](const HttpRequest& request, const Principal& who) {
               const std::string lang(languageCode(requestLanguage(request)));
               nlohmann::json shown = layoutModel(web, request, who, web.templates.strings(lang)["catalog"]);
               shown["programmes"] = catalogModel(web.catalog.currentJson(), lang);
               shown["may_edit"] = who.user.isAdmin();
               return htmlResponse(200, web.templates.render("page-catalog", shown), request);
             }};
  list.page = true;
  router.add(std::move(list));
  Route edit{"GET", "/catalog/edit", Access::User, 0, [&web](const HttpRequest& request, const Principal& who) {
               if (!who.user.isAdmin())
                 return errorPage(web, request, who, Error{Errc::Forbidden, "only an admin may edit the training catalog"});
               const std::string lang(languageCode(requestLanguage(request)));
               const std::string id = queryValue(request, "id");
               nlohmann::json shown = layoutModel(web, request, who, web.templates.strings(lang)["catalog"]);
               nlohmann::json programme = {{"is_new", true}, {"level_individual", true}, {"action_training", true}};
               nlohmann::json blank = nlohmann::json::array();
               for (const auto code : kSkmElementCodes) blank.push_back({{"code", std::string(code)}, {"rank", 1}});
               programme["element_rows"] = blank;
               for (const auto& p : catalogModel(web.catalog.currentJson(), lang))
                 if (p["id"] == id) programme = p;
               shown["programme"] = programme;
               return htmlResponse(200, web.templates.render("page-catalog-edit", shown), request);
             }};
  edit.page = true;
  router.add(std::move(edit));
  Route save{"POST", "/catalog/save", Access::User, kCatalogFormBytes, [&web](const HttpRequest& request, const Principal& who) {
               const ProgrammeInput input = programmeFrom(request.body);
               if (auto saved = web.catalog.saveProgramme(who.user, input, hubNowMs()); !saved)
                 return errorPage(web, request, who, saved.error());
               return redirect("/catalog#" + percentEncode(input.id));
             }};
  save.bodyFormat = BodyFormat::Form;
  router.add(std::move(save));
}

}  // namespace suara::hub
