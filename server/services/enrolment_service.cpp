#include "services/enrolment_service.hpp"

#include <algorithm>

#include "auth/secrets.hpp"

namespace suara::hub {

namespace {
int seconds(std::int64_t ms) { return static_cast<int>((ms + 999) / 1000); }
}  // namespace

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

int EnrolmentService::retryAfter(const std::string& address, std::int64_t nowMs) {
  std::lock_guard lock(m_mutex);
  if (m_global.lockedUntilMs > nowMs) return seconds(m_global.lockedUntilMs - nowMs);
  const auto it = m_byAddress.find(address);
  if (it != m_byAddress.end() && it->second.lockedUntilMs > nowMs) return seconds(it->second.lockedUntilMs - nowMs);
  return 0;
}

void EnrolmentService::recordFailure(const std::string& address, std::int64_t nowMs) {
  std::lock_guard lock(m_mutex);
  const auto count = [&](Failures& f, int limit) {
    if (nowMs - f.windowStartMs > kWindowMs) f = {0, nowMs, f.lockedUntilMs};
    if (++f.count >= limit) f.lockedUntilMs = nowMs + kLockoutMs;
  };
  count(m_byAddress[address], kFailuresPerAddress);
  count(m_global, kFailuresGlobal);
  // Forget quiet addresses so that a scan from many addresses cannot grow the map forever.
  if (m_byAddress.size() > 100'000)
    std::erase_if(m_byAddress, [&](const auto& entry) {
      return entry.second.lockedUntilMs <= nowMs && nowMs - entry.second.windowStartMs > kWindowMs;
    });
}

Result<Enrolment> EnrolmentService::enrol(const std::string& code, const std::string& kioskName, const std::string& address,
                                          std::int64_t nowMs, Throttled* throttled) {
  if (const int wait = retryAfter(address, nowMs); wait > 0) {
    if (throttled) throttled->retryAfterSeconds = wait;
    return makeError(Errc::Invalid, "too many wrong enrolment codes; try again in " + std::to_string((wait + 59) / 60) + " min");
  }
  auto match = m_kiosks.findEnrolmentCode(candidateHashes(code), nowMs);
  if (!match) {
    if (match.error().code == Errc::NotFound) recordFailure(address, nowMs);
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
