#pragma once
// Who is asking: decided once per request, once routed (anonymous on a public route, whatever
// credentials came with it), and handed to the resource and the services, which check what
// this principal may do. Managers (with a role and the units they may see) join kiosks here
// when the dashboard arrives.

#include <string>

#include "storage/storage.hpp"

namespace suara::hub {

struct Principal {
  enum class Kind { Anonymous, Kiosk };
  Kind kind = Kind::Anonymous;
  KioskRecord kiosk;  // for Kind::Kiosk

  bool isKiosk() const { return kind == Kind::Kiosk; }
  // For logs: the kiosk id, never a token.
  std::string logName() const { return isKiosk() ? kiosk.id : "-"; }
};

}  // namespace suara::hub
