#!/usr/bin/env bash
# Configures and builds into build/ (or $BUILD_DIR). In CI (CI=true) compiler warnings are
# errors. Extra arguments go to cmake's configure step, e.g.
#   BUILD_DIR=build-asan scripts/build.sh -DSUARA_SANITIZE=address,undefined
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir="${BUILD_DIR:-build}"
werror=OFF
if [[ "${CI:-}" == "true" ]]; then werror=ON; fi
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSUARA_WERROR="$werror" "$@"
cmake --build "$build_dir" --parallel "$(nproc)"
