#include "http/router.hpp"

#include <algorithm>
#include <cctype>

#include "http/body_decoding.hpp"
#include "suara/core/json_depth.hpp"

namespace suara::hub {

namespace {

// What a parsed document costs per value: measured at 77 bytes for "[],[],…" (a json node and
// an empty vector each); objects cost a little more.
constexpr std::size_t kDocumentBytesPerJsonValue = 96;
constexpr std::size_t kParserBytesPerStructural = 16;  // simdjson: a 4-byte index and an 8-byte tape word, rounded up

// The media type of a Content-Type header, lower case, without parameters.
std::string mediaType(std::string_view contentType) {
  std::string type(contentType.substr(0, contentType.find(';')));
  std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  while (!type.empty() && type.back() == ' ') type.pop_back();
  return type;
}

bool isJson(std::string_view contentType) { return mediaType(contentType) == "application/json"; }
bool isForm(std::string_view contentType) { return mediaType(contentType) == "application/x-www-form-urlencoded"; }

// Whether the Origin a browser sent names the host it sent the request to (scheme aside): a
// form posted from another site is refused even if a cookie went with it.
bool sameOrigin(const HttpRequest& head) {
  if (head.origin.empty()) return true;  // not a browser, or an old one: the CSRF token decides
  const auto scheme = head.origin.find("://");
  return scheme != std::string::npos && head.origin.substr(scheme + 3) == head.host;
}

HttpResponse redirectToSignIn(const HttpRequest& head) {
  HttpResponse res;
  res.status = 303;
  res.contentType = "text/plain; charset=utf-8";
  // After a form's POST the page to return to is not known: the overview.
  std::string next = head.method == "GET" ? head.path + (head.query.empty() ? "" : "?" + head.query) : "/";
  res.headers.emplace_back("Location", "/login?next=" + percentEncode(next));
  res.headers.emplace_back("Cache-Control", "no-store");
  return res;
}

}  // namespace

void Router::add(Route route) { m_routes.push_back(std::move(route)); }

std::variant<RoutedRequest, HttpResponse> Router::route(const HttpRequest& head, std::size_t declaredLength) const {
  const Route* match = nullptr;
  bool pathKnown = false;
  for (const auto& r : m_routes) {
    if (r.path != head.path) continue;
    pathKnown = true;
    if (r.method == head.method) match = &r;
  }
  if (!pathKnown) return errorResponse(404, "no such endpoint: " + head.method + " " + head.path);
  if (!match) return errorResponse(405, head.method + " is not allowed on " + head.path);
  // A public route ignores credentials: health must answer monitoring and kiosks whatever
  // they send, and a revoked kiosk is told to enrol again, which it may do with its old token.
  Principal who;
  if (match->access == Access::Kiosk) {
    auto principal = m_authenticator.authenticate(head.authorization);
    if (auto* refused = std::get_if<HttpResponse>(&principal)) return std::move(*refused);
    who = std::move(std::get<Principal>(principal));
    if (!who.isKiosk()) return errorResponse(401, "missing bearer token");
  } else if (match->access == Access::User) {
    auto user = m_sessions ? m_sessions(head) : std::nullopt;
    // A browser (a page, or a form whose session ended while it was open) is sent to sign in;
    // a script gets 401.
    if (!user)
      return (match->page && head.method == "GET") || (head.method == "POST" && match->bodyFormat == BodyFormat::Form)
                 ? redirectToSignIn(head)
                 : errorResponse(401, "sign in first");
    who.kind = Principal::Kind::User;
    who.user = std::move(*user);
  }
  if (head.method == "POST" && (match->bodyFormat == BodyFormat::Form || match->access == Access::User) && !sameOrigin(head))
    return errorResponse(403, "the request came from another site");
  if (declaredLength > 0 || head.method == "POST") {
    if (match->maxBodyBytes == 0 && declaredLength > 0) return errorResponse(413, head.path + " takes no request body");
    if (declaredLength > match->maxBodyBytes)
      return errorResponse(413, "request body is larger than " + std::to_string(match->maxBodyBytes / 1024) + " KiB");
    if (match->maxBodyBytes > 0 && match->bodyFormat == BodyFormat::Json && !isJson(head.contentType))
      return errorResponse(415, "the request body must be JSON (Content-Type: application/json)");
    if (match->maxBodyBytes > 0 && match->bodyFormat == BodyFormat::Form && !isForm(head.contentType))
      return errorResponse(415, "the request body must be a form (application/x-www-form-urlencoded)");
    if (!knownContentEncoding(head.contentEncoding))
      return errorResponse(415, "unsupported Content-Encoding '" + head.contentEncoding + "' (use gzip)");
  }
  return RoutedRequest{match, std::move(who)};
}

HttpResponse Router::handle(const RoutedRequest& routed, HttpRequest& request, std::string wireBody, MemoryBudget::Lease& lease) const {
  try {
    if (routed.route->maxBodyBytes > 0) {
      auto decoded = decodeBody(std::move(wireBody), request.contentEncoding, routed.route->maxBodyBytes, lease);
      if (auto* refused = std::get_if<HttpResponse>(&decoded)) return std::move(*refused);
      request.body = std::move(std::get<std::string>(decoded));
    }
    if (routed.route->access == Access::User && request.method == "POST") {
      std::string token = request.csrfToken.empty() ? formValue(request.body, "csrf") : request.csrfToken;
      if (token.empty() || token != routed.principal.user.csrfToken)
        return errorResponse(403, "the form has expired or did not come from this dashboard; reload the page and try again");
    }
    if (routed.route->maxBodyBytes > 0 && routed.route->bodyFormat == BodyFormat::Json) {
      const JsonShape shape = measureJson(request.body, m_limits.maxJsonDepth, m_limits.maxJsonValues, m_limits.maxJsonStructurals);
      if (shape.depth > m_limits.maxJsonDepth)
        return errorResponse(400, "request body is nested more than " + std::to_string(m_limits.maxJsonDepth) + " levels deep");
      if (shape.values > m_limits.maxJsonValues)
        return errorResponse(413, "request body holds more than " + std::to_string(m_limits.maxJsonValues) + " JSON values");
      if (shape.structurals > m_limits.maxJsonStructurals)
        return errorResponse(413, "request body holds more than " + std::to_string(m_limits.maxJsonStructurals) +
                                      " JSON punctuation characters");
      // The body, its strings again in the document, and a copy kept of an item refused; the
      // document's nodes; the parser's index of every punctuation character.
      if (!lease.holdTotal(3 * request.body.size() + shape.values * kDocumentBytesPerJsonValue +
                           shape.structurals * kParserBytesPerStructural))
        return memoryBusyResponse();
    }
    return routed.route->handler(request, routed.principal);
  } catch (const std::exception& e) {
    return errorResponse(500, std::string("internal error: ") + e.what());
  } catch (...) {
    return errorResponse(500, "internal error");
  }
}

std::string percentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string percentEncode(std::string_view text) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
      out += c;
    } else {
      out += '%';
      out += kDigits[byte >> 4];
      out += kDigits[byte & 15];
    }
  }
  return out;
}

std::string formValue(std::string_view form, std::string_view name) {
  while (!form.empty()) {
    const auto amp = form.find('&');
    const std::string_view pair = form.substr(0, amp);
    form = amp == std::string_view::npos ? std::string_view() : form.substr(amp + 1);
    const auto equals = pair.find('=');
    if (percentDecode(pair.substr(0, equals)) == name)
      return equals == std::string_view::npos ? std::string() : percentDecode(pair.substr(equals + 1));
  }
  return {};
}

}  // namespace suara::hub
