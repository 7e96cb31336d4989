#pragma once
// The principal behind a request's Authorization header. Thread-safe (reads only).

#include <string_view>
#include <variant>

#include "auth/principal.hpp"
#include "http/http_message.hpp"
#include "storage/storage.hpp"

namespace suara::hub {

class Authenticator {
 public:
  explicit Authenticator(KioskStore& kiosks) : m_kiosks(kiosks) {}
  // Anonymous when there is no header; a kiosk for a valid bearer token (the scheme in any
  // case, RFC 7235); otherwise the 401 (unknown, malformed), 403 (revoked) or 503 that refuses.
  std::variant<Principal, HttpResponse> authenticate(std::string_view authorization) const;

 private:
  KioskStore& m_kiosks;
};

}  // namespace suara::hub
