#include "hub_attackers.hpp"

#include <optional>
#include <random>

#include "bench_stats.hpp"
#include "support/raw_http.hpp"

namespace suara::bench {

namespace {

using namespace std::chrono_literals;

std::string loopback(int subnet, int host) { return "127.0." + std::to_string(subnet) + "." + std::to_string(host); }

// Sleeps until the next of evenly spaced moments, or until `stopping`; a late start is not
// made up with a burst.
class Pacer {
 public:
  Pacer(double perSecond, const std::atomic<bool>& stopping)
      : m_period(std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / perSecond))), m_stopping(stopping) {}
  void wait() {
    m_next += m_period;
    if (m_next < Clock::now()) m_next = Clock::now();
    while (!m_stopping && Clock::now() < m_next) std::this_thread::sleep_until(std::min(m_next, Clock::now() + 50ms));
  }

 private:
  Clock::duration m_period;
  const std::atomic<bool>& m_stopping;
  Clock::time_point m_next = Clock::now();
};

// A slow connection sends `head` at once, then `trickle` one byte per tick: more than the
// hub's deadlines let arrive.
struct SlowConnection {
  std::string head, trickle;
  std::optional<test::RawConnection> connection;
  std::size_t trickled = 0;
};

// Thirds of them: headers that never end (the hub allows 10 s), a body of 4 KiB, the most
// /v1/enroll takes (10 s), and a body of 1 MiB to /v1/responses (10 s and 32 s more).
SlowConnection slowConnection(std::size_t i, const std::string& token) {
  const std::string json = "Content-Type: application/json\r\n", body = "{" + std::string(4000, ' ');
  SlowConnection s;
  if (i % 3 == 0) {
    s.trickle = "POST /v1/responses HTTP/1.1\r\nHost: hub\r\n";
    while (s.trickle.size() < 4000) s.trickle += "X-Slow: still coming\r\n";
  } else if (i % 3 == 1) {
    s.head = "POST /v1/enroll HTTP/1.1\r\nHost: hub\r\n" + json + "Content-Length: 4096\r\n\r\n";
    s.trickle = body;
  } else {
    s.head = "POST /v1/responses HTTP/1.1\r\nHost: hub\r\n" + json + "Authorization: Bearer " + token +
             "\r\nContent-Length: 1048576\r\n\r\n";
    s.trickle = body;
  }
  return s;
}

}  // namespace

void Outcomes::add(int status) {
  std::lock_guard lock(m_mutex);
  ++m_byStatus[status];
}

int Outcomes::total() const {
  std::lock_guard lock(m_mutex);
  int sum = 0;
  for (const auto& [status, count] : m_byStatus) sum += count;
  return sum;
}

std::string Outcomes::summary() const {
  std::lock_guard lock(m_mutex);
  std::string text;
  for (const auto& [status, count] : m_byStatus)
    text += (text.empty() ? "" : ", ") + (status ? std::to_string(status) : std::string("closed")) + " x " + std::to_string(count);
  return text.empty() ? "-" : text;
}

Attack::Attack(int port, std::vector<std::string> kioskTokens, const std::vector<std::string>& bombBodies, AttackOptions options)
    : m_port(port), m_tokens(std::move(kioskTokens)), m_bombs(bombBodies), m_options(options) {
  // Several senders per stream, each waiting for its answer, so that the stream keeps its rate
  // while the hub is slow to answer, up to a bounded number of requests in flight.
  m_threads.emplace_back([this] { holdSlowConnections(); });
  for (int s = 0; s < kBombSenders && m_options.bombsPerSecond > 0; ++s) m_threads.emplace_back([this, s] { sendBombs(s, kBombSenders); });
  for (int s = 0; s < kCodeSenders && m_options.codesPerSecond > 0; ++s) m_threads.emplace_back([this, s] { guessCodes(s, kCodeSenders); });
}

void Attack::stop() {
  m_stopping = true;
  for (auto& t : m_threads)
    if (t.joinable()) t.join();
}

