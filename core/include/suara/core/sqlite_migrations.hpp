#pragma once
// Versioned schema migrations for SQLite files, keyed on PRAGMA user_version.

#include <span>
#include <string>

#include "suara/core/result.hpp"

namespace SQLite {
class Database;
}

namespace suara {

// Step N (1-based) takes the schema from version N-1 to N; each runs in its own transaction.
// Never edit a released step; append one. A file newer than the steps known is refused with
// Errc::Corrupt (so callers keep it aside rather than alter it).
Status applyMigrations(SQLite::Database& db, std::span<const char* const> steps, const std::string& name);

}  // namespace suara
