// Bounded shutdown: quitting never waits for the network. A proxy holds the hub's answer for
// as long as the test wants, so a sync is in flight when the kiosk is told to stop.

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "support/fault_proxy.hpp"
#include "support/hub_process.hpp"
#include "support/responses.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"
#include "sync_worker.hpp"

using namespace suara;
using namespace std::chrono_literals;

namespace {

// A kiosk data directory enrolled at `hub`, syncing through `proxyUrl`, with `count` ratings.
void enrolledKiosk(const std::filesystem::path& dataDir, test::HubProcess& hub, const std::string& proxyUrl, int count) {
  auto enrolled = sync::enroll(dataDir, hub.url(), hub.createUnitAndCode(), "loket-1");
  REQUIRE(enrolled.ok());
  enrolled->hubUrl = proxyUrl;
  REQUIRE(sync::saveEnrollment(dataDir, *enrolled).ok());
  auto store = LocalStore::open(dataDir / "suara.db");
  REQUIRE(store.ok());
  std::vector<Response> batch;
  for (int i = 0; i < count; ++i) batch.push_back(test::quickResponse(1 + i % 4));
  REQUIRE((*store)->recordMany(batch).ok());
}

// Holds every exchange the proxy forwards until release(); entered() is ready once the first
// one is held. The proxy's thread may still be in the hook after this object is gone (the proxy
// outlives it), so the hook shares the state it needs instead of pointing back here.
class HeldLink {
 public:
  explicit HeldLink(test::FaultProxy& proxy) : m_state(std::make_shared<State>()) {
    proxy.onForwarded([state = m_state] {
      if (!state->first.exchange(true)) state->entered.set_value();
      state->released.wait();
    });
  }
  ~HeldLink() { release(); }
  std::future<void> entered() { return m_state->entered.get_future(); }
  void release() {
    if (!m_state->done.exchange(true)) m_state->release.set_value();
  }

 private:
  struct State {
    std::promise<void> entered, release;
    std::shared_future<void> released = release.get_future().share();
    std::atomic<bool> first{false}, done{false};
  };
  std::shared_ptr<State> m_state;
};

// suara-kiosk run as a child process with its output discarded and SDL's offscreen driver.
// `prepare` runs in the child just before exec (false: it exits 126). Everything the child
// needs is built before fork, so the child itself allocates nothing.
class KioskProcess {
 public:
  explicit KioskProcess(const std::vector<std::string>& args, const std::function<bool()>& prepare = {}) {
    m_argv.push_back(const_cast<char*>(SUARA_KIOSK_EXE));
    for (const auto& a : args) m_argv.push_back(const_cast<char*>(a.c_str()));
    m_argv.push_back(nullptr);
    for (char** e = environ; *e; ++e) m_env.push_back(*e);
    m_env.push_back(const_cast<char*>("SDL_VIDEODRIVER=offscreen"));
    m_env.push_back(nullptr);
    m_pid = fork();
    REQUIRE(m_pid >= 0);
    if (m_pid == 0) {
      const int devNull = open("/dev/null", O_WRONLY);
      dup2(devNull, STDOUT_FILENO);
      dup2(devNull, STDERR_FILENO);
      if (prepare && !prepare()) _exit(126);
      execve(SUARA_KIOSK_EXE, m_argv.data(), m_env.data());
      _exit(127);
    }
    m_exited = static_cast<int>(syscall(SYS_pidfd_open, m_pid, 0));  // readable when the process ends
    REQUIRE(m_exited >= 0);
  }
  ~KioskProcess() {
    if (m_status) return;
    kill(m_pid, SIGKILL);
    (void)status();
  }
  KioskProcess(const KioskProcess&) = delete;
  KioskProcess& operator=(const KioskProcess&) = delete;

  void signal(int sig) { kill(m_pid, sig); }
  bool exitsWithin(std::chrono::milliseconds limit) {
    pollfd wait{m_exited, POLLIN, 0};
    return poll(&wait, 1, static_cast<int>(limit.count())) == 1;
  }
  // Waits for the process to end; its waitpid status.
  int status() {
    if (!m_status) {
      int status = 0;
      waitpid(m_pid, &status, 0);
      close(m_exited);
      m_status = status;
    }
    return *m_status;
  }

