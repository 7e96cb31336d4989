#pragma once
// The hub's HTTP/1.1 server, on Boost.Beast. Sockets are served asynchronously by a couple of
// I/O threads, so a slow or idle client costs a socket and a timer, never a thread; handlers
// (which may wait for a group commit) run on a pool of worker threads; routing and quick
// handlers (health) on a small pool of their own, never behind them. Every limit in
// HttpLimits is enforced here or by the router, before a body is read or inflated.

#include <memory>
#include <string>
#include <vector>

#include "http/http_limits.hpp"
#include "http/router.hpp"
#include "suara/core/result.hpp"

namespace suara::hub {

struct HttpServerOptions {
  HttpLimits limits;
  std::size_t workerThreads = 64;  // handlers waiting for one group commit share its fsync
  std::size_t quickThreads = 4;    // routing and Pool::Quick handlers
  std::size_t ioThreads = 2;
  bool accessLog = true;           // one line per request on stderr
  // Reverse proxies whose X-Forwarded-For names the client (addresses as the hub sees them).
  // Their connections count only against the total cap, not the per-address one, and the
  // client's address is what enrolment throttling and the access log use.
  std::vector<std::string> trustedProxies;
};

class HttpServer {
 public:
  HttpServer(const Router& router, HttpServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Listens on host:port (port 0 picks a free one) and returns the port. Exclusive: a port
  // another process listens on is an error, never shared.
  Result<int> bind(const std::string& host, int port);
  void run();   // serves until stop(), on the calling thread and ioThreads − 1 more
  void stop();  // thread-safe

  struct Shared;

 private:
  std::unique_ptr<Shared> m_shared;
};

}  // namespace suara::hub
