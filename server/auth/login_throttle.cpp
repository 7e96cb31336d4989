#include "auth/login_throttle.hpp"

namespace suara::hub {

LoginThrottle::Count& LoginThrottle::Table::touch(const std::string& key, std::size_t limit) {
  if (auto it = entries.find(key); it != entries.end()) {
    order.splice(order.end(), order, it->second.second);
    return it->second.first;
  }
  if (entries.size() >= limit) {
    entries.erase(order.front());
    order.pop_front();
  }
  order.push_back(key);
  return entries.emplace(key, std::make_pair(Count{}, std::prev(order.end()))).first->second.first;
}

LoginThrottle::Count* LoginThrottle::Table::find(const std::string& key) {
  const auto it = entries.find(key);
  return it == entries.end() ? nullptr : &it->second.first;
}

std::optional<LoginThrottle::Refusal> LoginThrottle::admit(const std::string& name, const std::string& address,
                                                           std::int64_t nowMs) {
  std::lock_guard lock(m_mutex);
  if (const Count* count = m_names.find(name); count && count->lockedUntilMs > nowMs)
    return Refusal{true, count->lockedUntilMs - nowMs};
  if (const Count* count = m_addresses.find(address); count && count->failures >= m_limits.failuresPerAddress) {
    const std::int64_t windowEnd = count->sinceMs + m_limits.addressWindow.count();
    if (windowEnd > nowMs) return Refusal{false, windowEnd - nowMs};
  }
  return std::nullopt;
}

bool LoginThrottle::failed(const std::string& name, const std::string& address, std::int64_t nowMs) {
  std::lock_guard lock(m_mutex);
  Count& byAddress = m_addresses.touch(address, m_limits.remembered);
  if (nowMs - byAddress.sinceMs >= m_limits.addressWindow.count() || nowMs < byAddress.sinceMs) byAddress = Count{0, nowMs, 0};
  ++byAddress.failures;

  Count& byName = m_names.touch(name, m_limits.remembered);
  // Failures far apart are not a guessing run: a name's count starts again after a lock's length.
  if (nowMs - byName.sinceMs >= m_limits.lockFor.count()) byName.failures = 0;
  byName.sinceMs = nowMs;
  if (++byName.failures < m_limits.failuresToLock) return false;
  byName.failures = 0;
  byName.lockedUntilMs = nowMs + m_limits.lockFor.count();
  return true;
}

void LoginThrottle::succeeded(const std::string& name) {
  std::lock_guard lock(m_mutex);
  if (Count* count = m_names.find(name)) *count = Count{};
}

}  // namespace suara::hub
