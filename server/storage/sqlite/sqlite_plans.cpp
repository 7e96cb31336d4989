// Follow-up plans on SQLite: each change and its audit row in one transaction.

#include "storage/sqlite/sqlite_plans.hpp"

#include "storage/sqlite/sqlite_statements.hpp"
#include "storage/sqlite/sqlite_storage.hpp"

namespace suara::hub {

std::string_view actionStatusName(ActionStatus status) {
  switch (status) {
    case ActionStatus::Planned: return "planned";
    case ActionStatus::Done: return "done";
    case ActionStatus::Dropped: return "dropped";
  }
  return "planned";
}

std::optional<ActionStatus> parseActionStatus(std::string_view name) {
  for (const ActionStatus s : {ActionStatus::Planned, ActionStatus::Done, ActionStatus::Dropped})
    if (actionStatusName(s) == name) return s;
  return std::nullopt;
}

const char* planActionsMigration() {
  return R"sql(
    -- The follow-up plan (RTL) managers keep per unit; see storage/plans.hpp.
    CREATE TABLE plan_actions (
      id           INTEGER PRIMARY KEY,
      unit_id      TEXT NOT NULL REFERENCES units(id),
      counter_id   TEXT NOT NULL DEFAULT '',
      element      TEXT NOT NULL CHECK (element IN ('U1','U2','U3','U4','U5','U6','U7','U8','U9')),
      programme_id TEXT NOT NULL DEFAULT '',
      action_type  TEXT NOT NULL,
      title        TEXT NOT NULL DEFAULT '',
      quarter      TEXT NOT NULL DEFAULT '',
      office       TEXT NOT NULL DEFAULT '',
      status       TEXT NOT NULL CHECK (status IN ('planned', 'done', 'dropped')),
      done_day     INTEGER,
      created_by   TEXT NOT NULL,
      created_ms   INTEGER NOT NULL,
      updated_ms   INTEGER NOT NULL
    );
    CREATE INDEX plan_actions_by_unit ON plan_actions(unit_id, id);
    -- The training catalog as edited on the dashboard, every version kept.
    CREATE TABLE catalog_versions (
      id        INTEGER PRIMARY KEY,
      json      TEXT NOT NULL,
      edited_by TEXT NOT NULL,
      edited_ms INTEGER NOT NULL
    );
    -- Units whose results are on the public page.
    CREATE TABLE published_units (
      unit_id  TEXT PRIMARY KEY REFERENCES units(id),
      since_ms INTEGER NOT NULL
    ) WITHOUT ROWID;
  )sql";
}

namespace {

constexpr const char* kColumns =
    "id, unit_id, counter_id, element, programme_id, action_type, title, quarter, office, status, done_day, created_by, "
    "created_ms, updated_ms";

PlanAction readAction(SQLite::Statement& st) {
  PlanAction a;
  a.id = st.getColumn(0).getInt64();
  a.unitId = st.getColumn(1).getString();
  a.counterId = st.getColumn(2).getString();
  a.elementCode = st.getColumn(3).getString();
  a.programmeId = st.getColumn(4).getString();
  a.actionType = st.getColumn(5).getString();
  a.title = st.getColumn(6).getString();
  a.quarter = st.getColumn(7).getString();
  a.office = st.getColumn(8).getString();
  a.status = parseActionStatus(st.getColumn(9).getString()).value_or(ActionStatus::Planned);  // the CHECK allows no other
  if (!st.getColumn(10).isNull()) a.doneDay = st.getColumn(10).getInt64();
  a.createdBy = st.getColumn(11).getString();
  a.createdMs = st.getColumn(12).getInt64();
  a.updatedMs = st.getColumn(13).getInt64();
  return a;
}

void bindEditable(SQLite::Statement& st, int first, const PlanAction& a) {
  st.bind(first, a.counterId);
  st.bind(first + 1, a.elementCode);
  st.bind(first + 2, a.programmeId);
  st.bind(first + 3, a.actionType);
  st.bind(first + 4, a.title);
  st.bind(first + 5, a.quarter);
  st.bind(first + 6, a.office);
  st.bind(first + 7, std::string(actionStatusName(a.status)));
  if (a.doneDay) st.bind(first + 8, *a.doneDay);
  else st.bind(first + 8);
}

}  // namespace

