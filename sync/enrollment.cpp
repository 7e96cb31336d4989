#include "enrollment.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "http_transport.hpp"

namespace suara::sync {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path enrollmentFile(const fs::path& dataDir) { return dataDir / "enrollment.json"; }

Result<Enrollment> loadEnrollment(const fs::path& dataDir) {
  const fs::path file = enrollmentFile(dataDir);
  std::ifstream in(file);
  if (!in) return makeError(Errc::NotFound, "not enrolled (no " + file.string() + ")");
  std::stringstream text;
  text << in.rdbuf();
  const json j = json::parse(text.str(), nullptr, false);
  const char* keys[] = {"hub_url", "kiosk_id", "token", "unit_id"};
  for (const char* key : keys)
    if (!j.is_object() || !j.contains(key) || !j[key].is_string())
      return makeError(Errc::Invalid, file.string() + ": damaged (missing '" + key + "'); enrol the kiosk again");
  return Enrollment{j["hub_url"], j["kiosk_id"], j["token"], j["unit_id"], j.value("unit_name", "")};
}

Status saveEnrollment(const fs::path& dataDir, const Enrollment& e) {
  std::error_code ec;
  fs::create_directories(dataDir, ec);
  const std::string text = json{{"hub_url", e.hubUrl}, {"kiosk_id", e.kioskId}, {"token", e.token},
                                {"unit_id", e.unitId}, {"unit_name", e.unitName}}
                               .dump(2);
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
  if (reply->status == 403) return makeError(Errc::Invalid, "the hub refused the code: " + body.value("error", std::string("unknown")));
  if (reply->status != 200 || !body.is_object() || !body.contains("token") || !body["token"].is_string() ||
      !body.contains("kiosk_id") || !body.contains("unit"))
    return makeError(Errc::Io, "unexpected enrolment reply from " + base + " (HTTP " + std::to_string(reply->status) + ")");
  Enrollment e{base, body["kiosk_id"], body["token"], body["unit"].value("id", ""), body["unit"].value("name", "")};
  if (Status saved = saveEnrollment(dataDir, e); !saved) return saved.error();
  return e;
}

}  // namespace suara::sync
