#pragma once
// A TCP proxy between kiosk and hub that injects the faults of a flaky link, one HTTP
// exchange per connection. Faults are real network behaviour (closed sockets, cut replies,
// wrong answers), not mocks of the client.

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace suara::test {

enum class Fault {
  None,               // pass through
  DropBeforeRequest,  // close the kiosk's connection before anything reaches the hub
  DropAfterCommit,    // forward, let the hub answer (it committed), then close without replying
  Delay,              // forward, hold the reply for a while, then deliver it
  TruncateReply,      // deliver only the first half of the hub's reply
  Error500,           // answer 500 without asking the hub
  HtmlPortal,         // answer 200 with a captive portal's HTML page
};

class FaultProxy {
 public:
  explicit FaultProxy(int hubPort);
  ~FaultProxy();
  int port() const { return m_port; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

  void setFault(Fault fault) { m_fault = fault; }
  // Called after a request was handed to the hub and before its reply is read.
  void onForwarded(std::function<void()> hook);
  int exchanges() const { return m_exchanges; }

 private:
  void serve();
  void handle(int client);

  int m_hubPort;
  int m_listen = -1;
  int m_port = 0;
  std::atomic<Fault> m_fault{Fault::None};
  std::atomic<int> m_exchanges{0};
  std::atomic<bool> m_stop{false};
  std::mutex m_hookMutex;
  std::function<void()> m_hook;
  std::thread m_thread;
};

}  // namespace suara::test