Result<std::int64_t> SqliteStorage::addAction(const PlanAction& action, const AuditEntry& audit) {
  return onWriter("adding a plan action", [&]() -> Result<std::int64_t> {
    SQLite::Transaction transaction(*m_writer, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement st(*m_writer,
                         "INSERT INTO plan_actions (unit_id, counter_id, element, programme_id, action_type, title, quarter, office, "
                         "status, done_day, created_by, created_ms, updated_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
    st.bind(1, action.unitId);
    bindEditable(st, 2, action);
    st.bind(11, action.createdBy);
    st.bind(12, action.createdMs);
    st.bind(13, action.createdMs);
    st.exec();
    const std::int64_t id = m_writer->getLastInsertRowid();
    AuditEntry entry = audit;
    entry.target = "plan/" + std::to_string(id);
    appendAuditRow(*m_writer, entry);
    transaction.commit();
    return id;
  });
}

Status SqliteStorage::updateAction(const PlanAction& action, const AuditEntry& audit) {
  return onWriter("changing a plan action", [&]() -> Status {
    SQLite::Transaction transaction(*m_writer, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement st(*m_writer,
                         "UPDATE plan_actions SET counter_id = ?, element = ?, programme_id = ?, action_type = ?, title = ?, quarter = ?, "
                         "office = ?, status = ?, done_day = ?, updated_ms = ? WHERE id = ?");
    bindEditable(st, 1, action);
    st.bind(10, action.updatedMs);
    st.bind(11, action.id);
    if (st.exec() == 0) return makeError(Errc::NotFound, "no plan action " + std::to_string(action.id));
    appendAuditRow(*m_writer, audit);
    transaction.commit();
    return {};
  });
}

Result<PlanAction> SqliteStorage::action(std::int64_t id) {
  return onReader("reading a plan action", [&](SQLite::Database& db) -> Result<PlanAction> {
    SQLite::Statement st(db, std::string("SELECT ") + kColumns + " FROM plan_actions WHERE id = ?");
    st.bind(1, id);
    if (!st.executeStep()) return makeError(Errc::NotFound, "no plan action " + std::to_string(id));
    return readAction(st);
  });
}

Result<std::vector<PlanAction>> SqliteStorage::actions(const std::vector<std::string>& unitIds) {
  return onReader("reading plan actions", [&](SQLite::Database& db) -> Result<std::vector<PlanAction>> {
    std::vector<PlanAction> out;
    SQLite::Statement st(db, std::string("SELECT ") + kColumns + " FROM plan_actions WHERE unit_id = ? ORDER BY id");
    for (const auto& unit : unitIds) {
      st.reset();
      st.bind(1, unit);
      while (st.executeStep()) out.push_back(readAction(st));
    }
    return out;
  });
}

Status SqliteStorage::setPublished(const std::string& unitId, bool published, const AuditEntry& audit) {
  return onWriter("publishing a unit's results", [&]() -> Status {
    SQLite::Transaction transaction(*m_writer, SQLite::TransactionBehavior::IMMEDIATE);
    if (!unitExists(*m_writer, unitId)) return makeError(Errc::NotFound, "no unit '" + unitId + "'");
    SQLite::Statement st(*m_writer, published ? "INSERT OR IGNORE INTO published_units (unit_id, since_ms) VALUES (?, ?)"
                                              : "DELETE FROM published_units WHERE unit_id = ?");
    st.bind(1, unitId);
    if (published) st.bind(2, audit.atMs);
    st.exec();
    appendAuditRow(*m_writer, audit);
    transaction.commit();
    return {};
  });
}

Status SqliteStorage::saveCatalog(const std::string& json, const AuditEntry& audit) {
  return onWriter("saving the training catalog", [&]() -> Status {
    SQLite::Transaction transaction(*m_writer, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement st(*m_writer, "INSERT INTO catalog_versions (json, edited_by, edited_ms) VALUES (?,?,?)");
    st.bind(1, json);
    st.bind(2, audit.actor);
    st.bind(3, audit.atMs);
    st.exec();
    appendAuditRow(*m_writer, audit);
    transaction.commit();
    return {};
  });
}

Result<std::optional<std::string>> SqliteStorage::latestCatalog() {
  return onReader("reading the training catalog", [&](SQLite::Database& db) -> Result<std::optional<std::string>> {
    SQLite::Statement st(db, "SELECT json FROM catalog_versions ORDER BY id DESC LIMIT 1");
    if (!st.executeStep()) return std::optional<std::string>();
    return std::optional<std::string>(st.getColumn(0).getString());
  });
}

Result<bool> SqliteStorage::published(const std::string& unitId) {
  return onReader("reading a unit's publication", [&](SQLite::Database& db) -> Result<bool> {
    SQLite::Statement st(db, "SELECT 1 FROM published_units WHERE unit_id = ?");
    st.bind(1, unitId);
    return st.executeStep();
  });
}

}  // namespace suara::hub
