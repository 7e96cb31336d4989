#pragma once
// Amendments in the hub's SQLite storage: follow-ups (reasons, service, respondent) that a
// citizen added after their rating was stored on the kiosk. Each amendment is kept as it came
// (append-only, deduplicated on its own UUID and kiosk: the same id from another kiosk is a
// conflict) and merged into the rating it names:
//   - only an amendment from the rating's own kiosk is merged, and only as the shared rule
//     allows (suara/core/amendment.hpp: same boot, within an hour, empty fields only);
//   - an id is one item: an amendment may not reuse a rating's id, nor a rating an amendment's;
//   - one that arrives before its rating waits and is merged when the rating arrives.
// An amendment that cannot be merged keeps its reason (`problem`), never silently dropped.
// A merge moves the rating's rollup counts to the service, reasons and profile it now has.
// Not thread-safe: used inside SqliteStorage's transactions, under its writer mutex.

#include <SQLiteCpp/SQLiteCpp.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "storage/sqlite/sqlite_rollups.hpp"
#include "storage/storage.hpp"

namespace suara::hub {

class SqliteAmendments {
 public:
  using Uuid = std::array<unsigned char, 16>;
  SqliteAmendments(SQLite::Database& db, SqliteRollups& rollups);

  // The schema step that adds amendments (see sqlite_hub_storage.cpp's migrations).
  static const char* migration();

  // Stores an amendment and merges it if its rating is here; the item's result.
  wire::ItemResult ingest(const std::string& kioskId, const StoredItem& item, const Uuid& uuid, const Uuid& hash,
                          std::int64_t nowMs);
  // A rating was just stored: merges amendments that arrived before it.
  void ratingStored(const Uuid& rating, std::int64_t nowMs);
  // Fast path for ratingStored: false when no amendment is waiting at all.
  bool anyWaiting();
  // Whether an amendment holds this id (a rating may not take it).
  bool isAmendmentId(const Uuid& uuid);

 private:
  struct Rating;
  // Why `amendment` cannot be merged into `rating`, or empty if it can.
  static std::string problemWith(const Rating& rating, const std::string& kioskId, const Response& amendment);
  void merge(const Rating& rating, const Response& amendment);
  // Marks an amendment merged (no problem) or not mergeable (with its problem).
  void settle(const Uuid& amendment, const std::string& problem, std::int64_t nowMs);
  std::optional<Rating> findRating(const Uuid& uuid);

  SQLite::Database& m_db;
  SqliteRollups& m_rollups;
  SQLite::Statement m_insert, m_existing, m_findRating, m_updateRating, m_waiting, m_settle, m_anyWaiting, m_isAmendment;
};

}  // namespace suara::hub
