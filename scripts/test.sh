#!/usr/bin/env bash
# Every test, from a fresh Debian 12 machine: install, build, run the whole suite; a short fuzz
# run; then the suite again under sanitizers (see "Sanitizer runs" below).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh --test
# playwright-core for the browser tests, at the version package-lock.json pins
npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
bash scripts/build.sh
ctest --test-dir build --output-on-failure --parallel "$(nproc)"
# The Debian packages built, linted, installed, upgraded, removed and purged on this machine
# (it installs and then purges suara-common, suara-hub and suara-kiosk: see the script).
# The same packages in a Debian 12 booted with systemd (systemd-nspawn): the units run for
# real, watchdogs, restarts and stops included (see the script).
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo --preserve-env=CI "$@"; fi; }
as_root bash scripts/package-test.sh
as_root bash scripts/systemd-test.sh
FUZZ_SECONDS="${FUZZ_SECONDS:-30}" bash scripts/fuzz.sh

# Sanitizer runs (SUARA_SANITIZE, cmake/sanitizers.cmake), each in a build directory of its own:
#   build-asan: ASan + LSan + UBSan, the whole suite.
#   build-tsan: TSan, only the test cases tagged [concurrency] (record worker, sync worker, the
#     hub's group commit, the UI hand-off, store crash/kill and shutdown tests). Configured with
#     SUARA_TEST_SPEC=[concurrency], so CTest registers just those (catch_discover_tests' TEST_SPEC
#     in tests/CMakeLists.txt); to put a test under TSan, add [concurrency] to its Catch2 tags.
# Benchmarks are off there; warnings are errors only in the normal build (instrumented code at
# -O1 can draw spurious ones from gcc). The hub, kiosk and helper processes the tests start are
# the sanitized binaries of the same build directory. Their reports would be lost (the tests
# discard the hub's stderr and do not all check exit codes), so every process writes its report
# to <build-dir>/sanitizer-logs/report.<exe>.<pid> instead of stderr, and any such file fails
# the run and is printed. A report also makes the process exit non-zero (halt_on_error,
# -fno-sanitize-recover=all; TSan exits 66 at the end), which fails the test that saw it.
# Runtime suppressions, for third-party libraries only: tests/sanitizers/*.supp.
sanitized_ctest() {  # build dir, then the sanitizers' option variables: ASAN_OPTIONS=... etc.
  local dir=$1 status=0 assignment
  shift
  local logs="$PWD/$dir/sanitizer-logs"
  rm -rf "$logs"
  mkdir -p "$logs"
  local env=()
  for assignment in "$@"; do  # each *SAN_OPTIONS gets the report file settings too
    env+=("$assignment:log_path=$logs/report:log_exe_name=1")
  done
  env "${env[@]}" ctest --test-dir "$dir" --output-on-failure --parallel "$(nproc)" --timeout 600 || status=$?
  if compgen -G "$logs/*" >/dev/null; then
    for report in "$logs"/*; do
      echo "==== sanitizer report: $report"
      cat "$report"
    done
    echo "$dir: sanitizer reports above (from the test executables or the processes they started)"
    status=1
  fi
  return "$status"
}

supp="$PWD/tests/sanitizers"
BUILD_DIR=build-asan bash scripts/build.sh -DSUARA_SANITIZE=address,undefined -DSUARA_BUILD_BENCH=OFF -DSUARA_WERROR=OFF
asan=0
sanitized_ctest build-asan \
  "ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:check_initialization_order=1:strict_init_order=1" \
  "UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1" \
  "LSAN_OPTIONS=suppressions=$supp/lsan.supp:print_suppressions=0" || asan=$?

BUILD_DIR=build-tsan bash scripts/build.sh -DSUARA_SANITIZE=thread -DSUARA_BUILD_BENCH=OFF -DSUARA_WERROR=OFF \
  "-DSUARA_TEST_SPEC=[concurrency]"
tsan=0
sanitized_ctest build-tsan \
  "TSAN_OPTIONS=second_deadlock_stack=1:suppressions=$supp/tsan.supp:print_suppressions=0" || tsan=$?

if [[ $asan -ne 0 || $tsan -ne 0 ]]; then
  echo "sanitizer runs failed: ASan+UBSan $([[ $asan -eq 0 ]] && echo passed || echo FAILED)," \
    "TSan $([[ $tsan -eq 0 ]] && echo passed || echo FAILED)"
  exit 1
fi
