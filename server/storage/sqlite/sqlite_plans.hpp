#pragma once
// The schema step that adds follow-up plans (sqlite_schema.cpp lists it).
#include <SQLiteCpp/Database.h>

#include <string>

#include "storage/storage.hpp"

namespace suara::hub {
const char* planActionsMigration();
// One row of the audit log, inside the caller's transaction (sqlite_users.cpp).
void appendAuditRow(SQLite::Database& db, const AuditEntry& entry);
// Whether unit `id` is stored (sqlite_storage.cpp).
bool unitExists(SQLite::Database& db, const std::string& id);
}  // namespace suara::hub
