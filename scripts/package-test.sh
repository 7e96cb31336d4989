#!/usr/bin/env bash
# The Debian packages as a technician meets them, on this machine (as root; CI is a disposable
# Debian 12): build them twice (revision 1, "the previous build", and 2), lintian (no errors;
# warnings only where packaging/lintian/* says why), the unit files through systemd-analyze
# verify, install the previous build with apt, start the installed hub as its service user
# with the installed config and check its health and dashboard, run the installed kiosk once
# headless, upgrade with ratings, a local config edit and modes kept, remove (data kept) and
# purge (data gone). Also configures a build with /usr/share/doc's ImGui backends hidden, as
# stripped images have it. Removes what it installed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $(id -u) -eq 0 ]] || { echo "package-test.sh installs packages: run it as root (CI does)" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
work="$(mktemp -d)"
hub_pid=""
cleanup() {
  [[ -n "$hub_pid" ]] && kill "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null || true
  [[ -d "$work/imgui-examples" ]] && mv "$work/imgui-examples" /usr/share/doc/libimgui-dev/examples
  apt-get purge -y -qq suara-hub suara-kiosk suara-common >/dev/null 2>&1 || true
  if [[ $(getent passwd suara-kiosk | cut -d: -f3) -ge 1000 ]] 2>/dev/null; then userdel suara-kiosk; fi  # the planted login
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "package-test: FAILED: $*" >&2; exit 1; }
step() { echo "package-test: $*"; }

apt-get install -y -qq --no-install-recommends lintian >/dev/null

step "the ImGui backends without /usr/share/doc (a stripped image)"
if [[ -d /usr/share/doc/libimgui-dev/examples ]]; then mv /usr/share/doc/libimgui-dev/examples "$work/imgui-examples"; fi
cmake -S . -B "$work/stripped" -DSUARA_BUILD_TESTS=OFF -DSUARA_BUILD_BENCH=OFF >/dev/null || fail "configuring without /usr/share/doc"
[[ -f $(echo "$work"/stripped/imgui-backends/usr/share/doc/libimgui-dev/examples/backends/imgui_impl_sdl.cpp) ]] \
  || fail "the backends were not found from the package"
[[ -d "$work/imgui-examples" ]] && mv "$work/imgui-examples" /usr/share/doc/libimgui-dev/examples

