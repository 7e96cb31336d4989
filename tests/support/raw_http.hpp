#pragma once
// HTTP at the byte level, for what a well-behaved client library will not send: chunked
// floods, header storms, bodies trickled byte by byte, connections opened and left idle, and
// requests from another loopback address (127.0.0.2) to tell clients apart by address,
// compressed bombs. Shared by the hardening tests and the attack benchmark.

#include <chrono>
#include <string>

namespace suara::test {

struct RawReply {
  int status = 0;       // 0: the connection closed or timed out before a status line
  std::string headers;  // as received, lower-cased names not guaranteed
  std::string body;
};

class RawConnection {
 public:
  // Connects to 127.0.0.1:port from `fromAddress` (any 127.x.y.z). Throws if it cannot.
  explicit RawConnection(int port, const std::string& fromAddress = "127.0.0.1");
  ~RawConnection();
  RawConnection(RawConnection&& other) noexcept;
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // Sends all of `bytes`; false once the peer has closed (EPIPE / ECONNRESET).
  bool send(const std::string& bytes);
  // Reads one reply (headers and a Content-Length body), waiting at most `timeout`.
  RawReply read(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // True when the peer has closed the connection (waits at most `timeout` for it).
  bool closedByPeer(std::chrono::milliseconds timeout);
  // True when the peer has answered or closed, so that read() returns without waiting
  // (waits at most `timeout` for it).
  bool readable(std::chrono::milliseconds timeout);

 private:
  int m_fd = -1;
  std::string m_buffer;
};

// One whole request on a fresh connection, its reply read.
RawReply rawRequest(int port, const std::string& request, const std::string& fromAddress = "127.0.0.1");

// `inflated` bytes of zeros as gzip, compressed a mebibyte at a time (never held whole):
// about 1/1000 of `inflated` on the wire, the most deflate packs.
std::string gzipBomb(std::size_t inflated);

// "POST path HTTP/1.1" with the given extra header lines (each ending in \r\n) and body.
std::string postRequest(const std::string& path, const std::string& body, const std::string& extraHeaders = {});

}  // namespace suara::test
