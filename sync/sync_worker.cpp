#include "sync_worker.hpp"

#include <filesystem>
#include <future>
#include <fstream>
#include <iostream>
#include <random>

#include <nlohmann/json.hpp>

#include "suara/core/version.hpp"
#include "suara/core/wire.hpp"

namespace suara::sync {

using namespace std::chrono_literals;

SyncSettings syncSettingsFor(const KioskConfig& config, Enrollment enrollment, const std::filesystem::path& dataDir) {
  SyncSettings settings;
  settings.enrollment = std::move(enrollment);
  settings.batchSize = config.sync.batchSize;
  settings.interval = std::chrono::seconds(config.sync.intervalSeconds);
  settings.transport.pinnedPublicKey = config.sync.pinnedPublicKey;
  settings.retention = std::chrono::hours(24) * config.store.retentionDays;
  settings.version = kVersion;
  settings.statusFile = dataDir / "sync-status.json";
  return settings;
}

Status saveSyncStatus(const std::filesystem::path& file, const SyncStatus& st) {
  nlohmann::json j = {{"last_error", st.lastError}, {"pending", st.pending}, {"accepted", st.accepted},
                      {"duplicates", st.duplicates}, {"rejected", st.rejected}};
  if (st.lastAttemptMs) j["last_attempt_ms"] = *st.lastAttemptMs;
  if (st.lastSuccessMs) j["last_success_ms"] = *st.lastSuccessMs;
  const auto temp = file.string() + ".new";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << j.dump(2);
    if (!out) return makeError(Errc::Io, "cannot write " + temp);
  }
  std::error_code ec;
  std::filesystem::rename(temp, file, ec);  // not fsync'ed: a lost status file is harmless
  if (ec) return makeError(Errc::Io, "cannot write " + file.string());
  return {};
}

Result<SyncStatus> loadSyncStatus(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return makeError(Errc::NotFound, "no sync yet");
  const auto j = nlohmann::json::parse(in, nullptr, false);
  if (!j.is_object()) return makeError(Errc::Invalid, file.string() + " is damaged");
  SyncStatus st;
  // Types are checked before reading: a damaged status file is an error, never an exception.
  std::string wrong;
  auto integer = [&](const char* key) -> std::optional<std::int64_t> {
    const auto found = j.find(key);
    if (found == j.end()) return std::nullopt;
    if (!found->is_number_integer()) {
      wrong = key;
      return std::nullopt;
    }
    return found->get<std::int64_t>();
  };
  st.lastAttemptMs = integer("last_attempt_ms");
  st.lastSuccessMs = integer("last_success_ms");
  st.pending = integer("pending").value_or(0);
  st.accepted = integer("accepted").value_or(0);
  st.duplicates = integer("duplicates").value_or(0);
  st.rejected = integer("rejected").value_or(0);
  if (const auto error = j.find("last_error"); error != j.end()) {
    if (error->is_string()) st.lastError = error->get<std::string>();
    else wrong = "last_error";
  }
  if (!wrong.empty()) return makeError(Errc::Invalid, file.string() + ": damaged ('" + wrong + "' has the wrong type)");
  return st;
}

SyncWorker::SyncWorker(LocalStore& store, SyncSettings settings)
    : m_store(store),
      m_settings(std::move(settings)),
      m_baseUrl(m_settings.enrollment.hubUrl),
      m_transport(m_settings.transport),
      m_backoff(m_settings.backoffBase, m_settings.backoffCap) {
  while (!m_baseUrl.empty() && m_baseUrl.back() == '/') m_baseUrl.pop_back();
}

SyncWorker::~SyncWorker() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_transport.abort();  // a batch on the wire ends now; it is resent and deduplicated next time
  m_wake.notify_all();
  if (m_thread.joinable()) m_thread.join();
}

void SyncWorker::start() { m_thread = std::thread([this] { run(); }); }

