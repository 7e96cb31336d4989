#include "http_transport.hpp"

#include <curl/curl.h>
#include <zlib.h>

#include <cctype>
#include <stdexcept>

namespace suara::sync {

namespace {

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
  ~CurlGlobal() { curl_global_cleanup(); }
};

// The hub's largest answer (a batch's per-item results) is well under a megabyte; a reply
// beyond this is not the hub's and must not take the kiosk's memory.
constexpr std::size_t kMaxReplyBytes = 8 * 1024 * 1024;

std::size_t appendBody(char* data, std::size_t size, std::size_t count, void* target) {
  auto* body = static_cast<std::string*>(target);
  if (body->size() + size * count > kMaxReplyBytes) return 0;  // ends the transfer: CURLE_WRITE_ERROR
  body->append(data, size * count);
  return size * count;
}

std::size_t readHeader(char* data, std::size_t size, std::size_t count, void* target) {
  auto* reply = static_cast<HttpReply*>(target);
  std::string line(data, size * count);
  const auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) value.erase(0, 1);
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.pop_back();
    if (name == "retry-after" && !value.empty() && value.find_first_not_of("0123456789") == std::string::npos)
      reply->retryAfter = std::chrono::seconds(std::stol(value.substr(0, 9)));
    if (name == "content-type") reply->contentType = value;
  }
  return size * count;
}

}  // namespace

std::string gzipCompress(const std::string& data) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("zlib deflateInit2 failed");
  std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (rc != Z_STREAM_END) throw std::runtime_error("zlib deflate failed");
  return out;
}

HttpTransport::HttpTransport(TransportOptions options) : m_options(std::move(options)) {
  static CurlGlobal global;
  m_curl = curl_easy_init();
  m_multi = curl_multi_init();
  if (!m_curl || !m_multi) throw std::runtime_error("curl_easy_init failed");
}

HttpTransport::~HttpTransport() {
  curl_multi_cleanup(static_cast<CURLM*>(m_multi));
  curl_easy_cleanup(static_cast<CURL*>(m_curl));
}

void HttpTransport::abort() {
  m_aborted = true;
  curl_multi_wakeup(static_cast<CURLM*>(m_multi));
}

Result<HttpReply> HttpTransport::post(const std::string& url, const std::string& body, const std::string& bearer, bool gzipped) {
  return perform(url, &body, bearer, gzipped);
}

Result<HttpReply> HttpTransport::get(const std::string& url, const std::string& bearer) {
  return perform(url, nullptr, bearer, false);
}

Result<HttpReply> HttpTransport::perform(const std::string& url, const std::string* body, const std::string& bearer, bool gzipped) {
  CURL* curl = static_cast<CURL*>(m_curl);
  curl_easy_reset(curl);  // keeps the connection cache, forgets the last request's options
  HttpReply reply;
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Accept: application/json");
  headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip before each batch
  if (body) headers = curl_slist_append(headers, "Content-Type: application/json");
  if (body && gzipped) headers = curl_slist_append(headers, "Content-Encoding: gzip");
  const std::string auth = "Authorization: Bearer " + bearer;
  if (!bearer.empty()) headers = curl_slist_append(headers, auth.c_str());

  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM from DNS timeouts in a threaded program
  // An aborted transfer must not wait for the resolver's thread: with a name server that never
  // answers, that wait lasts as long as its timeouts (seconds, not the 2 s a shutdown may take).
  curl_easy_setopt(curl, CURLOPT_QUICK_EXIT, 1L);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(m_options.connectTimeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(m_options.totalTimeout.count()));
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, m_options.lowSpeedBytesPerSecond);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, static_cast<long>(m_options.lowSpeedTime.count()));
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, m_options.verifyTls ? 1L : 0L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, m_options.verifyTls ? 2L : 0L);
  if (!m_options.pinnedPublicKey.empty()) curl_easy_setopt(curl, CURLOPT_PINNEDPUBLICKEY, m_options.pinnedPublicKey.c_str());
  // gzip only: offered brotli, cpp-httplib compresses replies at brotli's slowest quality.
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "gzip");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);   // a redirect (captive portal) is not the hub
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, appendBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, readHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &reply);
  if (body) {
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body->data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
  }
  // The multi interface instead of curl_easy_perform: its wait can be woken by abort().
  CURLM* multi = static_cast<CURLM*>(m_multi);
  curl_multi_add_handle(multi, curl);
  CURLcode rc = CURLE_OK;
  for (int running = 1; running && !m_aborted;) {
    if (curl_multi_perform(multi, &running) != CURLM_OK) {
      rc = CURLE_FAILED_INIT;
      break;
    }
    if (running) curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
  }
  int left = 0;
  while (CURLMsg* message = curl_multi_info_read(multi, &left))
    if (message->msg == CURLMSG_DONE) rc = message->data.result;
  curl_multi_remove_handle(multi, curl);
  curl_slist_free_all(headers);
  if (m_aborted) return makeError(Errc::Io, "stopped: the kiosk is shutting down");
  if (rc == CURLE_WRITE_ERROR && reply.body.size() + CURL_MAX_WRITE_SIZE > kMaxReplyBytes)
    return makeError(Errc::Io, "the hub's reply is larger than " + std::to_string(kMaxReplyBytes / (1024 * 1024)) +
                                   " MB: not a hub answer (a proxy or a wrong address?)");
  if (rc != CURLE_OK) return makeError(Errc::Io, std::string("cannot reach the hub: ") + curl_easy_strerror(rc));
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
  return reply;
}

}  // namespace suara::sync
