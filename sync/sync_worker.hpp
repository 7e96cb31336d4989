#pragma once
// SyncWorker: sends the kiosk's pending responses to its hub on a background thread, so the
// UI never waits on the network. Each pass sends batches until the backlog is empty and marks
// exactly the items the hub answered for. Runs on an interval with jitter, on demand, and
// with exponential backoff (full jitter, capped, honouring Retry-After) after failures.
// Thread-safe: requestSync/status may be called from any thread.

#include <chrono>
#include <filesystem>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "backoff.hpp"
#include "enrollment.hpp"
#include "http_transport.hpp"
#include "suara/core/config.hpp"
#include "suara/core/local_store.hpp"

namespace suara::sync {

struct SyncSettings {
  Enrollment enrollment;
  int batchSize = 500;
  std::chrono::seconds interval{60};
  bool gzip = true;
  std::chrono::milliseconds backoffBase{1000};
  std::chrono::milliseconds backoffCap{60'000};  // "soon after the network returns": within a minute
  TransportOptions transport;
  std::string version;  // reported in heartbeats
  std::filesystem::path statusFile;  // empty: not written
  std::function<ClockStamp()> clock = clockNow;  // the kiosk's clocks (tests skew them)
  std::function<void()> onPassDone;              // after every pass (the UI redraws its status)
  // Acknowledged ratings older than this are pruned after a successful pass (at most hourly);
  // nothing when unset.
  std::optional<std::chrono::milliseconds> retention;
};

// Written by the worker after every pass to <data dir>/sync-status.json, for `status`.
struct SyncStatus {
  std::optional<std::int64_t> lastAttemptMs, lastSuccessMs;  // wall clock
  std::string lastError;                                     // in words; empty after a success
  std::int64_t pending = 0;
  std::int64_t accepted = 0, duplicates = 0, rejected = 0;   // since start
  std::int64_t wireBytes = 0;                                // request bytes sent, since start
  std::int64_t passes = 0;                                   // passes ended, since start
};

// The settings a kiosk syncs with: its enrolment plus the [sync] section of its config, its
// status file in `dataDir`. One place, so that every way of syncing honours the same config
// (the TLS pin above all).
SyncSettings syncSettingsFor(const KioskConfig& config, Enrollment enrollment, const std::filesystem::path& dataDir);

Status saveSyncStatus(const std::filesystem::path& file, const SyncStatus& status);
Result<SyncStatus> loadSyncStatus(const std::filesystem::path& file);

class SyncWorker {
 public:
  SyncWorker(LocalStore& store, SyncSettings settings);
  ~SyncWorker();  // stops the thread; a batch in flight is finished or abandoned, never half-marked
  SyncWorker(const SyncWorker&) = delete;
  SyncWorker& operator=(const SyncWorker&) = delete;

  void start();         // the background thread
  // A pass as soon as possible. Returns the number of the pass that will serve the request:
  // the next one to begin (a pass already under way may have read the backlog before it).
  std::int64_t requestSync();
  SyncStatus status() const;
  // Waits until pass number `pass` (from requestSync) has ended; false if it has not within
  // `timeout`. For tests and diagnostics that must see what a pass did with data stored
  // before it was requested.
  bool waitForPass(std::int64_t pass, std::chrono::milliseconds timeout) const;

  // One pass in the caller's thread (tests, `suara-kiosk sync-now`): batches until the
  // backlog is empty or an error stops it.
  Status syncOnce();

 private:
  struct Batch;  // a fetched and encoded batch, ready to send
  void run();
  Result<Batch> prepare(std::int64_t afterSeq);
  Status send(const Batch& batch);
  void heartbeat();
  bool stopping() const;

  LocalStore& m_store;
  SyncSettings m_settings;
  std::string m_baseUrl;
  HttpTransport m_transport;  // used only by the syncing thread
  Backoff m_backoff;
  mutable std::mutex m_mutex;
  std::condition_variable m_wake;
  mutable std::condition_variable m_passEnded;
  std::int64_t m_passesBegun = 0;
  bool m_requested = false;
  bool m_stop = false;
  SyncStatus m_status;
  std::optional<std::chrono::seconds> m_retryAfter;
  std::optional<std::chrono::steady_clock::time_point> m_lastHeartbeat;  // sync thread only
  std::optional<std::chrono::steady_clock::time_point> m_lastPrune;      // sync thread only
  std::thread m_thread;
};

}  // namespace suara::sync
