#pragma once
// One structured line per request on stderr (journald under systemd):
//   suara-hub: access method=POST path=/v1/responses status=200 in=31245 out=2310 ms=4.1 kiosk=kiosk-1a2b addr=10.0.0.7
// and the reason on 5xx lines. Never a token, a code or a body. Thread-safe: each line is one write(2).

#include <string>
#include <string_view>

namespace suara::hub {

struct AccessRecord {
  std::string_view method, path, principal, address, error;
  int status = 0;
  std::size_t bytesIn = 0, bytesOut = 0;
  double ms = 0;
};

void logAccess(const AccessRecord& record);
// A line of its own for trouble outside a request (accept errors, overload).
void logError(std::string_view message);
// A line of its own for what the operator should know (a background check's outcome).
void logNotice(std::string_view message);

}  // namespace suara::hub
