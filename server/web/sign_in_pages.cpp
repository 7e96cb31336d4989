// Signing in and out: GET /login (the form), POST /login, POST /logout.

#include "api/resources.hpp"
#include "auth/sessions.hpp"
#include "web/web_support.hpp"

namespace suara::hub {

namespace {

constexpr std::size_t kSignInFormBytes = 4 * 1024;

// Where to go after signing in: a path on this hub only (never "//elsewhere" or a URL).
std::string safeNext(const std::string& next) {
  if (next.empty() || next[0] != '/' || (next.size() > 1 && (next[1] == '/' || next[1] == '\\'))) return "/";
  for (const char c : next)
    if (static_cast<unsigned char>(c) < 0x20 || c == '\\') return "/";
  return next;
}

HttpResponse signInPage(const WebContext& web, const HttpRequest& request, int status, const std::string& next,
                        const std::string& name, const std::string& problem) {
  const Language language = requestLanguage(request);
  nlohmann::json model = layoutModel(web, request, Principal{}, web.templates.strings(std::string(languageCode(language)))["sign_in"]);
  model["next"] = safeNext(next);
  model["name"] = name;
  if (!problem.empty()) model["problem"] = problem;
  return htmlResponse(status, web.templates.render("page-login", model), request);
}

std::string minutesText(std::int64_t ms) { return std::to_string((ms + 59'999) / 60'000); }

}  // namespace

void addSignInPages(Router& router, WebContext& web) {
  router.add({"GET", "/login", Access::Public, 0,
              [&web](const HttpRequest& request, const Principal&) {
                return signInPage(web, request, 200, queryValue(request, "next"), "", "");
              },
              Pool::Quick});
  // On a worker: checking a password takes a tenth of a second by design.
  Route signIn{"POST", "/login", Access::Public, kSignInFormBytes, [&web](const HttpRequest& request, const Principal&) {
                 const std::string name = formValue(request.body, "name");
                 const std::string next = formValue(request.body, "next");
                 const auto& t = web.templates.strings(std::string(languageCode(requestLanguage(request))));
                 const SignInOutcome outcome = web.login.signIn(name, formValue(request.body, "password"), request.remoteAddress, hubNowMs());
                 switch (outcome.kind) {
                   case SignInOutcome::Kind::SignedIn: {
                     HttpResponse res = redirect(safeNext(next));
                     res.headers.emplace_back("Set-Cookie", sessionCookieHeader(outcome.session.cookieValue, request.secure));
                     return res;
                   }
                   case SignInOutcome::Kind::Refused:
                     return signInPage(web, request, 401, next, name, t["wrong_password"]);
                   case SignInOutcome::Kind::AccountLocked:
                   case SignInOutcome::Kind::AddressThrottled: {
                     const std::string key = outcome.kind == SignInOutcome::Kind::AccountLocked ? "account_locked" : "address_throttled";
                     HttpResponse res = signInPage(web, request, 429, next, name,
                                                   t[key].get<std::string>() + " " + minutesText(outcome.retryAfterMs) + " " +
                                                       t["minutes"].get<std::string>());
                     res.retryAfterSeconds = static_cast<int>((outcome.retryAfterMs + 999) / 1000);
                     return res;
                   }
                   case SignInOutcome::Kind::Busy: {
                     HttpResponse res = signInPage(web, request, 503, next, name, t["busy"]);
                     res.retryAfterSeconds = 2;
                     return res;
                   }
                   case SignInOutcome::Kind::Unavailable: break;
                 }
                 return signInPage(web, request, 503, next, name, t["unavailable"]);
               }};
  signIn.bodyFormat = BodyFormat::Form;
  router.add(std::move(signIn));
  Route signOut{"POST", "/logout", Access::User, kSignInFormBytes, [&web](const HttpRequest& request, const Principal& who) {
                  web.login.signOut(who.user.sessionId);
                  HttpResponse res = redirect("/login");
                  res.headers.emplace_back("Set-Cookie", clearedSessionCookieHeader(request.secure));
                  return res;
                }};
  signOut.bodyFormat = BodyFormat::Form;
  signOut.pool = Pool::Quick;
  router.add(std::move(signOut));
}

}  // namespace suara::hub
