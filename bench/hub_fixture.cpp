#include "hub_fixture.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <stdexcept>

namespace suara::bench {

namespace fs = std::filesystem;

HubFixture::HubFixture(const fs::path& dir) : m_dir(dir), m_db(dir / "hub.db") {
  fs::create_directories(dir);
  // The services and counters of the demo data (generateDemoResponses), or the hub rejects it all.
  admin({"unit", "add", "--id", "bench", "--name", "Benchmark Unit", "--service", "ktp=KTP", "--service", "kk=KK", "--service",
         "akta=Akta", "--service", "pindah=Pindah", "--counter", "loket-1", "--counter", "loket-2"});
  start();
}

HubFixture::HubFixture(const Existing& existing) : m_dir(existing.db.parent_path()), m_db(existing.db) { start(); }

void HubFixture::start() {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe");
  m_pid = fork();
  if (m_pid == 0) {
    dup2(fds[1], STDERR_FILENO);
    close(fds[0]);
    close(fds[1]);
    execl(SUARA_HUB_EXE, SUARA_HUB_EXE, "serve", "--db", m_db.c_str(), "--listen", "127.0.0.1:0", "--threads", "64",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  std::FILE* err = fdopen(fds[0], "r");
  char line[256];
  while (!m_port && std::fgets(line, sizeof line, err)) std::sscanf(line, "suara-hub: listening on http://127.0.0.1:%d", &m_port);
  std::fclose(err);
  if (!m_port) throw std::runtime_error("hub did not start");
  m_url = "http://127.0.0.1:" + std::to_string(m_port);
}

HubFixture::~HubFixture() {
  kill(m_pid, SIGTERM);
  waitpid(m_pid, nullptr, 0);
}

void HubFixture::addAdminUser(const std::string& name, const std::string& password) {
  if (admin({"user", "list"}).find(name) != std::string::npos) return;
  admin({"user", "add", "--name", name, "--role", "admin"}, password);
}

std::string HubFixture::admin(const std::vector<std::string>& args, const std::string& input) {
  std::string command = input.empty() ? "" : "printf '%s\\n' '" + input + "' | ";
  command += std::string(SUARA_HUB_EXE);
  for (const auto& a : args) command += " '" + a + "'";
  command += " --db '" + m_db.string() + "'";
  std::FILE* pipe = popen(command.c_str(), "r");
  std::string out;
  std::array<char, 256> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe)) out += buffer.data();
  if (pclose(pipe) != 0) throw std::runtime_error("suara-hub " + args.front() + " failed");
  return out;
}

std::vector<sync::Enrollment> HubFixture::enrolKiosks(int count) {
  std::vector<sync::Enrollment> kiosks;
  for (int i = 0; i < count; ++i) {
    std::string code = admin({"enroll-code", "--unit", "bench"});
    code.pop_back();
    auto enrolled = sync::enroll(m_dir / ("kiosk-" + std::to_string(i)), m_url, code, "bench-" + std::to_string(i));
    if (!enrolled) throw std::runtime_error(enrolled.error().message);
    kiosks.push_back(*enrolled);
  }
  return kiosks;
}

}  // namespace suara::bench
