#pragma once
// What the HTTP layer hands to a route and gets back: plain values, no server types, so that
// resources and services stay testable and the transport replaceable.

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace suara::hub {

struct HttpRequest {
  std::string method;         // "GET", "POST"
  std::string path;           // without the query
  std::string query;          // after '?', undecoded
  std::string authorization;  // the header as sent; never logged
  std::string contentType;
  std::string contentEncoding;
  std::string remoteAddress;  // the peer's IP address
  std::string cookie;         // the Cookie header as sent (dashboard sessions); never logged
  std::string origin;         // the Origin header, if the browser sent one
  std::string host;           // the Host header
  std::string csrfToken;      // the X-CSRF-Token header (scripts; forms send a field)
  bool secure = false;        // came over TLS (X-Forwarded-Proto: https from a trusted proxy)
  std::string body;           // decoded (inflated) and within the route's limit
};

struct HttpResponse {
  int status = 200;
  std::string body;
  std::string contentType = "application/json";
  std::optional<int> retryAfterSeconds;  // sent as Retry-After (429, 503)
  bool closeConnection = false;
  // Further headers (Set-Cookie, Location, Content-Disposition, Cache-Control, security
  // policies), sent as given.
  std::vector<std::pair<std::string, std::string>> headers;
};

// {"error": reason} with the status: every refusal says why.
HttpResponse errorResponse(int status, const std::string& reason, std::optional<int> retryAfterSeconds = std::nullopt);

}  // namespace suara::hub
