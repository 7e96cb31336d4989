#include "suara/core/service_manager.hpp"

#include <systemd/sd-daemon.h>

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
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return std::nullopt;
  return std::chrono::microseconds(usec);
}

}  // namespace suara
