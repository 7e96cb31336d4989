#pragma once
// Who is asking: decided once per request, once routed (anonymous on a public route, whatever
// credentials came with it), and handed to the resource and the services, which check what
// this principal may do: a kiosk (bearer token) or a dashboard user (session cookie).

#include <algorithm>
#include <string>
#include <vector>

#include "storage/storage.hpp"

namespace suara::hub {

// A signed-in dashboard user, as their account stands at this request (role and scope are
// read afresh each time: a change made with `suara-hub user` applies at the next click).
struct DashboardUser {
  std::string name;
  Role role = Role::Viewer;
  std::vector<std::string> units;  // empty for an admin, who sees every unit
  std::string csrfToken;           // what every change this session makes must carry
  std::string sessionId;           // the session's handle (a hash of its cookie), for signing out

  bool isAdmin() const { return role == Role::Admin; }
  bool maySee(const std::string& unitId) const {
    return isAdmin() || std::find(units.begin(), units.end(), unitId) != units.end();
  }
  // Accepting and editing plans, recording actions: admins, and managers of the unit.
  bool mayPlan(const std::string& unitId) const { return isAdmin() || (role == Role::Manager && maySee(unitId)); }
};

struct Principal {
  enum class Kind { Anonymous, Kiosk, User };
  Kind kind = Kind::Anonymous;
  KioskRecord kiosk;   // for Kind::Kiosk
  DashboardUser user;  // for Kind::User

  bool isKiosk() const { return kind == Kind::Kiosk; }
  bool isUser() const { return kind == Kind::User; }
  // For logs: the kiosk id or user name, never a token.
  std::string logName() const { return isKiosk() ? kiosk.id : isUser() ? "user:" + user.name : "-"; }
};

}  // namespace suara::hub