 private:
  std::vector<char*> m_argv, m_env;
  pid_t m_pid = -1;
  int m_exited = -1;
  std::optional<int> m_status;
};

}  // namespace

TEST_CASE("stopping the sync worker ends a request in flight at once and marks nothing", "[sync][shutdown][concurrency]") {
  test::TempDir dir;
  test::HubProcess hub(dir / "hub.db");
  hub.start();
  test::FaultProxy proxy(hub.port());
  HeldLink link(proxy);
  auto entered = link.entered();
  enrolledKiosk(dir / "kiosk", hub, proxy.url(), 10);
  auto store = LocalStore::open(dir / "kiosk" / "suara.db").value();
  sync::SyncSettings settings;
  settings.enrollment = sync::loadEnrollment(dir / "kiosk").value();
  settings.transport.totalTimeout = 600s;  // curl would wait this long; stopping must not
  settings.transport.lowSpeedTime = 600s;
  auto worker = std::make_unique<sync::SyncWorker>(*store, settings);
  worker->start();  // its first pass sends the ten ratings, and the proxy holds the answer
  REQUIRE(entered.wait_for(60s) == std::future_status::ready);

  auto stopping = std::async(std::launch::async, [&] { worker.reset(); });
  // The bound only decides how long a failing run takes; a passing one returns at once.
  const bool stoppedWhileHeld = stopping.wait_for(30s) == std::future_status::ready;
  link.release();
  stopping.wait();
  CHECK(stoppedWhileHeld);
  CHECK(store->stats()->pending == 10);  // no answer was read, so nothing is marked
}