void Attack::holdSlowConnections() {
  std::vector<SlowConnection> slow;
  for (int i = 0; i < m_options.slowConnections; ++i) slow.push_back(slowConnection(static_cast<std::size_t>(i), m_tokens.back()));
  Pacer tick(5, m_stopping);
  while (!m_stopping) {
    for (std::size_t i = 0; i < slow.size(); ++i) {
      auto& s = slow[i];
      if (!s.connection) {
        try {
          s.connection.emplace(m_port, loopback(1, 1 + static_cast<int>(i) % m_options.slowAddresses));
        } catch (const std::exception&) {
          ++slowConnectFailures;
          continue;
        }
        ++slowOpened, ++slowOpenNow;
        s.trickled = 0;
        s.connection->send(s.head);
      }
      int endedWith = -1;
      if (s.connection->readable(0ms)) endedWith = s.connection->read(1s).status;
      else if (s.trickled < s.trickle.size() && !s.connection->send(std::string(1, s.trickle[s.trickled++]))) endedWith = 0;
      if (endedWith >= 0) {
        slowEnded.add(endedWith);
        s.connection.reset();
        --slowOpenNow;
      }
    }
    tick.wait();
  }
}

int Attack::sendBomb(std::size_t routeIndex, const std::string& bomb, bool chunked, const std::string& from) {
  const BombRoute& route = kBombRoutes[routeIndex];
  const std::string& token = m_tokens[routeIndex % (m_tokens.size() - 1)];
  try {
    test::RawConnection c(m_port, from);
    std::string head = std::string("POST ") + route.path + " HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\n" +
                       "Content-Encoding: gzip\r\n" + (route.needsToken ? "Authorization: Bearer " + token + "\r\n" : "");
    if (!chunked) {
      c.send(head + "Content-Length: " + std::to_string(bomb.size()) + "\r\n\r\n" + bomb);  // the hub may stop it early
    } else if (c.send(head + "Transfer-Encoding: chunked\r\n\r\n")) {
      constexpr std::size_t kChunk = 64 * 1024;
      bool open = true;
      for (std::size_t at = 0; open && at < bomb.size(); at += kChunk) {
        const std::string piece = bomb.substr(at, kChunk);
        char size[16];
        std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
        open = c.send(size + piece + "\r\n");
      }
      if (open) c.send("0\r\n\r\n");
    }
    return c.read(10s).status;
  } catch (const std::exception&) {
    return 0;
  }
}

void Attack::sendBombs(int sender, int senders) {
  Pacer pace(m_options.bombsPerSecond / senders, m_stopping);
  for (int n = sender; !m_stopping; n += senders) {
    // Each sender keeps to one route and one framing (a declared length or chunked), and
    // sends the bombs in turn.
    const std::size_t route = static_cast<std::size_t>(n / 2) % std::size(kBombRoutes);
    const std::string& bomb = m_bombs[static_cast<std::size_t>(n / senders) % m_bombs.size()];
    bombs[route].add(sendBomb(route, bomb, n % 2 == 1, loopback(2, 1 + n % 4)));
    pace.wait();
  }
}

void Attack::guessCodes(int sender, int senders) {
  static constexpr char kSymbols[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::mt19937 random(static_cast<unsigned>(sender) + 1);
  std::uniform_int_distribution<std::size_t> symbol(0, sizeof kSymbols - 2);
  Pacer pace(m_options.codesPerSecond / senders, m_stopping);
  // Guessers rotate over 50 addresses: each is locked out after its tenth wrong code, and
  // the whole hub after the 200th.
  for (int n = sender; !m_stopping; n += senders) {
    std::string code;
    for (int i = 0; i < 14; ++i) code += (i == 4 || i == 9) ? '-' : kSymbols[symbol(random)];
    const std::string body = R"({"code":")" + code + R"(","name":"guess"})";
    try {
      codes.add(test::rawRequest(m_port, test::postRequest("/v1/enroll", body), loopback(3, 1 + n % 50)).status);
    } catch (const std::exception&) {
      codes.add(0);
    }
    pace.wait();
  }
}

HealthProbe::HealthProbe(int port, std::chrono::milliseconds every) {
  m_thread = std::thread([this, port, every] {
    Pacer pace(1000.0 / static_cast<double>(every.count()), m_stopping);
    while (!m_stopping) {
      const auto start = Clock::now();
      int status = 0;
      try {
        status = test::rawRequest(port, "GET /v1/health HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n", loopback(4, 1)).status;
      } catch (const std::exception&) {
      }
      latenciesMs.push_back(microsSince(start) / 1000);
      if (status != 200) ++failures;
      pace.wait();
    }
  });
}

void HealthProbe::stop() {
  m_stopping = true;
  if (m_thread.joinable()) m_thread.join();
}

}  // namespace suara::bench
