#pragma once
// Where the hub keeps units, kiosks and responses. An interface so that PostgreSQL can
// follow SQLite; every implementation must be thread-safe (request handlers call it
// concurrently) and must make each ingest batch atomic.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "suara/core/config.hpp"
#include "suara/core/response.hpp"
#include "suara/core/result.hpp"
#include "suara/core/wire.hpp"

namespace suara::hub {

struct Counter {
  std::string id;    // e.g. "loket-1"
  std::string name;  // e.g. "Loket 1 (KTP)"
};

struct Unit {
  std::string id;
  std::string name;
  std::string survey = "quick-4";
  int utcOffsetHours = 7;
  std::vector<ServiceOption> services;
  std::vector<Counter> counters;
};

struct KioskRecord {
  std::string id;
  std::string unitId;
  std::string name;
  std::int64_t enrolledMs = 0;
  std::optional<std::int64_t> revokedMs;
  std::optional<std::int64_t> lastSeenMs;
  std::optional<std::int64_t> clockOffsetMs;  // hub time − kiosk wall time, last seen
  std::string lastHeartbeat;                  // JSON as sent
  std::int64_t responses = 0;
};

struct Enrolment {
  std::string kioskId;
  std::string token;  // shown once; only its hash is stored
  Unit unit;
};

// One validated item ready to store, with the hub's corrected time.
struct StoredItem {
  Response response;
  std::int64_t correctedMs = 0;
  std::uint32_t clockFlags = 0;
};

class HubStorage {
 public:
  virtual ~HubStorage() = default;

  virtual Status createUnit(const Unit& unit) = 0;
  virtual Result<std::vector<Unit>> units() = 0;
  virtual Result<Unit> unit(const std::string& id) = 0;

  // A one-time code for enrolling one kiosk into `unitId`, valid for `ttlMs`.
  virtual Result<std::string> createEnrolmentCode(const std::string& unitId, std::int64_t nowMs, std::int64_t ttlMs) = 0;
  // Spends the code: a new kiosk and its bearer token. Errc::NotFound for an unknown, used or
  // expired code.
  virtual Result<Enrolment> enrol(const std::string& code, const std::string& kioskName, std::int64_t nowMs) = 0;
  // The kiosk a token belongs to; Errc::NotFound if none. Revoked kiosks are returned (with
  // revokedMs set) so that the caller can say so.
  virtual Result<KioskRecord> authenticate(const std::string& token) = 0;
  virtual Result<std::vector<KioskRecord>> kiosks() = 0;
  virtual Status revokeKiosk(const std::string& kioskId, std::int64_t nowMs) = 0;
  virtual Status recordHeartbeat(const std::string& kioskId, const std::string& json, std::int64_t nowMs,
                                 std::int64_t clockOffsetMs) = 0;

  // Stores a batch atomically: every item is accepted, a duplicate (same id, same content) or
  // rejected as a conflict (same id, different content: the first one stands).
  virtual Result<std::vector<wire::ItemResult>> ingest(const KioskRecord& kiosk, const std::vector<StoredItem>& items,
                                                       std::int64_t nowMs) = 0;
  // Every stored response, with clock.wallMs replaced by the corrected time (for reports).
  virtual Result<std::vector<Response>> responses() = 0;
  virtual Result<std::int64_t> responseCount() = 0;
};

}  // namespace suara::hub
