#pragma once
// Starting programs and reading what Linux knows about them (/proc), for the benchmarks.

#include <sys/types.h>

#include <string>
#include <vector>

namespace suara::bench {

// Starts `argv` with `env` added to the environment; stdout/stderr go to /dev/null.
pid_t spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env = {});
// Runs `argv` to completion; returns its wall time in milliseconds (-1 if it failed).
double runTimed(const std::vector<std::string>& argv, const std::vector<std::string>& env = {});
// `root` and every process descended from it.
std::vector<pid_t> processTree(pid_t root);
// User + system CPU seconds used so far by these processes.
double cpuSeconds(const std::vector<pid_t>& pids);
// Sum of peak resident set sizes (VmHWM), in MiB.
double peakRssMiB(const std::vector<pid_t>& pids);
// Kills the tree and reaps `root`.
void stopTree(pid_t root);

}  // namespace suara::bench
