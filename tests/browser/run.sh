#!/usr/bin/env bash
# The dashboard's browser tests: a real hub on demo data, Debian's chromium driven headless by
# playwright-core. Usage: run.sh SUARA_HUB_EXE [SCREENSHOT_DIR]
set -euo pipefail
hub="$1"
shots="${2:-}"
here="$(cd "$(dirname "$0")" && pwd)"
[[ -d "$here/node_modules/playwright-core" ]] || { echo "playwright-core is missing: run 'npm ci' in tests/browser" >&2; exit 1; }
[[ -x /usr/bin/chromium ]] || { echo "Debian's chromium is missing: apt-get install chromium" >&2; exit 1; }
work="$(mktemp -d)"
trap 'kill "$hub_pid" 2>/dev/null || true; wait "$hub_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
db="$work/hub.db"
"$hub" demo-seed --db "$db" --count 3000 >/dev/null
add_user() {  # name role units password
  printf '%s\n' "$4" | "$hub" user add --db "$db" --name "$1" --role "$2" ${3:+--unit "$3"} >/dev/null
}
add_user admin admin "" "admin passphrase 1"
add_user ani manager dumai "ani passphrase 1"
add_user joko manager jayapura "joko passphrase 1"
add_user tamu viewer solok "tamu passphrase 1"
# The hub prints "listening on http://127.0.0.1:PORT" once bound: read from its output as it
# comes (no sleeping), then keep draining it to a log.
exec 3< <(exec "$hub" serve --db "$db" --listen 127.0.0.1:0 --quiet 2>&1)
hub_pid=$!
url=""
while IFS= read -r line <&3; do
  echo "$line" >>"$work/hub.log"
  if [[ "$line" == *"listening on "* ]]; then url="${line##*listening on }"; break; fi
done
[[ -n "$url" ]] || { echo "the hub did not start:" >&2; cat "$work/hub.log" >&2; exit 1; }
cat <&3 >>"$work/hub.log" &
SUARA_URL="$url" SUARA_SHOTS="$shots" node --test --test-concurrency=1 "$here"/*.test.mjs
