// Ingest with group commit and its rehearsal (dry runs), quarantine, and the reads reports use.

#include <sqlite3.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <array>
#include <optional>

#include "auth/secrets.hpp"
#include "clock_correction.hpp"
#include "storage/sqlite/sqlite_statements.hpp"
#include "storage/sqlite/sqlite_storage.hpp"
#include "suara/core/compact_codec.hpp"

namespace suara::hub {

namespace {

// The content a resend must match to be a duplicate. Fields added after v1 are appended only
// when present, so that hashes stored before them still match.
std::string canonical(const Response& r) {
  std::string text = r.uuid + '|' + std::to_string(r.seq) + '|' + r.surveyId + '|' + std::to_string(r.surveyVersion) + '|' +
                     detail::encodeAnswers(r) + '|' + detail::joinIds(r.reasons) + '|' + r.serviceId + '|' + r.counterId +
                     '|' + r.officerId + '|' + detail::encodeRespondent(r.respondent) + '|' + std::to_string(r.clock.wallMs) +
                     '|' + std::to_string(r.clock.monoMs) + '|' + r.clock.bootId + '|' + std::to_string(r.flags);
  if (!r.skipped.empty()) text += "|skipped:" + detail::joinIds(r.skipped);
  if (r.isAmendment()) text += "|amends:" + r.amends;
  return text;
}

void bindText(SQLite::Statement& st, int index, const std::string& text) {
  if (text.empty()) st.bind(index);
  else st.bind(index, text);
}

// What a stored rating adds to the rollups: the row as it was just inserted.
RollupRating rollupRating(const std::string& unitId, const StoredItem& item, std::int64_t receivedMs) {
  const Response& r = item.response;
  RollupRating rating{unitId, r.surveyId, r.serviceId, r.counterId, r.officerId,
                      reportTimeOf(item.correctedMs, receivedMs, item.clockFlags), {}, r.reasons, r.respondent};
  for (const auto& [code, score] : r.answers)
    if (const int column = answerColumnOf(code); column >= 0) rating.scores[static_cast<std::size_t>(column)] = score;
  return rating;
}

}  // namespace

struct SqliteStorage::IngestJob {
  struct Prepared {
    std::array<unsigned char, 16> uuid, hash;
    std::string reasons, respondent, skipped;
  };
  const KioskRecord* kiosk = nullptr;
  const std::vector<StoredItem>* items = nullptr;
  std::vector<Prepared> prepared;
  std::optional<RollupPrecount> counted;  // its ratings counted ahead, when its unit's offset could be read
  std::int64_t nowMs = 0;
  std::optional<Result<std::vector<wire::ItemResult>>> outcome;  // set once committed or failed
};

std::shared_ptr<SqliteStorage::IngestJob> SqliteStorage::prepare(const KioskRecord& kiosk, const std::vector<StoredItem>& items,
                                                                  std::int64_t nowMs) {
  auto job = std::make_shared<IngestJob>();
  job->kiosk = &kiosk;
  job->items = &items;
  job->nowMs = nowMs;
  job->prepared.reserve(items.size());
  std::vector<RollupRating> ratings;
  for (const auto& item : items) {
    const Response& r = item.response;
    job->prepared.push_back({*detail::uuidToBytes(r.uuid), contentHash(canonical(r)),
                             detail::joinIds(r.reasons), detail::encodeRespondent(r.respondent), detail::joinIds(r.skipped)});
    if (!r.isAmendment()) ratings.push_back(rollupRating(kiosk.unitId, item, nowMs));
  }
  // Counting a batch takes as long as storing a third of it: done here, on the sender's thread,
  // it keeps the writer (one thread for the whole hub) to storing.
  if (const auto offset = ratings.empty() ? std::nullopt : knownOffset(kiosk.unitId))
    job->counted = SqliteRollups::precount(kiosk.unitId, *offset, ratings, *m_reasons);
  return job;
}

std::optional<int> SqliteStorage::knownOffset(const std::string& unitId) {
  std::lock_guard lock(m_offsetsMutex);
  if (const auto it = m_knownOffsets.find(unitId); it != m_knownOffsets.end()) return it->second;
  try {
    auto reader = m_readers->acquire();
    SQLite::Statement st(*reader, "SELECT utc_offset FROM units WHERE id = ?");
    st.bind(1, unitId);
    if (!st.executeStep()) return std::nullopt;  // the writer knows what to do with an unknown unit
    return m_knownOffsets[unitId] = st.getColumn(0).getInt();
  } catch (const SQLite::Exception&) {
    return std::nullopt;
  }
}

Result<std::vector<wire::ItemResult>> SqliteStorage::ingest(const KioskRecord& kiosk, const std::vector<StoredItem>& items,
                                                               std::int64_t nowMs) {
  if (!m_writer) return makeError(Errc::Invalid, "storing ratings: the hub database was opened read-only");
  auto job = prepare(kiosk, items, nowMs);
  // One committer at a time stores everything queued by then; the others wait for their
  // answers. Had each of them taken the writer in turn, even with its batch already stored,
  // they would have formed a convoy: a commit of one or two batches each, and health probes,
  // heartbeats and enrolments waiting behind all of them.
  std::unique_lock queue(m_queueMutex);
  m_queue.push_back(job);
  while (!job->outcome) {
    if (m_committing) {
      m_queueDone.wait(queue);
      continue;
    }
    m_committing = true;
    std::vector<std::shared_ptr<IngestJob>> group(m_queue.begin(), m_queue.end());
    m_queue.clear();
    queue.unlock();
    {
      std::lock_guard db(m_writerMutex);
      commitQueued(std::move(group));
    }
    queue.lock();
    m_committing = false;
    m_queueDone.notify_all();  // answers are in; a batch queued meanwhile gets a committer
  }
  return std::move(*job->outcome);
}

void SqliteStorage::commitQueued(std::vector<std::shared_ptr<IngestJob>> jobs) {
  std::vector<std::vector<wire::ItemResult>> results(jobs.size());
  std::optional<Error> failure;
  try {
    SQLite::Transaction transaction(*m_writer, SQLite::TransactionBehavior::IMMEDIATE);
    m_statements->rollups.begin();
    bool amendmentsWaiting = m_statements->amendments.anyWaiting();
    for (std::size_t j = 0; j < jobs.size(); ++j) results[j] = storeJob(*jobs[j], amendmentsWaiting);
    // The group's counts, added up in memory while storing, in the same transaction.
    m_statements->rollups.flush();
    transaction.commit();  // acknowledged only once this has returned (synchronous=FULL)
    m_lastCommitOkMs = clockNow().monoMs;
  } catch (const SQLite::Exception& e) {
    failure = storageError(e, "storing responses");  // rolled back: nothing of the group is stored
  } catch (const std::exception& e) {
    failure = makeError(Errc::Internal, std::string("storing responses: ") + e.what());
  }
  if (failure) m_statements->rollups.discard();
  m_lastIngestMs = clockNow().monoMs;
  std::lock_guard queue(m_queueMutex);  // the waiters are woken by the committer, in ingest()
  for (std::size_t j = 0; j < jobs.size(); ++j)
    jobs[j]->outcome = failure ? Result<std::vector<wire::ItemResult>>(*failure)
                               : Result<std::vector<wire::ItemResult>>(std::move(results[j]));
}

std::vector<wire::ItemResult> SqliteStorage::storeJob(const IngestJob& job, bool& amendmentsWaiting) {
  auto& amendments = m_statements->amendments;
  auto& rollups = m_statements->rollups;
  std::vector<wire::ItemResult> results;
  results.reserve(job.items->size());
  std::vector<std::size_t> storedRatings;  // by index
  bool allStored = true;
  for (std::size_t i = 0; i < job.items->size(); ++i) {
    const Response& r = (*job.items)[i].response;
    const auto& p = job.prepared[i];
    if (r.isAmendment()) {
      results.push_back(amendments.ingest(job.kiosk->id, (*job.items)[i], p.uuid, p.hash, job.nowMs));
      amendmentsWaiting = amendmentsWaiting || results.back().status == wire::ItemStatus::Accepted;
      continue;
    }
    if (amendments.isAmendmentId(p.uuid)) {  // one id, one item
      results.push_back({r.uuid, wire::ItemStatus::Rejected, "conflict: an amendment with this id was accepted earlier"});
      allStored = false;
      continue;
    }
    StatementScope insert(m_statements->insert);
    insert->bindNoCopy(1, p.uuid.data(), 16);
    insert->bindNoCopy(2, job.kiosk->id);
    insert->bind(3, r.seq);
    insert->bindNoCopy(4, job.kiosk->unitId);  // the kiosk's unit is authoritative
    insert->bindNoCopy(5, r.surveyId);
    insert->bind(6, r.surveyVersion);
    bindText(*insert, 7, p.reasons);
    bindText(*insert, 8, r.serviceId);
    bindText(*insert, 9, r.counterId);
    bindText(*insert, 10, r.officerId);
    bindText(*insert, 11, p.respondent);
    insert->bind(12, r.clock.wallMs);
    insert->bind(13, r.clock.monoMs);
    insert->bindNoCopy(14, r.clock.bootId);
    insert->bind(15, (*job.items)[i].correctedMs);
    insert->bind(16, job.nowMs);
    insert->bind(17, static_cast<std::int64_t>(r.flags));
    insert->bind(18, static_cast<std::int64_t>((*job.items)[i].clockFlags));
    insert->bindNoCopy(19, p.hash.data(), 16);
    bindText(*insert, 20, p.skipped);
    bindAnswers(*insert, 21, r);
    if (insert->exec() == 1) {
      storedRatings.push_back(i);
      // Merging counts the rating out of its keys and into its new ones; its own count comes
      // below, with the batch's (counts add up in any order).
      if (amendmentsWaiting) amendments.ratingStored(p.uuid, job.nowMs);
      results.push_back({r.uuid, wire::ItemStatus::Accepted, {}});
      continue;
    }
    allStored = false;
    // The id is taken. Only the same kiosk sending the same content is a resend: the same
    // item from another kiosk must not read as delivered, so it is kept with the kiosk
    // that holds the id, for an operator to see.
    StatementScope existing(m_statements->existing);
    existing->bindNoCopy(1, p.uuid.data(), 16);
    bool same = false;
    std::string holder;
    if (existing->executeStep()) {
      const auto stored = existing->getColumn(0);
      same = stored.getBytes() == 16 && std::equal(p.hash.begin(), p.hash.end(), static_cast<const unsigned char*>(stored.getBlob()));
      holder = existing->getColumn(1).getString();
    }
    if (holder != job.kiosk->id)
      results.push_back({r.uuid, wire::ItemStatus::Rejected, "conflict: kiosk '" + holder + "' sent a rating with this id first"});
    else if (same) results.push_back({r.uuid, wire::ItemStatus::Duplicate, {}});
    else results.push_back({r.uuid, wire::ItemStatus::Rejected, "conflict: a different response with this id was accepted earlier"});
  }
  // The batch's counts as counted ahead, if every rating of it was stored at the offset they
  // were counted at; otherwise those of the ratings stored, counted now.
  if (!(allStored && job.counted && rollups.addPrecounted(*job.counted))) {
    for (const std::size_t i : storedRatings) rollups.add(rollupRating(job.kiosk->unitId, (*job.items)[i], job.nowMs));
    if (job.counted) {
      std::lock_guard lock(m_offsetsMutex);  // the next batch of the unit counts at today's offset
      m_knownOffsets[job.kiosk->unitId] = rollups.offsetOf(job.kiosk->unitId);
    }
  }
  StatementScope touch(m_statements->touchKiosk);
  touch->bind(1, job.nowMs);
  touch->bind(2, job.kiosk->id);
  touch->exec();
  return results;
}

// The writer and one open transaction for as long as the rehearsal lives; rolled back (by the
// transaction's destructor) before the writer is released.
class SqliteStorage::Rehearsal final : public IngestRehearsal {
 public:
  explicit Rehearsal(SqliteStorage& storage)
      : m_storage(storage),
        m_writer(storage.m_writerMutex),
        m_transaction(*storage.m_writer, SQLite::TransactionBehavior::IMMEDIATE),
        m_amendmentsWaiting(storage.m_statements->amendments.anyWaiting()) {
    storage.m_statements->rollups.begin();
  }

