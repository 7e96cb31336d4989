#pragma once
// LocalStore schema and its migrations, versioned by PRAGMA user_version (internal).

#include <string>

#include "suara/core/result.hpp"

namespace SQLite {
class Database;
}

namespace suara::detail {

inline constexpr int kStoreSchemaVersion = 3;

// Brings the schema up to kStoreSchemaVersion, one transaction per step. A file written by
// a newer version is refused (Errc::Invalid) and left as it is: it is not damaged.
Status migrate(SQLite::Database& db, const std::string& name);
// Errc::Invalid if the file was written by a newer version (checked before the file is touched).
Status checkNotNewer(SQLite::Database& db, const std::string& name);

}  // namespace suara::detail
