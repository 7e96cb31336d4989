#include "enrollment.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <tuple>

#include <nlohmann/json.hpp>

#include "http_transport.hpp"

namespace suara::sync {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {
// A UTC offset in hours at `key` of an object; nullopt when absent or not a plausible one
// (it only decides report periods: a missing one falls back, it never blocks the kiosk).
std::optional<int> utcOffsetAt(const json& object, const char* key) {
  if (!object.is_object()) return std::nullopt;
  const auto found = object.find(key);
  if (found == object.end() || !found->is_number_integer()) return std::nullopt;
  const auto hours = found->get<std::int64_t>();
  return hours >= -12 && hours <= 14 ? std::optional<int>(static_cast<int>(hours)) : std::nullopt;
}
}  // namespace

fs::path enrollmentFile(const fs::path& dataDir) { return dataDir / "enrollment.json"; }

Result<Enrollment> loadEnrollment(const fs::path& dataDir) {
  const fs::path file = enrollmentFile(dataDir);
  std::ifstream in(file);
  if (!in) return makeError(Errc::NotFound, "not enrolled (no " + file.string() + ")");
  std::stringstream text;
  text << in.rdbuf();
  const json j = json::parse(text.str(), nullptr, false);
  if (!j.is_object()) return makeError(Errc::Invalid, file.string() + ": damaged (not a JSON object); enrol the kiosk again");
  // Every key is checked for its type before it is read: a wrong type is this one-line
  // error, never an exception.
  auto text_ = [&](const char* key, bool required) -> Result<std::string> {
    const auto found = j.find(key);
    if (found == j.end() && !required) return std::string();
    if (found == j.end()) return makeError(Errc::Invalid, file.string() + ": damaged (missing '" + key + "'); enrol the kiosk again");
    if (!found->is_string())
      return makeError(Errc::Invalid, file.string() + ": damaged ('" + key + "' must be text, got " + found->type_name() +
                                          "); enrol the kiosk again");
    if (required && found->get_ref<const std::string&>().empty())
      return makeError(Errc::Invalid, file.string() + ": damaged ('" + key + "' is empty); enrol the kiosk again");
    return found->get<std::string>();
  };
  Enrollment e;
  for (auto [key, target, required] : {std::tuple{"hub_url", &e.hubUrl, true}, std::tuple{"kiosk_id", &e.kioskId, true},
                                       std::tuple{"token", &e.token, true}, std::tuple{"unit_id", &e.unitId, true},
                                       std::tuple{"unit_name", &e.unitName, false}}) {
    auto value = text_(key, required);
    if (!value) return value.error();
    *target = std::move(*value);
  }
  e.unitUtcOffsetHours = utcOffsetAt(j, "unit_utc_offset_hours");
  return e;
}

Status saveEnrollment(const fs::path& dataDir, const Enrollment& e) {
  std::error_code ec;
  fs::create_directories(dataDir, ec);
  json record = {{"hub_url", e.hubUrl}, {"kiosk_id", e.kioskId}, {"token", e.token}, {"unit_id", e.unitId}, {"unit_name", e.unitName}};
  if (e.unitUtcOffsetHours) record["unit_utc_offset_hours"] = *e.unitUtcOffsetHours;
  const std::string text = record.dump(2);
  const fs::path file = enrollmentFile(dataDir), temp = file.string() + ".new";
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return makeError(Errc::Io, "cannot write " + temp.string() + ": " + std::strerror(errno));
  ::fchmod(fd, 0600);  // even if the file existed with wider permissions
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!written || ::rename(temp.c_str(), file.c_str()) != 0) {
    fs::remove(temp, ec);
    return makeError(Errc::Io, "cannot write " + file.string());
  }
  return {};
}

Result<Enrollment> enroll(const fs::path& dataDir, const std::string& hubUrl, const std::string& code,
                          const std::string& kioskName, bool verifyTls) {
  std::string base = hubUrl;
  while (!base.empty() && base.back() == '/') base.pop_back();
  TransportOptions options;
  options.verifyTls = verifyTls;
  HttpTransport transport(options);
  auto reply = transport.post(base + "/v1/enroll", json{{"code", code}, {"name", kioskName}}.dump(), "", false);
  if (!reply) return reply.error();
  const json body = json::parse(reply->body, nullptr, false);
  auto textAt = [](const json& object, const char* key) -> const std::string* {
    if (!object.is_object()) return nullptr;
    const auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get_ptr<const std::string*>() : nullptr;
  };
  if (reply->status == 403) {
    const std::string* why = textAt(body, "error");
    return makeError(Errc::Invalid, "the hub refused the code: " + (why ? *why : std::string("no reason given")));
  }
  const std::string *token = textAt(body, "token"), *kioskId = textAt(body, "kiosk_id");
  const json unit = body.is_object() && body.contains("unit") ? body["unit"] : json();
  const std::string *unitId = textAt(unit, "id"), *unitName = textAt(unit, "name");
  if (reply->status != 200 || !token || !kioskId || !unitId || token->empty() || kioskId->empty() || unitId->empty())
    return makeError(Errc::Io, "unexpected enrolment reply from " + base + " (HTTP " + std::to_string(reply->status) + ")");
  Enrollment e{base, *kioskId, *token, *unitId, unitName ? *unitName : std::string(), utcOffsetAt(unit, "utc_offset_hours")};
  if (Status saved = saveEnrollment(dataDir, e); !saved) return saved.error();
  return e;
}

}  // namespace suara::sync
