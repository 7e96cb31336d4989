#include "http/http_message.hpp"

#include <nlohmann/json.hpp>

namespace suara::hub {

HttpResponse errorResponse(int status, const std::string& reason, std::optional<int> retryAfterSeconds) {
  HttpResponse res;
  res.status = status;
  // Replace, never throw: a reason may quote bytes a client sent.
  res.body = nlohmann::json{{"error", reason}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  res.retryAfterSeconds = retryAfterSeconds;
  return res;
}

}  // namespace suara::hub
