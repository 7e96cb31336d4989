#include "services/enrolment_service.hpp"

#include <algorithm>

#include "auth/secrets.hpp"

namespace suara::hub {

namespace {
int seconds(std::int64_t ms) { return static_cast<int>((ms + 999) / 1000); }
// A limit taken up by attempts still being looked up: they finish within moments.
constexpr int kBusySeconds = 1;
}  // namespace

// An admitted attempt's place under the limits, given back however enrol() ends (an error
// from storage, an exception): counted as a failure only once its code was found wrong.
class EnrolmentService::Slot {
 public:
  Slot(EnrolmentService& service, std::string key, std::int64_t nowMs) : m_service(service), m_key(std::move(key)), m_nowMs(nowMs) {}
  ~Slot() { m_service.finish(m_key, m_wrongCode, m_nowMs); }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;
  void countAsWrongCode() { m_wrongCode = true; }

 private:
  EnrolmentService& m_service;
  std::string m_key;
  std::int64_t m_nowMs;
  bool m_wrongCode = false;
};

void EnrolmentService::Attempts::startWindowIfOver(std::int64_t nowMs) {
  if (nowMs - windowStartMs > kWindowMs) failures = 0, windowStartMs = nowMs;
}

int EnrolmentService::Attempts::secondsToWait(int limit, std::int64_t nowMs) const {
  if (lockedUntilMs > nowMs) return seconds(lockedUntilMs - nowMs);
  return failures + pending >= limit ? kBusySeconds : 0;
}

Result<std::string> EnrolmentService::issueCode(const std::string& unitId, std::int64_t nowMs, std::int64_t ttlMs) {
  const std::string code = newEnrolmentCode();
  if (Status added = m_kiosks.addEnrolmentCode(keyedHash(m_codeKey, normaliseEnrolmentCode(code)), unitId, nowMs + ttlMs); !added)
    return added.error();
  return code;
}

std::vector<SecretHash> EnrolmentService::candidateHashes(const std::string& code) const {
  const std::string normal = normaliseEnrolmentCode(code);
  // Codes issued before keyed hashing were stored as plain SHA-256; they expire on their own.
  return {keyedHash(m_codeKey, normal), hashSecret(normal)};
}

void EnrolmentService::kioskSeenFrom(const std::string& address, std::int64_t nowMs) {
  m_kioskAddresses.seen(addressKey(address), nowMs);
}

int EnrolmentService::admit(const std::string& key, std::int64_t nowMs) {
  const bool nearKiosks = m_kioskAddresses.contains(key, nowMs);
  std::lock_guard lock(m_mutex);
  // Forget quiet addresses so that a scan from many addresses cannot grow the map forever.
  if (m_byAddress.size() > 100'000)
    std::erase_if(m_byAddress, [&](const auto& entry) {
      const Attempts& a = entry.second;
      return a.pending == 0 && a.lockedUntilMs <= nowMs && nowMs - a.windowStartMs > kWindowMs;
    });
  Attempts& mine = m_byAddress[key];
  mine.startWindowIfOver(nowMs);
  m_global.startWindowIfOver(nowMs);
  if (const int wait = mine.secondsToWait(kFailuresPerAddress, nowMs)) return wait;
  if (const int wait = m_global.secondsToWait(kFailuresGlobal, nowMs); wait && !nearKiosks) return wait;
  ++mine.pending;
  ++m_global.pending;
  return 0;
}

void EnrolmentService::finish(const std::string& key, bool wrongCode, std::int64_t nowMs) {
  std::lock_guard lock(m_mutex);
  const auto settle = [&](Attempts& a, int limit) {
    --a.pending;
    if (!wrongCode) return;
    a.startWindowIfOver(nowMs);
    if (++a.failures >= limit) a.lockedUntilMs = nowMs + kLockoutMs;
  };
  settle(m_byAddress[key], kFailuresPerAddress);  // there still: an entry with attempts pending is never forgotten
  settle(m_global, kFailuresGlobal);
}

Result<Enrolment> EnrolmentService::enrol(const std::string& code, const std::string& kioskName, const std::string& address,
                                          std::int64_t nowMs, Throttled* throttled) {
  const std::string key = addressKey(address);
  if (const int wait = admit(key, nowMs); wait > 0) {
    if (throttled) throttled->retryAfterSeconds = wait;
    const std::string when = wait < 60 ? std::to_string(wait) + " s" : std::to_string((wait + 59) / 60) + " min";
    return makeError(Errc::Invalid, "too many wrong enrolment codes; try again in " + when);
  }
  Slot slot(*this, key, nowMs);
  auto match = m_kiosks.findEnrolmentCode(candidateHashes(code), nowMs);
  if (!match) {
    if (match.error().code == Errc::NotFound) slot.countAsWrongCode();
    return match.error();
  }
  const std::string uuid = newUuid();
  NewKiosk kiosk{"kiosk-" + uuid.substr(0, 8) + uuid.substr(9, 4), match->unitId, kioskName, {}, nowMs};
  Enrolment enrolment{kiosk.id, newToken(), {}};
  kiosk.tokenHash = hashSecret(enrolment.token);
  if (Status added = m_kiosks.enrolKiosk(match->hash, kiosk, nowMs); !added) return added.error();
  auto unit = m_units.unit(match->unitId);
  if (!unit) return unit.error();
  enrolment.unit = std::move(*unit);
  return enrolment;
}

Result<KioskRecord> EnrolmentService::enrolDirectly(const std::string& unitId, const std::string& kioskName, std::int64_t nowMs) {
  auto code = issueCode(unitId, nowMs, 3'600'000);
  if (!code) return code.error();
  auto enrolled = enrol(*code, kioskName, "local", nowMs, nullptr);
  if (!enrolled) return enrolled.error();
  return m_kiosks.kioskByTokenHash(hashSecret(enrolled->token));
}

}  // namespace suara::hub
