#pragma once
// A real `suara-hub serve` process on a free loopback port, with its own database, for
// integration tests. The port is read from the hub's "listening on" line: no sleeping.

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace suara::test {

class HubProcess {
 public:
  // `serveOptions`: more options for `suara-hub serve`, e.g. {"--threads", "2"}.
  explicit HubProcess(std::filesystem::path db, std::vector<std::string> serveOptions = {})
      : m_db(std::move(db)), m_serveOptions(std::move(serveOptions)) {}
  ~HubProcess() { stop(); }

  // Starts the hub (on `port`, or a free one the first time); returns its base URL. Throws,
  // with what the hub said on stderr, if it does not start.
  std::string start(int port = 0);
  // The address `start` listens on: "127.0.0.1" unless set, e.g. "[::1]".
  void setListenHost(std::string host) { m_host = std::move(host); }
  void stop();  // SIGTERM, then wait
  // How the last stop() or kill() ended the process, as waitpid reports it.
  int lastWaitStatus() const { return m_waitStatus; }
  void kill();  // SIGKILL, then wait: a crash
  int port() const { return m_port; }
  pid_t pid() const { return m_pid; }
  // The most memory the hub process has held so far (VmHWM), in bytes.
  std::size_t peakRssBytes() const;
  // The memory the hub process holds now (VmRSS), in bytes.
  std::size_t rssBytes() const;
  std::string url() const { return "http://" + m_host + ":" + std::to_string(m_port); }
  const std::filesystem::path& db() const { return m_db; }

  // Admin commands against the hub's database (a separate process, as an operator runs them).
  std::string admin(const std::vector<std::string>& args) const;
  // A fresh enrolment code for `unit`, as `suara-hub enroll-code` prints it.
  std::string enrolmentCode(const std::string& unit) const;
  // A unit "dumai" and a fresh enrolment code for it.
  std::string createUnitAndCode() const;

 private:
  std::filesystem::path m_db;
  std::vector<std::string> m_serveOptions;
  std::string m_host = "127.0.0.1";
  pid_t m_pid = -1;
  int m_port = 0;
  int m_waitStatus = 0;
};

}  // namespace suara::test
