#!/usr/bin/env bash
# Every test, from a fresh Debian 12 machine: install, build, run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh --test
bash scripts/build.sh
ctest --test-dir build --output-on-failure --parallel "$(nproc)"
FUZZ_SECONDS="${FUZZ_SECONDS:-30}" bash scripts/fuzz.sh
