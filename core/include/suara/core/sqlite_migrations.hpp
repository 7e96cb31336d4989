#pragma once
// Versioned schema migrations for SQLite files, keyed on PRAGMA user_version.

#include <span>
#include <string>

#include "suara/core/result.hpp"

namespace SQLite {
class Database;
}

namespace suara {

// One schema step: SQL, or code for a conversion SQL cannot express (moving rows it cannot
// convert elsewhere, say). Code throws SQLite::Exception (or std::exception) to fail.
struct MigrationStep {
  const char* sql = nullptr;
  void (*run)(SQLite::Database&) = nullptr;
};

// Step N (1-based) takes the schema from version N-1 to N; each runs in its own transaction
// with the version bump, so a crash leaves the file at N-1 or N. Never edit a released step;
// append one. A file newer than the steps known is refused with Errc::Invalid.
Status applyMigrations(SQLite::Database& db, std::span<const MigrationStep> steps, const std::string& name);
Status applyMigrations(SQLite::Database& db, std::span<const char* const> steps, const std::string& name);

}  // namespace suara
