// Crash durability: a child process records responses and reports each id after record()
// returns; the parent SIGKILLs it at a random point, reopens the store and checks that every
// reported response is present and intact. Repeated 100 times on one file.

#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <map>
#include <random>

#include "helpers/crash_payload.hpp"
#include "suara/core/local_store.hpp"
#include "support/temp_dir.hpp"

using namespace suara;

namespace {

struct Reported {
  long long seq;
  std::string uuid;
};

bool readLine(std::FILE* in, std::vector<Reported>& out) {
  long long seq = 0;
  char uuid[64];
  if (std::fscanf(in, "%lld %63s", &seq, uuid) != 2) return false;
  out.push_back({seq, uuid});
  return true;
}

// Runs the child, kills it after it reported `killAfter` ids; returns everything it reported.
std::vector<Reported> runAndKill(const std::string& db, int killAfter) {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    execl(SUARA_CRASH_CHILD, SUARA_CRASH_CHILD, db.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  std::FILE* in = fdopen(fds[0], "r");
  std::vector<Reported> reported;
  while (static_cast<int>(reported.size()) < killAfter && readLine(in, reported)) {
  }
  kill(pid, SIGKILL);
  while (readLine(in, reported)) {  // lines already in the pipe were promised too
  }
  std::fclose(in);
  int status = 0;
  waitpid(pid, &status, 0);
  INFO("child must die by our SIGKILL, not by an error of its own");
  CHECK((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL));
  return reported;
}

}  // namespace

TEST_CASE("every response reported as recorded survives SIGKILL", "[store][crash]") {
  test::TempDir dir;
  const std::string db = (dir / "suara.db").string();
  std::mt19937 rng(std::random_device{}());
  std::map<std::string, long long> promised;  // uuid -> seq, across all runs
  constexpr int kKills = 100;
  for (int kill = 0; kill < kKills; ++kill) {
    // 0 kills during open/migration; larger numbers kill mid-stream at a random record.
    const int killAfter = std::uniform_int_distribution<int>(0, 24)(rng);
    for (const auto& r : runAndKill(db, killAfter)) promised.emplace(r.uuid, r.seq);

    auto store = LocalStore::open(db);
    REQUIRE(store.ok());
    REQUIRE((*store)->movedAside().empty());  // a kill never damages the file
    auto all = (*store)->all();
    INFO((all.ok() ? std::string() : all.error().message));
    REQUIRE(all.ok());
    std::map<std::string, const Response*> byUuid;
    for (const auto& r : *all) byUuid.emplace(r.uuid, &r);
    for (const auto& [uuid, seq] : promised) {
      INFO("kill " << kill << ", response " << uuid);
      const auto it = byUuid.find(uuid);
      REQUIRE(it != byUuid.end());
      CHECK(it->second->seq == seq);
      CHECK(test::matchesPayload(*it->second));
    }
  }
  CHECK(promised.size() > 100);  // the test did exercise the store
}
