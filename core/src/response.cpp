#include "suara/core/response.hpp"

#include <uuid/uuid.h>

#include <algorithm>
#include <ctime>
#include <tuple>
#include <fstream>

#include <nlohmann/json.hpp>

#include "suara/core/skm_elements.hpp"

namespace suara {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxIdLength = 64;
constexpr std::size_t kMaxAnswers = 16;
constexpr std::size_t kMaxReasons = 16;
constexpr std::size_t kMaxListLength = 16;  // reasons, skipped

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

struct FlagName {
  std::uint32_t bit;
  std::string_view name;
};
constexpr FlagName kFlagNames[] = {{flags::kPartial, "partial"}, {flags::kRapidRepeat, "rapid_repeat"}};

constexpr std::uint32_t kKnownFlags = flags::kPartial | flags::kRapidRepeat;

// Reads JSON fields, keeping the first type error (wire input is rejected whole).
class FieldReader {
 public:
  FieldReader(const json& object, std::string prefix) : m_object(object), m_prefix(std::move(prefix)) {}
  const std::string& error() const { return m_error; }
  bool failed() const { return !m_error.empty(); }

  void fail(std::string message) {
    if (m_error.empty()) m_error = std::move(message);
  }
  std::string name(const char* key) const { return "'" + m_prefix + key + "'"; }
  const json* get(const char* key) const {
    const auto it = m_object.find(key);
    return it == m_object.end() || it->is_null() ? nullptr : &*it;
  }
  std::string text(const char* key, bool required) {
    const json* value = get(key);
    if (!value) {
      if (required) fail(name(key) + " is missing");
      return {};
    }
    if (!value->is_string()) fail(name(key) + " must be a string");
    return value->is_string() ? value->get<std::string>() : std::string();
  }
  // An optional array of ids; more than kMaxListLength entries is refused before copying.
  std::vector<std::string> ids(const char* key, const char* what) {
    std::vector<std::string> out;
    const json* value = get(key);
    if (!value) return out;
    if (!value->is_array() || value->size() > kMaxListLength) {
      fail(name(key) + " must be an array of at most " + std::to_string(kMaxListLength) + " " + what);
      return out;
    }
    for (const auto& id : *value) {
      if (!id.is_string()) fail(name(key) + " has an invalid entry");
      else out.push_back(id.get<std::string>());
    }
    return out;
  }
  std::int64_t integer(const char* key) {
    const json* value = get(key);
    if (!value || !value->is_number_integer()) {
      fail(name(key) + " must be an integer");
      return 0;
    }
    return value->is_number_unsigned() && value->get<std::uint64_t>() > INT64_MAX ? -1 : value->get<std::int64_t>();
  }

 private:
  const json& m_object;
  std::string m_prefix;
  std::string m_error;
};

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
      return invalid(std::string("'respondent.") + key + "' has unknown value '" + *value + "'");
  if (r.clock.wallMs < 0 || r.clock.monoMs < 0) return invalid("'clock' times must not be negative");
  if (r.clock.wallMs > kMaxClockMs || r.clock.monoMs > kMaxClockMs) return invalid("'clock' times must not be later than the year 9999");
  if (!isCanonicalUuid(r.clock.bootId)) return invalid("'clock.boot' must be a canonical UUID");
  if (r.flags & ~kKnownFlags) return invalid("'flags' has an unknown flag");
  return {};
}

Result<Response> responseFromJson(const json& j) {
  if (!j.is_object()) return makeError(Errc::Invalid, "a response must be a JSON object");
  FieldReader reader(j, "");
  Response r;
  r.uuid = reader.text("id", true);
  r.seq = reader.integer("seq");
  if (r.seq < 1) reader.fail("'seq' is out of range");
  r.amends = reader.text("amends", false);
  if (r.isAmendment()) {
    // An amendment: any survey fields sent along are kept, so that validation refuses them.
    r.surveyId = reader.text("survey", false);
    if (reader.get("answers") || reader.get("skipped")) reader.fail("an amendment carries no 'answers' or 'skipped'");
  } else {
    r.surveyId = reader.text("survey", true);
    const std::int64_t version = reader.integer("survey_version");
    r.surveyVersion = version > 0 && version <= 1'000'000 ? static_cast<int>(version) : 0;
    const json* answers = reader.get("answers");
    if (!answers || !answers->is_object()) {
      reader.fail("'answers' must be an object of element code -> score");
    } else {
      for (const auto& [code, score] : answers->items()) {
        if (!score.is_number_integer()) reader.fail("'answers." + code + "' must be an integer from 1 to 4");
        else r.answers.emplace(code, score.get<long long>() < 0 || score.get<long long>() > kMaxScore ? 0 : score.get<int>());
      }
    }
    r.skipped = reader.ids("skipped", "element codes");
  }
  r.reasons = reader.ids("reasons", "reason ids");
  r.unitId = reader.text("unit", false);
  r.serviceId = reader.text("service", false);
  r.counterId = reader.text("counter", false);
  r.officerId = reader.text("officer", false);
  if (const json* profile = reader.get("respondent")) {
    if (!profile->is_object()) {
      reader.fail("'respondent' must be an object");
    } else {
      FieldReader p(*profile, "respondent.");
      r.respondent = {p.text("gender", false), p.text("age", false), p.text("education", false), p.text("occupation", false)};
      if (p.failed()) reader.fail(p.error());
    }
  }
  const json* clock = reader.get("clock");
  if (!clock || !clock->is_object()) {
    reader.fail("'clock' must be an object with wall_ms, mono_ms and boot");
  } else {
    FieldReader c(*clock, "clock.");
    r.clock = {c.integer("wall_ms"), c.integer("mono_ms"), c.text("boot", true)};
    if (c.failed()) reader.fail(c.error());
  }
  if (const json* names = reader.get("flags")) {
    if (!names->is_array()) reader.fail("'flags' must be an array");
    else
      for (const auto& name : *names) {
        const auto known = std::find_if(std::begin(kFlagNames), std::end(kFlagNames), [&](const FlagName& f) {
          return name.is_string() && name.get_ref<const std::string&>() == f.name;
        });
        if (known == std::end(kFlagNames)) reader.fail("'flags' has an unknown flag");
        else r.flags |= known->bit;
      }
  }
  if (reader.failed()) return makeError(Errc::Invalid, reader.error());
  if (Status valid = validateResponse(r); !valid) return valid.error();
  return r;
}

}  // namespace suara
