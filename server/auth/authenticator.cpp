#include "auth/authenticator.hpp"

#include <strings.h>

#include "auth/secrets.hpp"
#include "http/error_status.hpp"

namespace suara::hub {

std::variant<Principal, HttpResponse> Authenticator::authenticate(std::string_view authorization) const {
  if (authorization.empty()) return Principal{};
  constexpr std::string_view kScheme = "bearer ";
  if (authorization.size() <= kScheme.size() || strncasecmp(authorization.data(), kScheme.data(), kScheme.size()) != 0)
    return errorResponse(401, "the Authorization header must be 'Bearer <token>'");
  std::string_view token = authorization.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  auto kiosk = m_kiosks.kioskByTokenHash(hashSecret(token));
  if (!kiosk) {
    if (kiosk.error().code == Errc::NotFound) return errorResponse(401, "unknown token");
    return responseFor(kiosk.error());
  }
  if (kiosk->revokedMs) return errorResponse(403, "this kiosk has been revoked; enrol it again");
  Principal who;
  who.kind = Principal::Kind::Kiosk;
  who.kiosk = std::move(*kiosk);
  return who;
}

}  // namespace suara::hub