step "building the packages: revision 1 (the previous build), then 2"
SUARA_PACKAGE_RELEASE=1 DIST_DIR="$work/previous" bash scripts/package.sh >/dev/null
SUARA_PACKAGE_RELEASE=2 DIST_DIR="$work/current" bash scripts/package.sh >/dev/null
ls "$work"/current/*.deb

step "lintian: no errors"
lintian --fail-on error --tag-display-limit 0 "$work"/current/*.deb || fail "lintian found errors"

step "a login account already named suara-kiosk is refused, not handed the kiosk's data"
if getent passwd suara-kiosk >/dev/null; then userdel suara-kiosk; fi  # a system user left by an earlier run
useradd --no-create-home --shell /usr/sbin/nologin suara-kiosk  # uid >= 1000: someone's login
if apt-get install -y -qq "$work"/previous/suara-*.deb >"$work/refused.log" 2>&1; then fail "installed over a login account named suara-kiosk"; fi
grep -q "not a system account" "$work/refused.log" || { cat "$work/refused.log"; fail "the refusal does not say why"; }
[[ ! -e /var/lib/suara/kiosk ]] || fail "the login account was given a kiosk data directory"
userdel suara-kiosk

step "installing the previous build with apt"
dpkg --configure -a >/dev/null  # what the refused install left unconfigured, now the account is gone
apt-get install -y -qq "$work"/previous/suara-*.deb >/dev/null
[[ $(dpkg-query -W -f='${Version}' suara-hub) == *-1 ]] || fail "the previous build is not the one installed"

step "systemd-analyze verify on the installed units"
units=(/lib/systemd/system/suara-hub.service /lib/systemd/system/suara-hub-backup.service /lib/systemd/system/suara-hub-backup.timer
       /lib/systemd/system/suara-kiosk.service /lib/systemd/system/suara-kiosk-sync.service /lib/systemd/system/suara-kiosk-sync.timer)
systemd-analyze verify "${units[@]}" || fail "systemd-analyze verify"

step "users, modes and ownership"
getent passwd suara-hub >/dev/null && getent passwd suara-kiosk >/dev/null || fail "no system users"
[[ $(stat -c '%a %U' /var/lib/suara/hub) == "700 suara-hub" ]] || fail "hub data dir: $(stat -c '%a %U' /var/lib/suara/hub)"
[[ $(stat -c '%a %U' /var/lib/suara/kiosk) == "700 suara-kiosk" ]] || fail "kiosk data dir: $(stat -c '%a %U' /var/lib/suara/kiosk)"
[[ $(stat -c '%a %U %G' /etc/suara/hub.toml) == "640 root suara-hub" ]] || fail "hub.toml: $(stat -c '%a %U %G' /etc/suara/hub.toml)"
[[ $(stat -c '%a %U %G' /etc/suara/kiosk.toml) == "640 root suara-kiosk" ]] || fail "kiosk.toml: $(stat -c '%a %U %G' /etc/suara/kiosk.toml)"

db=/var/lib/suara/hub/hub.db
hub_as_service() { runuser -u suara-hub -- "$@"; }
start_hub() {  # the installed config; the port from the hub's own line (8080 may be taken here)
  exec 3< <(exec runuser -u suara-hub -- /usr/bin/suara-hub --config /etc/suara/hub.toml serve --listen 127.0.0.1:0 2>&1)
  hub_pid=$!
  url=""
  while IFS= read -r line <&3; do
    echo "$line" >>"$work/hub.log"
    if [[ "$line" == *"listening on "* ]]; then url="${line##*listening on }"; break; fi
  done
  [[ -n "$url" ]] || { cat "$work/hub.log" >&2; fail "the installed hub did not start"; }
  cat <&3 >>"$work/hub.log" &
}
stop_hub() { kill "$hub_pid"; wait "$hub_pid" || true; hub_pid=""; }
ratings() { hub_as_service /usr/bin/suara-hub report --db "$db" --format json | python3 -c 'import json,sys; print(sum(g["responses"] for g in json.load(sys.stdin)["groups"]))'; }

step "the installed hub, as its user, with the installed config"
hub_as_service /usr/bin/suara-hub demo-seed --db "$db" --count 500 >/dev/null
start_hub
curl -fsS "$url/v1/health" | grep -q '"status":"ok"' || fail "health: $(curl -sS "$url/v1/health")"
curl -fsS "$url/login" | grep -q 'name="password"' || fail "the dashboard's sign-in page (installed templates)"
curl -fsS -o /dev/null "$url/static/chart.min.js" || fail "Chart.js from libjs-chart.js"
stop_hub
before=$(ratings)
[[ "$before" -gt 0 ]] || fail "no ratings stored"

step "the installed kiosk, once, headless"
runuser -u suara-kiosk -- /usr/bin/suara-kiosk --version | grep -q "suara-kiosk" || fail "suara-kiosk --version"
# With no --data-dir or --config: the installed defaults are the package's layout.
(cd / && runuser -u suara-kiosk -- /usr/bin/suara-kiosk status) >"$work/status.txt" 2>&1 || { cat "$work/status.txt"; fail "suara-kiosk status"; }
grep -q "/var/lib/suara/kiosk" "$work/status.txt" && grep -q "/etc/suara/kiosk.toml" "$work/status.txt" \
  || { cat "$work/status.txt"; fail "suara-kiosk status does not read the installed data directory and config"; }

step "the backup the timer runs"
hub_as_service /usr/bin/suara-hub backup --db "$db" --dir /var/lib/suara/hub/backups --keep 14 >/dev/null
ls /var/lib/suara/hub/backups/hub-*.db >/dev/null || fail "no backup written"

step "a config the administrator deleted stays deleted when the package is configured again"
rm /etc/suara/kiosk.toml
dpkg-reconfigure suara-kiosk >/dev/null 2>&1 || fail "configuring with kiosk.toml deleted"
[[ ! -e /etc/suara/kiosk.toml ]] || fail "the deleted kiosk.toml came back"

step "upgrading to the current build: ratings, a local config edit and modes kept"
echo "# edited on site" >>/etc/suara/hub.toml
# The service user plants a link where the backups go; configuring as root must not follow it.
mv /var/lib/suara/hub/backups "$work/backups"
runuser -u suara-hub -- ln -s /usr/share/doc/suara-hub /var/lib/suara/hub/backups
apt-get install -y -qq "$work"/current/suara-*.deb >/dev/null
[[ $(dpkg-query -W -f='${Version}' suara-hub) == *-2 ]] || fail "the upgrade did not install the current build"
[[ $(ratings) -eq "$before" ]] || fail "ratings lost in the upgrade"
grep -q "edited on site" /etc/suara/hub.toml || fail "the local config edit was lost"
[[ $(stat -c '%a %U %G' /etc/suara/hub.toml) == "640 root suara-hub" ]] || fail "hub.toml mode after upgrade"
[[ $(stat -c '%a %U' /var/lib/suara/hub) == "700 suara-hub" ]] || fail "data dir mode after upgrade"
[[ $(stat -c '%U' /usr/share/doc/suara-hub) == root ]] || fail "the upgrade followed the service user's link and gave it /usr/share/doc/suara-hub"
rm /var/lib/suara/hub/backups && mv "$work/backups" /var/lib/suara/hub/backups
start_hub
curl -fsS "$url/v1/health" | grep -q '"status":"ok"' || fail "health after the upgrade"
stop_hub

step "remove: the data stays"
apt-get remove -y -qq suara-hub suara-kiosk >/dev/null
[[ -f "$db" ]] || fail "remove deleted the hub's ratings"
[[ -d /var/lib/suara/kiosk ]] || fail "remove deleted the kiosk's data"
[[ -f /etc/suara/hub.toml ]] || fail "remove deleted the config (conffiles stay until purge)"
[[ ! -e /usr/bin/suara-hub ]] || fail "remove left the program"

step "purge: the data goes"
apt-get purge -y -qq suara-hub suara-kiosk suara-common >/dev/null
[[ ! -e /var/lib/suara/hub ]] || fail "purge left /var/lib/suara/hub"
[[ ! -e /var/lib/suara/kiosk ]] || fail "purge left /var/lib/suara/kiosk"
[[ ! -e /etc/suara/hub.toml ]] || fail "purge left the config"
step "all passed"
