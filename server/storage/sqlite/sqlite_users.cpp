// Dashboard accounts and the audit log on SQLite: each change and its audit row in one
// transaction, so the log never misses a change nor records one that did not happen.

#include "storage/sqlite/sqlite_plans.hpp"
#include "storage/sqlite/sqlite_statements.hpp"
#include "storage/sqlite/sqlite_storage.hpp"

namespace suara::hub {

void appendAuditRow(SQLite::Database& db, const AuditEntry& e) {
  SQLite::Statement st(db, "INSERT INTO audit_log (at_ms, actor, action, target, detail) VALUES (?,?,?,?,?)");
  st.bind(1, e.atMs);
  st.bind(2, e.actor);
  st.bind(3, e.action);
  st.bind(4, e.target);
  st.bind(5, e.detail);
  st.exec();
}

namespace {

Result<UserRecord> loadUser(SQLite::Database& db, const std::string& name) {
  SQLite::Statement st(db, "SELECT name, role, password_hash, created_ms, disabled_ms FROM users WHERE name = ?");
  st.bind(1, name);
  if (!st.executeStep()) return makeError(Errc::NotFound, "no user '" + name + "'");
  UserRecord user;
  user.name = st.getColumn(0).getString();
  user.role = parseRole(st.getColumn(1).getString()).value_or(Role::Viewer);  // the CHECK allows no other
  user.passwordHash = st.getColumn(2).getString();
  user.createdMs = st.getColumn(3).getInt64();
  if (!st.getColumn(4).isNull()) user.disabledMs = st.getColumn(4).getInt64();
  SQLite::Statement units(db, "SELECT unit_id FROM user_units WHERE user_name = ? ORDER BY unit_id");
  units.bind(1, name);
  while (units.executeStep()) user.units.push_back(units.getColumn(0).getString());
  return user;
}

// Runs `change` (which returns the number of users it touched) and the audit row together.
template <class Change>
Status changeUser(SQLite::Database& db, const std::string& name, const AuditEntry& audit, Change&& change) {
  SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
  if (change() == 0) return makeError(Errc::NotFound, "no user '" + name + "'");
  appendAuditRow(db, audit);
  transaction.commit();
  return {};
}

}  // namespace

std::string_view roleName(Role role) {
  switch (role) {
    case Role::Admin: return "admin";
    case Role::Manager: return "manager";
    case Role::Viewer: return "viewer";
  }
  return "viewer";
}

std::optional<Role> parseRole(std::string_view name) {
  for (Role role : {Role::Admin, Role::Manager, Role::Viewer})
    if (roleName(role) == name) return role;
  return std::nullopt;
}

Status SqliteStorage::createUser(const UserRecord& user, const AuditEntry& audit) {
  return onWriter("creating a user", [&]() -> Status {
    SQLite::Database& db = *m_writer;
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement exists(db, "SELECT 1 FROM users WHERE name = ?");
    exists.bind(1, user.name);
    if (exists.executeStep()) return makeError(Errc::Invalid, "user '" + user.name + "' already exists");
    SQLite::Statement unit(db, "SELECT 1 FROM units WHERE id = ?");
    for (const auto& id : user.units) {
      unit.reset();
      unit.bind(1, id);
      if (!unit.executeStep()) return makeError(Errc::NotFound, "no unit '" + id + "'");
    }
    SQLite::Statement insert(db, "INSERT INTO users (name, role, password_hash, created_ms, disabled_ms) VALUES (?,?,?,?,?)");
    insert.bind(1, user.name);
    insert.bind(2, std::string(roleName(user.role)));
    insert.bind(3, user.passwordHash);
    insert.bind(4, user.createdMs);
    if (user.disabledMs) insert.bind(5, *user.disabledMs);
    insert.exec();
    SQLite::Statement scope(db, "INSERT OR IGNORE INTO user_units (user_name, unit_id) VALUES (?,?)");
    for (const auto& id : user.units) {
      scope.reset();
      scope.bind(1, user.name);
      scope.bind(2, id);
      scope.exec();
    }
    appendAuditRow(db, audit);
    transaction.commit();
    return {};
  });
}

Result<UserRecord> SqliteStorage::user(const std::string& name) {
  return onReader("reading a user", [&](SQLite::Database& db) {
    SQLite::Transaction snapshot(db, SQLite::TransactionBehavior::DEFERRED);  // the user and its scope together
    return loadUser(db, name);
  });
}

Result<std::vector<UserRecord>> SqliteStorage::users() {
  return onReader("listing users", [&](SQLite::Database& db) -> Result<std::vector<UserRecord>> {
    SQLite::Transaction snapshot(db, SQLite::TransactionBehavior::DEFERRED);
    std::vector<std::string> names;
    SQLite::Statement st(db, "SELECT name FROM users ORDER BY name");
    while (st.executeStep()) names.push_back(st.getColumn(0).getString());
    std::vector<UserRecord> users;
    for (const auto& name : names) {
      auto user = loadUser(db, name);
      if (!user) return user.error();
      users.push_back(std::move(*user));
    }
    return users;
  });
}

Status SqliteStorage::setPasswordHash(const std::string& name, const std::string& hash, const AuditEntry& audit) {
  return onWriter("changing a password", [&] {
    return changeUser(*m_writer, name, audit, [&] {
      SQLite::Statement st(*m_writer, "UPDATE users SET password_hash = ? WHERE name = ?");
      st.bind(1, hash);
      st.bind(2, name);
      return st.exec();
    });
  });
}

Status SqliteStorage::setDisabled(const std::string& name, std::optional<std::int64_t> disabledMs, const AuditEntry& audit) {
  return onWriter("disabling a user", [&] {
    return changeUser(*m_writer, name, audit, [&] {
      SQLite::Statement st(*m_writer, "UPDATE users SET disabled_ms = ? WHERE name = ?");
      if (disabledMs) st.bind(1, *disabledMs);
      else st.bind(1);
      st.bind(2, name);
      return st.exec();
    });
  });
}

Status SqliteStorage::recordAudit(const AuditEntry& entry) {
  return onWriter("writing the audit log", [&]() -> Status {
    appendAuditRow(*m_writer, entry);
    return {};
  });
}

Result<std::vector<AuditEntry>> SqliteStorage::auditLog(std::int64_t limit) {
  return onReader("reading the audit log", [&](SQLite::Database& db) -> Result<std::vector<AuditEntry>> {
    SQLite::Statement st(db, "SELECT at_ms, actor, action, target, detail FROM audit_log ORDER BY id DESC LIMIT ?");
    st.bind(1, limit);
    std::vector<AuditEntry> entries;
    while (st.executeStep())
      entries.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getString(), st.getColumn(2).getString(),
                         st.getColumn(3).getString(), st.getColumn(4).getString()});
    return entries;
  });
}

}  // namespace suara::hub
