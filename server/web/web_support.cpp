#include "web/web_support.hpp"

#include "api/resources.hpp"
#include "auth/sessions.hpp"
#include "http/error_status.hpp"

namespace suara::hub {

namespace {

void addSafetyHeaders(HttpResponse& res) {
  res.headers.emplace_back("Cache-Control", "no-store");
  res.headers.emplace_back("X-Content-Type-Options", "nosniff");
  res.headers.emplace_back("Referrer-Policy", "same-origin");
  res.headers.emplace_back("X-Frame-Options", "DENY");
  res.headers.emplace_back("Content-Security-Policy",
                           "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                           "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
}

}  // namespace

std::string queryValue(const HttpRequest& request, std::string_view name) { return formValue(request.query, name); }

Language requestLanguage(const HttpRequest& request) {
  if (auto asked = parseLanguage(queryValue(request, "lang"))) return *asked;
  if (auto kept = parseLanguage(cookieValue(request.cookie, "suara_lang"))) return *kept;
  return Language::Indonesian;
}

HttpResponse htmlResponse(int status, std::string body, const HttpRequest& request) {
  HttpResponse res;
  res.status = status;
  res.body = std::move(body);
  res.contentType = "text/html; charset=utf-8";
  addSafetyHeaders(res);
  if (auto asked = parseLanguage(queryValue(request, "lang")))
    res.headers.emplace_back("Set-Cookie", "suara_lang=" + std::string(languageCode(*asked)) + "; Path=/; Max-Age=31536000; SameSite=Strict" +
                                               (request.secure ? "; Secure" : ""));
  return res;
}

HttpResponse redirect(const std::string& location) {
  HttpResponse res;
  res.status = 303;
  res.contentType = "text/plain; charset=utf-8";
  res.headers.emplace_back("Location", location);
  res.headers.emplace_back("Cache-Control", "no-store");
  return res;
}

HttpResponse apiResponse(const Result<nlohmann::json>& model) {
  HttpResponse res = model ? jsonResponse(200, *model) : responseFor(model.error());
  addSafetyHeaders(res);
  return res;
}

nlohmann::json layoutModel(const WebContext& web, const HttpRequest& request, const Principal& who, const std::string& title) {
  const Language language = requestLanguage(request);
  const std::string code(languageCode(language));
  // The same URL in the other language (the query kept, its lang replaced).
  std::string query;
  for (std::string_view rest = request.query; !rest.empty();) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.substr(0, 5) == "lang=" || pair.empty()) continue;
    query += std::string(pair) + "&";
  }
  nlohmann::json model = {{"title", title},
                          {"lang", code},
                          {"t", web.templates.strings(code)},
                          {"other_language_url", request.path + "?" + query + "lang=" + (language == Language::English ? "id" : "en")},
                          {"other_language", language == Language::English ? "Bahasa Indonesia" : "English"}};
  if (who.isUser())
    model["user"] = {{"name", who.user.name}, {"role", std::string(roleName(who.user.role))}, {"csrf", who.user.csrfToken},
                     {"is_admin", who.user.isAdmin()}};
  return model;
}

namespace {

HttpResponse failurePage(const WebContext& web, const HttpRequest& request, const Principal& who, const Error& error,
                         const std::string& backTo) {
  const HttpResponse status = responseFor(error);
  nlohmann::json model = layoutModel(web, request, who, "Suara");
  model["error"] = {{"status", status.status}, {"message", error.message}, {"refused_change", !backTo.empty()},
                    {"back_to", backTo.empty() ? "/" : backTo}};
  return htmlResponse(status.status, web.templates.render("page-error", model), request);
}

}  // namespace

HttpResponse errorPage(const WebContext& web, const HttpRequest& request, const Principal& who, const Error& error) {
  return failurePage(web, request, who, error, "");
}

HttpResponse refusedChangePage(const WebContext& web, const HttpRequest& request, const Principal& who, const Error& error,
                               const std::string& backTo) {
  return failurePage(web, request, who, error, backTo);
}

}  // namespace suara::hub
