#pragma once
// Records responses on a background thread so that an fsync never stalls a frame. The UI
// submits one response at a time and collects the outcome at the start of a later frame.
// Thread-safe: submit/takeResult/waitIdle may be called from the UI thread while the worker
// runs.

#include <condition_variable>
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
  ~RecordWorker();
  RecordWorker(const RecordWorker&) = delete;
  RecordWorker& operator=(const RecordWorker&) = delete;

  void submit(Response response);
  std::optional<Status> takeResult();
  bool busy() const;   // a response is being recorded or its outcome is not yet taken
  void waitIdle();     // blocks until the outcome of the last submission is ready

 private:
  void run();

  LocalStore& m_store;
  std::function<void()> m_wake;
  mutable std::mutex m_mutex;
  std::condition_variable m_changed;
  std::optional<Response> m_job;
  std::optional<Status> m_result;
  bool m_stop = false;
  std::thread m_thread;  // last: starts after everything it uses exists
};

}  // namespace suara::kiosk
