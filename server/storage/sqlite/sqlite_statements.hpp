#pragma once
// Inside SqliteStorage, shared by its source files: the writer's cached statements (prepared
// once: ingest runs them for every item, each through a StatementScope, under the writer
// mutex) and the wrappers that run work on the writer or a reader.

#include <SQLiteCpp/SQLiteCpp.h>

#include <string>

#include "storage/sqlite/sqlite_amendments.hpp"
#include "storage/sqlite/sqlite_response_rows.hpp"
#include "storage/sqlite/sqlite_rollups.hpp"
#include "storage/sqlite/sqlite_storage.hpp"

namespace suara::hub {

struct SqliteStorage::Statements {
  Statements(SQLite::Database& db, const ReasonMap& reasons)
      : insert(db,
               "INSERT INTO responses (uuid, kiosk_id, seq, unit_id, survey, survey_version, reasons, service, "
               "counter, officer, respondent, kiosk_wall_ms, mono_ms, boot, corrected_ms, received_ms, flags, clock_flags, "
               "content_hash, skipped, " + answerColumnList() + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?, " +
               answerPlaceholders() + ") ON CONFLICT(uuid) DO NOTHING"),
        existing(db, "SELECT content_hash, kiosk_id FROM responses WHERE uuid = ?"),
        touchKiosk(db, "UPDATE kiosks SET last_seen_ms = ? WHERE id = ?"),
        heartbeat(db, "UPDATE kiosks SET last_heartbeat = ?, last_seen_ms = ?, clock_offset_ms = ? WHERE id = ?"),
        rollups(db, reasons),
        amendments(db, rollups) {}
  SQLite::Statement insert, existing, touchKiosk, heartbeat;
  SqliteRollups rollups;  // before amendments, which move counts when they merge
  SqliteAmendments amendments;
};

// The writer and reader wrappers, here so that every file of SqliteStorage can use them.
template <class Fn>
auto SqliteStorage::onWriter(const char* what, Fn&& fn) -> decltype(fn()) {
  if (!m_writer) return makeError(Errc::Invalid, std::string(what) + ": the hub database was opened read-only");
  std::lock_guard lock(m_writerMutex);
  try {
    return fn();
  } catch (const SQLite::Exception& e) {
    return storageError(e, what);
  } catch (const std::exception& e) {
    return makeError(Errc::Internal, std::string(what) + ": " + e.what());
  }
}

template <class Fn>
auto SqliteStorage::onReader(const char* what, Fn&& fn) -> decltype(fn(std::declval<SQLite::Database&>())) {
  try {
    auto reader = m_readers->acquire();
    return fn(*reader);
  } catch (const SQLite::Exception& e) {
    return storageError(e, what);
  } catch (const std::exception& e) {
    return makeError(Errc::Internal, std::string(what) + ": " + e.what());
  }
}

}  // namespace suara::hub
