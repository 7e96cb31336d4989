#include "http/http_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/range/iterator_range.hpp>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "http/access_log.hpp"
#include "http/body_decoding.hpp"

namespace suara::hub {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct HttpServer::Shared {
  Shared(const Router& r, HttpServerOptions o)
      : router(r), options(o), limits(options.limits), workers(o.workerThreads), quickWorkers(o.quickThreads) {}

  enum class Admission { Admitted, AddressFull, HubFull };
  // Counts a new connection from `address` (trusted proxies are held to the total only).
  Admission admit(const std::string& address) {
    std::lock_guard lock(addressMutex);
    if (total >= limits.maxConnections) return Admission::HubFull;
    auto& mine = perAddress[address];
    if (mine >= limits.maxConnectionsPerAddress && !isTrustedProxy(address)) return Admission::AddressFull;
    ++mine;
    ++total;
    return Admission::Admitted;
  }
  // Counts a body a kiosk starts sending; false when it already sends as many as it may. A
  // kiosk syncs one batch at a time: more at once is a stolen token holding the hub's memory.
  bool startKioskBody(const std::string& kioskId) {
    std::lock_guard lock(addressMutex);
    auto& mine = bodiesByKiosk[kioskId];
    if (mine >= limits.maxBodiesPerKiosk) return false;
    ++mine;
    return true;
  }
  void endKioskBody(const std::string& kioskId) {
    std::lock_guard lock(addressMutex);
    if (auto it = bodiesByKiosk.find(kioskId); it != bodiesByKiosk.end() && --it->second == 0) bodiesByKiosk.erase(it);
  }
  bool isTrustedProxy(const std::string& address) const {
    return std::find(options.trustedProxies.begin(), options.trustedProxies.end(), address) != options.trustedProxies.end();
  }
  void release(const std::string& address) {
    std::lock_guard lock(addressMutex);
    if (auto it = perAddress.find(address); it != perAddress.end() && --it->second == 0) perAddress.erase(it);
    --total;
  }

  const Router& router;
  HttpServerOptions options;
  const HttpLimits& limits;  // options.limits, named for brevity
  std::mutex addressMutex;  // guards the counts per address and per kiosk
  std::unordered_map<std::string, std::size_t> perAddress;
  std::unordered_map<std::string, std::size_t> bodiesByKiosk;
  std::size_t total = 0;
  std::atomic<std::size_t> queued{0};
  MemoryBudget bodyMemory{limits.bodyMemoryBytes};
  asio::thread_pool workers;
  asio::thread_pool quickWorkers;  // routing and Pool::Quick handlers: never behind a worker's wait
  asio::io_context io;  // destroyed first: pending connections release their counts above
  tcp::acceptor acceptor{io};
};

namespace {

using Shared = HttpServer::Shared;

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, Shared& shared, std::string address)
      : m_stream(std::move(socket)), m_shared(shared), m_address(std::move(address)), m_lease(shared.bodyMemory) {}
  ~Connection() {
    endKioskBody();
    m_shared.release(m_address);
  }
  void start() { readHeader(); }

 private:
  const HttpLimits& limits() const { return m_shared.limits; }

  void readHeader() {
    m_parser.emplace();
    m_parser->header_limit(static_cast<std::uint32_t>(limits().maxHeaderBytes));
    m_parser->body_limit(limits().maxBodyBytes);  // narrowed to the route's own once it is known
    m_request = {};
    m_routed.reset();
    m_lease.release();
    m_bytesIn = 0;
    m_stream.expires_after(limits().headerDeadline);
    http::async_read_header(m_stream, m_buffer, *m_parser, beast::bind_front_handler(&Connection::onHeader, shared_from_this()));
  }

