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

bool isJson(std::string_view contentType) {
  const auto semicolon = contentType.find(';');
  std::string type(contentType.substr(0, semicolon));
  std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  while (!type.empty() && type.back() == ' ') type.pop_back();
  return type == "application/json";
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
  }
  if (declaredLength > 0 || head.method == "POST") {
    if (match->maxBodyBytes == 0 && declaredLength > 0) return errorResponse(413, head.path + " takes no request body");
    if (declaredLength > match->maxBodyBytes)
      return errorResponse(413, "request body is larger than " + std::to_string(match->maxBodyBytes / 1024) + " KiB");
    if (match->maxBodyBytes > 0 && !isJson(head.contentType))
      return errorResponse(415, "the request body must be JSON (Content-Type: application/json)");
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

}  // namespace suara::hub
