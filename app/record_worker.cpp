#include "record_worker.hpp"

namespace suara::kiosk {

RecordWorker::RecordWorker(LocalStore& store, std::function<void()> wake)
    : m_store(store), m_wake(std::move(wake)), m_thread([this] { run(); }) {}

RecordWorker::~RecordWorker() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_changed.notify_all();
  m_thread.join();  // a response being recorded is finished first: never cut off mid-write
}

void RecordWorker::submit(Response response) {
  {
    std::lock_guard lock(m_mutex);
    m_job = std::move(response);
    m_result.reset();
  }
  m_changed.notify_all();
}

std::optional<Status> RecordWorker::takeResult() {
  std::lock_guard lock(m_mutex);
  auto result = std::move(m_result);
  m_result.reset();
  return result;
}

bool RecordWorker::busy() const {
  std::lock_guard lock(m_mutex);
  return m_job.has_value() || m_result.has_value();
}

void RecordWorker::waitIdle() {
  std::unique_lock lock(m_mutex);
  m_changed.wait(lock, [&] { return !m_job.has_value(); });
}

void RecordWorker::run() {
  std::unique_lock lock(m_mutex);
  for (;;) {
    m_changed.wait(lock, [&] { return m_stop || m_job.has_value(); });
    if (!m_job) return;  // stopping with nothing to do
    Response job = *m_job;
    lock.unlock();
    auto seq = m_store.record(job);
    lock.lock();
    m_result = seq ? Status{} : Status{seq.error()};
    m_job.reset();
    m_changed.notify_all();
    if (m_wake) m_wake();
    if (m_stop) return;
  }
}

}  // namespace suara::kiosk
