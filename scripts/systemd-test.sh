#!/usr/bin/env bash
# The packages under a real systemd: a minimal Debian 12 is made with debootstrap, the packages
# are installed in it with apt, and it is booted with systemd-nspawn (systemd as its PID 1, no
# network but its own loopback). Then, through systemctl inside it:
#   the hub: started at boot as Type=notify (active only once it said READY), its health, its
#     watchdog restarting it when it hangs (SIGSTOP), a clean stop, the backup service;
#   the kiosk: cage + Xwayland + the kiosk as the unit runs them, READY after the first frame,
#     the watchdog restarting a hung screen, Restart=always after a crash, a clean stop, and the
#     sync service asking the running kiosk to send, heard by the hub.
# A container has no tty1, GPU, seat or touch panel, so the kiosk unit gets one drop-in here:
# no tty, and wlroots' headless backend. The watchdogs are shortened by a drop-in (4 s) so a
# hang is seen in seconds; the shipped values are 60 s (hub) and 30 s (kiosk).
# Usage: systemd-test.sh [DIR_WITH_DEBS]  (as root; CI runs it from scripts/test.sh). Without a
# directory, the packages are built first (scripts/package.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $(id -u) -eq 0 ]] || { echo "systemd-test.sh boots a container: run it as root (CI does)" >&2; exit 1; }
mirror="${SUARA_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
export DEBIAN_FRONTEND=noninteractive

