#include "hub_fuzz_support.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "auth/secrets.hpp"
#include "suara/core/json_depth.hpp"
#include "suara/core/paths.hpp"

namespace suara::fuzz {

namespace {

[[noreturn]] void setupFailed(const std::string& what) {
  std::fprintf(stderr, "fuzz hub set-up: %s\n", what.c_str());
  std::abort();
}

std::filesystem::path makeTempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "suara-fuzz-XXXXXX").string();
  if (!mkdtemp(pattern.data())) setupFailed("cannot create a temporary directory");
  return pattern;
}

std::unique_ptr<hub::Storage> openIn(const std::filesystem::path& dir) {
  auto storage = hub::openStorage((dir / "hub.db").string(), hub::StorageRole::Server);
  if (!storage) setupFailed(storage.error().message);
  return std::move(*storage);
}

SurveyCatalog loadSurveys() {
  auto surveys = SurveyCatalog::load(assetsDir() / "surveys");
  if (!surveys) setupFailed(surveys.error().message);
  return std::move(*surveys);
}

// Compressed by the harness, so that a JSON body mutated by the fuzzer reaches the handler
// through the inflater. `gzip`: the gzip wrapper; otherwise zlib's ("deflate" in HTTP).
std::string compress(std::string_view raw, bool gzip) {
  z_stream z{};
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, gzip ? 15 + 16 : 15, 8, Z_DEFAULT_STRATEGY) != Z_OK) std::abort();
  std::string out(deflateBound(&z, static_cast<uLong>(raw.size())) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.data()));
  z.avail_in = static_cast<uInt>(raw.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  if (deflate(&z, Z_FINISH) != Z_STREAM_END) std::abort();
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

}  // namespace

FuzzHub& FuzzHub::instance() {
  static FuzzHub hub;
  return hub;
}

FuzzHub::FuzzHub()
    : m_dir(makeTempDir()),
      m_storage(openIn(m_dir)),
      m_surveys(loadSurveys()),
      m_ingest(std::make_unique<hub::IngestService>(*m_storage, *m_storage, m_surveys)),
      m_authenticator(*m_storage) {
  const std::int64_t now = hub::hubNowMs();
  hub::Unit unit{kUnitId, "Kecamatan Fuzz", "quick-4", 7,
                 {{"ktp", {"KTP-el", "ID card"}}, {"kk", {"Kartu Keluarga", "Family card"}}},
                 {{"loket-1", "Loket 1"}, {"loket-2", "Loket 2"}},
                 {},
                 {}};
  if (Status created = m_storage->createUnit(unit); !created) setupFailed(created.error().message);
  // Far from expiry: a long fuzz run must not see the code lapse.
  const auto codeHash = hub::keyedHash(m_storage->codeKey(), hub::normaliseEnrolmentCode(kEnrolmentCode));
  if (Status added = m_storage->addEnrolmentCode(codeHash, kUnitId, now + 10LL * 365 * 24 * 3600 * 1000); !added)
    setupFailed(added.error().message);
  hub::EnrolmentService enrolment(*m_storage, *m_storage, m_storage->codeKey());
  auto code = enrolment.issueCode(kUnitId, now);
  if (!code) setupFailed(code.error().message);
  auto kiosk = enrolment.enrol(*code, "loket-1", "local", now, nullptr);
  if (!kiosk) setupFailed(kiosk.error().message);
  m_kioskToken = kiosk->token;
}

FuzzHub::~FuzzHub() {
  m_ingest.reset();
  m_storage.reset();  // closes the database (and stops its checkpointer) before its files go
  std::error_code ec;
  std::filesystem::remove_all(m_dir, ec);
}

