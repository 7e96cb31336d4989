#!/usr/bin/env bash
# Installs the Debian 12 packages Suara builds and runs with. Idempotent; uses sudo when not
# root. `--test` adds what the test suite needs as well; `--bench` what the benchmarks compare with.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libsqlite3-dev libsqlitecpp-dev nlohmann-json3-dev libsimdjson-dev libtomlplusplus-dev libcli11-dev uuid-dev
  # the kiosk: SDL2 + Dear ImGui (its SDL and OpenGL3 backends ship in libimgui-dev), PNG
  # screenshots (stb), Mesa for rendering (also headless, SDL_VIDEODRIVER=offscreen), fonts
  libsdl2-dev libimgui-dev libstb-dev libgl-dev libegl1 libegl-mesa0 libgl1-mesa-dri fonts-noto-core
  # hub and sync
  libboost-dev libcpp-httplib-dev libsodium-dev libcurl4-openssl-dev zlib1g-dev curl
  # running under systemd: readiness and the watchdog (sd_notify)
  libsystemd-dev
  # the dashboard: Mustache templates, Chart.js served by the hub; the printable report (PDF):
  # cairo draws, pango lays out text in Noto Sans
  libkainjow-mustache-dev libjs-chart.js libcairo2-dev libpango1.0-dev
  # spreadsheet downloads (.xlsx)
  libxlsxwriter-dev
)
case "${1:-}" in
  --test)
    packages+=(catch2 clang libclang-rt-14-dev)  # clang + libFuzzer for scripts/fuzz.sh
    packages+=(poppler-utils)                    # pdftotext, pdftoppm: the PDF report's tests
    packages+=(unzip)                            # reading the .xlsx downloads' sheets
    packages+=(chromium)                         # the dashboard's browser tests
    command -v npm >/dev/null || packages+=(nodejs npm)
    ;;
  --bench) packages+=(chromium) ;;  # kiosk_bench compares the kiosk with a chromium kiosk
esac

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
echo "Installing: ${missing[*]}"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
