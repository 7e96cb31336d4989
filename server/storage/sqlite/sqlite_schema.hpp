#pragma once
// The hub database's schema, as numbered migrations (user_version): a database of any
// earlier version is brought up to date in place when opened.

#include <SQLiteCpp/SQLiteCpp.h>

#include <string>

#include "suara/core/result.hpp"

namespace suara::hub {

Status migrateHubSchema(SQLite::Database& db, const std::string& name);
// Only up to `version`: a database as an older hub left it, for testing migrations.
Status migrateHubSchemaTo(SQLite::Database& db, const std::string& name, int version);

// The schema version this hub writes.
int hubSchemaVersion();
// Whether `db`, opened without migrating it, is a hub database this hub can read: any version
// it knows, or only its own when `current` (rows are read with today's columns).
Status checkHubSchema(SQLite::Database& db, const std::string& name, bool current);

// Step 4 (sqlite_answer_migration.cpp).
void moveAnswersToColumns(SQLite::Database& db);

}  // namespace suara::hub
