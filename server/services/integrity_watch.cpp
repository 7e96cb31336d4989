#include "services/integrity_watch.hpp"

#include <chrono>
#include <cstdio>

namespace suara::hub {

IntegrityWatch::IntegrityWatch(OperationsStore& store, std::function<void(const std::string&)> log)
    : m_store(store), m_log(std::move(log)), m_thread([this](std::stop_token stop) { check(std::move(stop)); }) {}

IntegrityStatus IntegrityWatch::status() const {
  std::lock_guard lock(m_mutex);
  return m_status;
}

void IntegrityWatch::check(std::stop_token stop) {
  const auto start = std::chrono::steady_clock::now();
  auto problems = m_store.integrityCheck(true, stop);
  if (stop.stop_requested()) return;  // the hub is stopping: nothing to tell
  char took[32];
  std::snprintf(took, sizeof took, "%.1f s", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  IntegrityStatus found;
  std::string line;
  if (!problems) {
    found = {"not checked: " + problems.error().message, true};
    line = "integrity check could not run: " + problems.error().message;
  } else if (!problems->empty()) {
    found = {"damaged: " + problems->front(), true};
    line = "integrity check: the database is damaged (" + std::to_string(problems->size()) + " problems, the first: " +
           problems->front() + "); run suara-hub check, and restore a backup with suara-hub restore";
  } else {
    found = {"ok", false};
    line = std::string("integrity check: ok (") + took + ")";
  }
  {
    std::lock_guard lock(m_mutex);
    m_status = found;
  }
  if (m_log) m_log(line);
}

}  // namespace suara::hub
