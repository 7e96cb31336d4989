// The hub and the kiosk under systemd (Type=notify, WatchdogSec=): their notifications, read
// from a socket of the test's own standing in for systemd's (NOTIFY_SOCKET), from the real
// processes.

#include <catch2/catch.hpp>

#include <httplib.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>

#include "support/hub_process.hpp"
#include "support/temp_dir.hpp"

using namespace suara;

namespace {

// A datagram socket where sd_notify's messages arrive, as systemd's does.
class NotifySocket {
 public:
  explicit NotifySocket(const std::filesystem::path& path) : m_fd(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {
    REQUIRE(m_fd >= 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    REQUIRE(path.string().size() < sizeof address.sun_path);
    std::strcpy(address.sun_path, path.c_str());
    REQUIRE(::bind(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    timeval bound{30, 0};  // a hub that never says it: the test fails rather than hangs
    ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &bound, sizeof bound);
  }
  ~NotifySocket() { ::close(m_fd); }
  // The next message ("READY=1\nSTATUS=…"), or empty after 30 s of silence.
  std::string next() {
    char buffer[4096];
    const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
    return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string();
  }
  // Reads until a message holding `state`; false if silence came first.
  bool waitFor(const std::string& state) {
    for (std::string m = next(); !m.empty(); m = next())
      if (m.find(state) != std::string::npos) return true;
    return false;
  }

 private:
  int m_fd;
};

}  // namespace

TEST_CASE("under systemd the hub says READY once it serves, WATCHDOG while it answers its health, STOPPING at SIGTERM", "[hub][systemd]") {
  test::TempDir dir;
  NotifySocket systemd(dir / "notify");
  ::setenv("NOTIFY_SOCKET", (dir / "notify").c_str(), 1);
  ::setenv("WATCHDOG_USEC", "200000", 1);  // WatchdogSec=0.2: a tick every 0.1 s
  test::HubProcess hub(dir / "hub.db", {"--quiet"});
  hub.start();
  ::unsetenv("NOTIFY_SOCKET");
  ::unsetenv("WATCHDOG_USEC");

  REQUIRE(systemd.waitFor("READY=1"));
  httplib::Client http("127.0.0.1", hub.port());
  auto health = http.Get("/v1/health");
  REQUIRE(health);
  CHECK(health->status == 200);  // ready meant serving
  for (int i = 0; i < 3; ++i) CHECK(systemd.waitFor("WATCHDOG=1"));
  hub.stop();
  CHECK(systemd.waitFor("STOPPING=1"));
}

TEST_CASE("the watchdog's self-checks stay out of the access log while a client's health check is logged", "[hub][systemd]") {
  test::TempDir dir;
  NotifySocket systemd(dir / "notify");
  const std::string notify = (dir / "notify").string(), db = (dir / "hub.db").string(), log = (dir / "hub.log").string();
  const pid_t hub = fork();
  if (hub == 0) {
    const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(out, STDERR_FILENO);
    ::setenv("NOTIFY_SOCKET", notify.c_str(), 1);
    ::setenv("WATCHDOG_USEC", "200000", 1);
    execl(SUARA_HUB_EXE, SUARA_HUB_EXE, "serve", "--db", db.c_str(), "--listen", "127.0.0.1:0", static_cast<char*>(nullptr));
    _exit(127);
  }
  REQUIRE(hub > 0);
  REQUIRE(systemd.waitFor("READY=1"));
  for (int i = 0; i < 5; ++i) REQUIRE(systemd.waitFor("WATCHDOG=1"));  // each after a self-check answered
  auto hubSaid = [&] {
    std::ifstream in(log);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const std::string started = hubSaid();
  const auto at = started.find("listening on http://127.0.0.1:");
  REQUIRE(at != std::string::npos);
  httplib::Client http("127.0.0.1", std::atoi(started.c_str() + at + std::strlen("listening on http://127.0.0.1:")));
  auto health = http.Get("/v1/health");
  REQUIRE(health);
  ::kill(hub, SIGTERM);
  int status = 0;
  waitpid(hub, &status, 0);

  const std::string said = hubSaid();
  std::size_t healthLines = 0;
  for (auto p = said.find("path=/v1/health"); p != std::string::npos; p = said.find("path=/v1/health", p + 1)) ++healthLines;
  CHECK(healthLines == 1);  // the client's; not the five or more self-checks
}

TEST_CASE("SIGTERM stops the hub cleanly, with exit status 0, not by the signal's default action", "[hub][systemd]") {
  // A thread started before the stop signals were blocked (the storage's writer) took SIGTERM
  // and killed the hub mid-commit (status 143 under systemd) instead of letting it stop.
  test::TempDir dir;
  test::HubProcess hub(dir / "hub.db", {"--quiet"});
  hub.start();
  httplib::Client http("127.0.0.1", hub.port());
  auto health = http.Get("/v1/health");
  REQUIRE(health);
  hub.stop();
  const int status = hub.lastWaitStatus();
  CHECK_FALSE(WIFSIGNALED(status));
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("under systemd and cage the kiosk says READY after its first frame, WATCHDOG from its idle frame loop, STOPPING at SIGTERM", "[kiosk][systemd]") {
  test::TempDir dir;
  NotifySocket systemd(dir / "notify");
  const std::string notify = (dir / "notify").string(), data = (dir / "kiosk").string();
  // As under cage: the unit's main process (here the test) is the kiosk's parent, and
  // systemd's WATCHDOG_PID names it, not the kiosk.
  const std::string parent = std::to_string(::getpid());
  const pid_t kiosk = fork();
  if (kiosk == 0) {
    ::setenv("NOTIFY_SOCKET", notify.c_str(), 1);
    ::setenv("WATCHDOG_USEC", "200000", 1);
    ::setenv("WATCHDOG_PID", parent.c_str(), 1);
    ::setenv("SDL_VIDEODRIVER", "offscreen", 1);
    execl(SUARA_KIOSK_EXE, SUARA_KIOSK_EXE, "--data-dir", data.c_str(), "--windowed", "800x600", static_cast<char*>(nullptr));
    _exit(127);
  }
  REQUIRE(kiosk > 0);
  CHECK(systemd.waitFor("READY=1"));
  // Nobody touches the screen: the pings come from the idle loop waking for them.
  for (int i = 0; i < 3; ++i) CHECK(systemd.waitFor("WATCHDOG=1"));
  ::kill(kiosk, SIGTERM);
  CHECK(systemd.waitFor("STOPPING=1"));
  int status = 0;
  waitpid(kiosk, &status, 0);
  CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
}
