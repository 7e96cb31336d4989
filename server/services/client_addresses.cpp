#include "services/client_addresses.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace suara::hub {

std::string addressKey(std::string_view address) {
  // A zone index ("fe80::1%eth0") names the hub's own interface, not the client.
  const std::string text(address.substr(0, address.find('%')));
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) != 1) return std::string(address);
  if (IN6_IS_ADDR_V4MAPPED(&v6)) {
    char v4[INET_ADDRSTRLEN] = {};
    inet_ntop(AF_INET, &v6.s6_addr[12], v4, sizeof v4);
    return v4;
  }
  std::memset(&v6.s6_addr[8], 0, 8);
  char prefix[INET6_ADDRSTRLEN] = {};
  inet_ntop(AF_INET6, &v6, prefix, sizeof prefix);
  return std::string(prefix) + "/64";
}

void RecentAddresses::seen(const std::string& key, std::int64_t nowMs) {
  std::lock_guard lock(m_mutex);
  if (auto it = m_lastSeenMs.find(key); it != m_lastSeenMs.end()) {
    it->second = std::max(it->second, nowMs);
    return;
  }
  if (m_lastSeenMs.size() >= m_capacity) makeRoom(nowMs);
  m_lastSeenMs.emplace(key, nowMs);
}

bool RecentAddresses::contains(const std::string& key, std::int64_t nowMs) const {
  std::lock_guard lock(m_mutex);
  const auto it = m_lastSeenMs.find(key);
  return it != m_lastSeenMs.end() && nowMs - it->second <= m_ttlMs;
}

void RecentAddresses::makeRoom(std::int64_t nowMs) {
  std::erase_if(m_lastSeenMs, [&](const auto& entry) { return nowMs - entry.second > m_ttlMs; });
  if (m_lastSeenMs.size() < m_capacity) return;
  // Still full of live addresses: drop the oldest quarter at once, so that the next
  // insertions do not each pay for a full scan.
  std::vector<std::int64_t> times;
  times.reserve(m_lastSeenMs.size());
  for (const auto& entry : m_lastSeenMs) times.push_back(entry.second);
  const auto cut = times.begin() + static_cast<std::ptrdiff_t>(times.size() / 4);
  std::nth_element(times.begin(), cut, times.end());
  const std::int64_t oldestKept = *cut;
  std::erase_if(m_lastSeenMs, [&](const auto& entry) { return entry.second < oldestKept; });
  // Many addresses seen in the same millisecond can leave it full still: drop one of them.
  if (m_lastSeenMs.size() >= m_capacity) m_lastSeenMs.erase(m_lastSeenMs.begin());
}

}  // namespace suara::hub
