#include "services/login_service.hpp"

#include <algorithm>
#include <cctype>

namespace suara::hub {

namespace {

// Verified against when the name is unknown, so that a wrong name takes as long as a wrong
// password (made once: hashing is the expensive part).
const std::string& decoyHash(PasswordHasher& hasher) {
  static const std::string hash = [&] {
    auto made = hasher.hash("decoy password for unknown names");
    return made ? *made : std::string();
  }();
  return hash;
}

}  // namespace

SignInOutcome LoginService::signIn(const std::string& typedName, const std::string& password, const std::string& address,
                                   std::int64_t nowMs) {
  std::string name = typedName;
  name.erase(0, name.find_first_not_of(' '));
  name.erase(name.find_last_not_of(' ') + 1);
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  struct InProgress {
    std::atomic<int>& count;
    ~InProgress() { --count; }
  } inProgress{m_inProgress};
  if (++m_inProgress > kMaxSignInsInProgress) {
    SignInOutcome outcome;
    outcome.kind = SignInOutcome::Kind::Busy;
    outcome.retryAfterMs = 2000;
    return outcome;
  }
  if (auto refusal = m_throttle.admit(name, address, nowMs)) {
    SignInOutcome outcome;
    outcome.kind = refusal->accountLocked ? SignInOutcome::Kind::AccountLocked : SignInOutcome::Kind::AddressThrottled;
    outcome.retryAfterMs = refusal->retryAfterMs;
    return outcome;
  }
  auto user = m_users.user(name);
  if (!user && user.error().code != Errc::NotFound) {
    SignInOutcome outcome;
    outcome.kind = SignInOutcome::Kind::Unavailable;
    outcome.message = user.error().message;
    return outcome;
  }
  const bool known = static_cast<bool>(user);
  const bool passwordRight = m_hasher.verify(known ? user->passwordHash : decoyHash(m_hasher), password) && known;
  if (!passwordRight || user->disabledMs) {
    if (m_throttle.failed(name, address, nowMs))
      (void)m_users.recordAudit(AuditEntry{nowMs, "-", "login.locked", name, "5 wrong passwords in a row from " + address});
    return SignInOutcome{};
  }
  m_throttle.succeeded(name);
  std::string credential = user->passwordHash;
  if (PasswordHasher::needsRehash(user->passwordHash)) {
    if (auto rehashed = m_hasher.hash(password);
        rehashed && m_users.setPasswordHash(name, *rehashed, AuditEntry{nowMs, name, "user.rehash", name, "stronger hash limits"}))
      credential = *rehashed;
  }
  SignInOutcome outcome;
  outcome.kind = SignInOutcome::Kind::SignedIn;
  outcome.session = m_sessions.create(name, credential, nowMs);
  return outcome;
}

std::optional<DashboardUser> LoginService::resume(const std::string& cookieValue, std::int64_t nowMs) {
  auto session = m_sessions.find(cookieValue, nowMs);
  if (!session) return std::nullopt;
  auto user = m_users.user(session->userName);
  if (!user || user->disabledMs || user->passwordHash != session->credential) {
    if (!user && user.error().code != Errc::NotFound) return std::nullopt;  // a read failed: the session stays
    m_sessions.endAllOf(session->userName);
    return std::nullopt;
  }
  DashboardUser who;
  who.name = user->name;
  who.role = user->role;
  if (user->role != Role::Admin) who.units = user->units;
  who.csrfToken = session->csrfToken;
  who.sessionId = session->id;
  return who;
}

}  // namespace suara::hub
