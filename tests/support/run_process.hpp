#pragma once
// Runs a program to completion and captures its exit code, stdout and stderr.

#include <string>
#include <vector>

namespace suara::test {

struct ProcessResult {
  int exitCode = -1;  // -1 if it did not exit normally
  std::string out;
  std::string err;
};

ProcessResult runProcess(const std::vector<std::string>& argv);

}  // namespace suara::test
