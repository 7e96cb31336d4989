#pragma once
// What the attack bench throws at a hub while its kiosks ingest: slow connections, compressed
// bombs and wrong enrolment codes, each from loopback addresses of its own (127.0.1.x,
// 127.0.2.x, 127.0.3.x), and a monitor probing /v1/health (127.0.4.1). Each runs on threads
// of its own from construction until stop() and counts how the hub answered.

#include <atomic>
#include <chrono>
#include <iterator>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace suara::bench {

// How the hub answered one kind of request: a count per HTTP status, 0 meaning the connection
// closed without an answer.
class Outcomes {
 public:
  void add(int status);
  int total() const;
  std::string summary() const;  // "413 x 120, closed x 2"

 private:
  mutable std::mutex m_mutex;
  std::map<int, int> m_byStatus;
};

struct AttackOptions {
  int slowConnections = 70;
  int slowAddresses = 7;
  double bombsPerSecond = 20;
  double codesPerSecond = 100;
};

class Attack {
 public:
  // `kioskTokens`: enrolled kiosks', so that bombs reach the routes behind authentication;
  // each bomb route uses its own (one kiosk may send only a few bodies at once) and the
  // slow connections the last one; at least two.
  // `bombBodies`: gzip bodies sent in turn, kept by the caller until stop().
  Attack(int port, std::vector<std::string> kioskTokens, const std::vector<std::string>& bombBodies, AttackOptions options);
  ~Attack() { stop(); }
  void stop();

  struct BombRoute {
    const char* path;
    bool needsToken;
  };
  static constexpr BombRoute kBombRoutes[] = {
      {"/v1/responses", true}, {"/v1/heartbeat", true}, {"/v1/enroll", false}, {"/v1/no-such-route", true}};

  static constexpr int kBombSenders = 16, kCodeSenders = 64;  // the most requests of each in flight

  std::atomic<int> slowOpened{0}, slowOpenNow{0}, slowConnectFailures{0};
  Outcomes slowEnded;  // how the hub ended slow connections
  Outcomes bombs[std::size(kBombRoutes)];
  Outcomes codes;

 private:
  void holdSlowConnections();
  void sendBombs(int sender, int senders);
  void guessCodes(int sender, int senders);
  int sendBomb(std::size_t route, const std::string& bomb, bool chunked, const std::string& from);

  int m_port;
  std::vector<std::string> m_tokens;
  const std::vector<std::string>& m_bombs;
  AttackOptions m_options;
  std::atomic<bool> m_stopping{false};
  std::vector<std::thread> m_threads;
};

// GET /v1/health on a fresh connection at a steady pace, as a monitor would.
class HealthProbe {
 public:
  HealthProbe(int port, std::chrono::milliseconds every);
  ~HealthProbe() { stop(); }
  void stop();
  std::vector<double> latenciesMs;  // read after stop()
  int failures = 0;                 // anything but 200 within 10 s

 private:
  std::atomic<bool> m_stopping{false};
  std::thread m_thread;
};

}  // namespace suara::bench
