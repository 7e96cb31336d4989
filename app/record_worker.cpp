#include "record_worker.hpp"

#include <exception>

namespace suara::kiosk {

RecordWorker::RecordWorker(LocalStore& store, std::function<void()> wake)
    : m_store(store), m_wake(std::move(wake)), m_thread([this] { run(); }) {}

RecordWorker::~RecordWorker() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_changed.notify_all();
  m_thread.join();
}

void RecordWorker::submit(Response response) {
  {
    std::lock_guard lock(m_mutex);
    m_jobs.push_back(std::move(response));
  }
  m_changed.notify_all();
}

std::optional<Status> RecordWorker::takeResult() {
  std::lock_guard lock(m_mutex);
  if (m_results.empty()) return std::nullopt;
  Status result = std::move(m_results.front());
  m_results.pop_front();
  return result;
}

bool RecordWorker::busy() const {
  std::lock_guard lock(m_mutex);
  return !m_jobs.empty() || !m_results.empty();
}

void RecordWorker::waitIdle() {
  std::unique_lock lock(m_mutex);
  m_changed.wait(lock, [&] { return m_jobs.empty(); });
}

void RecordWorker::run() {
  std::unique_lock lock(m_mutex);
  for (;;) {
    m_changed.wait(lock, [&] { return m_stop || !m_jobs.empty(); });
    if (m_jobs.empty()) return;  // stopping with nothing left to record
    Response job = m_jobs.front();
    lock.unlock();
    Status outcome;
    try {
      auto seq = m_store.record(job);
      if (!seq) outcome = seq.error();
    } catch (const std::exception& e) {  // never let a rating's failure end the thread unseen
      outcome = makeError(Errc::Internal, std::string("recording a rating failed: ") + e.what());
    }
    lock.lock();
    m_jobs.pop_front();
    m_results.push_back(std::move(outcome));
    m_changed.notify_all();
    if (m_wake) m_wake();
  }
}

}  // namespace suara::kiosk
