#pragma once
// Reading what can still be read out of a store file that was set aside as damaged (internal
// to LocalStore).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "suara/core/response.hpp"
#include "suara/core/result.hpp"

namespace suara::detail {

struct SalvagedRow {
  Response response;
  std::optional<std::int64_t> ackedAt;  // kept: the hub already has an acknowledged row
};

struct SalvageRead {
  std::vector<SalvagedRow> rows;  // in sequence order
  std::int64_t unreadable = 0;    // rows found but not decodable
  std::int64_t damagedRanges = 0; // stretches of the table that could not be read at all
  std::string method;             // how the rows were read, for the record
};

// Every readable row of `source`, damaged or not, read row by row through the table's b-tree
// around the damage: rows on damaged pages (or below a damaged interior page) are lost, all
// others are found. Files of older schema versions are read by the columns they have. Never
// writes to `source`.
// An error means the file cannot be read *now* (no permission, locked by another process, an
// I/O error): the caller must try again later, not record it as salvaged. A file that is not
// a database, or has no ratings table, is read as holding nothing.
// (Debian 12's sqlite3 shell cannot run `.recover`, which would also read below damaged
// interior pages: its library lacks the sqlite_dbpage table.)
// `lockWaitMs`: how long to wait out another process's lock on `source` (0 while the kiosk
// runs: the store's lock is held meanwhile, and a citizen's rating must not wait on it).
Result<SalvageRead> readSalvageable(const std::filesystem::path& source, int lockWaitMs);

}  // namespace suara::detail
