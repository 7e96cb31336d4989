#!/usr/bin/env bash
# Test launcher of the sanitizer builds (cmake/sanitizers.cmake): runs one test executable in a
# process group of its own and, once it has exited, kills whatever it left in that group.
# Why: a test process that a sanitizer aborts never stops the suara-hub it started (nor the
# child that drains the hub's stderr); the hub inherited the test's stdout, so CTest would wait
# for that pipe to close forever, whatever its --timeout. The test's exit status is kept.
set -m  # job control: the test below gets a process group of its own
"$@" &
test_pid=$!
trap 'kill -KILL -- "-$test_pid" 2>/dev/null' TERM INT
wait "$test_pid"
status=$?
kill -KILL -- "-$test_pid" 2>/dev/null || true
exit "$status"
