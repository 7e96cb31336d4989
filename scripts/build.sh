#!/usr/bin/env bash
# Configures and builds into build/. In CI (CI=true) compiler warnings are errors.
set -euo pipefail
cd "$(dirname "$0")/.."

werror=OFF
if [[ "${CI:-}" == "true" ]]; then werror=ON; fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSUARA_WERROR="$werror" "$@"
cmake --build build --parallel "$(nproc)"