  void onHeader(beast::error_code ec, std::size_t) {
    m_started = std::chrono::steady_clock::now();
    if (ec == http::error::body_limit)
      return refuse(errorResponse(413, "request body is larger than " + std::to_string(limits().maxBodyBytes >> 20) + " MiB"));
    if (ec == http::error::header_limit) return refuse(errorResponse(431, "request headers are larger than " + std::to_string(limits().maxHeaderBytes / 1024) + " KiB"));
    // An idle keep-alive connection timing out or a client hanging up (even mid-headers) is
    // no request: closed without an answer or a log line.
    if (ec == http::error::end_of_stream || ec == http::error::partial_message || ec == beast::error::timeout ||
        ec == asio::error::operation_aborted || ec == asio::error::connection_reset || ec == asio::error::eof)
      return close();
    if (ec) return refuse(errorResponse(400, "malformed HTTP request: " + ec.message()));
    const auto& header = m_parser->get();
    if (static_cast<std::size_t>(std::distance(header.begin(), header.end())) > limits().maxHeaderCount)
      return refuse(errorResponse(431, "more than " + std::to_string(limits().maxHeaderCount) + " request headers"));
    m_request.method = std::string(header.method_string());
    const std::string_view target(header.target().data(), header.target().size());
    const auto question = target.find('?');
    m_request.path = std::string(target.substr(0, question));
    if (question != std::string_view::npos) m_request.query = std::string(target.substr(question + 1));
    m_request.authorization = std::string(header[http::field::authorization]);
    m_request.contentType = std::string(header[http::field::content_type]);
    m_request.contentEncoding = std::string(header[http::field::content_encoding]);
    m_request.cookie = std::string(header[http::field::cookie]);
    m_request.origin = std::string(header[http::field::origin]);
    m_request.host = std::string(header[http::field::host]);
    m_request.csrfToken = std::string(header["X-CSRF-Token"]);
    // Every X-Forwarded-For line, joined in order: a proxy may add a line of its own below the
    // client's rather than append to it, and the client's lines must not be read as the proxy's.
    std::string forwardedFor;
    for (const auto& line : boost::make_iterator_range(header.equal_range("X-Forwarded-For"))) {
      if (!forwardedFor.empty()) forwardedFor += ',';
      forwardedFor.append(line.value().data(), line.value().size());
    }
    m_request.remoteAddress = clientAddress(forwardedFor);
    // TLS ends at the reverse proxy: only a trusted one may say the browser used it (and so
    // that session cookies get the Secure attribute).
    m_request.secure = m_shared.isTrustedProxy(m_address) && beast::iequals(header["X-Forwarded-Proto"], "https");
    m_hasBody = m_parser->chunked() || (m_parser->content_length() && *m_parser->content_length() > 0);
    m_declared = m_parser->content_length().value_or(0);
    m_expectContinue = beast::iequals(header[http::field::expect], "100-continue");
    m_keepAlive = m_parser->keep_alive();
    onPool(m_shared.quickWorkers, [self = shared_from_this()] {
      auto routed = self->m_shared.router.route(self->m_request, static_cast<std::size_t>(self->m_declared));
      asio::post(self->m_stream.get_executor(), [self, routed = std::move(routed)]() mutable { self->onRouted(std::move(routed)); });
    });
  }

  void onRouted(std::variant<RoutedRequest, HttpResponse> routed) {
    if (auto* refused = std::get_if<HttpResponse>(&routed)) return refuse(std::move(*refused));
    m_routed = std::move(std::get<RoutedRequest>(routed));
    if (!m_hasBody) return dispatch();
    m_parser->body_limit(m_routed->route->maxBodyBytes);
    if (m_routed->principal.isKiosk()) {
      if (!m_shared.startKioskBody(m_routed->principal.kiosk.id))
        return refuse(errorResponse(429, "this kiosk is already sending " + std::to_string(limits().maxBodiesPerKiosk) +
                                             " requests; send one at a time", 5));
      m_kioskBody = m_routed->principal.kiosk.id;
    }
    // The body's bytes are held from now on: a chunked body may grow to the route's limit.
    if (!m_lease.holdTotal(m_parser->chunked() ? m_routed->route->maxBodyBytes : m_declared)) return refuse(memoryBusyResponse());
    const auto allowance = std::chrono::seconds(m_declared / limits().minBodyBytesPerSecond);
    startBodyDeadline(limits().bodyDeadline + allowance);
    if (!m_expectContinue) return readBody();
    auto go = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
    http::async_write(m_stream, *go, [self = shared_from_this(), go](beast::error_code ec, std::size_t) {
      if (ec) {
        self->m_bodyTimer.cancel();
        return self->close();
      }
      self->readBody();
    });
  }

