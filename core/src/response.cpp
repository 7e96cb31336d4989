#include "suara/core/response.hpp"

#include <uuid/uuid.h>

#include <algorithm>
#include <ctime>
#include <tuple>
#include <fstream>

#include <nlohmann/json.hpp>

#include "suara/core/skm_elements.hpp"
#include "response_decoder.hpp"
#include "response_fields.hpp"

namespace suara {

using nlohmann::json;
using detail::kFlagNames;
using detail::kMaxIdLength;

// A response is an object of scalars, arrays and small objects: two levels.
constexpr std::size_t kMaxResponseJsonDepth = 4;

namespace {

constexpr std::size_t kMaxAnswers = 16;
constexpr std::size_t kMaxReasons = 16;

std::int64_t clockMs(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

std::string readBootId() {
  std::ifstream in("/proc/sys/kernel/random/boot_id");
  std::string id;
  std::getline(in, id);
  return isCanonicalUuid(id) ? id : std::string("00000000-0000-0000-0000-000000000000");
}

// A code or id as stored: 1..64 characters of [A-Za-z0-9_.-].
bool isToken(std::string_view text) {
  if (text.empty() || text.size() > kMaxIdLength) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
  });
}

bool oneOf(std::string_view value, const std::vector<std::string_view>& allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

constexpr std::uint32_t kKnownFlags = flags::kPartial | flags::kRapidRepeat;

Status invalid(std::string message) { return makeError(Errc::Invalid, std::move(message)); }

}  // namespace

ClockStamp clockNow() {
  static const std::string bootId = readBootId();
  return ClockStamp{clockMs(CLOCK_REALTIME), clockMs(CLOCK_BOOTTIME), bootId};
}

const std::vector<std::string_view>& respondentGenders() {
  static const std::vector<std::string_view> values{"male", "female"};
  return values;
}
const std::vector<std::string_view>& respondentAgeBands() {
  static const std::vector<std::string_view> values{"under_20", "20_29", "30_39", "40_49", "50_59", "60_plus"};
  return values;
}
const std::vector<std::string_view>& respondentEducations() {
  static const std::vector<std::string_view> values{"none", "sd", "smp", "sma", "diploma", "s1", "s2_plus"};
  return values;
}
const std::vector<std::string_view>& respondentOccupations() {
  static const std::vector<std::string_view> values{"pns",     "tni_polri",      "swasta",         "wirausaha",    "petani_nelayan",
                                                    "pelajar", "ibu_rumah_tangga", "tidak_bekerja", "lainnya"};
  return values;
}

std::string newUuid() {
  uuid_t raw;
  uuid_generate_random(raw);
  char text[37];
  uuid_unparse_lower(raw, text);
  return text;
}

bool isCanonicalUuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

json toJson(const Response& r) {
  json j = {{"id", r.uuid}, {"seq", r.seq}};
  if (r.isAmendment()) {
    j["amends"] = r.amends;
  } else {
    j["survey"] = r.surveyId;
    j["survey_version"] = r.surveyVersion;
    json answers = json::object();
    for (const auto& [code, score] : r.answers) answers[code] = score;
    j["answers"] = std::move(answers);
    if (!r.skipped.empty()) j["skipped"] = r.skipped;
  }
  if (!r.reasons.empty()) j["reasons"] = r.reasons;
  auto optional = [&](const char* key, const std::string& value) {
    if (!value.empty()) j[key] = value;
  };
  optional("unit", r.unitId);
  optional("service", r.serviceId);
  optional("counter", r.counterId);
  optional("officer", r.officerId);
  if (!r.respondent.empty()) {
    json p = json::object();
    if (!r.respondent.gender.empty()) p["gender"] = r.respondent.gender;
    if (!r.respondent.ageBand.empty()) p["age"] = r.respondent.ageBand;
    if (!r.respondent.education.empty()) p["education"] = r.respondent.education;
    if (!r.respondent.occupation.empty()) p["occupation"] = r.respondent.occupation;
    j["respondent"] = std::move(p);
  }
  j["clock"] = {{"wall_ms", r.clock.wallMs}, {"mono_ms", r.clock.monoMs}, {"boot", r.clock.bootId}};
  if (r.flags) {
    json names = json::array();
    for (const auto& flag : kFlagNames)
      if (r.flags & flag.bit) names.push_back(flag.name);
    j["flags"] = std::move(names);
  }
  return j;
}

namespace {

Status validateAmendment(const Response& r) {
  if (!isCanonicalUuid(r.amends)) return invalid("'amends' must be a lower-case canonical UUID");
  if (r.amends == r.uuid) return invalid("'amends' must name another item than itself");
  if (!r.surveyId.empty() || !r.answers.empty() || !r.skipped.empty())
    return invalid("an amendment carries no 'survey', 'answers' or 'skipped': it only adds follow-ups to its rating");
  if (!r.unitId.empty() || !r.counterId.empty() || !r.officerId.empty())
    return invalid("an amendment carries no 'unit', 'counter' or 'officer': they belong to its rating");
  if (r.flags != 0) return invalid("an amendment carries no 'flags'");
  if (r.reasons.empty() && r.serviceId.empty() && r.respondent.empty())
    return invalid("an amendment must add 'reasons', 'service' or 'respondent'");
  return {};
}

Status validateRating(const Response& r) {
  if (!isToken(r.surveyId)) return invalid("'survey' must be 1 to 64 characters of letters, digits, '_', '-' or '.'");
  if (r.surveyVersion < 1) return invalid("'survey_version' is out of range");
  if (r.answers.size() > kMaxAnswers) return invalid("'answers' has too many entries");
  for (const auto& [code, score] : r.answers) {
    if (!isToken(code)) return invalid("'answers' has an invalid element code");
    if (score < kMinScore || score > kMaxScore) return invalid("'answers." + code + "' must be an integer from 1 to 4");
  }
  if (r.skipped.size() > kMaxAnswers) return invalid("'skipped' has too many entries");
  for (std::size_t i = 0; i < r.skipped.size(); ++i) {
    const std::string& code = r.skipped[i];
    if (!isToken(code)) return invalid("'skipped' has an invalid element code");
    if (r.answers.count(code)) return invalid("'" + code + "' is both answered and skipped");
    if (std::find(r.skipped.begin(), r.skipped.begin() + static_cast<std::ptrdiff_t>(i), code) != r.skipped.begin() + static_cast<std::ptrdiff_t>(i))
      return invalid("'skipped' lists '" + code + "' twice");
  }
  return {};
}

}  // namespace

Status validateResponse(const Response& r) {
  if (!isCanonicalUuid(r.uuid)) return invalid("'id' must be a lower-case canonical UUID");
  if (r.seq < 0) return invalid("'seq' is out of range");
  if (Status shape = r.isAmendment() ? validateAmendment(r) : validateRating(r); !shape) return shape;
  if (r.reasons.size() > kMaxReasons) return invalid("'reasons' must list at most 16 reason ids");
  for (const auto& reason : r.reasons)
    if (!isToken(reason)) return invalid("'reasons' has an invalid reason id");
  const std::pair<const char*, const std::string*> ids[] = {
      {"unit", &r.unitId}, {"service", &r.serviceId}, {"counter", &r.counterId}, {"officer", &r.officerId}};
  for (const auto& [key, value] : ids)
    if (!value->empty() && !isToken(*value))
      return invalid(std::string("'") + key + "' must be 1 to 64 characters of letters, digits, '_', '-' or '.'");
  const std::tuple<const char*, const std::string*, const std::vector<std::string_view>*> profile[] = {
      {"gender", &r.respondent.gender, &respondentGenders()},
      {"age", &r.respondent.ageBand, &respondentAgeBands()},
      {"education", &r.respondent.education, &respondentEducations()},
      {"occupation", &r.respondent.occupation, &respondentOccupations()}};
  for (const auto& [key, value, allowed] : profile)
    if (!value->empty() && !oneOf(*value, *allowed))
      return invalid(std::string("'respondent.") + key + "' has unknown value '" + std::string(utf8Prefix(*value, kMaxIdLength)) + "'");
  if (r.clock.wallMs < 0 || r.clock.monoMs < 0) return invalid("'clock' times must not be negative");
  if (r.clock.wallMs > kMaxClockMs || r.clock.monoMs > kMaxClockMs) return invalid("'clock' times must not be later than the year 9999");
  if (!isCanonicalUuid(r.clock.bootId)) return invalid("'clock.boot' must be a canonical UUID");
  if (r.flags & ~kKnownFlags) return invalid("'flags' has an unknown flag");
  return {};
}

Result<Response> responseFromJson(const json& j) {
  return responseFromJsonText(j.dump(-1, ' ', false, json::error_handler_t::replace));
}

Result<Response> responseFromJsonText(std::string_view text) {
  detail::ParsedJson parsed;
  detail::parseJson(text, kMaxResponseJsonDepth, parsed);
  if (parsed.error == simdjson::DEPTH_ERROR) return makeError(Errc::Invalid, "a response nests too deeply");
  if (parsed.error != simdjson::SUCCESS) return makeError(Errc::Invalid, "not valid JSON");
  return detail::decodeResponse(parsed.root);
}

}  // namespace suara
