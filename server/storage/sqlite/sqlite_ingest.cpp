// Ingest with group commit, quarantine, and the reads reports use.

#include <sqlite3.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <array>
#include <optional>

#include "auth/secrets.hpp"
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

std::string column(SQLite::Statement& st, int index) {
  const auto c = st.getColumn(index);
  return c.isNull() ? std::string() : c.getString();
}

}  // namespace

struct SqliteStorage::IngestJob {
  struct Prepared {
    std::array<unsigned char, 16> uuid, hash;
    std::string answers, reasons, respondent, skipped;
  };
  const KioskRecord* kiosk = nullptr;
  const std::vector<StoredItem>* items = nullptr;
  std::vector<Prepared> prepared;
  std::int64_t nowMs = 0;
  std::optional<Result<std::vector<wire::ItemResult>>> outcome;  // set once committed or failed
};

Result<std::vector<wire::ItemResult>> SqliteStorage::ingest(const KioskRecord& kiosk, const std::vector<StoredItem>& items,
                                                               std::int64_t nowMs) {
  // Encode and hash outside any lock.
  auto job = std::make_shared<IngestJob>();
  job->kiosk = &kiosk;
  job->items = &items;
  job->nowMs = nowMs;
  job->prepared.reserve(items.size());
  for (const auto& item : items) {
    const Response& r = item.response;
    job->prepared.push_back({*detail::uuidToBytes(r.uuid), contentHash(canonical(r)), detail::encodeAnswers(r),
                             detail::joinIds(r.reasons), detail::encodeRespondent(r.respondent), detail::joinIds(r.skipped)});
  }
  {
    std::lock_guard queue(m_queueMutex);
    m_queue.push_back(job);
  }
  // Whoever gets the database next commits everything queued by then, this job included
  // unless an earlier committer already took it.
  {
    std::lock_guard db(m_writerMutex);
    std::vector<std::shared_ptr<IngestJob>> group;
    {
      std::lock_guard queue(m_queueMutex);
      group.assign(m_queue.begin(), m_queue.end());
      m_queue.clear();
    }
    if (!group.empty()) commitQueued(std::move(group));
  }
  std::unique_lock queue(m_queueMutex);
  m_queueDone.wait(queue, [&] { return job->outcome.has_value(); });
  return std::move(*job->outcome);
}

void SqliteStorage::commitQueued(std::vector<std::shared_ptr<IngestJob>> jobs) {
  std::vector<std::vector<wire::ItemResult>> results(jobs.size());
  std::optional<Error> failure;
  try {
    SQLite::Transaction transaction(*m_writer, SQLite::TransactionBehavior::IMMEDIATE);
    auto& amendments = m_statements->amendments;
    bool amendmentsWaiting = amendments.anyWaiting();
    for (std::size_t j = 0; j < jobs.size(); ++j) {
      const IngestJob& job = *jobs[j];
      results[j].reserve(job.items->size());
      for (std::size_t i = 0; i < job.items->size(); ++i) {
        const Response& r = (*job.items)[i].response;
        const auto& p = job.prepared[i];
        if (r.isAmendment()) {
          results[j].push_back(amendments.ingest(job.kiosk->id, (*job.items)[i], p.uuid, p.hash, job.nowMs));
          amendmentsWaiting = amendmentsWaiting || results[j].back().status == wire::ItemStatus::Accepted;
          continue;
        }
        if (amendments.isAmendmentId(p.uuid)) {  // one id, one item
          results[j].push_back({r.uuid, wire::ItemStatus::Rejected, "conflict: an amendment with this id was accepted earlier"});
          continue;
        }
        StatementScope insert(m_statements->insert);
        insert->bindNoCopy(1, p.uuid.data(), 16);
        insert->bindNoCopy(2, job.kiosk->id);
        insert->bind(3, r.seq);
        insert->bindNoCopy(4, job.kiosk->unitId);  // the kiosk's unit is authoritative
        insert->bindNoCopy(5, r.surveyId);
        insert->bind(6, r.surveyVersion);
        insert->bindNoCopy(7, p.answers);
        bindText(*insert, 8, p.reasons);
        bindText(*insert, 9, r.serviceId);
        bindText(*insert, 10, r.counterId);
        bindText(*insert, 11, r.officerId);
        bindText(*insert, 12, p.respondent);
        insert->bind(13, r.clock.wallMs);
        insert->bind(14, r.clock.monoMs);
        insert->bindNoCopy(15, r.clock.bootId);
        insert->bind(16, (*job.items)[i].correctedMs);
        insert->bind(17, job.nowMs);
        insert->bind(18, static_cast<std::int64_t>(r.flags));
        insert->bind(19, static_cast<std::int64_t>((*job.items)[i].clockFlags));
        insert->bindNoCopy(20, p.hash.data(), 16);
        bindText(*insert, 21, p.skipped);
        if (insert->exec() == 1) {
          if (amendmentsWaiting) amendments.ratingStored(p.uuid, job.nowMs);
          results[j].push_back({r.uuid, wire::ItemStatus::Accepted, {}});
          continue;
        }
        StatementScope existing(m_statements->existingHash);
        existing->bindNoCopy(1, p.uuid.data(), 16);
        bool same = false;
        if (existing->executeStep()) {
          const auto stored = existing->getColumn(0);
          same = stored.getBytes() == 16 &&
                 std::equal(p.hash.begin(), p.hash.end(), static_cast<const unsigned char*>(stored.getBlob()));
        }
        if (same) results[j].push_back({r.uuid, wire::ItemStatus::Duplicate, {}});
        else results[j].push_back({r.uuid, wire::ItemStatus::Rejected, "conflict: a different response with this id was accepted earlier"});
      }
      StatementScope touch(m_statements->touchKiosk);
      touch->bind(1, job.nowMs);
      touch->bind(2, job.kiosk->id);
      touch->exec();
    }
    transaction.commit();  // acknowledged only once this has returned (synchronous=FULL)
  } catch (const SQLite::Exception& e) {
    failure = storageError(e, "storing responses");  // rolled back: nothing of the group is stored
  } catch (const std::exception& e) {
    failure = makeError(Errc::Internal, std::string("storing responses: ") + e.what());
  }
  m_lastIngestMs = clockNow().monoMs;
  {
    std::lock_guard queue(m_queueMutex);
    for (std::size_t j = 0; j < jobs.size(); ++j)
      jobs[j]->outcome = failure ? Result<std::vector<wire::ItemResult>>(*failure)
                                 : Result<std::vector<wire::ItemResult>>(std::move(results[j]));
  }
  m_queueDone.notify_all();
}

