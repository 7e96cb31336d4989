#pragma once
// Client addresses as the hub counts them, and a bounded memory of recently seen ones.

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace suara::hub {

// The key a client address is counted under: an IPv4 address as it is (also when it reaches
// an IPv6 socket as ::ffff:a.b.c.d); an IPv6 address by its /64, because one subscriber or
// building gets a whole /64 and each device picks its own addresses in it, so counting
// addresses would give one guesser 2^64 of them. Anything else ("local") as it is.
std::string addressKey(std::string_view address);

// Keys seen recently: each is forgotten `ttlMs` after it was last seen, and at most
// `capacity` are kept (when full, the least recently seen quarter goes). Thread-safe.
class RecentAddresses {
 public:
  RecentAddresses(std::int64_t ttlMs, std::size_t capacity) : m_ttlMs(ttlMs), m_capacity(capacity) {}
  void seen(const std::string& key, std::int64_t nowMs);
  bool contains(const std::string& key, std::int64_t nowMs) const;

 private:
  void makeRoom(std::int64_t nowMs);  // with m_mutex held

  const std::int64_t m_ttlMs;
  const std::size_t m_capacity;
  mutable std::mutex m_mutex;
  std::unordered_map<std::string, std::int64_t> m_lastSeenMs;
};

}  // namespace suara::hub
