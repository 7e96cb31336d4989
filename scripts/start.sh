#!/usr/bin/env bash
# The main job, from a fresh Debian 12 machine: install, build, run.
# Today the hub prints the IKM report and training priorities of the bundled sample data.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/build.sh >/dev/null
exec build/server/suara-hub report assets/samples/demo-responses.jsonl "$@"