std::int64_t SyncWorker::requestSync() {
  std::int64_t pass = 0;
  {
    std::lock_guard lock(m_mutex);
    m_requested = true;
    pass = m_passesBegun + 1;
  }
  m_wake.notify_all();
  return pass;
}

bool SyncWorker::stopping() const {
  std::lock_guard lock(m_mutex);
  return m_stop;
}

SyncStatus SyncWorker::status() const {
  std::lock_guard lock(m_mutex);
  return m_status;
}

struct SyncWorker::Batch {
  std::vector<std::int64_t> seqs;
  std::vector<std::string> ids;
  std::string payload;  // the request body as sent (gzip-compressed if configured)
  bool full = false;    // as large as allowed: more may follow
};

Result<SyncWorker::Batch> SyncWorker::prepare(std::int64_t afterSeq) {
  auto responses = m_store.pendingAfter(afterSeq, m_settings.batchSize);
  if (!responses) return responses.error();
  Batch batch;
  for (const auto& r : *responses) {
    batch.seqs.push_back(r.seq);
    batch.ids.push_back(r.uuid);
  }
  batch.full = static_cast<int>(responses->size()) == m_settings.batchSize;
  if (responses->empty()) return batch;
  const ClockStamp now = m_settings.clock();
  const std::string json = wire::encodeIngestRequest({now.wallMs, now.monoMs, now.bootId}, *responses);
  batch.payload = m_settings.gzip ? gzipCompress(json) : json;
  return batch;
}

Status SyncWorker::send(const Batch& batch) {
  auto reply = m_transport.post(m_baseUrl + "/v1/responses", batch.payload, m_settings.enrollment.token, m_settings.gzip);
  {
    std::lock_guard lock(m_mutex);
    m_status.wireBytes += static_cast<std::int64_t>(batch.payload.size());
  }
  if (!reply) return reply.error();
  m_retryAfter = reply->retryAfter;
  if (reply->status == 401 || reply->status == 403)
    return makeError(Errc::Invalid, "the hub refused this kiosk (HTTP " + std::to_string(reply->status) +
                                        "): enrol it again with `suara-kiosk enroll`");
  if (reply->status != 200) return makeError(Errc::Io, "the hub answered HTTP " + std::to_string(reply->status));

  // Only the protocol's exact answer counts: a 200 from a captive portal or proxy does not.
  auto decoded = wire::decodeIngestReply(reply->body, batch.ids);
  if (!decoded) return makeError(Errc::Io, decoded.error().message + " (a captive portal or proxy?)");
  std::int64_t accepted = 0, duplicates = 0, rejected = 0;
  for (const auto& result : decoded->results) {
    if (result.status == wire::ItemStatus::Accepted) ++accepted;
    else if (result.status == wire::ItemStatus::Duplicate) ++duplicates;
    else {
      ++rejected;  // final: resending cannot change the hub's mind; the row stays until pruned
      std::cerr << "suara-kiosk: the hub rejected rating " << result.id << ": " << result.reason << "\n";
    }
  }
  // Every item answered for is marked; if marking fails they are resent and deduplicated.
  if (auto marked = m_store.markAcked(batch.seqs); !marked) return marked.error();
  std::lock_guard lock(m_mutex);
  m_status.accepted += accepted;
  m_status.duplicates += duplicates;
  m_status.rejected += rejected;
  return {};
}

void SyncWorker::heartbeat() {
  auto stats = m_store.stats();
  std::error_code ec;
  const auto space = std::filesystem::space(m_store.path().parent_path().empty() ? "." : m_store.path().parent_path(), ec);
  nlohmann::json body = {{"wall_ms", m_settings.clock().wallMs},
                         {"pending", stats ? stats->pending : -1},
                         {"oldest_pending_age_s", stats && stats->oldestPendingAgeMs ? *stats->oldestPendingAgeMs / 1000 : 0},
                         {"version", m_settings.version},
                         {"disk_free_bytes", ec ? -1 : static_cast<std::int64_t>(space.available)}};
  {
    std::lock_guard lock(m_mutex);
    body["last_error"] = m_status.lastError;
  }
  (void)m_transport.post(m_baseUrl + "/v1/heartbeat", body.dump(), m_settings.enrollment.token, false);  // best effort
}

