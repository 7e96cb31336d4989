#!/usr/bin/env bash
# The main job, from a fresh Debian 12 machine: install, build, then run a hub with its
# dashboard, and a kiosk connected to it, everything local (embedded SQLite, no other setup):
#   var/hub/hub.db     the hub's database (on first start: five demo units with 14 months of
#                      ratings, a training already done in one of them, and a demo login)
#   var/kiosk/         the kiosk's data, config and enrolment
# The hub listens on 127.0.0.1:8080 (HUB_LISTEN to change). Ctrl+C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/build.sh >/dev/null
hub=build/server/suara-hub
kiosk=build/app/suara-kiosk
listen="${HUB_LISTEN:-127.0.0.1:8080}"
mkdir -p var/hub var/kiosk

demo_password="suara demo 2026"
if [[ ! -f var/hub/hub.db ]]; then
  "$hub" demo-seed --db var/hub/hub.db --count 30000 --days 425 --training-days-ago 90
  printf '%s\n' "$demo_password" | "$hub" user add --db var/hub/hub.db --name demo --role admin >/dev/null
fi
"$hub" serve --db var/hub/hub.db --listen "$listen" &
hub_pid=$!
trap 'kill "$hub_pid" 2>/dev/null || true; wait "$hub_pid" 2>/dev/null || true' EXIT
curl --silent --fail --retry 50 --retry-connrefused --retry-delay 0 --retry-max-time 10 "http://$listen/v1/health" >/dev/null

if [[ ! -f var/kiosk/enrollment.json ]]; then
  code=$("$hub" enroll-code --db var/hub/hub.db --unit dumai)
  "$kiosk" enroll --hub "http://$listen" --code "$code" --data-dir var/kiosk --name "demo kiosk"
fi
[[ -f var/kiosk/kiosk.toml ]] || cp packaging/kiosk.toml var/kiosk/kiosk.toml

"$hub" report --db var/hub/hub.db
echo
echo "Dashboard: http://$listen/   sign in as 'demo', password '$demo_password'"
echo "  (Kota Pematangsiantar: its staff-attitude training 90 days ago, and whether it worked)"
echo
if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
  echo "Starting the kiosk (close its window or press Ctrl+Q to stop; ratings sync to the hub)."
  "$kiosk" --windowed 1280x800 --data-dir var/kiosk --config var/kiosk/kiosk.toml "$@" || true
  echo
  "$hub" report --db var/hub/hub.db --by counter | head -n 12
else
  echo "The hub is running at http://$listen (Ctrl+C to stop). No display here, so the kiosk"
  echo "was not started; with a screen it runs as:"
  echo "  $kiosk --windowed 1280x800 --data-dir var/kiosk --config var/kiosk/kiosk.toml"
  echo "Headless, its screens render to PNG files with:"
  echo "  SDL_VIDEODRIVER=offscreen build/app/kiosk_screenshots --out screenshots"
  wait "$hub_pid"
fi
