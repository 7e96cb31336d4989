#pragma once
// Guessing passwords at the dashboard's sign-in: every wrong password counts against the
// account name tried (known or not, so that a lock-out does not tell which names exist) and
// against the client's address. Five wrong in a row lock the name for 15 minutes, whoever
// tries it (the right password included); twenty wrong from one address in 15 minutes stop
// that address for the rest of the window. A success clears the name's count. In memory:
// bounded to the 65,536 names and addresses seen last. Thread-safe.

#include <chrono>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace suara::hub {

struct LoginThrottleLimits {
  int failuresToLock = 5;
  std::chrono::milliseconds lockFor = std::chrono::minutes(15);
  int failuresPerAddress = 20;
  std::chrono::milliseconds addressWindow = std::chrono::minutes(15);
  std::size_t remembered = 65'536;
};

class LoginThrottle {
 public:
  explicit LoginThrottle(LoginThrottleLimits limits = {}) : m_limits(limits) {}
  struct Refusal {
    bool accountLocked = false;  // false: the address is throttled
    std::int64_t retryAfterMs = 0;
  };
  // Whether an attempt may be checked at all now (nullopt: go ahead).
  std::optional<Refusal> admit(const std::string& name, const std::string& address, std::int64_t nowMs);
  // A wrong password; returns true when this failure locked the name.
  bool failed(const std::string& name, const std::string& address, std::int64_t nowMs);
  void succeeded(const std::string& name);

 private:
  struct Count {
    int failures = 0;
    std::int64_t sinceMs = 0;        // the window's start (addresses) or the last failure (names)
    std::int64_t lockedUntilMs = 0;  // names
  };
  // Least recently touched first, for dropping when full.
  struct Table {
    std::list<std::string> order;
    std::unordered_map<std::string, std::pair<Count, std::list<std::string>::iterator>> entries;
    Count& touch(const std::string& key, std::size_t limit);
    Count* find(const std::string& key);
  };

  LoginThrottleLimits m_limits;
  std::mutex m_mutex;
  Table m_names, m_addresses;
};

}  // namespace suara::hub
