#pragma once
// Routes: (method, path) → a resource's handler, with who may call it and how large a body it
// takes. A request for a kiosk route is authenticated once routed (a principal, or the
// 401/403 that ends it); a public route ignores credentials. Everything a route is refused for
// is decided before its body is read.
// Thread-safe once built: routes are added at start-up only.

#include <charconv>
#include <cstddef>
#include <functional>
#include <optional>
#include <string_view>
#include <string>
#include <variant>
#include <vector>

#include "auth/authenticator.hpp"
#include "auth/principal.hpp"
#include "http/http_limits.hpp"
#include "http/http_message.hpp"
#include "http/memory_budget.hpp"

namespace suara::hub {

// Public: anyone. Kiosk: a bearer token. User: a dashboard session cookie; a POST must carry
// the session's CSRF token (form field `csrf` or header X-CSRF-Token), and a browser's Origin,
// when sent, must be this hub.
enum class Access { Public, Kiosk, User };
enum class BodyFormat { Json, Form };

// Where a handler runs. Workers may wait for the writer (ingest waits for its group commit);
// Quick handlers never wait for a commit in progress and run on a few threads of their own,
// as does routing, so that they answer at once however many batches queue for a worker.
enum class Pool { Workers, Quick };

using Handler = std::function<HttpResponse(const HttpRequest&, const Principal&)>;

struct Route {
  std::string method;
  std::string path;
  Access access = Access::Public;
  std::size_t maxBodyBytes = 0;  // once decoded; 0: the route takes no body
  Handler handler;
  Pool pool = Pool::Workers;
  BodyFormat bodyFormat = BodyFormat::Json;
  // A User route a browser opens: without a session it redirects to the sign-in page (an API
  // route answers 401).
  bool page = false;
};

// Who a session cookie belongs to now (nullopt: nobody signed in).
using SessionResolver = std::function<std::optional<DashboardUser>(const HttpRequest& head)>;

struct RoutedRequest {
  const Route* route = nullptr;
  Principal principal;
};

class Router {
 public:
  Router(const Authenticator& authenticator, HttpLimits limits) : m_authenticator(authenticator), m_limits(limits) {}
  void add(Route route);
  void setSessionResolver(SessionResolver resolver) { m_sessions = std::move(resolver); }

  // From the request line and headers alone (`head.body` is empty): the route and principal
  // (anonymous on a public route), or the response that refuses the request (404, 405, 401,
  // 403, 413, 415, in the order checked).
  std::variant<RoutedRequest, HttpResponse> route(const HttpRequest& head, std::size_t declaredLength) const;
  // Decodes the body within the route's limit, checks JSON depth and size, runs the handler.
  // `lease` holds the wire body already; it is grown to what decoding and parsing will hold
  // (503 when the budget cannot spare it). Never throws.
  HttpResponse handle(const RoutedRequest& routed, HttpRequest& request, std::string wireBody, MemoryBudget::Lease& lease) const;
  const HttpLimits& limits() const { return m_limits; }

 private:
  const Authenticator& m_authenticator;
  HttpLimits m_limits;
  std::vector<Route> m_routes;
  SessionResolver m_sessions;
};

// The value of `name` in an application/x-www-form-urlencoded body or a query string
// (percent-decoded, '+' as space); empty when absent.
std::string formValue(std::string_view form, std::string_view name);
// The value of `name` as a whole decimal integer; nullopt when absent, partly numeric or out
// of Int's range.
template <class Int>
std::optional<Int> formInteger(std::string_view form, std::string_view name) {
  const std::string text = formValue(form, name);
  Int value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}
std::string percentDecode(std::string_view text);
std::string percentEncode(std::string_view text);

}  // namespace suara::hub
