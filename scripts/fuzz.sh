#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang (core instrumented with ASan/UBSan) and runs each
# for a short while (FUZZ_SECONDS, default 30). Exits non-zero on any crash or sanitizer report.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-30}"
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSUARA_BUILD_FUZZERS=ON \
  -DSUARA_BUILD_TESTS=OFF -DSUARA_BUILD_BENCH=OFF \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined" >/dev/null
cmake --build build-fuzz --target ingest_request_fuzzer --parallel "$(nproc)" >/dev/null
work=$(mktemp -d)
cp fuzz/corpus/* "$work/"
echo "fuzzing the ingest request decoder for ${seconds}s"
build-fuzz/fuzz/ingest_request_fuzzer -max_total_time="$seconds" -print_final_stats=1 "$work" 2>&1 | tail -n 12
rm -rf "$work"
