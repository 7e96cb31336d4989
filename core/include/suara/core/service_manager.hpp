#pragma once
// Telling systemd how a Suara process is doing (sd_notify(3)): ready, stopping, a status line,
// and the watchdog's "still alive". Every call does nothing when the process was not started
// by systemd with a notification socket, so the programs run the same from a terminal.

#include <chrono>
#include <optional>
#include <string>

namespace suara {

// READY=1 with a status line: the service has started (systemd's Type=notify waits for it).
void notifyReady(const std::string& status);
// STATUS=…: what `systemctl status` shows.
void notifyStatus(const std::string& status);
// STOPPING=1: shutting down on purpose (not a crash).
void notifyStopping();
// WATCHDOG=1: alive. Send at least every watchdogInterval() / 2.
void notifyWatchdog();
// The unit's WatchdogSec= for this process, or nullopt when no watchdog is kept.
std::optional<std::chrono::microseconds> watchdogInterval();

}  // namespace suara
