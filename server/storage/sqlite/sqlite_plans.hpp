#pragma once
// The schema step that adds follow-up plans (sqlite_schema.cpp lists it).
#include <SQLiteCpp/Database.h>

#include "storage/storage.hpp"

namespace suara::hub {
const char* planActionsMigration();
// One row of the audit log, inside the caller's transaction (sqlite_users.cpp).
void appendAuditRow(SQLite::Database& db, const AuditEntry& entry);
}  // namespace suara::hub
