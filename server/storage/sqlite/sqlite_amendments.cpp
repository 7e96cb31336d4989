#include "storage/sqlite/sqlite_amendments.hpp"

#include <algorithm>
#include <optional>

#include "suara/core/amendment.hpp"
#include "suara/core/compact_codec.hpp"

namespace suara::hub {

namespace {

constexpr const char* kAmendmentColumns = "uuid, kiosk_id, seq, reasons, service, respondent, mono_ms, boot";

std::string text(SQLite::Statement& st, int index) {
  const auto c = st.getColumn(index);
  return c.isNull() ? std::string() : c.getString();
}

void bindText(SQLite::Statement& st, int index, const std::string& value) {
  if (value.empty()) st.bind(index);
  else st.bind(index, value);
}

bool sameBytes(const SQLite::Column& column, const SqliteAmendments::Uuid& bytes) {
  return column.getBytes() == 16 && std::equal(bytes.begin(), bytes.end(), static_cast<const unsigned char*>(column.getBlob()));
}

// An amendment row back as the Response it came as (the fields merging looks at).
Response readAmendment(SQLite::Statement& st, std::string& kioskId) {
  Response r;
  const auto uuid = st.getColumn(0);
  r.uuid = detail::uuidFromBytes(uuid.getBlob(), uuid.getBytes());
  kioskId = st.getColumn(1).getString();
  r.seq = st.getColumn(2).getInt64();
  r.reasons = detail::splitIds(text(st, 3));
  r.serviceId = text(st, 4);
  detail::decodeRespondent(text(st, 5), r.respondent);
  r.clock.monoMs = st.getColumn(6).getInt64();
  r.clock.bootId = st.getColumn(7).getString();
  return r;
}

}  // namespace

struct SqliteAmendments::Rating {
  std::int64_t row = 0;
  std::string kioskId, reasons, service, respondent, boot;
  std::int64_t monoMs = 0;
  std::optional<int> overall;  // a quick rating's score (only such a rating takes reasons)
};

const char* SqliteAmendments::migration() {
  return R"sql(
      ALTER TABLE responses ADD COLUMN skipped TEXT;       -- elements the citizen chose to skip
      CREATE TABLE amendments (
        id            INTEGER PRIMARY KEY,
        uuid          BLOB NOT NULL UNIQUE,               -- the amendment's own id; dedupe key
        target        BLOB NOT NULL,                      -- the rating it adds to
        kiosk_id      TEXT NOT NULL,
        seq           INTEGER NOT NULL,
        reasons       TEXT,
        service       TEXT,
        respondent    TEXT,
        kiosk_wall_ms INTEGER NOT NULL,
        mono_ms       INTEGER NOT NULL,
        boot          TEXT NOT NULL,
        corrected_ms  INTEGER NOT NULL,
        received_ms   INTEGER NOT NULL,
        content_hash  BLOB NOT NULL,
        merged_ms     INTEGER,                            -- when it was merged into its rating
        problem       TEXT                                -- why it cannot be merged (kept, not dropped)
      );
      CREATE INDEX amendments_waiting ON amendments(target) WHERE merged_ms IS NULL AND problem IS NULL;
    )sql";
}

SqliteAmendments::SqliteAmendments(SQLite::Database& db, SqliteRollups& rollups)
    : m_db(db),
      m_rollups(rollups),
      m_insert(db,
               "INSERT INTO amendments (uuid, target, kiosk_id, seq, reasons, service, respondent, kiosk_wall_ms, mono_ms, "
               "boot, corrected_ms, received_ms, content_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) "
               "ON CONFLICT(uuid) DO NOTHING"),
      m_existing(db, "SELECT content_hash, problem, kiosk_id FROM amendments WHERE uuid = ?"),
      m_findRating(db, "SELECT id, kiosk_id, reasons, service, respondent, boot, mono_ms, overall FROM responses WHERE uuid = ?"),
      m_updateRating(db,
                     "UPDATE responses SET reasons = coalesce(reasons, ?), service = coalesce(service, ?), "
                     "respondent = coalesce(respondent, ?) WHERE id = ?"),
      m_waiting(db, std::string("SELECT ") + kAmendmentColumns +
                        " FROM amendments WHERE target = ? AND merged_ms IS NULL AND problem IS NULL ORDER BY seq"),
      m_settle(db, "UPDATE amendments SET merged_ms = ?, problem = ? WHERE uuid = ?"),
      m_anyWaiting(db, "SELECT EXISTS (SELECT 1 FROM amendments WHERE merged_ms IS NULL AND problem IS NULL)"),
      m_isAmendment(db, "SELECT 1 FROM amendments WHERE uuid = ?") {}

bool SqliteAmendments::isAmendmentId(const Uuid& uuid) {
  m_isAmendment.reset();
  m_isAmendment.bindNoCopy(1, uuid.data(), 16);
  const bool found = m_isAmendment.executeStep();
  m_isAmendment.reset();
  return found;
}

std::optional<SqliteAmendments::Rating> SqliteAmendments::findRating(const Uuid& uuid) {
  m_findRating.reset();
  m_findRating.bindNoCopy(1, uuid.data(), 16);
  if (!m_findRating.executeStep()) return std::nullopt;
  Rating r{m_findRating.getColumn(0).getInt64(), m_findRating.getColumn(1).getString(), text(m_findRating, 2),
           text(m_findRating, 3), text(m_findRating, 4), m_findRating.getColumn(5).getString(),
           m_findRating.getColumn(6).getInt64(), m_findRating.getColumn(7).isNull() ? std::optional<int>() : m_findRating.getColumn(7).getInt()};
  m_findRating.reset();  // never keep a read open on the shared connection
  return r;
}

