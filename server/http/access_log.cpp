#include "http/access_log.hpp"

#include <unistd.h>

#include <cstdio>

namespace suara::hub {

namespace {

// Client-supplied text (the path) made safe for one log line: printable ASCII, bounded.
std::string printable(std::string_view text, std::size_t max) {
  std::string out;
  for (char c : text.substr(0, max)) out += (c > 0x20 && c < 0x7f) ? c : '?';
  if (text.size() > max) out += "...";
  return out.empty() ? "-" : out;
}

void writeLine(const std::string& line) {
  const ssize_t written = ::write(STDERR_FILENO, line.data(), line.size());
  (void)written;  // nowhere left to report a failing log
}

}  // namespace

void logAccess(const AccessRecord& r) {
  char numbers[160];
  std::snprintf(numbers, sizeof numbers, " status=%d in=%zu out=%zu ms=%.1f", r.status, r.bytesIn, r.bytesOut, r.ms);
  std::string line = "suara-hub: access method=" + printable(r.method, 16) + " path=" + printable(r.path, 128) + numbers +
                     " kiosk=" + printable(r.principal, 64) + " addr=" + printable(r.address, 64);
  if (!r.error.empty()) {
    std::string error(r.error.substr(0, 300));
    for (auto& c : error)
      if (static_cast<unsigned char>(c) < 0x20 || c == '"') c = '\'';
    line += " error=\"" + error + "\"";
  }
  writeLine(line + "\n");
}

void logError(std::string_view message) { writeLine("suara-hub: error " + std::string(message) + "\n"); }

void logNotice(std::string_view message) { writeLine("suara-hub: " + std::string(message) + "\n"); }

}  // namespace suara::hub