void FuzzHub::undoEnrolment(const std::string& kioskId) {
  // Behind the storage's back, on a connection of its own: the storage has no way to un-spend
  // a code, and a code spent for good would leave every later input a 403.
  try {
    SQLite::Database db((m_dir / "hub.db").string(), SQLite::OPEN_READWRITE);
    db.setBusyTimeout(5000);
    SQLite::Statement kiosk(db, "DELETE FROM kiosks WHERE id = ?");
    kiosk.bind(1, kioskId);
    kiosk.exec();
    const auto hash = hub::keyedHash(m_storage->codeKey(), hub::normaliseEnrolmentCode(kEnrolmentCode));
    SQLite::Statement code(db, "UPDATE enrolment_codes SET used_ms = NULL WHERE code_hash = ?");
    code.bind(1, hash.data(), static_cast<int>(hash.size()));
    code.exec();
  } catch (const std::exception& e) {
    setupFailed(std::string("cannot undo an enrolment: ") + e.what());
  }
}

InputHub::InputHub(FuzzHub& hub)
    : enrolment(hub.storage(), hub.storage(), hub.storage().codeKey()),
      services{hub.storage(), hub.ingest(), enrolment, nullptr},
      router(hub.authenticator(), hub::HttpLimits{}) {
  hub::addKioskApi(router, services);
}

std::optional<FuzzRequest> requestFrom(const std::uint8_t* data, std::size_t size, std::string path) {
  if (size == 0) return std::nullopt;
  FuzzRequest req;
  req.flags = data[0];
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  req.head.method = "POST";
  req.head.path = std::move(path);
  req.head.contentType = "application/json";
  req.head.remoteAddress = kClientAddress;
  switch (req.flags & 3) {
    case 0: req.wireBody = body; break;
    case 1: req.wireBody = compress(body, true), req.head.contentEncoding = "gzip"; break;
    case 2: req.wireBody = compress(body, false), req.head.contentEncoding = "deflate"; break;
    default: req.wireBody = body, req.head.contentEncoding = (req.flags & 4) ? "gzip" : "deflate"; break;
  }
  req.declaredLength = (req.flags & 8) ? 0 : req.wireBody.size();
  return req;
}

Outcome send(const hub::Router& router, FuzzRequest request) {
  Outcome outcome;
  outcome.request = std::move(request.head);
  auto routed = router.route(outcome.request, request.declaredLength);
  if (auto* refused = std::get_if<hub::HttpResponse>(&routed)) {
    outcome.response = std::move(*refused);
    return outcome;
  }
  outcome.routed = true;
  hub::MemoryBudget budget(router.limits().bodyMemoryBytes);  // one request at a time: never exhausted
  hub::MemoryBudget::Lease lease(budget);
  outcome.response = router.handle(std::get<hub::RoutedRequest>(routed), outcome.request, std::move(request.wireBody), lease);
  return outcome;
}

void fail(const Outcome& outcome, const std::string& why) {
  std::fprintf(stderr, "%s\n  status %d, body %s\n  decoded request body (%zu bytes): %.400s\n", why.c_str(),
               outcome.response.status, outcome.response.body.c_str(), outcome.request.body.size(), outcome.request.body.c_str());
  std::abort();
}

void checkCommon(const Outcome& outcome, std::initializer_list<int> allowed) {
  const auto& res = outcome.response;
  if (std::find(allowed.begin(), allowed.end(), res.status) == allowed.end()) fail(outcome, "unexpected status");
  if ((res.status == 429 || res.status == 503) && !res.retryAfterSeconds) fail(outcome, "no Retry-After");
  const auto body = nlohmann::json::parse(res.body, nullptr, false);
  if (!body.is_object()) fail(outcome, "the response body is not a JSON object");
  if (res.status != 200 && !(body.contains("error") && body["error"].is_string())) fail(outcome, "an error without a reason");
}

nlohmann::json parseBounded(std::string_view text) {
  if (jsonNestingDepth(text, hub::HttpLimits{}.maxJsonDepth) > hub::HttpLimits{}.maxJsonDepth) return nlohmann::json::value_t::discarded;
  return nlohmann::json::parse(text, nullptr, false);
}

// Structure only (lead and continuation bytes): enough to see text cut inside a character.
bool isValidUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k)
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    i += length;
  }
  return true;
}

}  // namespace suara::fuzz