  // Rollups too, as ingest keeps them (rolled back with the rest): a later batch of the
  // rehearsal, or an amendment in it, finds them as the real run would.
  Result<std::vector<wire::ItemResult>> ingest(const KioskRecord& kiosk, const std::vector<StoredItem>& items,
                                               std::int64_t nowMs) override {
    auto& rollups = m_storage.m_statements->rollups;
    try {
      auto results = m_storage.storeJob(*m_storage.prepare(kiosk, items, nowMs), m_amendmentsWaiting);
      rollups.flush();
      return results;
    } catch (const SQLite::Exception& e) {
      rollups.discard();
      return storageError(e, "rehearsing storing responses");
    } catch (const std::exception& e) {
      rollups.discard();
      return makeError(Errc::Internal, std::string("rehearsing storing responses: ") + e.what());
    }
  }

 private:
  SqliteStorage& m_storage;
  std::lock_guard<std::mutex> m_writer;
  SQLite::Transaction m_transaction;
  bool m_amendmentsWaiting;
};

Result<std::unique_ptr<IngestRehearsal>> SqliteStorage::rehearseIngest() {
  if (!m_writer) return makeError(Errc::Invalid, "starting a dry run: the hub database was opened read-only");
  try {
    return std::unique_ptr<IngestRehearsal>(std::make_unique<Rehearsal>(*this));
  } catch (const SQLite::Exception& e) {
    return storageError(e, "starting a dry run");
  }
}

Result<std::vector<Response>> SqliteStorage::responses() {
  return onReader("reading responses", [&](SQLite::Database& db) -> Result<std::vector<Response>> {
    SQLite::Statement st(db, responseSelect(reportTimeSql()) + " ORDER BY 11");
    std::vector<Response> out;
    while (st.executeStep()) out.push_back(responseFromRow(st));
    return out;
  });
}

Status SqliteStorage::forEachResponse(const ResponseFilter& filter, const std::function<bool(const Response&)>& visit) {
  return onReader("reading responses", [&](SQLite::Database& db) -> Status {
    // Service and counter are matched when given ('' matches everything); column 11 is the
    // report time. A scan of the unit's rows: an export is the one reader of ratings.
    SQLite::Statement st(db, responseSelect(reportTimeSql()) +
                                 " WHERE unit_id = ?1 AND (?2 = '' OR service = ?2) AND (?3 = '' OR counter = ?3) AND " + reportTimeSql() +
                                 " >= ?4 AND " + reportTimeSql() + " < ?5 ORDER BY 11");
    st.bind(1, filter.unitId);
    st.bind(2, filter.serviceId);
    st.bind(3, filter.counterId);
    st.bind(4, filter.fromMs);
    st.bind(5, filter.toMs);
    while (st.executeStep())
      if (!visit(responseFromRow(st))) break;
    return {};
  });
}

Result<TimeQuality> SqliteStorage::timeQuality() {
  return onReader("reading time quality", [&](SQLite::Database& db) -> Result<TimeQuality> {
    SQLite::Statement st(db, "SELECT count(*) FILTER (WHERE clock_flags & " + std::to_string(clockflags::kEstimated) +
                                 "), count(*) FILTER (WHERE clock_flags & " + std::to_string(kImplausibleClock) + ") FROM responses");
    st.executeStep();
    return TimeQuality{st.getColumn(0).getInt64(), st.getColumn(1).getInt64()};
  });
}

Result<std::int64_t> SqliteStorage::responseCount() {
  return onReader("counting responses", [&](SQLite::Database& db) -> Result<std::int64_t> {
    return db.execAndGet("SELECT count(*) FROM responses").getInt64();
  });
}


Status SqliteStorage::quarantine(const std::vector<QuarantinedItem>& items) {
  if (items.empty()) return {};
  return onWriter("quarantining items", [&]() -> Status {
    SQLite::Transaction transaction(*m_writer, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement st(*m_writer,
                         "INSERT INTO quarantine (item_id, kiosk_id, unit_id, reason, payload, first_ms, last_ms, corrected_ms, "
                         "clock_flags) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(kiosk_id, item_id) DO UPDATE SET "
                         "reason = excluded.reason, payload = excluded.payload, last_ms = excluded.last_ms, "
                         "corrected_ms = excluded.corrected_ms, clock_flags = excluded.clock_flags, times = times + 1");
    for (const auto& item : items) {
      st.reset();
      st.bind(1, item.itemId);
      st.bind(2, item.kioskId);
      st.bind(3, item.unitId);
      st.bind(4, item.reason);
      st.bind(5, item.payload);
      st.bind(6, item.receivedMs);
      st.bind(7, item.receivedMs);
      if (item.correctedMs) st.bind(8, *item.correctedMs);
      else st.bind(8);
      st.bind(9, static_cast<std::int64_t>(item.clockFlags));
      st.exec();
    }
    transaction.commit();
    return {};
  });
}

Result<std::vector<QuarantinedItem>> SqliteStorage::quarantined(const QuarantineFilter& filter) {
  return onReader("reading the quarantine", [&](SQLite::Database& db) -> Result<std::vector<QuarantinedItem>> {
    SQLite::Statement st(db,
                         "SELECT item_id, kiosk_id, unit_id, reason, payload, last_ms, corrected_ms, clock_flags, first_ms, times "
                         "FROM quarantine WHERE (?1 = '' OR kiosk_id = ?1) AND (?2 = '' OR unit_id = ?2) "
                         "ORDER BY first_ms, kiosk_id, item_id");
    st.bind(1, filter.kioskId);
    st.bind(2, filter.unitId);
    std::vector<QuarantinedItem> out;
    while (st.executeStep()) {
      QuarantinedItem item;
      item.itemId = st.getColumn(0).getString();
      item.kioskId = st.getColumn(1).getString();
      item.unitId = st.getColumn(2).getString();
      item.reason = st.getColumn(3).getString();
      item.payload = st.getColumn(4).getString();
      item.receivedMs = st.getColumn(5).getInt64();
      if (!st.getColumn(6).isNull()) item.correctedMs = st.getColumn(6).getInt64();
      item.clockFlags = static_cast<std::uint32_t>(st.isColumnNull(7) ? 0 : st.getColumn(7).getInt64());
      item.firstMs = st.getColumn(8).getInt64();
      item.times = st.getColumn(9).getInt64();
      out.push_back(std::move(item));
    }
    return out;
  });
}

Status SqliteStorage::releaseQuarantined(const std::string& kioskId, const std::string& itemId) {
  return onWriter("releasing a quarantined item", [&]() -> Status {
    SQLite::Statement st(*m_writer, "DELETE FROM quarantine WHERE kiosk_id = ? AND item_id = ?");
    st.bind(1, kioskId);
    st.bind(2, itemId);
    if (st.exec() == 0) return makeError(Errc::NotFound, "no quarantined item '" + itemId + "' of kiosk '" + kioskId + "'");
    return {};
  });
}

}  // namespace suara::hub
