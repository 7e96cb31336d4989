#!/usr/bin/env bash
# The main job, from a fresh Debian 12 machine: install, build, run.
# Today: the hub's IKM report of the bundled sample data, then the kiosk in a window
# (with the sample configuration) when there is a display.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/build.sh >/dev/null
build/server/suara-hub report assets/samples/demo-responses.jsonl

mkdir -p var/kiosk
[[ -f var/kiosk/kiosk.toml ]] || cp packaging/kiosk.toml var/kiosk/kiosk.toml
if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
  echo
  echo "Starting the kiosk (data and config in var/kiosk/; Ctrl+Q or close the window to stop)."
  exec build/app/suara-kiosk --windowed 1280x800 "$@"
fi
echo
echo "No display here, so the kiosk was not started. On a machine with a screen it runs with:"
echo "  build/app/suara-kiosk --windowed 1280x800"
echo "Headless, its screens can be rendered to PNG files:"
echo "  SDL_VIDEODRIVER=offscreen build/app/kiosk_screenshots --out screenshots"
