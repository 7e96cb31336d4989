#include "support/fault_proxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace suara::test {

namespace {

// Reads one HTTP message (headers and a Content-Length body); empty on a closed connection.
std::string readMessage(int fd) {
  std::string data;
  char buffer[65536];
  std::size_t headerEnd = std::string::npos, total = 0;
  for (;;) {
    if (headerEnd == std::string::npos) {
      headerEnd = data.find("\r\n\r\n");
      if (headerEnd != std::string::npos) {
        std::size_t length = 0;
        std::string headers = data.substr(0, headerEnd);
        for (auto& c : headers) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const auto at = headers.find("content-length:");
        if (at != std::string::npos) length = std::stoul(headers.substr(at + 15));
        total = headerEnd + 4 + length;
      }
    }
    if (headerEnd != std::string::npos && data.size() >= total) return data;
    const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return {};
    data.append(buffer, static_cast<std::size_t>(n));
  }
}

void sendAll(int fd, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;
    sent += static_cast<std::size_t>(n);
  }
}

std::string plainReply(int status, const char* reason, const char* type, const std::string& body) {
  return "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\nContent-Type: " + type +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

// Rewrites the request to close after one exchange, so that each connection is one exchange.
std::string closeAfter(std::string message) {
  const auto end = message.find("\r\n");
  return message.insert(end + 2, "Connection: close\r\n");
}

}  // namespace

FaultProxy::FaultProxy(int hubPort) : m_hubPort(hubPort) {
  m_listen = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (bind(m_listen, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || listen(m_listen, 64) != 0 ||
      getsockname(m_listen, reinterpret_cast<sockaddr*>(&address), &length) != 0)
    throw std::runtime_error("proxy cannot listen");
  m_port = ntohs(address.sin_port);
  m_thread = std::thread([this] { serve(); });
}

FaultProxy::~FaultProxy() {
  m_stop = true;
  shutdown(m_listen, SHUT_RDWR);
  close(m_listen);
  m_thread.join();
}

void FaultProxy::onForwarded(std::function<void()> hook) {
  std::lock_guard lock(m_hookMutex);
  m_hook = std::move(hook);
}

void FaultProxy::serve() {
  while (!m_stop) {
    pollfd p{m_listen, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    const int client = accept(m_listen, nullptr, nullptr);
    if (client < 0) continue;
    handle(client);  // one at a time: the kiosk sends one request at a time
    close(client);
  }
}

void FaultProxy::handle(int client) {
  const Fault fault = m_fault;
  if (fault == Fault::DropBeforeRequest) return;
  const std::string request = readMessage(client);
  if (request.empty()) return;
  ++m_exchanges;
  if (fault == Fault::Error500) return sendAll(client, plainReply(500, "Internal Server Error", "text/plain", "oops"));
  if (fault == Fault::HtmlPortal)
    return sendAll(client, plainReply(200, "OK", "text/html",
                                      "<html><body><h1>Selamat datang di WiFi Gratis</h1><a href=/login>Masuk</a></body></html>"));

  const int hub = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(m_hubPort));
  if (connect(hub, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(hub);
    return;  // hub down: the kiosk sees its connection closed
  }
  sendAll(hub, closeAfter(request));
  {
    std::lock_guard lock(m_hookMutex);
    if (m_hook) m_hook();
  }
  const std::string reply = readMessage(hub);  // the hub has answered, so it has committed
  close(hub);
  if (reply.empty() || fault == Fault::DropAfterCommit) return;
  if (fault == Fault::TruncateReply) return sendAll(client, reply.substr(0, reply.size() / 2));
  if (fault == Fault::Delay) {
    pollfd wait{client, 0, 0};
    poll(&wait, 1, 1500);  // the delay is the fault being injected
  }
  sendAll(client, reply);
}

}  // namespace suara::test
