#pragma once
// Signing in to the dashboard and finding who a browser's session cookie belongs to.

#include <atomic>
#include <optional>
#include <string>

#include "auth/login_throttle.hpp"
#include "auth/passwords.hpp"
#include "auth/principal.hpp"
#include "auth/sessions.hpp"
#include "storage/storage.hpp"

namespace suara::hub {

struct SignInOutcome {
  // Busy: too many sign-ins are being checked already (each costs an argon2id hash); the
  // worker is given back at once rather than queued behind them.
  enum class Kind { SignedIn, Refused, AccountLocked, AddressThrottled, Busy, Unavailable };
  Kind kind = Kind::Refused;
  NewSession session;             // SignedIn
  std::int64_t retryAfterMs = 0;  // AccountLocked, AddressThrottled
  std::string message;            // Unavailable: what failed
};

class LoginService {
 public:
  LoginService(UserStore& users, PasswordHasher& hasher, SessionStore& sessions, LoginThrottle& throttle)
      : m_users(users), m_hasher(hasher), m_sessions(sessions), m_throttle(throttle) {}

  // A wrong name, a wrong password and a disabled account are all one refusal, told apart by
  // nobody: an unknown name costs the same hashing time as a known one. Names are trimmed
  // and lower-cased first (names are lower case; phones add spaces and capitals).
  SignInOutcome signIn(const std::string& name, const std::string& password, const std::string& address, std::int64_t nowMs);
  // The user a session cookie signs in, as their account stands now; nullopt when the session
  // is unknown or over, or the account is gone or disabled (its sessions then end).
  std::optional<DashboardUser> resume(const std::string& cookieValue, std::int64_t nowMs);
  void signOut(const std::string& sessionId) { m_sessions.end(sessionId); }

 private:
  UserStore& m_users;
  PasswordHasher& m_hasher;
  SessionStore& m_sessions;
  LoginThrottle& m_throttle;
  // Sign-ins being checked now. Each waits for one of the hasher's two slots on a worker
  // thread; without a cap a flood of wrong passwords from many addresses held every worker
  // and kiosk batches waited 14 s.
  std::atomic<int> m_inProgress{0};
};

inline constexpr int kMaxSignInsInProgress = 8;

}  // namespace suara::hub
