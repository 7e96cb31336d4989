#pragma once
// The hub asking itself for GET /v1/health over its own socket: the watchdog's proof that the
// listener accepts, a handler runs and the answer goes out (a hub wedged anywhere on that path
// stops answering, and systemd restarts it).

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <optional>
#include <string>

namespace suara::hub {

// The health answer's status line and body, or nullopt when none came within `timeout`.
// `host` as bound: an unspecified address (0.0.0.0, ::) is asked on the loopback of its family.
struct SelfCheckAnswer {
  int status = 0;
  std::string body;
};
std::optional<SelfCheckAnswer> askOwnHealth(const std::string& host, int port, std::chrono::milliseconds timeout);

// Under a systemd watchdog (WatchdogSec=), asks askOwnHealth every half interval and, when the
// hub answers (200, or 503 for a database that cannot write: a restart would not mend a full
// disk), sends WATCHDOG=1 and the health as the unit's status line. Without one, does nothing.
class HealthWatchdog {
 public:
  HealthWatchdog(std::string host, int port);
  ~HealthWatchdog();  // stops the ticks and joins
  HealthWatchdog(const HealthWatchdog&) = delete;
  HealthWatchdog& operator=(const HealthWatchdog&) = delete;

 private:
  void tick();
  std::string m_host;
  int m_port;
  std::chrono::milliseconds m_every{0};
  std::mutex m_mutex;
  std::condition_variable m_stop;
  bool m_stopping = false;
  std::thread m_thread;
};

}  // namespace suara::hub