  // The body's deadline is a timer of its own, not the stream's: a stream that times out
  // closes its socket, and the client would never learn why. This one cancels the read and
  // leaves the socket open for the 408.
  void startBodyDeadline(std::chrono::steady_clock::duration deadline) {
    // Should the read outlive every cancel below, the stream's own deadline still closes it.
    m_stream.expires_after(deadline + std::chrono::seconds(5));
    m_bodyLate = false;
    m_bodyTimer.expires_after(deadline);
    armBodyTimer();
  }
  // A cancel misses a read whose completion is already queued, and the read goes on with the
  // next part of the body: once late, cancel again every 100 ms until the read gives up.
  void armBodyTimer() {
    m_bodyTimer.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec) return;  // cancelled: the body arrived (or the request ended otherwise)
      self->m_bodyLate = true;
      beast::error_code ignored;
      self->m_stream.socket().cancel(ignored);
      self->m_bodyTimer.expires_after(std::chrono::milliseconds(100));
      self->armBodyTimer();
    });
  }

  void readBody() {
    http::async_read(m_stream, m_buffer, *m_parser, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      self->m_bodyTimer.cancel();
      if (self->m_bodyLate) return self->refuse(errorResponse(408, "the request body did not arrive in time"));
      if (ec == http::error::body_limit)
        return self->refuse(errorResponse(413, "request body is larger than " + std::to_string(self->m_routed->route->maxBodyBytes / 1024) + " KiB"));
      if (ec) return self->close();
      self->dispatch();
    });
  }

  void dispatch() {
    auto& pool = m_routed->route->pool == Pool::Quick ? m_shared.quickWorkers : m_shared.workers;
    onPool(pool, [self = shared_from_this()] {
      std::string body = std::move(self->m_parser->get().body());
      self->m_bytesIn = body.size();
      HttpResponse res = self->m_shared.router.handle(*self->m_routed, self->m_request, std::move(body), self->m_lease);
      asio::post(self->m_stream.get_executor(), [self, res = std::move(res)]() mutable { self->respond(std::move(res)); });
    });
  }

  // Runs `task` on `pool`, or answers 503 when too many requests already wait for a thread.
  template <class Task>
  void onPool(asio::thread_pool& pool, Task task) {
    if (m_shared.queued.fetch_add(1) >= limits().maxQueuedRequests) {
      --m_shared.queued;
      return refuse(errorResponse(503, "the hub is overloaded; try again shortly", 5));
    }
    asio::post(pool, [this, task = std::move(task)]() mutable {
      --m_shared.queued;
      task();
    });
  }

  // Answers and closes: the rest of the request (a body not read) is not worth reading.
  void refuse(HttpResponse res) {
    res.closeConnection = true;
    respond(std::move(res));
  }

  void respond(HttpResponse res) {
    auto out = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(res.status), 11);
    out->set(http::field::content_type, res.contentType);
    if (res.retryAfterSeconds) out->set(http::field::retry_after, std::to_string(*res.retryAfterSeconds));
    for (const auto& [name, value] : res.headers) out->insert(name, value);
    const bool close = res.closeConnection || !m_keepAlive;
    out->keep_alive(!close);
    out->body() = std::move(res.body);
    out->prepare_payload();
    m_stream.expires_after(limits().writeDeadline);
    const bool bodyUnread = close && m_hasBody && m_parser && !m_parser->is_done();
    // The request's body is done with: freed, and its share of the budget given back, before
    // the answer goes out (a client that reads it may send the next request at once).
    if (close) m_parser.reset();
    std::string().swap(m_request.body);
    m_lease.release();
    endKioskBody();
    const std::string error = res.status >= 500 ? out->body() : std::string();
    http::async_write(m_stream, *out, [self = shared_from_this(), out, close, bodyUnread, error](beast::error_code ec, std::size_t) {
      self->logRequest(out->result_int(), out->body().size(), error);
      if (ec) return self->close();
      if (!close) return self->readHeader();
      if (bodyUnread) return self->drainAndClose();
      self->close();
    });
  }

  void logRequest(unsigned status, std::size_t bytesOut, const std::string& error) {
    if (!m_shared.options.accessLog || ownHealthCheck(status)) return;
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - m_started).count();
    const std::string principal = m_routed ? m_routed->principal.logName() : "-";
    const std::string& client = m_request.remoteAddress.empty() ? m_address : m_request.remoteAddress;
    logAccess({m_request.method, m_request.path, principal, client, error, static_cast<int>(status), m_bytesIn, bytesOut, ms});
  }

  // The watchdog's self-check (http/self_check.cpp) asks every half interval: a line each time
  // would bury the journal. One answered 200 over loopback is left out; a failing one is logged.
  bool ownHealthCheck(unsigned status) const {
    if (status != 200 || m_request.path != "/v1/health" || m_request.query != "watchdog") return false;
    boost::system::error_code ec;
    const auto peer = boost::asio::ip::make_address(m_address, ec);
    return !ec && (peer.is_loopback() || (peer.is_v6() && peer.to_v6().is_v4_mapped() &&
                                          boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, peer.to_v6()).is_loopback()));
  }

  // Closing with unread input makes the kernel send a reset, which can destroy the answer
  // before the client reads it: stop sending, read and discard for a moment, then close.
  void drainAndClose() {
    beast::error_code ignored;
    m_stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    m_stream.expires_after(std::chrono::seconds(2));
    m_drain.resize(64 * 1024);
    drainSome();
  }
  void drainSome() {
    m_stream.async_read_some(asio::buffer(m_drain), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
      self->m_drained += n;
      if (ec || self->m_drained > (32u << 20)) return self->close();
      self->drainSome();
    });
  }

  void endKioskBody() {
    if (m_kioskBody.empty()) return;
    m_shared.endKioskBody(m_kioskBody);
    m_kioskBody.clear();
  }

  // The client's address: the peer's, or, when the peer is a trusted reverse proxy, the
  // nearest address in X-Forwarded-For that is not itself a trusted proxy (the entries before
  // it are the client's own word and could be anything).
  std::string clientAddress(std::string_view forwardedFor) const {
    if (forwardedFor.empty() || !m_shared.isTrustedProxy(m_address)) return m_address;
    while (!forwardedFor.empty()) {
      const auto comma = forwardedFor.rfind(',');
      std::string_view hop = forwardedFor.substr(comma == std::string_view::npos ? 0 : comma + 1);
      forwardedFor = forwardedFor.substr(0, comma == std::string_view::npos ? 0 : comma);
      while (!hop.empty() && hop.front() == ' ') hop.remove_prefix(1);
      while (!hop.empty() && hop.back() == ' ') hop.remove_suffix(1);
      beast::error_code ec;
      const auto parsed = asio::ip::make_address(std::string(hop), ec);
      if (ec) return m_address;  // not an address: trust nothing said in it
      const std::string normal = parsed.to_string();
      if (!m_shared.isTrustedProxy(normal)) return normal;
    }
    return m_address;
  }

  void close() {
    beast::error_code ignored;
    m_stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    m_stream.socket().close(ignored);
  }

  beast::tcp_stream m_stream;
  Shared& m_shared;
  std::string m_address;
  // Bounded: a chunk-size line's extensions are buffered whole before the parser looks at
  // them, and no other limit counts them (one request took 9 GB). Headers need 16 KiB.
  beast::flat_buffer m_buffer{256 * 1024};
  std::optional<http::request_parser<http::string_body>> m_parser;
  HttpRequest m_request;
  std::optional<RoutedRequest> m_routed;
  MemoryBudget::Lease m_lease;
  std::string m_kioskBody;  // the kiosk whose body this connection counts as in progress
  asio::steady_timer m_bodyTimer{m_stream.get_executor()};
  bool m_hasBody = false, m_expectContinue = false, m_keepAlive = true, m_bodyLate = false;
  std::uint64_t m_declared = 0;
  std::size_t m_bytesIn = 0, m_drained = 0;
  std::vector<char> m_drain;
  std::chrono::steady_clock::time_point m_started = std::chrono::steady_clock::now();
};

