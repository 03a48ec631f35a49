#!/usr/bin/env bash
# README command 2: runs every test (unit, in-framework on Felix, integration against real servers).
# Installs what the tests need on a fresh machine, then builds and verifies the whole reactor.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n== %s\n' "$*"; }

# Debian packages the tests use for real: mosquitto (local broker and cloud broker tests).
packages=(mosquitto mosquitto-clients openssl)
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
mvn -B -ntp verify "$@" || status=$?

log "Test summary"
python3 .ci/count-tests.py . || status=$?
exit $status
