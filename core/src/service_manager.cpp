#include "suara/core/service_manager.hpp"

#include <systemd/sd-daemon.h>
#include <unistd.h>

#include <cstdlib>

namespace suara {

namespace {
void send(const std::string& state) {
  (void)sd_notify(0, state.c_str());  // not supervised, or systemd gone: nothing to tell
}
// A status line is one line of text.
std::string oneLine(std::string text) {
  for (char& c : text)
    if (c == '\n' || c == '\r') c = ' ';
  return text;
}
}  // namespace

void notifyReady(const std::string& status) { send("READY=1\nSTATUS=" + oneLine(status)); }
void notifyStatus(const std::string& status) { send("STATUS=" + oneLine(status)); }
void notifyStopping() { send("STOPPING=1\nSTATUS=stopping"); }
void notifyWatchdog() { send("WATCHDOG=1"); }

std::optional<std::chrono::microseconds> watchdogInterval() {
  uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) return std::chrono::microseconds(usec);
  // The kiosk runs as the child of its compositor (cage), which is the unit's main process:
  // systemd's WATCHDOG_PID names cage, and sd_watchdog_enabled() then says "not for you". With
  // NotifyAccess=all the child's pings count, so a watchdog addressed to the parent is taken.
  const char* pid = std::getenv("WATCHDOG_PID");
  const char* interval = std::getenv("WATCHDOG_USEC");
  if (!pid || !interval || std::strtoll(pid, nullptr, 10) != static_cast<long long>(getppid())) return std::nullopt;
  const long long parsed = std::strtoll(interval, nullptr, 10);
  if (parsed <= 0) return std::nullopt;
  return std::chrono::microseconds(parsed);
}

}  // namespace suara
