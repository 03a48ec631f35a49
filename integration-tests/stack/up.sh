#!/usr/bin/env bash
# Starts the Nexefii stack on 127.0.0.1: installs what is missing, then runs the steps in
# steps.d/ in order (PostgreSQL, Keycloak, certificates, Mosquitto, the cloud on Payara Micro,
# and whatever steps other modules add). Each step waits on a real readiness check.
#
#   up.sh            start, print URLs and users, stay in the foreground; Ctrl-C stops all
#   up.sh --detach   start and return (CI, tests); stop later with down.sh
#
# Settings: env.sh (all overridable by environment variables); the resolved ones are written
# to $NEXEFII_STACK_DIR/stack.env.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$NEXEFII_STACK_SCRIPTS/lib.sh"

usage() {
  sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}

detach=false
while (($#)); do
  case "$1" in
    -d | --detach) detach=true ;;
    -h | --help) usage 0 ;;
    *)
      log_error "unknown argument: $1"
      usage 2
      ;;
  esac
  shift
done

[[ "$NEXEFII_STACK_DIR" =~ ^[A-Za-z0-9_./+-]+$ ]] ||
  die "NEXEFII_STACK_DIR must be a plain path (letters, digits, _ . / + -): $NEXEFII_STACK_DIR"
mkdir -p "$NEXEFII_STACK_DIR"
NEXEFII_STACK_DIR="$(cd "$NEXEFII_STACK_DIR" && pwd)"
stack_derive_paths

# One up.sh per stack directory at a time (fd 8; servers are started without it).
exec 8>"$NEXEFII_STACK_DIR/.up.lock"
flock -n 8 || die "another up.sh is running for $NEXEFII_STACK_DIR"

# An "auto" base sticks to the ports of the previous run while they are free, so URLs stay
# stable between restarts of the same stack.
if [[ "$NEXEFII_PORT_BASE" == auto ]]; then
  previous="$(sed -n 's/^NEXEFII_PORT_BASE=//p' "$NEXEFII_STACK_ENV" 2>/dev/null || true)"
  NEXEFII_PORT_BASE=""
  # (a base an older picker chose inside the ephemeral range is given up)
  if [[ "$previous" =~ ^[0-9]+$ && -z "$(block_in_ephemeral_range "$previous")" ]]; then
    # Ports this stack itself holds (run/ports) do not count as taken.
    foreign="$(comm -23 <(ports_in_use_in_block "$previous" | sort) <(sort "$NEXEFII_RUN_DIR/ports" 2>/dev/null || true))"
    [[ -n "$foreign" ]] || NEXEFII_PORT_BASE="$previous"
  fi
  [[ -n "$NEXEFII_PORT_BASE" ]] || NEXEFII_PORT_BASE="$(allocate_port_base)"
fi
[[ "$NEXEFII_PORT_BASE" =~ ^[0-9]+$ ]] || die "NEXEFII_PORT_BASE must be a number or 'auto'"
stack_apply_port_base

mkdir -p "$NEXEFII_LOG_DIR" "$NEXEFII_RUN_DIR" "$NEXEFII_PKI_DIR"
# Generated secrets live here: keep the whole directory out of git wherever it is.
[[ -f "$NEXEFII_STACK_DIR/.gitignore" ]] || echo '*' >"$NEXEFII_STACK_DIR/.gitignore"
(umask 077 && mkdir -p "$NEXEFII_SECRETS_DIR")

stack_env_set NEXEFII_STACK_DIR "$NEXEFII_STACK_DIR"
stack_env_set NEXEFII_LOG_DIR "$NEXEFII_LOG_DIR"
stack_env_set NEXEFII_PKI_DIR "$NEXEFII_PKI_DIR"
stack_env_set NEXEFII_CACHE_DIR "$NEXEFII_CACHE_DIR"
stack_env_set NEXEFII_BIND_HOST "$NEXEFII_BIND_HOST"
stack_env_set NEXEFII_PORT_BASE "$NEXEFII_PORT_BASE"
while read -r port_var _; do stack_env_set "$port_var" "${!port_var}"; done < <(stack_port_offsets)

