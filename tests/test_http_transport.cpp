// The kiosk's HTTP client against servers that are not a well-behaved hub.

#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>

#include "http_transport.hpp"

using namespace suara;

namespace {

// Answers one request with a body that claims and streams `bytes` bytes of spaces, until the
// client hangs up.
class EndlessReplyServer {
 public:
  explicit EndlessReplyServer(std::int64_t bytes) : m_bytes(bytes) {
    m_listen = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(m_listen, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    socklen_t length = sizeof address;
    getsockname(m_listen, reinterpret_cast<sockaddr*>(&address), &length);
    m_port = ntohs(address.sin_port);
    REQUIRE(listen(m_listen, 1) == 0);
    m_thread = std::thread([this] { serve(); });
  }
  ~EndlessReplyServer() {
    shutdown(m_listen, SHUT_RDWR);
    close(m_listen);
    m_thread.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port) + "/v1/ingest"; }
  std::int64_t sent() const { return m_sent; }

 private:
  void serve() {
    const int client = accept(m_listen, nullptr, nullptr);
    if (client < 0) return;
    char buffer[4096];
    (void)recv(client, buffer, sizeof buffer, 0);  // the request; its content does not matter
    const std::string head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(m_bytes) + "\r\n\r\n";
    (void)send(client, head.data(), head.size(), MSG_NOSIGNAL);
    const std::string chunk(64 * 1024, ' ');
    while (m_sent < m_bytes) {
      const ssize_t n = send(client, chunk.data(), chunk.size(), MSG_NOSIGNAL);
      if (n <= 0) break;  // the client hung up
      m_sent += n;
    }
    close(client);
  }

  std::int64_t m_bytes;
  std::atomic<std::int64_t> m_sent{0};
  int m_listen = -1, m_port = 0;
  std::thread m_thread;
};

}  // namespace

TEST_CASE("a reply far larger than any hub answer is cut off with a clear error, not read into memory", "[sync][transport]") {
  EndlessReplyServer server(std::int64_t{2} << 30);  // 2 GiB
  sync::HttpTransport transport;
  const auto reply = transport.post(server.url(), "{}", "token", false);
  REQUIRE_FALSE(reply.ok());
  CHECK(reply.error().code == Errc::Io);
  CHECK_THAT(reply.error().message, Catch::Contains("larger than 8 MB"));
  CHECK(server.sent() < std::int64_t{64} << 20);  // the client stopped reading long before the end
}
