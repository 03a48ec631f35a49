#!/usr/bin/env bash
# Tests rolling-upgrade.sh against stand-in gateways (FakeGateway.java, JDK only): the rollout goes
# gateway by gateway and stops at the first one that rolled back or refused, leaving the rest alone.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

start() { # NAME OUTCOME -> prints base URL
    java "$here/FakeGateway.java" "$1" "$2" "$work/asked.log" "$work/$1.port" &
    pids+=($!)
    for _ in $(seq 1 100); do [[ -s $work/$1.port ]] && break; sleep 0.1; done
    echo "http://127.0.0.1:$(cat "$work/$1.port")"
}
printf 'PK\3\4 pretend package' > "$work/pkg.dp"
passed=0 failed=0
check() { if eval "$2"; then passed=$((passed + 1)); echo "ok - $1"; else failed=$((failed + 1)); echo "not ok - $1"; fi; }

{ start gw-1 updated; start gw-2 installed; } > "$work/all-good.txt"
rc=0; "$here/rolling-upgrade.sh" "$work/all-good.txt" "$work/pkg.dp" > "$work/out1" 2>&1 || rc=$?
check "given two healthy gateways, when rolled out, then both are upgraded in order and it succeeds" \
    '[[ $rc -eq 0 && "$(cat "$work/asked.log")" == $'"'"'gw-1\ngw-2'"'"' ]]'

: > "$work/asked.log"
{ start gw-3 rolled_back; start gw-4 updated; } > "$work/first-fails.txt"
rc=0; "$here/rolling-upgrade.sh" "$work/first-fails.txt" "$work/pkg.dp" > "$work/out2" 2>&1 || rc=$?
check "given a first gateway that rolls back, when rolled out, then it stops there and the second is never asked" \
    '[[ $rc -eq 1 && "$(cat "$work/asked.log")" == "gw-3" ]] && grep -q "STOP: .* answered HTTP 200 rolled_back; 1 gateway(s) not touched" "$work/out2"'

: > "$work/asked.log"
{ start gw-5 updated; start gw-6 rejected; start gw-7 updated; } > "$work/second-refuses.txt"
rc=0; "$here/rolling-upgrade.sh" "$work/second-refuses.txt" "$work/pkg.dp" > "$work/out3" 2>&1 || rc=$?
check "given a second gateway that refuses the package, when rolled out, then the third is never asked" \
    '[[ $rc -eq 1 && "$(cat "$work/asked.log")" == $'"'"'gw-5\ngw-6'"'"' ]]'

rc=0; "$here/rolling-upgrade.sh" "$work/none.txt" "$work/pkg.dp" > /dev/null 2>&1 || rc=$?
check "given a missing gateways file, when run, then it is a usage error" '[[ $rc -eq 2 ]]'

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
