#pragma once
// The hub's HTTP API, wire protocol v1 (docs/protocol.md), on cpp-httplib. Thread-safe:
// requests run on the server's thread pool; storage serializes what must be serialized.

#include <memory>
#include <string>

#include "storage/hub_storage.hpp"

namespace httplib {
class Server;
}

namespace suara::hub {

struct HubServerOptions {
  std::size_t threads = 64;  // each keep-alive connection holds a thread while open
};

class HubServer {
 public:
  HubServer(HubStorage& storage, HubServerOptions options = {});
  ~HubServer();

  // Binds to host:port (port 0 picks a free one); returns the port, or an error.
  Result<int> bind(const std::string& host, int port);
  void run();   // serves until stop()
  void stop();  // thread-safe

 private:
  void routes();
  HubStorage& m_storage;
  std::unique_ptr<httplib::Server> m_server;
  int m_listenSocket = -1;
};

}  // namespace suara::hub
