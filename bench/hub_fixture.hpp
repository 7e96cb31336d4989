#pragma once
// A real suara-hub process for the benchmarks: started on a free loopback port with its own
// database, a unit, and kiosks enrolled through the real API.

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

#include "enrollment.hpp"

namespace suara::bench {

class HubFixture {
 public:
  // A new database in `dir` with the demo services' unit "bench".
  explicit HubFixture(const std::filesystem::path& dir);
  // A hub serving an existing database (report_bench's seeded one).
  struct Existing {
    std::filesystem::path db;
  };
  explicit HubFixture(const Existing& existing);
  ~HubFixture();
  const std::string& url() const { return m_url; }
  int port() const { return m_port; }
  const std::filesystem::path& db() const { return m_db; }
  pid_t pid() const { return m_pid; }
  // Enrols `count` kiosks (each with its own data directory under the fixture's directory).
  std::vector<sync::Enrollment> enrolKiosks(int count);
  // A dashboard admin account (kept if it exists), for signing in over HTTP.
  void addAdminUser(const std::string& name, const std::string& password);

 private:
  void start();
  std::string admin(const std::vector<std::string>& args, const std::string& input = "");
  std::filesystem::path m_dir, m_db;
  pid_t m_pid = -1;
  int m_port = 0;
  std::string m_url;
};

}  // namespace suara::bench
