#include "support/raw_http.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstdlib>
#include <stdexcept>

namespace suara::test {

RawConnection::RawConnection(int port, const std::string& fromAddress) {
  m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (m_fd < 0) throw std::runtime_error("socket failed");
  sockaddr_in local{};
  local.sin_family = AF_INET;
  inet_pton(AF_INET, fromAddress.c_str(), &local.sin_addr);
  if (::bind(m_fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) throw std::runtime_error("bind to " + fromAddress + " failed");
  sockaddr_in hub{};
  hub.sin_family = AF_INET;
  hub.sin_port = htons(static_cast<std::uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &hub.sin_addr);
  if (::connect(m_fd, reinterpret_cast<sockaddr*>(&hub), sizeof hub) != 0) {
    ::close(m_fd);
    throw std::runtime_error("connect failed");
  }
  const int one = 1;
  setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

RawConnection::~RawConnection() {
  if (m_fd >= 0) ::close(m_fd);
}

RawConnection::RawConnection(RawConnection&& other) noexcept : m_fd(other.m_fd), m_buffer(std::move(other.m_buffer)) {
  other.m_fd = -1;
}

bool RawConnection::send(const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(m_fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

RawReply RawConnection::read(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  RawReply reply;
  auto fill = [&]() -> bool {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{m_fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char chunk[65536];
    const ssize_t n = ::recv(m_fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    m_buffer.append(chunk, static_cast<std::size_t>(n));
    return true;
  };
  std::size_t end;
  while ((end = m_buffer.find("\r\n\r\n")) == std::string::npos)
    if (!fill()) return reply;
  reply.headers = m_buffer.substr(0, end);
  m_buffer.erase(0, end + 4);
  if (reply.headers.rfind("HTTP/1.", 0) == 0 && reply.headers.size() > 12) reply.status = std::atoi(reply.headers.c_str() + 9);
  std::size_t length = 0;
  for (const char* name : {"Content-Length:", "content-length:"})
    if (auto at = reply.headers.find(name); at != std::string::npos) length = std::strtoul(reply.headers.c_str() + at + 15, nullptr, 10);
  while (m_buffer.size() < length)
    if (!fill()) break;
  reply.body = m_buffer.substr(0, length);
  m_buffer.erase(0, std::min(length, m_buffer.size()));
  return reply;
}

bool RawConnection::closedByPeer(std::chrono::milliseconds timeout) {
  pollfd p{m_fd, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
  char byte;
  return ::recv(m_fd, &byte, 1, MSG_PEEK) <= 0;
}

bool RawConnection::readable(std::chrono::milliseconds timeout) {
  pollfd p{m_fd, POLLIN, 0};
  return !m_buffer.empty() || ::poll(&p, 1, static_cast<int>(timeout.count())) > 0;
}

RawReply rawRequest(int port, const std::string& request, const std::string& fromAddress) {
  RawConnection connection(port, fromAddress);
  connection.send(request);  // the hub may answer and close before all of it is sent
  return connection.read();
}

std::string gzipBomb(std::size_t inflated) {
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
  const std::string zeros(1 << 20, '\0');
  std::string out;
  char buffer[1 << 16];
  for (std::size_t done = 0; done < inflated; done += zeros.size()) {
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zeros.data()));
    z.avail_in = static_cast<uInt>(zeros.size());
    const int flush = done + zeros.size() >= inflated ? Z_FINISH : Z_NO_FLUSH;
    do {
      z.next_out = reinterpret_cast<Bytef*>(buffer);
      z.avail_out = sizeof buffer;
      deflate(&z, flush);
      out.append(buffer, sizeof buffer - z.avail_out);
    } while (z.avail_out == 0);
  }
  deflateEnd(&z);
  return out;
}

std::string postRequest(const std::string& path, const std::string& body, const std::string& extraHeaders) {
  return "POST " + path + " HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n" + extraHeaders + "\r\n" + body;
}

}  // namespace suara::test