work="$(mktemp -d /var/tmp/suara-systemd.XXXXXX)"  # not /tmp: a tmpfs may be too small
root="$work/root"
nspawn_pid=""
own_cgroups=()
cleanup() {
  if [[ -n "$nspawn_pid" ]]; then
    kill "$nspawn_pid" 2>/dev/null || true  # nspawn shuts the container down in order
    wait "$nspawn_pid" 2>/dev/null || true
  fi
  for hierarchy in "${own_cgroups[@]}"; do  # back to the root, and the run's cgroup removed
    echo "$BASHPID" >"$hierarchy/cgroup.procs" 2>/dev/null || true
    find "$hierarchy/$cgroup_name" -depth -type d -exec rmdir {} + 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
if [[ $# -gt 0 ]]; then
  debs="$(realpath "$1")"
else
  debs="$work/debs"
  DIST_DIR="$debs" bash scripts/package.sh >/dev/null
fi
# Whether a command's output holds a pattern. Not `cmd | grep -q`: grep -q stops at the first
# match and, under pipefail, the writer's SIGPIPE (141) would read as "not found".
says() { local pattern=$1 output; shift; output="$("$@")" || true; grep -q -- "$pattern" <<<"$output"; }
fail() {
  echo "systemd-test: FAILED: $*" >&2
  [[ -n "${init_pid:-}" ]] && ct journalctl --no-pager -n 80 -u suara-hub -u suara-kiosk -u suara-kiosk-sync >&2 || true
  exit 1
}
step() { echo "systemd-test: $*"; }

apt-get install -y -qq --no-install-recommends debootstrap systemd-container >/dev/null

step "a minimal Debian 12 with systemd (debootstrap)"
debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus,procps,curl \
  bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log"; fail "debootstrap"; }
echo suara-test >"$root/etc/hostname"

step "installing the packages in it with apt"
mkdir "$root/debs"
cp "$debs"/suara-*.deb "$root/debs/"
systemd-nspawn -q -D "$root" --register=no --keep-unit sh -c \
  'apt-get update -qq && apt-get install -y -qq --no-install-recommends /debs/*.deb' >"$work/install.log" 2>&1 \
  || { tail -30 "$work/install.log"; fail "apt-get install in the container"; }

# Test-only drop-ins (see the header): what a container lacks, and short watchdogs.
mkdir -p "$root/etc/systemd/system/suara-kiosk.service.d" "$root/etc/systemd/system/suara-hub.service.d"
cat >"$root/etc/systemd/system/suara-kiosk.service.d/container.conf" <<'EOF'
[Unit]
ConditionPathExists=
[Service]
TTYPath=
StandardInput=null
Environment=WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1
WatchdogSec=4
EOF
printf '[Service]\nWatchdogSec=4\n' >"$root/etc/systemd/system/suara-hub.service.d/watchdog.conf"

step "booting it (systemd-nspawn --boot)"
# The container's systemd makes its cgroups under the one it is started in: without a host
# systemd that is the root, shared with any other container on the machine (two would kill
# each other's processes). A cgroup of its own for this run, in each hierarchy systemd uses.
cgroup_name="suara-systemd-test-$$"
own_cgroups=()
for hierarchy in /sys/fs/cgroup/systemd /sys/fs/cgroup/unified /sys/fs/cgroup; do
  [[ -f "$hierarchy/cgroup.procs" ]] || continue
  mkdir -p "$hierarchy/$cgroup_name"
  echo "$BASHPID" >"$hierarchy/$cgroup_name/cgroup.procs"
  own_cgroups+=("$hierarchy")
done
systemd-nspawn -q -D "$root" --boot --register=no --keep-unit --private-network >"$work/console.log" 2>&1 &
nspawn_pid=$!
init_pid=""
for _ in $(seq 100); do
  init_pid="$(pgrep -P "$nspawn_pid" -x systemd || true)"
  [[ -n "$init_pid" ]] && break
  kill -0 "$nspawn_pid" 2>/dev/null || { cat "$work/console.log"; fail "the container did not boot"; }
  sleep 0.1  # polling for the container's init to appear: there is nothing to wait on
done
[[ -n "$init_pid" ]] || fail "no systemd in the container"
ct() { nsenter -t "$init_pid" -m -u -i -n -p -- "$@"; }
state=""
for _ in $(seq 1200); do  # until boot has finished (systemctl answers once systemd is up)
  state="$(ct systemctl is-system-running 2>/dev/null || true)"
  [[ "$state" == running || "$state" == degraded ]] && break
  sleep 0.1
done
[[ "$state" == running || "$state" == degraded ]] || fail "boot did not finish: '$state'"
[[ "$state" == running ]] || ct systemctl --failed --no-pager
prop() { ct systemctl show -P "$2" "$1"; }
# Waits (up to 60 s) until a unit's property has the wanted value.
wait_prop() {
  local unit=$1 name=$2 want=$3
  for _ in $(seq 600); do
    [[ "$(prop "$unit" "$name")" == "$want" ]] && return 0
    sleep 0.1
  done
  fail "$unit: $name is '$(prop "$unit" "$name")', wanted '$want'"
}
# Waits (up to 60 s) until a unit has been restarted more than N times and is active again.
wait_restarted() {
  local unit=$1 before=$2
  for _ in $(seq 600); do
    if [[ "$(prop "$unit" NRestarts)" -gt "$before" && "$(prop "$unit" ActiveState)" == active ]]; then return 0; fi
    sleep 0.1
  done
  fail "$unit was not restarted (NRestarts $(prop "$unit" NRestarts), $(prop "$unit" ActiveState))"
}
health() { ct curl -fsS --max-time 5 http://127.0.0.1:8080/v1/health; }

step "the hub: started at boot, READY once serving"
[[ "$(prop suara-hub ActiveState)" == active ]] || fail "suara-hub is $(prop suara-hub ActiveState) after boot"
[[ "$(prop suara-hub Type)" == notify ]] || fail "suara-hub is not Type=notify"
[[ "$(prop suara-hub StatusText)" == *serving* ]] || fail "suara-hub status: $(prop suara-hub StatusText)"
says '"status":"ok"' health || fail "hub health"

step "the hub: a hung hub is restarted by the watchdog"
hub_restarts="$(prop suara-hub NRestarts)"
ct kill -STOP "$(prop suara-hub MainPID)"
wait_restarted suara-hub "$hub_restarts"
says "Watchdog timeout" ct journalctl -u suara-hub --no-pager || fail "the hub's restart was not the watchdog's"
says '"status":"ok"' health || fail "hub health after the watchdog restart"

step "the hub: a clean stop"
ct systemctl stop suara-hub
[[ "$(prop suara-hub Result)" == success ]] || fail "stopping the hub: $(prop suara-hub Result)"
[[ "$(prop suara-hub ExecMainStatus)" == 0 ]] || fail "the hub exited $(prop suara-hub ExecMainStatus) on stop"
ct systemctl start suara-hub

step "the hub: the backup service"
ct systemctl start suara-hub-backup.service
[[ "$(prop suara-hub-backup.service Result)" == success ]] || fail "the backup service: $(prop suara-hub-backup.service Result)"
ct sh -c 'ls /var/lib/suara/hub/backups/hub-*.db' >/dev/null || fail "no backup written by the backup service"
[[ "$(ct stat -c '%a %U' /var/lib/suara/hub/backups)" == "700 suara-hub" ]] || fail "backups dir: $(ct stat -c '%a %U' /var/lib/suara/hub/backups)"

step "the kiosk: on screen from boot, READY after its first frame (cage, Xwayland, the rating screen)"
wait_prop suara-kiosk ActiveState active
kiosk_pid() { ct pgrep -u suara-kiosk -x suara-kiosk; }
kiosk_pid >/dev/null || fail "no suara-kiosk process under cage"
[[ "$(prop suara-kiosk NRestarts)" == 0 ]] || fail "the kiosk was restarted $(prop suara-kiosk NRestarts) times on its way up"

step "the kiosk: enrolled while on screen, it takes the enrolment up and the hub hears it"
hub_cli() { ct runuser -u suara-hub -- suara-hub "$@" --db /var/lib/suara/hub/hub.db; }
hub_cli unit add --id uji --name "Loket uji" --service umum=Umum >/dev/null || fail "adding a unit to the served hub"
code="$(hub_cli enroll-code --unit uji | tail -1)"
says "the running kiosk" ct runuser -u suara-kiosk -- suara-kiosk enroll --hub http://127.0.0.1:8080 --code "$code" --name "Loket uji" || fail "enroll did not tell the running kiosk"
kiosk_id="$(ct sh -c 'grep -o "\"kiosk_id\": *\"[^\"]*\"" /var/lib/suara/kiosk/enrollment.json' | sed 's/.*"\([^"]*\)"$/\1/')"
[[ -n "$kiosk_id" ]] || fail "no kiosk id in enrollment.json"
heard() { ct journalctl -u suara-hub --no-pager -o cat | grep -c "kiosk=$kiosk_id " || true; }
for _ in $(seq 300); do  # the kiosk syncs on its own thread: wait for the hub to hear it
  [[ "$(heard)" -gt 0 ]] && break
  sleep 0.1
done
[[ "$(heard)" -gt 0 ]] || fail "the hub never heard kiosk $kiosk_id"

step "the kiosk: the sync service asks the running kiosk for a pass"
last_attempt() { ct runuser -u suara-kiosk -- suara-kiosk status --json | grep -o '"last_attempt_ms": *[0-9]*' | grep -o '[0-9]*$' || echo 0; }
attempt_before="$(last_attempt)"
ct systemctl start suara-kiosk-sync.service
[[ "$(prop suara-kiosk-sync.service Result)" == success ]] || fail "the sync service: $(prop suara-kiosk-sync.service Result)"
says "asked the running kiosk" ct journalctl -u suara-kiosk-sync --no-pager || fail "the sync service did not ask the running kiosk"
for _ in $(seq 300); do
  [[ "$(last_attempt)" -gt "$attempt_before" ]] && break
  sleep 0.1
done
[[ "$(last_attempt)" -gt "$attempt_before" ]] || fail "no sync pass after the sync service asked (last attempt $(last_attempt))"

step "the kiosk: a hung screen is restarted by the watchdog"
kiosk_restarts="$(prop suara-kiosk NRestarts)"
ct kill -STOP "$(kiosk_pid)"
wait_restarted suara-kiosk "$kiosk_restarts"
says "Watchdog timeout" ct journalctl -u suara-kiosk --no-pager || fail "the kiosk's restart was not the watchdog's"

step "the kiosk: a crash is restarted (Restart=always)"
kiosk_restarts="$(prop suara-kiosk NRestarts)"
ct kill -KILL "$(kiosk_pid)"
wait_restarted suara-kiosk "$kiosk_restarts"
kiosk_pid >/dev/null || fail "no suara-kiosk process after the restart"

step "the kiosk: a clean stop (the kiosk exits by itself, nothing is killed)"
killed() { ct journalctl -u suara-kiosk --no-pager -o cat | grep -c "timed out\|(suara-kiosk) with signal SIGKILL" || true; }
killed_before="$(killed)"
ct systemctl stop suara-kiosk
[[ "$(prop suara-kiosk Result)" == success ]] || fail "stopping the kiosk: $(prop suara-kiosk Result)"
[[ "$(killed)" == "$killed_before" ]] || fail "stopping the kiosk timed out or killed it"
step "the sync service with the kiosk stopped: it syncs by itself, in its sandbox"
ct systemctl start suara-kiosk-sync.service
[[ "$(prop suara-kiosk-sync.service Result)" == success ]] || fail "the sync service alone: $(prop suara-kiosk-sync.service Result)"
says "^accepted 0, duplicates 0, rejected 0, still pending 0" ct journalctl -u suara-kiosk-sync --no-pager -o cat || fail "the sync service did not sync by itself"
step "the hub removed and installed again: started again, its ratings kept"
ct apt-get remove -y -qq suara-hub >/dev/null 2>&1 || fail "apt-get remove suara-hub"
[[ "$(prop suara-hub ActiveState)" == inactive ]] || fail "the hub still runs after remove"
ct sh -c 'apt-get install -y -qq --no-install-recommends /debs/suara-hub_*.deb' >/dev/null 2>&1 || fail "installing suara-hub again"
wait_prop suara-hub ActiveState active
says "uji" hub_cli unit list || fail "the unit added before the remove is gone"
step "all passed"
