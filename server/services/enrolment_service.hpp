#pragma once
// Enrolling kiosks with one-time codes. Codes are 60 bits, typed in groups, valid 72 hours by
// default, stored only as keyed hashes.
//
// Guessing is throttled. After kFailuresPerAddress wrong codes within the window an address is
// locked out (even the right code waits); after kFailuresGlobal wrong codes from everywhere
// within the window every attempt waits, except from an address kiosks have authenticated
// from lately (kioskSeenFrom): technicians enrol new kiosks from the buildings, and behind the
// NATs, of existing ones, and a spray from rented addresses must not lock them out. Such an
// address keeps its own limit. IPv6 addresses count by their /64 (addressKey). Each attempt
// takes its place under both limits before its code is looked up and gives it back unless the
// code was wrong, so guesses sent at once cannot pass a limit. A wrong guess reads the
// database only; it never takes the write lock. Thread-safe.

#include <mutex>
#include <string>
#include <unordered_map>

#include "services/client_addresses.hpp"
#include "storage/storage.hpp"

namespace suara::hub {

struct Enrolment {
  std::string kioskId;
  std::string token;  // shown once; only its hash is stored
  Unit unit;
};

// Why an attempt was refused before the code was looked at, and for how long.
struct Throttled {
  int retryAfterSeconds = 0;
};

class EnrolmentService {
 public:
  static constexpr int kFailuresPerAddress = 10;
  static constexpr int kFailuresGlobal = 200;
  static constexpr std::int64_t kWindowMs = 15 * 60 * 1000;   // failures counted over this
  static constexpr std::int64_t kLockoutMs = 15 * 60 * 1000;  // and an address locked this long
  static constexpr std::int64_t kDefaultTtlMs = 72 * 3600 * 1000LL;
  // How long an address kiosks authenticated from stays exempt from the global lock-out, and
  // how many such addresses are remembered (a hub's sites; memory stays bounded).
  static constexpr std::int64_t kKioskAddressTtlMs = 30 * 24 * 3600 * 1000LL;
  static constexpr std::size_t kMaxKioskAddresses = 65'536;

  EnrolmentService(UnitStore& units, KioskStore& kiosks, const SecretHash& codeKey)
      : m_units(units), m_kiosks(kiosks), m_codeKey(codeKey) {}

  Result<std::string> issueCode(const std::string& unitId, std::int64_t nowMs, std::int64_t ttlMs = kDefaultTtlMs);
  // A kiosk enrolled without a device (demo data, benchmarks, tests): a code issued and spent
  // at once; the record as authentication would return it.
  Result<KioskRecord> enrolDirectly(const std::string& unitId, const std::string& kioskName, std::int64_t nowMs);
  // Errc::NotFound for an unknown, used or expired code; `throttled` set when refused for
  // too many failures (the result is then an error too).
  Result<Enrolment> enrol(const std::string& code, const std::string& kioskName, const std::string& address, std::int64_t nowMs,
                          Throttled* throttled);
  // A kiosk authenticated from `address` (a heartbeat, a batch): enrolment from there is not
  // stopped by the global lock-out for kKioskAddressTtlMs.
  void kioskSeenFrom(const std::string& address, std::int64_t nowMs);

 private:
  struct Attempts {
    int failures = 0;  // wrong codes within the window
    int pending = 0;   // admitted, their codes being looked up
    std::int64_t windowStartMs = 0, lockedUntilMs = 0;
    void startWindowIfOver(std::int64_t nowMs);
    int secondsToWait(int limit, std::int64_t nowMs) const;  // 0: one more attempt fits
  };
  class Slot;
  // Takes an attempt's place under the limits of `key` and the global ones: 0; or the
  // seconds to wait, taking nothing.
  int admit(const std::string& key, std::int64_t nowMs);
  // Gives an admitted attempt's place back; a wrong code stays counted as a failure.
  void finish(const std::string& key, bool wrongCode, std::int64_t nowMs);
  std::vector<SecretHash> candidateHashes(const std::string& code) const;

  UnitStore& m_units;
  KioskStore& m_kiosks;
  SecretHash m_codeKey;
  std::mutex m_mutex;
  std::unordered_map<std::string, Attempts> m_byAddress;  // by addressKey
  Attempts m_global;
  RecentAddresses m_kioskAddresses{kKioskAddressTtlMs, kMaxKioskAddresses};
};

}  // namespace suara::hub
