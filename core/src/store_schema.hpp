#pragma once
// LocalStore schema and its migrations, versioned by PRAGMA user_version (internal).

#include <string>

#include "suara/core/result.hpp"

namespace SQLite {
class Database;
}

namespace suara::detail {

inline constexpr int kStoreSchemaVersion = 2;

// Brings the schema up to kStoreSchemaVersion, one transaction per step. A file written by
// a newer version is refused (Errc::Corrupt, so it is kept aside rather than altered).
Status migrate(SQLite::Database& db, const std::string& name);

}  // namespace suara::detail