// A whole 503 reply, written without a Connection to a client that is refused one.
std::string busyReply(std::string_view why) {
  const std::string body = "{\"error\":\"" + std::string(why) + "\"}\r\n";
  return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 10\r\nConnection: close\r\n"
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

void accept(Shared& shared) {
  shared.acceptor.async_accept(asio::make_strand(shared.io), [&shared](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted) return;  // stopping
    if (!ec) {
      beast::error_code peerError;
      const auto peer = socket.remote_endpoint(peerError);
      const std::string address = peerError ? "?" : peer.address().to_string();
      const auto admission = shared.admit(address);
      if (admission == Shared::Admission::Admitted) {
        socket.set_option(tcp::no_delay(true), peerError);  // replies are written in pieces
        std::make_shared<Connection>(std::move(socket), shared, address)->start();
      } else {
        socket.non_blocking(true, peerError);
        static const std::string hubFull = busyReply("the hub has too many connections open; try again shortly");
        static const std::string addressFull = busyReply("too many connections from this address");
        const std::string& busy = admission == Shared::Admission::HubFull ? hubFull : addressFull;
        socket.write_some(asio::buffer(busy.data(), busy.size()), peerError);  // best effort, never waits
      }
    } else if (ec == asio::error::no_descriptors) {
      logError("cannot accept a connection: out of file descriptors");
    }
    accept(shared);
  });
}

}  // namespace

