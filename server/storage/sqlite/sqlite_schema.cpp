#include "storage/sqlite/sqlite_schema.hpp"

#include "storage/sqlite/sqlite_amendments.hpp"
#include "storage/sqlite/sqlite_rollups.hpp"
#include "storage/sqlite/sqlite_plans.hpp"
#include "suara/core/sqlite_migrations.hpp"

namespace suara::hub {

namespace {

const std::array<MigrationStep, 8> kMigrations = {{
    {R"sql(
      CREATE TABLE units (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        survey     TEXT NOT NULL,
        utc_offset INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE services (
        unit_id  TEXT NOT NULL REFERENCES units(id),
        position INTEGER NOT NULL,
        id       TEXT NOT NULL,
        name     TEXT NOT NULL,
        name_en  TEXT NOT NULL,
        PRIMARY KEY (unit_id, id)
      ) WITHOUT ROWID;
      CREATE TABLE counters (
        unit_id  TEXT NOT NULL REFERENCES units(id),
        position INTEGER NOT NULL,
        id       TEXT NOT NULL,
        name     TEXT NOT NULL,
        PRIMARY KEY (unit_id, id)
      ) WITHOUT ROWID;
      CREATE TABLE enrolment_codes (
        code_hash  BLOB PRIMARY KEY,                 -- SHA-256 of the normalised code
        unit_id    TEXT NOT NULL REFERENCES units(id),
        expires_ms INTEGER NOT NULL,
        used_ms    INTEGER
      ) WITHOUT ROWID;
      CREATE TABLE kiosks (
        id              TEXT PRIMARY KEY,
        unit_id         TEXT NOT NULL REFERENCES units(id),
        name            TEXT NOT NULL,
        token_hash      BLOB NOT NULL UNIQUE,        -- SHA-256 of the bearer token
        enrolled_ms     INTEGER NOT NULL,
        revoked_ms      INTEGER,
        last_seen_ms    INTEGER,
        clock_offset_ms INTEGER,
        last_heartbeat  TEXT
      ) WITHOUT ROWID;
      -- A rowid table with a unique index on the random UUID, not WITHOUT ROWID keyed by it:
      -- random keys split pages, and moving ~200-byte rows in every split is 2.5x slower
      -- than moving 16-byte index entries (measured: 25k vs 63k rows/s).
      CREATE TABLE responses (
        id             INTEGER PRIMARY KEY,
        uuid           BLOB NOT NULL UNIQUE,         -- 16 raw bytes; dedupe key
        kiosk_id       TEXT NOT NULL,
        seq            INTEGER NOT NULL,
        unit_id        TEXT NOT NULL,
        survey         TEXT NOT NULL,
        survey_version INTEGER NOT NULL,
        answers        TEXT NOT NULL,
        reasons        TEXT,
        service        TEXT,
        counter        TEXT,
        officer        TEXT,
        respondent     TEXT,
        kiosk_wall_ms  INTEGER NOT NULL,             -- as the kiosk's clock said
        mono_ms        INTEGER NOT NULL,
        boot           TEXT NOT NULL,
        corrected_ms   INTEGER NOT NULL,             -- the hub's estimate (clock_correction.hpp)
        received_ms    INTEGER NOT NULL,
        flags          INTEGER NOT NULL,
        clock_flags    INTEGER NOT NULL,
        content_hash   BLOB NOT NULL
      );
      CREATE INDEX responses_by_kiosk ON responses(kiosk_id, seq);
    )sql"},
    {SqliteAmendments::migration()},
    {R"sql(
      -- Items the hub could not accept, with why (never silently dropped). Keyed by the item's
      -- id as sent and its kiosk: a resend updates the row rather than adding another.
      CREATE TABLE quarantine (
        item_id     TEXT NOT NULL,
        kiosk_id    TEXT NOT NULL,
        unit_id     TEXT NOT NULL,
        reason      TEXT NOT NULL,
        payload     TEXT NOT NULL,
        first_ms    INTEGER NOT NULL,
        last_ms     INTEGER NOT NULL,
        times       INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (kiosk_id, item_id)
      ) WITHOUT ROWID;
    )sql"},
    // U1–U9 and overall as small-integer columns; quarantined items keep the hub's time.
    {nullptr, moveAnswersToColumns},
    {R"sql(
      -- A unit's service users a month (the population its sample is judged against) and the
      -- offices that answer for its follow-up plan, by element code (U1..U9) or level.
      ALTER TABLE units ADD COLUMN monthly_users INTEGER;
      CREATE TABLE unit_offices (
        unit_id TEXT NOT NULL REFERENCES units(id),
        key     TEXT NOT NULL,
        office  TEXT NOT NULL,
        PRIMARY KEY (unit_id, key)
      ) WITHOUT ROWID;
    )sql"},
    {R"sql(
      -- Dashboard accounts: argon2id hashes only; scope by unit; every change audited.
      CREATE TABLE users (
        name          TEXT PRIMARY KEY,
        role          TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'viewer')),
        password_hash TEXT NOT NULL,
        created_ms    INTEGER NOT NULL,
        disabled_ms   INTEGER
      ) WITHOUT ROWID;
      CREATE TABLE user_units (
        user_name TEXT NOT NULL REFERENCES users(name),
        unit_id   TEXT NOT NULL REFERENCES units(id),
        PRIMARY KEY (user_name, unit_id)
      ) WITHOUT ROWID;
      CREATE TABLE audit_log (
        id     INTEGER PRIMARY KEY,
        at_ms  INTEGER NOT NULL,
        actor  TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        detail TEXT NOT NULL
      );
    )sql"},
    // The dashboard's rollups (sqlite_rollups.hpp), counted from the ratings already stored, so
    // that an upgraded hub shows its history.
    {nullptr, SqliteRollups::migrate},
    {planActionsMigration()},
}};

}  // namespace

Status migrateHubSchema(SQLite::Database& db, const std::string& name) { return applyMigrations(db, std::span<const MigrationStep>(kMigrations), name); }

Status migrateHubSchemaTo(SQLite::Database& db, const std::string& name, int version) {
  return applyMigrations(db, std::span<const MigrationStep>(kMigrations).first(static_cast<std::size_t>(version)), name);
}

int hubSchemaVersion() { return static_cast<int>(kMigrations.size()); }

Status checkHubSchema(SQLite::Database& db, const std::string& name, bool current) {
  db.exec("SELECT count(*) FROM sqlite_master");  // a file that is not a database fails here
  const int version = db.execAndGet("PRAGMA user_version").getInt();
  if (version == 0) return makeError(Errc::Invalid, "'" + name + "' is not a hub database");
  if (version < 0) return makeError(Errc::Corrupt, "'" + name + "' has schema version " + std::to_string(version) + ": its header is damaged");
  if (version > hubSchemaVersion())
    return makeError(Errc::Invalid, "'" + name + "' has schema version " + std::to_string(version) + ", newer than this hub understands (" +
                                        std::to_string(hubSchemaVersion()) + "): install the newer version again");
  if (current && version < hubSchemaVersion())
    return makeError(Errc::Invalid, "'" + name + "' was written by an older hub (schema " + std::to_string(version) + ", this hub's is " +
                                        std::to_string(hubSchemaVersion()) +
                                        "): start suara-hub serve on it, or run a command that changes it, to upgrade it");
  return {};
}

}  // namespace suara::hub
