#!/usr/bin/env bash
# README command 2: runs every test (unit, in-framework on Felix, integration against real servers).
# Installs what the tests need on a fresh machine, then builds and verifies the whole reactor.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n== %s\n' "$*"; }

# Debian packages the tests use for real: mosquitto (local broker and cloud broker tests), dbus-daemon
# (the BLE adapter's BlueZ transport talks D-Bus to a fake org.bluez on a private bus).
packages=(mosquitto mosquitto-clients openssl chromium chromium-driver prometheus dbus-daemon)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  log "Installing ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

log "Building and testing the reactor (unit, osgi-test on Felix, integration)"
status=0
mvn -B -ntp --fail-at-end verify "$@" || status=$?

log "Real servers: stack smoke test (PostgreSQL, Keycloak realm, Mosquitto mTLS and ACLs, RLS, loopback only)"
# Its own stack directory and free ports, so it never clashes with a running demo.
export NEXEFII_STACK_DIR="${NEXEFII_STACK_DIR:-$PWD/target/ci-stack}" NEXEFII_PORT_BASE="${NEXEFII_PORT_BASE:-auto}"
smoke_passed=0
smoke_failed=1
mkdir -p target
if bash integration-tests/stack/up.sh --detach; then
  bash integration-tests/stack/smoke-test.sh | tee target/smoke-test.log || true
  read -r smoke_passed smoke_failed < <(sed -n 's/^smoke-test: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' target/smoke-test.log) || true
  smoke_passed="${smoke_passed:-0}"
  smoke_failed="${smoke_failed:-1}"
fi
bash integration-tests/stack/down.sh || true

log "Test summary"
python3 .ci/count-tests.py . --extra "$smoke_passed" "$smoke_failed" || status=$?
exit $status
