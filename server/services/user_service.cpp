#include "services/user_service.hpp"

#include <algorithm>

namespace suara::hub {

std::string whyBadUserName(const std::string& name) {
  if (name.empty() || name.size() > 64) return "a user name has 1 to 64 characters";
  if (name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789._-@") != std::string::npos)
    return "a user name may hold only a-z, 0-9, '.', '_', '-' and '@' (lower case)";
  return {};
}

Status UserService::add(const NewUser& user, const std::string& actor, std::int64_t nowMs) {
  if (std::string why = whyBadUserName(user.name); !why.empty()) return makeError(Errc::Invalid, why);
  if (user.role == Role::Admin && !user.units.empty())
    return makeError(Errc::Invalid, "an admin sees every unit: give no --unit");
  if (user.role != Role::Admin && user.units.empty())
    return makeError(Errc::Invalid, "a " + std::string(roleName(user.role)) + " needs at least one --unit");
  if (std::string why = whyWeakPassword(user.password, user.name); !why.empty()) return makeError(Errc::Invalid, why);
  auto hash = m_hasher.hash(user.password);
  if (!hash) return hash.error();
  std::vector<std::string> units = user.units;
  std::sort(units.begin(), units.end());
  units.erase(std::unique(units.begin(), units.end()), units.end());
  std::string scope;
  for (const auto& unit : units) scope += (scope.empty() ? "" : ",") + unit;
  const UserRecord record{user.name, user.role, units, std::move(*hash), nowMs, std::nullopt};
  return m_users.createUser(record, {nowMs, actor, "user.add", user.name,
                                     "role=" + std::string(roleName(user.role)) + (scope.empty() ? "" : " units=" + scope)});
}

Status UserService::changePassword(const std::string& name, const std::string& password, const std::string& actor,
                                   std::int64_t nowMs) {
  if (std::string why = whyWeakPassword(password, name); !why.empty()) return makeError(Errc::Invalid, why);
  auto hash = m_hasher.hash(password);
  if (!hash) return hash.error();
  return m_users.setPasswordHash(name, *hash, {nowMs, actor, "user.passwd", name, "password changed"});
}

Status UserService::disable(const std::string& name, const std::string& actor, std::int64_t nowMs) {
  return m_users.setDisabled(name, nowMs, {nowMs, actor, "user.disable", name, "disabled"});
}

Status UserService::enable(const std::string& name, const std::string& actor, std::int64_t nowMs) {
  return m_users.setDisabled(name, std::nullopt, {nowMs, actor, "user.enable", name, "enabled"});
}

}  // namespace suara::hub
