#pragma once
// The full integrity check `serve` runs in the background once it has started. The quick
// check at start reads every page's structure but not index contents: a damaged unique index
// on rating ids passes it, and would let duplicates through. The full check reads everything,
// which on a large database takes too long to wait for before serving; it runs on a read-only
// connection of its own, so it holds up neither ingest nor reads. Thread-safe.

#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "storage/storage.hpp"

namespace suara::hub {

struct IntegrityStatus {
  std::string text = "checking";  // "checking", "ok", "damaged: <first problem>", "not checked: <why>"
  bool troubled = false;          // damaged, or the check could not run: the hub is not healthy
};

class IntegrityWatch {
 public:
  // Starts the check at once; `log` gets its outcome in one line.
  IntegrityWatch(OperationsStore& store, std::function<void(const std::string&)> log);
  IntegrityStatus status() const;

 private:
  void check(std::stop_token stop);

  OperationsStore& m_store;
  std::function<void(const std::string&)> m_log;
  mutable std::mutex m_mutex;
  IntegrityStatus m_status;  // under m_mutex
  std::jthread m_thread;     // last: asked to stop and joined before the members above go
};

}  // namespace suara::hub
