#pragma once
// Kiosk configuration (TOML). Every key is optional and has a sensible default, but a key
// that is unknown, of the wrong type or out of range is an error naming the key and line:
// a typo must never silently fall back to a default at a service counter.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "suara/core/result.hpp"
#include "suara/core/text.hpp"

namespace suara {

struct ServiceOption {
  std::string id;
  LocalizedText name;  // name_en falls back to the Indonesian name
};

enum class PartialPolicy { Keep, Discard };
// When the kiosk asks which service the citizen received: before the rating (the rating
// then takes two taps), after it as an optional follow-up, or not at all.
enum class ServiceQuestion { Before, After, Never };
// The respondent profile's questions, in the order asked.
enum class ProfileField { Gender, Age, Education, Occupation };
std::string_view profileFieldKey(ProfileField field);  // "gender", "age", "education", "occupation"

struct KioskConfig {
  struct Kiosk {
    std::string unitId = "unit";
    std::string unitName = "Unit Layanan";
    std::string counterId;
    std::string officerId;
    std::string survey = "quick-4";
    Language language = Language::Indonesian;
  } kiosk;

  struct Flow {
    int idleTimeoutSeconds = 45;    // walk-away timeout mid-survey
    int followUpTimeoutSeconds = 20;  // walk-away timeout on the optional follow-up screens
    int thankYouSeconds = 4;
    int cooldownSeconds = 3;        // taps ignored after a submission
    int rapidRepeatSeconds = 20;    // a submission this soon after the last is flagged
    int inputGuardMs = 300;         // taps ignored after each new screen or question
    PartialPolicy partial = PartialPolicy::Keep;
    ServiceQuestion askService = ServiceQuestion::After;
    bool askProfile = true;         // offer the optional (opt-in) respondent profile
    // Minimal by default: no gender unless a unit needs it for its report (UU PDP 27/2022).
    std::vector<ProfileField> profileFields = {ProfileField::Age, ProfileField::Education, ProfileField::Occupation};
  } flow;

  std::vector<ServiceOption> services;

  struct Sync {
    std::string hubUrl;             // empty: not enrolled / offline
    int intervalSeconds = 60;
    int batchSize = 500;
    std::string pinnedPublicKey;    // optional curl "sha256//..." pin
  } sync;

  struct Store {
    int retentionDays = 30;         // acknowledged responses are kept this long
    std::int64_t maxSizeMb = 0;     // 0: no limit beyond the disk itself
    std::int64_t reserveMb = 16;    // kept free on the disk for acknowledging and pruning
  } store;
};

Result<KioskConfig> parseKioskConfig(std::string_view tomlText, std::string_view origin);
// Reads `file`; a missing or unreadable file is an error that names the path tried.
Result<KioskConfig> loadKioskConfig(const std::filesystem::path& file);

}  // namespace suara
