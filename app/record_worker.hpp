#pragma once
// Records responses on a background thread so that an fsync never stalls a frame. The UI
// queues responses (submit) and drains the outcomes, oldest first, at the start of a later
// frame (takeResult until empty). Every submitted response is recorded, in order, even if
// several arrive before the first is done.
// Thread-safe: submit/takeResult/busy/waitIdle may be called from the UI thread while the
// worker runs.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "suara/core/local_store.hpp"

namespace suara::kiosk {

class RecordWorker {
 public:
  // `wake` is called (on the worker thread) when an outcome is ready.
  RecordWorker(LocalStore& store, std::function<void()> wake);
  ~RecordWorker();  // records everything queued first: a rating handed over is never dropped
  RecordWorker(const RecordWorker&) = delete;
  RecordWorker& operator=(const RecordWorker&) = delete;

  void submit(Response response);
  std::optional<Status> takeResult();  // the oldest outcome not yet taken
  bool busy() const;   // something is queued, being recorded, or its outcome not yet taken
  void waitIdle();     // blocks until every submitted response has its outcome

 private:
  void run();

  LocalStore& m_store;
  std::function<void()> m_wake;
  mutable std::mutex m_mutex;
  std::condition_variable m_changed;
  std::deque<Response> m_jobs;    // the front one is being recorded while m_recording
  bool m_recording = false;
  std::deque<Status> m_results;
  bool m_stop = false;
  std::thread m_thread;  // last: starts after everything it uses exists
};

}  // namespace suara::kiosk
