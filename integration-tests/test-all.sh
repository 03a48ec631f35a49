#!/usr/bin/env bash
# README command 2: runs every test (unit, in-framework on Felix, integration against real servers).
# Installs what the tests need on a fresh machine, then builds and verifies the whole reactor.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n== %s\n' "$*"; }

log "Building and testing the reactor (unit, osgi-test on Felix, integration)"
status=0
mvn -B -ntp verify "$@" || status=$?

log "Test summary"
python3 .ci/count-tests.py . || status=$?
exit $status
