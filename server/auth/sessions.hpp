#pragma once
// Dashboard sessions, in the hub's memory: a signed-in browser holds a random 256-bit token in
// an HttpOnly, SameSite=Strict cookie; the hub keeps only its hash, the user's name and the
// session's CSRF token. A session ends after 30 minutes without a request, 12 hours after
// sign-in, on sign-out, and when the hub restarts (users sign in again; nothing is lost but
// the session). Role and scope are not kept here: they are read from the account at every
// request, so a disabled account or a narrowed scope applies at once. Thread-safe.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace suara::hub {

struct Session {
  std::string userName;
  std::string csrfToken;
  std::string id;  // hex of the token's hash: a handle that is safe to hold and log
  // The account's password hash when the session began: a password changed since (with
  // `suara-hub user passwd`, in another process) ends the session at its next request.
  std::string credential;
  std::int64_t createdMs = 0, lastSeenMs = 0;
};

struct NewSession {
  std::string cookieValue;  // given to the browser once, never stored
  Session session;
};

struct SessionLimits {
  std::chrono::milliseconds idle = std::chrono::minutes(30);
  std::chrono::milliseconds absolute = std::chrono::hours(12);
  std::size_t maxSessions = 100'000;  // the oldest are dropped beyond it (a flood of sign-ins)
};

class SessionStore {
 public:
  explicit SessionStore(SessionLimits limits = {}) : m_limits(limits) {}
  NewSession create(const std::string& userName, const std::string& credential, std::int64_t nowMs);
  // The live session a cookie value names (its last use moved to now), or nullopt.
  std::optional<Session> find(const std::string& cookieValue, std::int64_t nowMs);
  void end(const std::string& sessionId);
  // Ends every session of a user (their password changed, their account was disabled).
  void endAllOf(const std::string& userName);
  std::size_t size() const;

 private:
  void dropExpired(std::int64_t nowMs);  // with m_mutex held
  bool expired(const Session& session, std::int64_t nowMs) const;

  SessionLimits m_limits;
  mutable std::mutex m_mutex;
  std::unordered_map<std::string, Session> m_byId;  // by Session::id
  std::int64_t m_lastSweepMs = 0;
};

// The cookie that carries a session, and the name it goes by.
inline constexpr const char* kSessionCookie = "suara_session";
std::string sessionCookieHeader(const std::string& value, bool secure);
std::string clearedSessionCookieHeader(bool secure);
// The value of cookie `name` in a Cookie header, or empty.
std::string cookieValue(std::string_view cookieHeader, std::string_view name);

}  // namespace suara::hub