TEST_CASE("the kiosk exits within 2 s of SIGTERM while a sync is held up by the network", "[sync][shutdown][kiosk][concurrency]") {
  test::TempDir dir;
  test::HubProcess hub(dir / "hub.db");
  hub.start();
  test::FaultProxy proxy(hub.port());
  HeldLink link(proxy);
  auto entered = link.entered();
  const auto dataDir = dir / "kiosk";
  enrolledKiosk(dataDir, hub, proxy.url(), 10);
  std::ofstream(dataDir / "kiosk.toml") << "[kiosk]\nunit_id = \"dumai\"\n";

  KioskProcess kiosk({"--data-dir", dataDir.string(), "--windowed", "800x480"});
  const bool inFlight = entered.wait_for(60s) == std::future_status::ready;
  kiosk.signal(SIGTERM);
  const bool gone = kiosk.exitsWithin(2s);  // the requirement
  link.release();
  const int status = kiosk.status();
  REQUIRE(inFlight);
  CHECK(gone);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("the kiosk exits within 2 s of SIGTERM while the hub's name is being looked up and DNS never answers",
          "[sync][shutdown][kiosk][concurrency]") {
  test::TempDir dir;
  test::HubProcess hub(dir / "hub.db");
  hub.start();
  const auto dataDir = dir / "kiosk";
  enrolledKiosk(dataDir, hub, "http://hub.suara.invalid:8080", 10);
  std::ofstream(dataDir / "kiosk.toml") << "[kiosk]\nunit_id = \"dumai\"\n";
  // A name server that takes every question and never answers (127.0.0.53 on port 53, a
  // loopback address of its own), named in a resolv.conf that only the kiosk sees.
  const int dns = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  REQUIRE(dns >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(0x7f000035);  // 127.0.0.53
  address.sin_port = htons(53);
  REQUIRE(bind(dns, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  const auto resolvConf = dir / "resolv.conf";
  std::ofstream(resolvConf) << "nameserver 127.0.0.53\noptions timeout:30 attempts:3\n";

  KioskProcess kiosk({"--data-dir", dataDir.string(), "--windowed", "800x480"}, [&] {
    return unshare(CLONE_NEWNS) == 0 && mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0 &&
           mount(resolvConf.c_str(), "/etc/resolv.conf", nullptr, MS_BIND, nullptr) == 0;
  });
  pollfd asked{dns, POLLIN, 0};
  const bool lookingUp = poll(&asked, 1, 60000) == 1;  // the kiosk's first question has arrived
  kiosk.signal(SIGTERM);
  const bool gone = kiosk.exitsWithin(2s);
  if (!gone) kiosk.signal(SIGKILL);
  const int status = kiosk.status();
  close(dns);
  REQUIRE(lookingUp);
  CHECK(gone);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("a second sync-now while the first is syncing leaves the first to finish", "[sync][kiosk][concurrency]") {
  test::TempDir dir;
  test::HubProcess hub(dir / "hub.db");
  hub.start();
  test::FaultProxy proxy(hub.port());
  HeldLink link(proxy);
  auto entered = link.entered();
  const auto dataDir = dir / "kiosk";
  enrolledKiosk(dataDir, hub, proxy.url(), 10);

  KioskProcess first({"sync-now", "--data-dir", dataDir.string()});
  const bool inFlight = entered.wait_for(60s) == std::future_status::ready;
  // The second finds the data directory locked and asks its holder to sync (SIGUSR1).
  const auto second = test::runProcess({SUARA_KIOSK_EXE, "sync-now", "--data-dir", dataDir.string()});
  link.release();
  const int status = first.status();
  REQUIRE(inFlight);
  CHECK(second.exitCode == 0);
  CHECK_FALSE(WIFSIGNALED(status));  // SIGUSR1's default action would have ended it
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  auto store = LocalStore::open(dataDir / "suara.db");
  REQUIRE(store.ok());
  CHECK((*store)->stats()->pending == 0);
}

TEST_CASE("enroll tells a kiosk already on screen and its waiting ratings reach the hub", "[sync][kiosk][concurrency]") {
  test::TempDir dir;
  test::HubProcess hub(dir / "hub.db");
  hub.start();
  const auto dataDir = dir / "kiosk";
  {
    auto store = LocalStore::open(dataDir / "suara.db");  // rated before anyone enrolled it
    REQUIRE(store.ok());
    std::vector<Response> batch;
    for (int i = 0; i < 10; ++i) batch.push_back(test::quickResponse(1 + i % 4));
    REQUIRE((*store)->recordMany(batch).ok());
  }
  std::ofstream(dataDir / "kiosk.toml") << "[kiosk]\nunit_id = \"dumai\"\n";
  KioskProcess kiosk({"--data-dir", dataDir.string(), "--windowed", "800x480"});
  auto heldByKiosk = [&] {  // the kiosk is up once it holds the data directory's flock
    const int fd = open((dataDir / "kiosk.lock").c_str(), O_RDONLY | O_CLOEXEC);
    const bool held = fd >= 0 && flock(fd, LOCK_SH | LOCK_NB) != 0;
    if (fd >= 0) close(fd);
    return held;
  };
  bool locked = false;
  for (int i = 0; i < 600 && !locked; ++i) {
    locked = heldByKiosk();
    if (!locked) std::this_thread::sleep_for(100ms);  // polling another process's start-up
  }
  REQUIRE(locked);

  const auto enrolled = test::runProcess({SUARA_KIOSK_EXE, "enroll", "--data-dir", dataDir.string(), "--hub", hub.url(), "--code",
                                          hub.createUnitAndCode(), "--name", "loket-1"});
  CHECK(enrolled.exitCode == 0);
  CHECK_THAT(enrolled.out, Catch::Contains("the running kiosk"));
  bool delivered = false;  // the kiosk's own worker sends them: poll the hub (bounded)
  for (int i = 0; i < 300 && !delivered; ++i) {
    delivered = hub.admin({"kiosk", "list"}).find("10 responses") != std::string::npos;
    if (!delivered) std::this_thread::sleep_for(100ms);
  }
  CHECK(delivered);
  kiosk.signal(SIGTERM);
  CHECK(kiosk.exitsWithin(5s));
}
