#pragma once
// Dashboard accounts: the rules for names, roles, scopes and passwords, and the audit of every
// change. The CLI (`suara-hub user`) and, later, the admin pages call this; the storage only
// keeps what it is given.

#include <optional>
#include <string>
#include <vector>

#include "auth/passwords.hpp"
#include "storage/storage.hpp"

namespace suara::hub {

struct NewUser {
  std::string name;
  Role role = Role::Viewer;
  std::vector<std::string> units;
  std::string password;
};

class UserService {
 public:
  UserService(UserStore& users, PasswordHasher& hasher) : m_users(users), m_hasher(hasher) {}

  // Errc::Invalid for a bad name, a weak password, a scope that does not fit the role (an
  // admin has every unit, a manager or viewer at least one) or a name taken; Errc::NotFound
  // for a unit that does not exist.
  Status add(const NewUser& user, const std::string& actor, std::int64_t nowMs);
  Status changePassword(const std::string& name, const std::string& password, const std::string& actor, std::int64_t nowMs);
  Status disable(const std::string& name, const std::string& actor, std::int64_t nowMs);
  Status enable(const std::string& name, const std::string& actor, std::int64_t nowMs);

 private:
  UserStore& m_users;
  PasswordHasher& m_hasher;
};

// Why `name` cannot be a user name, or empty: 1 to 64 of a-z, 0-9, '.', '_', '-', '@'
// (lower case, so that "Admin" and "admin" are never two accounts).
std::string whyBadUserName(const std::string& name);

}  // namespace suara::hub
