#include "support/hub_process.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "support/run_process.hpp"

namespace suara::test {

std::string HubProcess::start(int port) {
  if (port == 0) port = m_port;
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  m_pid = fork();
  if (m_pid == 0) {
    dup2(fds[1], STDERR_FILENO);
    close(fds[0]);
    close(fds[1]);
    const std::string listen = m_host + ":" + std::to_string(port);
    std::vector<const char*> argv = {SUARA_HUB_EXE, "serve", "--db", m_db.c_str(), "--listen", listen.c_str()};
    for (const auto& option : m_serveOptions) argv.push_back(option.c_str());
    argv.push_back(nullptr);
    execv(SUARA_HUB_EXE, const_cast<char* const*>(argv.data()));
    _exit(127);
  }
  close(fds[1]);
  std::FILE* err = fdopen(fds[0], "r");
  char line[512];
  int bound = 0;
  std::string said;
  const std::string listening = "suara-hub: listening on http://" + m_host + ":";
  while (std::fgets(line, sizeof line, err)) {
    if (std::string_view(line).starts_with(listening)) {
      bound = std::atoi(line + listening.size());
      break;
    }
    said += line;
  }
  // Keep draining the hub's stderr in the background so that it never blocks on a full pipe.
  if (fork() == 0) {
    while (std::fgets(line, sizeof line, err)) {
    }
    _exit(0);
  }
  std::fclose(err);
  if (bound == 0) {
    waitpid(m_pid, nullptr, 0);
    m_pid = -1;
    throw std::runtime_error("the hub did not start: " + said);
  }
  m_port = bound;
  return url();
}

namespace {
// A "Vm...:" line of /proc/PID/status, in bytes.
std::size_t statusBytes(pid_t pid, const char* field) {
  std::FILE* status = std::fopen(("/proc/" + std::to_string(pid) + "/status").c_str(), "r");
  if (!status) return 0;
  char line[256];
  const std::string name = std::string(field) + ":";
  std::size_t kib = 0;
  while (std::fgets(line, sizeof line, status))
    if (name.compare(0, name.size(), line, name.size()) == 0) {
      kib = std::strtoull(line + name.size(), nullptr, 10);
      break;
    }
  std::fclose(status);
  return kib * 1024;
}
}  // namespace

std::size_t HubProcess::peakRssBytes() const { return statusBytes(m_pid, "VmHWM"); }

std::size_t HubProcess::rssBytes() const { return statusBytes(m_pid, "VmRSS"); }

void HubProcess::stop() {
  if (m_pid <= 0) return;
  ::kill(m_pid, SIGTERM);
  waitpid(m_pid, &m_waitStatus, 0);
  m_pid = -1;
}

void HubProcess::kill() {
  if (m_pid <= 0) return;
  ::kill(m_pid, SIGKILL);
  waitpid(m_pid, &m_waitStatus, 0);
  m_pid = -1;
}

std::string HubProcess::admin(const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {SUARA_HUB_EXE};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.push_back("--db");
  argv.push_back(m_db.string());
  const auto result = runProcess(argv);
  if (result.exitCode != 0) throw std::runtime_error("suara-hub " + args.front() + " failed: " + result.err);
  return result.out;
}

std::string HubProcess::createUnitAndCode() const {
  admin({"unit", "add", "--id", "dumai", "--name", "Kota Dumai", "--service", "ktp=KTP Elektronik", "--counter",
         "loket-1=Loket 1"});
  return enrolmentCode("dumai");
}

std::string HubProcess::enrolmentCode(const std::string& unit) const {
  std::string code = admin({"enroll-code", "--unit", unit});
  while (!code.empty() && code.back() == '\n') code.pop_back();
  return code;
}

}  // namespace suara::test
