#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang (core and hub library instrumented with ASan/UBSan)
# and runs each for FUZZ_SECONDS (default 30) on a copy of its seed corpus in
# fuzz/corpus/<harness without _fuzzer>/. Exits non-zero if any harness crashes or reports;
# the input that did it is kept in build-fuzz/crashes/<harness>/ (replay it by passing the file
# to build-fuzz/fuzz/<harness>).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-30}"
harnesses=(ingest_request_fuzzer enrol_route_fuzzer heartbeat_route_fuzzer)
# Inputs a little past each route's body limit (enroll 4 KiB, heartbeat 16 KiB), so that the
# limit itself gets fuzzed; the ingest decoder keeps libFuzzer's default.
declare -A max_len=([enrol_route_fuzzer]=5000 [heartbeat_route_fuzzer]=17000)

CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSUARA_BUILD_FUZZERS=ON \
  -DSUARA_BUILD_TESTS=OFF -DSUARA_BUILD_BENCH=OFF \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined" >/dev/null
cmake --build build-fuzz --target "${harnesses[@]}" --parallel "$(nproc)" >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=()
for harness in "${harnesses[@]}"; do
  corpus="$work/corpus-$harness"
  crashes="build-fuzz/crashes/$harness"
  mkdir -p "$corpus" "$crashes"
  cp "fuzz/corpus/${harness%_fuzzer}/"* "$corpus/"
  options=(-max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$crashes/")
  if [[ -n "${max_len[$harness]:-}" ]]; then options+=(-max_len="${max_len[$harness]}"); fi
  echo "fuzzing ${harness} for ${seconds}s"
  status=0
  # The route harnesses keep their hub database in a temporary directory: under $work, so
  # that it goes even if a harness dies.
  TMPDIR="$work" "build-fuzz/fuzz/$harness" "${options[@]}" "$corpus" >"$work/$harness.log" 2>&1 || status=$?
  if ((status == 0)); then
    # The last progress line (coverage, corpus) and the final statistics.
    grep -E '^#[0-9]+.*cov:' "$work/$harness.log" | tail -n 1 || true
    grep -E '^(Done|stat::)' "$work/$harness.log" || true
  else
    tail -n 60 "$work/$harness.log"
    failed+=("$harness")
  fi
done
if ((${#failed[@]} > 0)); then
  echo "fuzzing found a problem in: ${failed[*]} (inputs in build-fuzz/crashes/)" >&2
  exit 1
fi
