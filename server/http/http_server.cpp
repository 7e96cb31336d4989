#include "http/http_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "http/access_log.hpp"

namespace suara::hub {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct HttpServer::Shared {
  Shared(const Router& r, HttpServerOptions o)
      : router(r), options(o), limits(options.limits), workers(o.workerThreads), quickWorkers(o.quickThreads) {}

  // Counts a new connection from `address`; false when it is one too many.
  bool admit(const std::string& address) {
    std::lock_guard lock(addressMutex);
    auto& mine = perAddress[address];
    if (total >= limits.maxConnections || mine >= limits.maxConnectionsPerAddress) {
      if (mine == 0) perAddress.erase(address);
      return false;
    }
    ++mine;
    ++total;
    return true;
  }
  void release(const std::string& address) {
    std::lock_guard lock(addressMutex);
    if (auto it = perAddress.find(address); it != perAddress.end() && --it->second == 0) perAddress.erase(it);
    --total;
  }

  const Router& router;
  HttpServerOptions options;
  const HttpLimits& limits;  // options.limits, named for brevity
  std::mutex addressMutex;
  std::unordered_map<std::string, std::size_t> perAddress;
  std::size_t total = 0;
  std::atomic<std::size_t> queued{0};
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
      : m_stream(std::move(socket)), m_shared(shared), m_address(std::move(address)) {}
  ~Connection() { m_shared.release(m_address); }
  void start() { readHeader(); }

 private:
  const HttpLimits& limits() const { return m_shared.limits; }

  void readHeader() {
    m_parser.emplace();
    m_parser->header_limit(static_cast<std::uint32_t>(limits().maxHeaderBytes));
    m_parser->body_limit(limits().maxBodyBytes);  // narrowed to the route's own once it is known
    m_request = {};
    m_bytesIn = 0;
    m_stream.expires_after(limits().headerDeadline);
    http::async_read_header(m_stream, m_buffer, *m_parser, beast::bind_front_handler(&Connection::onHeader, shared_from_this()));
  }

  void onHeader(beast::error_code ec, std::size_t) {
    m_started = std::chrono::steady_clock::now();
    if (ec == http::error::body_limit)
      return refuse(errorResponse(413, "request body is larger than " + std::to_string(limits().maxBodyBytes >> 20) + " MiB"));
    if (ec == http::error::header_limit) return refuse(errorResponse(431, "request headers are larger than " + std::to_string(limits().maxHeaderBytes / 1024) + " KiB"));
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted ||
        ec == asio::error::connection_reset || ec == asio::error::eof)
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
    m_request.remoteAddress = m_address;
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
    const auto allowance = std::chrono::seconds(m_declared / limits().minBodyBytesPerSecond);
    m_stream.expires_after(limits().bodyDeadline + allowance);
    if (!m_expectContinue) return readBody();
    auto go = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
    http::async_write(m_stream, *go, [self = shared_from_this(), go](beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      self->readBody();
    });
  }

  void readBody() {
    http::async_read(m_stream, m_buffer, *m_parser, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec == http::error::body_limit)
        return self->refuse(errorResponse(413, "request body is larger than " + std::to_string(self->m_routed->route->maxBodyBytes / 1024) + " KiB"));
      if (ec == beast::error::timeout) return self->refuse(errorResponse(408, "the request body did not arrive in time"));
      if (ec) return self->close();
      self->dispatch();
    });
  }

  void dispatch() {
    auto& pool = m_routed->route->pool == Pool::Quick ? m_shared.quickWorkers : m_shared.workers;
    onPool(pool, [self = shared_from_this()] {
      std::string body = std::move(self->m_parser->get().body());
      self->m_bytesIn = body.size();
      HttpResponse res = self->m_shared.router.handle(*self->m_routed, self->m_request, std::move(body));
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
    const bool close = res.closeConnection || !m_keepAlive;
    out->keep_alive(!close);
    out->body() = std::move(res.body);
    out->prepare_payload();
    m_stream.expires_after(limits().writeDeadline);
    const bool bodyUnread = close && m_hasBody && m_parser && !m_parser->is_done();
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
    if (!m_shared.options.accessLog) return;
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - m_started).count();
    const std::string principal = m_routed ? m_routed->principal.logName() : "-";
    logAccess({m_request.method, m_request.path, principal, m_address, error, static_cast<int>(status), m_bytesIn, bytesOut, ms});
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

  void close() {
    beast::error_code ignored;
    m_stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    m_stream.socket().close(ignored);
  }

  beast::tcp_stream m_stream;
  Shared& m_shared;
  std::string m_address;
  beast::flat_buffer m_buffer;
  std::optional<http::request_parser<http::string_body>> m_parser;
  HttpRequest m_request;
  std::optional<RoutedRequest> m_routed;
  bool m_hasBody = false, m_expectContinue = false, m_keepAlive = true;
  std::uint64_t m_declared = 0;
  std::size_t m_bytesIn = 0, m_drained = 0;
  std::vector<char> m_drain;
  std::chrono::steady_clock::time_point m_started = std::chrono::steady_clock::now();
};

void accept(Shared& shared) {
  shared.acceptor.async_accept(asio::make_strand(shared.io), [&shared](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted) return;  // stopping
    if (!ec) {
      beast::error_code peerError;
      const auto peer = socket.remote_endpoint(peerError);
      const std::string address = peerError ? "?" : peer.address().to_string();
      if (shared.admit(address)) {
        socket.set_option(tcp::no_delay(true), peerError);  // replies are written in pieces
        std::make_shared<Connection>(std::move(socket), shared, address)->start();
      } else {
        static constexpr std::string_view kBusy =
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 10\r\nConnection: close\r\n"
            "Content-Length: 52\r\n\r\n{\"error\":\"too many connections from this address\"}\r\n";
        socket.non_blocking(true, peerError);
        socket.write_some(asio::buffer(kBusy.data(), kBusy.size()), peerError);  // best effort, never waits
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