stack_load_steps

started_ms="$(now_ms)"
failed_step=""
on_failure() {
  local rc=$?
  ((rc == 0)) && return 0
  local where=""
  [[ -z "$failed_step" ]] || where=" in step $failed_step"
  log_error "start failed$where; logs: $NEXEFII_LOG_DIR"
  if [[ "${NEXEFII_KEEP_ON_FAILURE:-false}" != true ]]; then
    log_info "stopping what was started (NEXEFII_KEEP_ON_FAILURE=true keeps it running)"
    "$NEXEFII_STACK_SCRIPTS/down.sh" >&2 || true
  fi
  exit "$rc"
}
trap on_failure EXIT

total=${#STACK_STEPS[@]}
i=0
for step in "${STACK_STEPS[@]}"; do
  i=$((i + 1))
  failed_step="$step"
  log_section "[$i/$total] ${STACK_STEP_TITLE[$step]}"
  if [[ ",${NEXEFII_SKIP_STEPS:-}," == *",$step,"* ]]; then
    log_info "skipped (NEXEFII_SKIP_STEPS)"
    STACK_STEP_READY[$step]=1
    continue
  fi
  t="$(now_ms)"
  "${step}_start"
  stack_env_write # down.sh can find what runs even if a later step fails
  log_info "($(elapsed_s "$t"))"
done
for step in "${STACK_STEPS[@]}"; do
  failed_step="$step"
  if [[ -z "${STACK_STEP_READY[$step]:-}" ]] && step_defined "${step}_ready"; then
    log_section "waiting for ${STACK_STEP_TITLE[$step]}"
    t="$(now_ms)"
    stack_require "$step"
    log_info "($(elapsed_s "$t"))"
  fi
  STACK_STEP_READY[$step]=1
done
failed_step=""
stack_env_write
# Ports of this stack, so a restart with NEXEFII_PORT_BASE=auto can tell them from others.
ports_in_use_in_block "$NEXEFII_PORT_BASE" >"$NEXEFII_RUN_DIR/ports" || true
trap - EXIT

echo
log_section "Nexefii stack ready in $(elapsed_s "$started_ms")"
for step in "${STACK_STEPS[@]}"; do
  [[ ",${NEXEFII_SKIP_STEPS:-}," == *",$step,"* ]] && continue
  if step_defined "${step}_summary"; then "${step}_summary"; fi
done
cat <<EOF

  Settings (ports, URLs, passwords, keystores): $NEXEFII_STACK_ENV
  Logs: $NEXEFII_LOG_DIR
  Status: $NEXEFII_STACK_SCRIPTS/status.sh    Stop: $NEXEFII_STACK_SCRIPTS/down.sh
EOF

if [[ "$detach" == true ]]; then
  exit 0
fi

stopping=false
stop_all() {
  [[ "$stopping" == true ]] && return 0
  stopping=true
  # Ctrl-C also ends whatever reads our output (e.g. "up.sh | tee"): stopping must not die
  # of a broken pipe, and its report also goes to logs/down.log.
  trap '' PIPE INT
  set +e
  echo
  log_section "stopping the stack"
  "$NEXEFII_STACK_SCRIPTS/down.sh" 2>&1 | tee -p -a "$NEXEFII_LOG_DIR/down.log"
  exit "${PIPESTATUS[0]}"
}
trap stop_all INT TERM HUP
echo
log_info "running in the foreground: press Ctrl-C to stop everything"
# Supervise: report a server that dies, keep the others running.
declare -A reported=()
while true; do
  for step in "${STACK_STEPS[@]}"; do
    step_defined "${step}_status" || continue
    rc=0
    "${step}_status" >/dev/null 2>&1 || rc=$?
    if ((rc == 1)); then
      if [[ -z "${reported[$step]:-}" ]]; then
        log_warn "${STACK_STEP_TITLE[$step]} stopped running; see $NEXEFII_LOG_DIR"
        reported[$step]=1
      fi
    else
      unset "reported[$step]"
    fi
  done
  sleep 5 &
  wait $! || true
done