Status SyncWorker::syncOnce() {
  {
    std::lock_guard lock(m_mutex);
    m_status.lastAttemptMs = clockNow().wallMs;
    ++m_passesBegun;
  }
  m_retryAfter.reset();
  m_store.salvageWaiting();  // a set-aside file that was locked at start is taken over now, then sent
  // Pipelined: while one batch is on the wire, the next is fetched and encoded.
  Status result;
  auto current = prepare(0);
  while (current && !current->seqs.empty()) {
    std::future<Result<Batch>> next;
    if (current->full)
      next = std::async(std::launch::async, [this, after = current->seqs.back()] { return prepare(after); });
    result = send(*current);
    if (!result || !next.valid() || stopping()) break;
    current = next.get();
  }
  if (result && !current) result = current.error();
  auto stats = m_store.stats();
  {
    std::lock_guard lock(m_mutex);
    if (stats) m_status.pending = stats->pending;
    if (result) {
      m_status.lastSuccessMs = clockNow().wallMs;
      m_status.lastError.clear();
    } else {
      m_status.lastError = result.error().message;
    }
  }
  const auto now = std::chrono::steady_clock::now();
  if (result && m_settings.retention && (!m_lastPrune || now - *m_lastPrune >= 1h)) {
    if (auto pruned = m_store.prune(*m_settings.retention); !pruned)
      std::cerr << "suara-kiosk: cannot prune acknowledged ratings: " << pruned.error().message << "\n";
    m_lastPrune = now;
  }
  // A heartbeat at most once per interval (passes also run after every rating), and none
  // while the hub is unreachable.
  if ((result || result.error().code != Errc::Io) && (!m_lastHeartbeat || now - *m_lastHeartbeat >= m_settings.interval)) {
    heartbeat();
    m_lastHeartbeat = now;
  }
  if (!m_settings.statusFile.empty()) (void)saveSyncStatus(m_settings.statusFile, status());
  if (m_settings.onPassDone) m_settings.onPassDone();
  {
    std::lock_guard lock(m_mutex);
    ++m_status.passes;
  }
  m_passEnded.notify_all();
  return result;
}

bool SyncWorker::waitForPass(std::int64_t pass, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(m_mutex);
  return m_passEnded.wait_for(lock, timeout, [&] { return m_status.passes >= pass; });
}

void SyncWorker::run() {
  std::mt19937 rng(std::random_device{}());
  std::unique_lock lock(m_mutex);
  auto due = std::chrono::steady_clock::now();  // a first pass right away
  while (!m_stop) {
    m_wake.wait_until(lock, due, [&] { return m_stop || m_requested; });
    if (m_stop) break;
    m_requested = false;
    lock.unlock();
    Status outcome;
    try {
      outcome = syncOnce();
    } catch (const std::exception& e) {  // a bug must not end syncing for good, nor the kiosk
      outcome = makeError(Errc::Internal, std::string("sync pass failed: ") + e.what());
      std::cerr << "suara-kiosk: " << outcome.error().message << "\n";
      {
        std::lock_guard statusLock(m_mutex);
        m_status.lastError = outcome.error().message;
        ++m_status.passes;  // ended, if badly: nobody waits for it forever
      }
      m_passEnded.notify_all();
    }
    std::chrono::milliseconds wait;
    if (outcome) {
      m_backoff.reset();
      // The interval varies by ±20% so that a fleet restarted together does not sync in step.
      std::uniform_real_distribution<double> jitter(0.8, 1.2);
      wait = std::chrono::milliseconds(static_cast<long long>(
          static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>(m_settings.interval).count()) * jitter(rng)));
    } else {
      wait = m_backoff.next(m_retryAfter);
    }
    lock.lock();
    due = std::chrono::steady_clock::now() + wait;
  }
}

}  // namespace suara::sync
