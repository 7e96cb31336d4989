#include "auth/sessions.hpp"

#include <algorithm>
#include <vector>

#include "auth/secrets.hpp"

namespace suara::hub {

namespace {

std::string hex(const SecretHash& hash) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(hash.size() * 2);
  for (unsigned char byte : hash) {
    out += kDigits[byte >> 4];
    out += kDigits[byte & 15];
  }
  return out;
}

}  // namespace

bool SessionStore::expired(const Session& session, std::int64_t nowMs) const {
  return nowMs - session.lastSeenMs >= m_limits.idle.count() || nowMs - session.createdMs >= m_limits.absolute.count() ||
         nowMs < session.createdMs;  // a clock stepped back hours: start again rather than trust it
}

void SessionStore::dropExpired(std::int64_t nowMs) {
  // A sweep a minute at most: sessions are few, and each lookup checks its own expiry anyway.
  if (nowMs - m_lastSweepMs < 60'000 && m_byId.size() < m_limits.maxSessions) return;
  m_lastSweepMs = nowMs;
  std::erase_if(m_byId, [&](const auto& entry) { return expired(entry.second, nowMs); });
  if (m_byId.size() < m_limits.maxSessions) return;
  std::vector<std::pair<std::int64_t, std::string>> byAge;
  for (const auto& [id, session] : m_byId) byAge.emplace_back(session.lastSeenMs, id);
  std::sort(byAge.begin(), byAge.end());
  for (std::size_t i = 0; i <= byAge.size() - m_limits.maxSessions; ++i) m_byId.erase(byAge[i].second);
}

NewSession SessionStore::create(const std::string& userName, const std::string& credential, std::int64_t nowMs) {
  NewSession created;
  created.cookieValue = newToken();
  created.session = Session{userName, newToken(), hex(hashSecret(created.cookieValue)), credential, nowMs, nowMs};
  std::lock_guard lock(m_mutex);
  dropExpired(nowMs);
  m_byId[created.session.id] = created.session;
  return created;
}

std::optional<Session> SessionStore::find(const std::string& cookieValue, std::int64_t nowMs) {
  if (cookieValue.empty() || cookieValue.size() > 128) return std::nullopt;
  const std::string id = hex(hashSecret(cookieValue));
  std::lock_guard lock(m_mutex);
  const auto it = m_byId.find(id);
  if (it == m_byId.end()) return std::nullopt;
  if (expired(it->second, nowMs)) {
    m_byId.erase(it);
    return std::nullopt;
  }
  it->second.lastSeenMs = nowMs;
  return it->second;
}

void SessionStore::end(const std::string& sessionId) {
  std::lock_guard lock(m_mutex);
  m_byId.erase(sessionId);
}

void SessionStore::endAllOf(const std::string& userName) {
  std::lock_guard lock(m_mutex);
  std::erase_if(m_byId, [&](const auto& entry) { return entry.second.userName == userName; });
}

std::size_t SessionStore::size() const {
  std::lock_guard lock(m_mutex);
  return m_byId.size();
}

std::string sessionCookieHeader(const std::string& value, bool secure) {
  // No Max-Age: the cookie goes with the browser; the hub's limits end the session itself.
  return std::string(kSessionCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
}

std::string clearedSessionCookieHeader(bool secure) {
  return std::string(kSessionCookie) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
}

std::string cookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const auto semicolon = header.find(';');
    std::string_view pair = header.substr(0, semicolon);
    header = semicolon == std::string_view::npos ? std::string_view() : header.substr(semicolon + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const auto equals = pair.find('=');
    if (equals != std::string_view::npos && pair.substr(0, equals) == name) return std::string(pair.substr(equals + 1));
  }
  return {};
}

}  // namespace suara::hub