HttpServer::HttpServer(const Router& router, HttpServerOptions options) : m_shared(std::make_unique<Shared>(router, options)) {}

HttpServer::~HttpServer() {
  stop();
  m_shared->workers.join();
  m_shared->quickWorkers.join();
}

Result<int> HttpServer::bind(const std::string& host, int port) {
  beast::error_code ec;
  const auto address = asio::ip::make_address(host == "localhost" ? "127.0.0.1" : host, ec);
  if (ec) return makeError(Errc::Invalid, "cannot listen on '" + host + "': not an IP address");
  const tcp::endpoint endpoint(address, static_cast<unsigned short>(port));
  auto& acceptor = m_shared->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  // SO_REUSEADDR only (a restart need not wait out TIME_WAIT); never SO_REUSEPORT, which let
  // a second hub share the port and take half of the fleet's ratings into another database.
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    const std::string why = ec == asio::error::address_in_use ? "the address is already in use (another suara-hub?)" : ec.message();
    return makeError(Errc::Io, "cannot listen on " + host + ":" + std::to_string(port) + ": " + why);
  }
  return static_cast<int>(acceptor.local_endpoint().port());
}

void HttpServer::run() {
  accept(*m_shared);
  std::vector<std::thread> more;
  for (std::size_t i = 1; i < m_shared->options.ioThreads; ++i) more.emplace_back([this] { m_shared->io.run(); });
  m_shared->io.run();
  for (auto& t : more) t.join();
}

void HttpServer::stop() {
  asio::post(m_shared->io, [shared = m_shared.get()] {
    beast::error_code ignored;
    shared->acceptor.close(ignored);
    shared->io.stop();
  });
}

}  // namespace suara::hub