std::string SqliteAmendments::problemWith(const Rating& rating, const std::string& kioskId, const Response& a) {
  if (rating.kioskId != kioskId) return "amends a rating of another kiosk";
  Response stored;  // the fields the shared rule looks at
  stored.reasons = detail::splitIds(rating.reasons);
  stored.serviceId = rating.service;
  detail::decodeRespondent(rating.respondent, stored.respondent);
  stored.clock.bootId = rating.boot;
  stored.clock.monoMs = rating.monoMs;
  if (rating.overall) stored.answers["overall"] = *rating.overall;
  return amendmentProblem(stored, a);
}

void SqliteAmendments::merge(const Rating& rating, const Response& a) {
  m_rollups.amend(rating.row, a);  // reads the rating as it is before the update
  m_updateRating.reset();
  bindText(m_updateRating, 1, detail::joinIds(a.reasons));
  bindText(m_updateRating, 2, a.serviceId);
  bindText(m_updateRating, 3, detail::encodeRespondent(a.respondent));
  m_updateRating.bind(4, rating.row);
  m_updateRating.exec();
}

wire::ItemResult SqliteAmendments::ingest(const std::string& kioskId, const StoredItem& item, const Uuid& uuid,
                                          const Uuid& hash, std::int64_t nowMs) {
  const Response& a = item.response;
  const auto target = *detail::uuidToBytes(a.amends);
  if (findRating(uuid)) return {a.uuid, wire::ItemStatus::Rejected, "conflict: a rating with this id was accepted earlier"};
  const std::string reasons = detail::joinIds(a.reasons), respondent = detail::encodeRespondent(a.respondent);
  m_insert.reset();
  m_insert.bindNoCopy(1, uuid.data(), 16);
  m_insert.bindNoCopy(2, target.data(), 16);
  m_insert.bind(3, kioskId);
  m_insert.bind(4, a.seq);
  bindText(m_insert, 5, reasons);
  bindText(m_insert, 6, a.serviceId);
  bindText(m_insert, 7, respondent);
  m_insert.bind(8, a.clock.wallMs);
  m_insert.bind(9, a.clock.monoMs);
  m_insert.bind(10, a.clock.bootId);
  m_insert.bind(11, item.correctedMs);
  m_insert.bind(12, nowMs);
  m_insert.bindNoCopy(13, hash.data(), 16);
  if (m_insert.exec() == 0) {  // seen before: a resend gets the answer it got the first time
    m_existing.reset();
    m_existing.bindNoCopy(1, uuid.data(), 16);
    m_existing.executeStep();
    const bool same = sameBytes(m_existing.getColumn(0), hash);
    const std::string problem = text(m_existing, 1), holder = text(m_existing, 2);
    m_existing.reset();
    // Another kiosk's item is never this kiosk's resend (it would read as delivered).
    if (holder != kioskId) return {a.uuid, wire::ItemStatus::Rejected, "conflict: kiosk '" + holder + "' sent an amendment with this id first"};
    if (!same) return {a.uuid, wire::ItemStatus::Rejected, "conflict: a different amendment with this id was accepted earlier"};
    if (!problem.empty()) return {a.uuid, wire::ItemStatus::Rejected, problem};
    return {a.uuid, wire::ItemStatus::Duplicate, {}};
  }
  const auto rating = findRating(target);
  const std::string problem = rating                 ? problemWith(*rating, kioskId, a)
                              : isAmendmentId(target) ? std::string("amends an amendment, not a rating")
                                                      : std::string();
  if (!rating && problem.empty()) return {a.uuid, wire::ItemStatus::Accepted, {}};  // waits for its rating
  if (problem.empty()) merge(*rating, a);
  settle(uuid, problem, nowMs);
  if (!problem.empty()) return {a.uuid, wire::ItemStatus::Rejected, problem};
  return {a.uuid, wire::ItemStatus::Accepted, {}};
}

void SqliteAmendments::settle(const Uuid& amendment, const std::string& problem, std::int64_t nowMs) {
  m_settle.reset();
  if (problem.empty()) {
    m_settle.bind(1, nowMs);
    m_settle.bind(2);
  } else {
    m_settle.bind(1);
    m_settle.bind(2, problem);
  }
  m_settle.bindNoCopy(3, amendment.data(), 16);
  m_settle.exec();
}

bool SqliteAmendments::anyWaiting() {
  m_anyWaiting.reset();
  const bool any = m_anyWaiting.executeStep() && m_anyWaiting.getColumn(0).getInt() != 0;
  m_anyWaiting.reset();
  return any;
}

void SqliteAmendments::ratingStored(const Uuid& uuid, std::int64_t nowMs) {
  struct Waiting {
    Response amendment;
    std::string kioskId;
  };
  std::vector<Waiting> waiting;
  m_waiting.reset();
  m_waiting.bindNoCopy(1, uuid.data(), 16);
  while (m_waiting.executeStep()) {
    Waiting w;
    w.amendment = readAmendment(m_waiting, w.kioskId);
    waiting.push_back(std::move(w));
  }
  m_waiting.reset();
  if (waiting.empty()) return;
  auto rating = findRating(uuid);
  if (!rating) return;
  for (const auto& w : waiting) {
    const std::string problem = problemWith(*rating, w.kioskId, w.amendment);
    if (problem.empty()) {
      merge(*rating, w.amendment);
      rating = findRating(uuid);  // the next one sees what this one filled
    }
    settle(*detail::uuidToBytes(w.amendment.uuid), problem, nowMs);
  }
}

}  // namespace suara::hub
