#include "store_schema.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <array>
#include <vector>

#include "suara/core/sqlite_migrations.hpp"

namespace suara::detail {

namespace {

// Migration N takes the schema from version N-1 to N. Never edit a released step; add one.
constexpr std::array<const char*, kStoreSchemaVersion> kMigrations = {
    // 1: responses keep their wire fields in compact columns (store_codec.hpp). A partial
    // index holds only pending rows, so fetching the next batch never walks acked history.
    R"sql(
      CREATE TABLE boots (
        id      INTEGER PRIMARY KEY,
        boot_id TEXT NOT NULL UNIQUE
      );
      CREATE TABLE responses (
        seq            INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused, even after prune
        uuid           BLOB    NOT NULL,                   -- 16 raw bytes
        survey         TEXT    NOT NULL,
        survey_version INTEGER NOT NULL,
        answers        TEXT    NOT NULL,                   -- "U1:4,U2:3"
        reasons        TEXT,                               -- "a,b"
        unit           TEXT,
        service        TEXT,
        counter        TEXT,
        officer        TEXT,
        respondent     TEXT,                               -- "gender|age|education|occupation"
        wall_ms        INTEGER NOT NULL,
        mono_ms        INTEGER NOT NULL,
        boot           INTEGER NOT NULL REFERENCES boots(id),
        flags          INTEGER NOT NULL DEFAULT 0,
        acked_at       INTEGER                             -- NULL while pending
      );
      CREATE INDEX responses_pending ON responses(seq) WHERE acked_at IS NULL;
    )sql",
    // 2: elements the citizen chose to skip ("U4,U8"), and amendments: follow-ups added to an
    // earlier rating (its 16-byte UUID in `amends`; survey and answers are empty text).
    R"sql(
      ALTER TABLE responses ADD COLUMN skipped TEXT;
      ALTER TABLE responses ADD COLUMN amends BLOB;
      CREATE INDEX responses_amendments ON responses(seq) WHERE amends IS NOT NULL;
    )sql",
    // 3: store files set aside as damaged (or by older versions, as unreadable) and what was
    // salvaged from each. A file is salvaged in the same transaction that adds its row here,
    // so its rows are taken over exactly once even if the kiosk dies while salvaging.
    R"sql(
      CREATE TABLE set_aside (
        file         TEXT    PRIMARY KEY,  -- name in the data directory
        reason       TEXT    NOT NULL,
        salvaged_at  INTEGER NOT NULL,     -- wall clock, ms
        salvaged     INTEGER NOT NULL,     -- rows taken over into this store
        unreadable   INTEGER NOT NULL,     -- rows found but not decodable (lost)
        method       TEXT    NOT NULL      -- how the rows were read
      );
      -- Earlier versions could leave rows pointing at a boots row that a rolled-back
      -- transaction took away; such rows were invisible to sync and export. Each lost boot
      -- gets a new random id so that its rows are read, sent and counted again.
      INSERT INTO boots (id, boot_id)
        SELECT boot, lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) ||
                           '-a' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
        FROM (SELECT DISTINCT boot FROM responses WHERE boot NOT IN (SELECT id FROM boots));
    )sql",
};

}  // namespace

Status migrate(SQLite::Database& db, const std::string& name) { return applyMigrations(db, kMigrations, name); }

Status checkNotNewer(SQLite::Database& db, const std::string& name) {
  const int version = db.execAndGet("PRAGMA user_version").getInt();
  if (version < 0) return makeError(Errc::Corrupt, "'" + name + "' has schema version " + std::to_string(version) + ": its header is damaged");
  if (version <= kStoreSchemaVersion) return {};
  return makeError(Errc::Invalid, "'" + name + "' has schema version " + std::to_string(version) +
                                      ", newer than this program understands (" + std::to_string(kStoreSchemaVersion) +
                                      "): install the newer version again");
}

}  // namespace suara::detail

namespace suara {

Status applyMigrations(SQLite::Database& db, std::span<const char* const> steps, const std::string& name) {
  std::vector<MigrationStep> sqlSteps;
  for (const char* sql : steps) sqlSteps.push_back({sql, nullptr});
  return applyMigrations(db, std::span<const MigrationStep>(sqlSteps), name);
}

Status applyMigrations(SQLite::Database& db, std::span<const MigrationStep> steps, const std::string& name) {
  const int latest = static_cast<int>(steps.size());
  const int current = db.execAndGet("PRAGMA user_version").getInt();
  if (current < 0)  // no version of this program writes one: the header is damaged
    return makeError(Errc::Corrupt, "'" + name + "' has schema version " + std::to_string(current) + ": its header is damaged");
  if (current > latest)
    return makeError(Errc::Invalid, "'" + name + "' has schema version " + std::to_string(current) +
                                        ", newer than this program understands (" + std::to_string(latest) +
                                        "): install the newer version again");
  for (int version = current + 1; version <= latest; ++version) {
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    const MigrationStep& step = steps[static_cast<std::size_t>(version - 1)];
    if (step.sql) db.exec(step.sql);
    if (step.run) step.run(db);
    db.exec("PRAGMA user_version = " + std::to_string(version));
    transaction.commit();
  }
  return {};
}

}  // namespace suara
