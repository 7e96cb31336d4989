#pragma once
// The kiosk's identity at its hub: <data dir>/enrollment.json, readable by its owner only.

#include <filesystem>
#include <optional>
#include <string>

#include "suara/core/result.hpp"

namespace suara::sync {

struct Enrollment {
  std::string hubUrl;
  std::string kioskId;
  std::string token;      // secret: never printed or logged
  std::string unitId;
  std::string unitName;
  // The unit's hours from UTC as the hub said at enrolment (nullopt: enrolled by an older
  // version): written into USB exports, so a report on one counts periods in the unit's time.
  std::optional<int> unitUtcOffsetHours;
};

std::filesystem::path enrollmentFile(const std::filesystem::path& dataDir);
// Errc::NotFound when the kiosk has not been enrolled.
Result<Enrollment> loadEnrollment(const std::filesystem::path& dataDir);
// Written atomically with mode 0600.
Status saveEnrollment(const std::filesystem::path& dataDir, const Enrollment& enrollment);

// Spends a one-time code at the hub (POST /v1/enroll) and saves the result.
Result<Enrollment> enroll(const std::filesystem::path& dataDir, const std::string& hubUrl, const std::string& code,
                          const std::string& kioskName, bool verifyTls = true);

}  // namespace suara::sync
