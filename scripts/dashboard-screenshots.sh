#!/usr/bin/env bash
# Photographs every dashboard page on fresh demo data (the data scripts/start.sh shows) into
# OUT_DIR (default docs/screenshots), at 1366×768 and at a phone's width, and the Laporan PDF's
# pages through pdftoppm. Needs a build (scripts/build.sh) and `npm ci` in tests/browser.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/screenshots}"
hub="$PWD/build/server/suara-hub"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'kill "$hub_pid" 2>/dev/null || true; wait "$hub_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
"$hub" demo-seed --db "$work/hub.db" --count 30000 --days 425 --training-days-ago 90 >/dev/null
printf '%s\n' "suara demo 2026" | "$hub" user add --db "$work/hub.db" --name demo --role admin >/dev/null
exec 3< <(exec "$hub" serve --db "$work/hub.db" --listen 127.0.0.1:0 --quiet 2>&1)
hub_pid=$!
url=""
while IFS= read -r line <&3; do
  if [[ "$line" == *"listening on "* ]]; then url="${line##*listening on }"; break; fi
done
[[ -n "$url" ]] || { echo "the hub did not start" >&2; exit 1; }
cat <&3 >/dev/null &
# Publish Pematangsiantar's results, as its manager would, for the public page and poster.
cookies="$work/cookies"
curl -s -c "$cookies" -o /dev/null --data-urlencode "name=demo" --data-urlencode "password=suara demo 2026" "$url/login"
csrf="$(curl -s -b "$cookies" "$url/" | grep -o 'name="csrf" value="[^"]*"' | head -n1 | sed 's/.*value="//; s/"$//')"
curl -s -b "$cookies" -o /dev/null --data-urlencode "csrf=$csrf" --data-urlencode "unit=pematangsiantar" --data-urlencode "published=yes" "$url/unit/publish"
SUARA_URL="$url" SUARA_USER=demo SUARA_PASSWORD="suara demo 2026" node tests/browser/screenshots.mjs "$out"
curl -s -b "$cookies" -o "$work/laporan.pdf" "$url/export/laporan.pdf?id=pematangsiantar"
pdftoppm -r 50 -png "$work/laporan.pdf" "$out/laporan"
echo "screenshots in $out"
