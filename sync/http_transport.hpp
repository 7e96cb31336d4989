#pragma once
// HTTP for the kiosk (libcurl): one connection reused across requests, bounded waits, TLS
// verified by default, and abort() to end a request at once from another thread (shutdown).
// Not thread-safe otherwise: one instance per thread (the sync worker owns one).

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "suara/core/result.hpp"

namespace suara::sync {

struct TransportOptions {
  std::chrono::seconds connectTimeout{10};
  long lowSpeedBytesPerSecond = 64;           // slower than this for lowSpeedTime: give up
  std::chrono::seconds lowSpeedTime{20};
  std::chrono::seconds totalTimeout{120};
  bool verifyTls = true;
  std::string pinnedPublicKey;                // curl's "sha256//BASE64" form; empty: no pin
};

struct HttpReply {
  long status = 0;
  std::string body;
  std::string contentType;
  std::optional<std::chrono::seconds> retryAfter;
};

class HttpTransport {
 public:
  explicit HttpTransport(TransportOptions options = {});
  ~HttpTransport();
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;

  // POST `body`, sent as is (`gzipped`: it is already gzip-compressed, say so). A failure to
  // get any HTTP reply (DNS, connect, TLS, timeout, reset) is Errc::Io with curl's words.
  Result<HttpReply> post(const std::string& url, const std::string& body, const std::string& bearer, bool gzipped);
  Result<HttpReply> get(const std::string& url, const std::string& bearer);

  // Thread-safe: ends the request in flight within milliseconds and fails every later one
  // (Errc::Io, "stopped"). For shutdown.
  void abort();

 private:
  Result<HttpReply> perform(const std::string& url, const std::string* body, const std::string& bearer, bool gzipped);
  TransportOptions m_options;
  void* m_curl = nullptr;   // CURL*
  void* m_multi = nullptr;  // CURLM*: waits in curl_multi_poll, which abort() can wake
  std::atomic<bool> m_aborted{false};
};

// gzip (RFC 1952) of `data`.
std::string gzipCompress(const std::string& data);

}  // namespace suara::sync
