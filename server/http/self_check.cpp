#include "http/self_check.hpp"

#include <boost/asio/ip/address.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

#include "suara/core/service_manager.hpp"

namespace suara::hub {

namespace {

struct Socket {
  int fd = -1;
  ~Socket() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

std::optional<SelfCheckAnswer> askOwnHealth(const std::string& host, int port, std::chrono::milliseconds timeout) {
  std::string bare = host;
  if (bare.size() > 1 && bare.front() == '[' && bare.back() == ']') bare = bare.substr(1, bare.size() - 2);
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(bare, ec);
  if (ec) return std::nullopt;
  if (address.is_unspecified())
    address = address.is_v4() ? boost::asio::ip::address(boost::asio::ip::address_v4::loopback())
                              : boost::asio::ip::address(boost::asio::ip::address_v6::loopback());

  sockaddr_storage target{};
  socklen_t length = 0;
  if (address.is_v4()) {
    auto* in = reinterpret_cast<sockaddr_in*>(&target);
    in->sin_family = AF_INET;
    in->sin_port = htons(static_cast<std::uint16_t>(port));
    const auto bytes = address.to_v4().to_bytes();
    std::memcpy(&in->sin_addr, bytes.data(), bytes.size());
    length = sizeof(sockaddr_in);
  } else {
    auto* in6 = reinterpret_cast<sockaddr_in6*>(&target);
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(static_cast<std::uint16_t>(port));
    const auto bytes = address.to_v6().to_bytes();
    std::memcpy(&in6->sin6_addr, bytes.data(), bytes.size());
    in6->sin6_scope_id = static_cast<std::uint32_t>(address.to_v6().scope_id());
    length = sizeof(sockaddr_in6);
  }
  Socket s{::socket(target.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0)};
  if (s.fd < 0) return std::nullopt;
  timeval tv{static_cast<time_t>(timeout.count() / 1000), static_cast<suseconds_t>(timeout.count() % 1000 * 1000)};
  ::setsockopt(s.fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(s.fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);  // also bounds connect()
  if (::connect(s.fd, reinterpret_cast<sockaddr*>(&target), length) != 0) return std::nullopt;
  const std::string request = "GET /v1/health?watchdog HTTP/1.1\r\nHost: localhost\r\nUser-Agent: suara-hub watchdog\r\nConnection: close\r\n\r\n";
  if (::send(s.fd, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) return std::nullopt;
  std::string answer;
  char buffer[4096];
  for (;;) {  // the answer is small; a stalled one ends at the receive timeout
    const ssize_t n = ::recv(s.fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    answer.append(buffer, static_cast<std::size_t>(n));
    if (answer.size() > 64 * 1024) break;
  }
  int status = 0;
  if (std::sscanf(answer.c_str(), "HTTP/1.%*d %d", &status) != 1 || status < 100) return std::nullopt;
  const auto bodyAt = answer.find("\r\n\r\n");
  return SelfCheckAnswer{status, bodyAt == std::string::npos ? std::string() : answer.substr(bodyAt + 4)};
}

HealthWatchdog::HealthWatchdog(std::string host, int port) : m_host(std::move(host)), m_port(port) {
  const auto interval = watchdogInterval();
  if (!interval) return;
  m_every = std::max(std::chrono::milliseconds(100), std::chrono::duration_cast<std::chrono::milliseconds>(*interval) / 2);
  m_thread = std::thread([this] {
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
      lock.unlock();
      tick();
      lock.lock();
      m_stop.wait_for(lock, m_every, [this] { return m_stopping; });  // the period, or the end
    }
  });
}

HealthWatchdog::~HealthWatchdog() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_stop.notify_all();
  if (m_thread.joinable()) m_thread.join();
}

void HealthWatchdog::tick() {
  const auto answer = askOwnHealth(m_host, m_port, m_every / 2);
  if (!answer) return;  // no WATCHDOG=1: systemd restarts the hub when this goes on
  notifyWatchdog();
  if (answer->status == 200)
    notifyStatus(answer->body.find("\"degraded\"") == std::string::npos ? "serving; database ok" : "serving; database integrity troubled (see suara-hub check)");
  else
    notifyStatus("serving, but the database cannot store (health " + std::to_string(answer->status) + "): " + answer->body.substr(0, 200));
}

}  // namespace suara::hub

