#!/usr/bin/env bash
# supervise.sh CHILD_PIDFILE COMMAND... : runs a server and starts it again, within a second, whenever it
# dies on its own (crash, SIGKILL, SIGSEGV), logging each restart to its standard output (the server's
# log file). TERM/INT stop the server and the supervisor; HUP is passed on when it can be trapped (not when
# this shell started with SIGHUP ignored, e.g. under nohup: so reloads signal the server's own pid).
#
# Why: Mosquitto 2.0.11 (Debian 12, the newest available here) segfaults on some session takeovers (the
# same client certificate connected twice), and one broker serves every property (README, "Broker
# supervision"). CHILD_PIDFILE holds the running server's pid, for status and for tests that kill it.
set -u
child_pidfile="$1"
shift
name="$(basename "$1")"
stopping=false
child=""
restarts=0

stop() {
  stopping=true
  if [[ -n "$child" ]]; then kill -TERM "$child" 2>/dev/null; fi
}
trap stop TERM INT
trap '[[ -n "$child" ]] && kill -HUP "$child" 2>/dev/null' HUP

while :; do
  started=$(date +%s)
  "$@" &
  child=$!
  echo "$child" >"$child_pidfile"
  while :; do
    wait "$child"
    rc=$?
    # wait returns early (status > 128) when a trapped signal arrives; the server may still run
    kill -0 "$child" 2>/dev/null || break
  done
  $stopping && break
  restarts=$((restarts + 1))
  how="exit status $rc"
  if ((rc > 128)); then how="signal $(kill -l $((rc - 128)) 2>/dev/null || echo $((rc - 128)))"; fi
  # a server that dies at once (bad configuration, port taken) is not restarted in a tight loop
  pause=0.5
  if (($(date +%s) - started < 2)); then pause=2; fi
  printf '%s supervisor: %s (pid %s) died (%s); restart #%s in %ss\n' "$(date +%Y-%m-%dT%H:%M:%S)" \
    "$name" "$child" "$how" "$restarts" "$pause"
  sleep "$pause"
  $stopping && break
done
rm -f "$child_pidfile"
