#pragma once
// One mapping from the hub's errors to HTTP statuses, for every route:
//   Invalid → 400, NotFound → 404, Forbidden → 403, Conflict → 409: the client must change
//   something;
//   DiskFull, Io, Corrupt → 503 with Retry-After: storage trouble, the kiosk keeps its data
//   and comes back later;
//   Internal → 500: a hub bug; kiosks back off (a 503 would have them retry it forever).

#include "http/http_message.hpp"
#include "suara/core/result.hpp"

namespace suara::hub {

inline constexpr int kStorageRetryAfterSeconds = 30;

inline HttpResponse responseFor(const Error& error) {
  switch (error.code) {
    case Errc::Invalid: return errorResponse(400, error.message);
    case Errc::NotFound: return errorResponse(404, error.message);
    case Errc::Forbidden: return errorResponse(403, error.message);
    case Errc::Conflict: return errorResponse(409, error.message);
    case Errc::Internal: return errorResponse(500, "internal error: " + error.message);
    default: return errorResponse(503, error.message, kStorageRetryAfterSeconds);
  }
}

}  // namespace suara::hub
