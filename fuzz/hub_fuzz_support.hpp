#pragma once
// What the route harnesses share: one hub per process (real SQLite storage in a temporary
// directory, the real services and resources) seeded with a unit, a live enrolment code and an
// enrolled kiosk; and one fuzzer input turned into a request that takes the path a request
// takes after the HTTP parser: Router::route (headers only), then Router::handle (body
// decoding with its caps, JSON depth, the resource).
//
// Input layout: byte 0 chooses how the body travels, the rest is the body.
//   bits 0-1: 0 sent as is; 1 gzip-compressed by the harness; 2 deflate (zlib) by the
//             harness (so the JSON behind the inflater gets fuzzed too); 3 the bytes are the
//             compressed stream itself (bit 2: gzip or deflate), for the inflater's own sake
//   bit 3:    chunked (no Content-Length) rather than a declared length
//   bit 4:    route-specific (see each harness)

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/resources.hpp"
#include "auth/authenticator.hpp"
#include "http/router.hpp"
#include "services/enrolment_service.hpp"
#include "services/ingest_service.hpp"
#include "storage/storage.hpp"

namespace suara::fuzz {

inline constexpr const char* kUnitId = "fuzz-unit";
// The live code the enrol harness keeps available (its seeds contain it).
inline constexpr const char* kEnrolmentCode = "FZZA-BCDE-2345";
inline constexpr const char* kClientAddress = "192.0.2.7";

class FuzzHub {
 public:
  // The process's hub, created on first use; aborts if it cannot be set up.
  static FuzzHub& instance();
  ~FuzzHub();

  hub::Storage& storage() { return *m_storage; }
  const hub::Authenticator& authenticator() const { return m_authenticator; }
  // The bearer token of the kiosk enrolled at start.
  const std::string& kioskToken() const { return m_kioskToken; }
  hub::IngestService& ingest() { return *m_ingest; }
  // Makes the enrolment code live again and removes `kioskId`, after an input enrolled it, so
  // that the next input finds the hub as it was (libFuzzer replays inputs one by one).
  void undoEnrolment(const std::string& kioskId);

 private:
  FuzzHub();

  std::filesystem::path m_dir;
  std::unique_ptr<hub::Storage> m_storage;
  SurveyCatalog m_surveys;
  std::unique_ptr<hub::IngestService> m_ingest;
  hub::Authenticator m_authenticator;
  std::string m_kioskToken;
};

// The whole kiosk API over the process's hub, with an enrolment service of its own: one per
// input keeps throttling from carrying over between inputs.
struct InputHub {
  explicit InputHub(FuzzHub& hub);
  hub::EnrolmentService enrolment;
  hub::HubServices services;
  hub::Router router;
};

// One request as the HTTP layer hands it on: the head, the declared length, the body as sent.
struct FuzzRequest {
  hub::HttpRequest head;
  std::size_t declaredLength = 0;
  std::string wireBody;
  std::uint8_t flags = 0;  // byte 0 of the input
  bool routeBit() const { return (flags & 0x10) != 0; }
};

// Nothing when the input is empty.
std::optional<FuzzRequest> requestFrom(const std::uint8_t* data, std::size_t size, std::string path);

// What the harness gets back: the response, and the decoded body if the route's handler ran.
struct Outcome {
  hub::HttpResponse response;
  bool routed = false;  // Router::route accepted the head; `request.body` is the decoded body
  hub::HttpRequest request;
};

Outcome send(const hub::Router& router, FuzzRequest request);

// The checks every route shares: a status in `allowed` (never a 500), an error body that is
// {"error": "..."}, Retry-After on 429 and 503. Prints the case and aborts otherwise.
void checkCommon(const Outcome& outcome, std::initializer_list<int> allowed);
[[noreturn]] void fail(const Outcome& outcome, const std::string& why);

// `text` parsed when it is JSON within the router's depth limit, otherwise discarded.
nlohmann::json parseBounded(std::string_view text);
bool isValidUtf8(std::string_view text);

}  // namespace suara::fuzz