Result<std::vector<Response>> SqliteStorage::responses() {
  return onReader("reading responses", [&](SQLite::Database& db) -> Result<std::vector<Response>> {
    SQLite::Statement st(db,
                         "SELECT uuid, seq, unit_id, survey, survey_version, answers, reasons, service, counter, officer, "
                         "respondent, corrected_ms, mono_ms, boot, flags, skipped FROM responses ORDER BY corrected_ms");
    std::vector<Response> out;
    while (st.executeStep()) {
      Response r;
      const auto uuid = st.getColumn(0);
      r.uuid = detail::uuidFromBytes(uuid.getBlob(), uuid.getBytes());
      r.seq = st.getColumn(1).getInt64();
      r.unitId = st.getColumn(2).getString();
      r.surveyId = st.getColumn(3).getString();
      r.surveyVersion = st.getColumn(4).getInt();
      detail::decodeAnswers(st.getColumn(5).getString(), r);
      r.reasons = detail::splitIds(column(st, 6));
      r.serviceId = column(st, 7);
      r.counterId = column(st, 8);
      r.officerId = column(st, 9);
      detail::decodeRespondent(column(st, 10), r.respondent);
      r.clock = {st.getColumn(11).getInt64(), st.getColumn(12).getInt64(), st.getColumn(13).getString()};
      r.flags = static_cast<std::uint32_t>(st.getColumn(14).getInt64());
      r.skipped = detail::splitIds(column(st, 15));
      out.push_back(std::move(r));
    }
    return out;
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
                         "INSERT INTO quarantine (item_id, kiosk_id, unit_id, reason, payload, first_ms, last_ms) "
                         "VALUES (?,?,?,?,?,?,?) ON CONFLICT(kiosk_id, item_id) DO UPDATE SET reason = excluded.reason, "
                         "payload = excluded.payload, last_ms = excluded.last_ms, times = times + 1");
    for (const auto& item : items) {
      st.reset();
      st.bind(1, item.itemId);
      st.bind(2, item.kioskId);
      st.bind(3, item.unitId);
      st.bind(4, item.reason);
      st.bind(5, item.payload);
      st.bind(6, item.receivedMs);
      st.bind(7, item.receivedMs);
      st.exec();
    }
    transaction.commit();
    return {};
  });
}

Result<std::vector<QuarantinedItem>> SqliteStorage::quarantined() {
  return onReader("reading the quarantine", [&](SQLite::Database& db) -> Result<std::vector<QuarantinedItem>> {
    SQLite::Statement st(db, "SELECT item_id, kiosk_id, unit_id, reason, payload, last_ms FROM quarantine ORDER BY last_ms");
    std::vector<QuarantinedItem> out;
    while (st.executeStep())
      out.push_back({st.getColumn(0).getString(), st.getColumn(1).getString(), st.getColumn(2).getString(),
                     st.getColumn(3).getString(), st.getColumn(4).getString(), st.getColumn(5).getInt64()});
    return out;
  });
}

}  // namespace suara::hub
