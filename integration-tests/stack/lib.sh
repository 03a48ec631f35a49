# shellcheck shell=bash
# Shared functions of the stack scripts: logging, readiness waits, ports, background processes,
# secrets, steps and stack.env. Sourced after env.sh, never run directly.

# ---------------------------------------------------------------------------------------------
# Logging

if [[ -t 1 ]]; then
  _c_bold=$'\e[1m' _c_red=$'\e[31m' _c_green=$'\e[32m' _c_yellow=$'\e[33m' _c_off=$'\e[0m'
else
  _c_bold='' _c_red='' _c_green='' _c_yellow='' _c_off=''
fi

log_info() { printf '      %s\n' "$*"; }
log_ok() { printf '      %s%s%s\n' "$_c_green" "$*" "$_c_off"; }
log_warn() { printf '      %swarning:%s %s\n' "$_c_yellow" "$_c_off" "$*" >&2; }
log_error() { printf '%serror:%s %s\n' "$_c_red" "$_c_off" "$*" >&2; }
die() {
  log_error "$*"
  exit 1
}
log_section() { printf '%s==> %s%s\n' "$_c_bold" "$*" "$_c_off"; }

now_ms() { date +%s%3N; }
elapsed_s() { # elapsed_s START_MS -> "12.3s"
  local ms=$(($(now_ms) - $1))
  printf '%d.%ds' $((ms / 1000)) $(((ms % 1000) / 100))
}

# Prints the last lines of a log so a failure explains itself without opening files.
show_log_tail() {
  local file="$1" lines="${2:-40}"
  [[ -e "$file" ]] || return 0
  printf -- '----- last %s lines of %s -----\n' "$lines" "$file" >&2
  tail -n "$lines" "$file" >&2 || true
  printf -- '-----\n' >&2
}

# ---------------------------------------------------------------------------------------------
# Readiness: poll a condition until it holds or a deadline passes. The pause between polls is
# only a polling interval; the wait ends as soon as the condition holds.

# wait_until DESCRIPTION TIMEOUT_S PID_OR_EMPTY COMMAND... : fails early when PID dies.
wait_until() {
  local desc="$1" timeout="$2" pid="$3"
  shift 3
  local deadline=$((SECONDS + timeout)) pause=0.1
  until "$@" >/dev/null 2>&1; do
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      log_error "$desc: the process (pid $pid) exited before it was ready"
      return 1
    fi
    if ((SECONDS >= deadline)); then
      log_error "$desc: not ready after ${timeout}s"
      return 1
    fi
    sleep "$pause"
    [[ "$pause" == 0.1 ]] && pause=0.25 || pause=0.5
  done
}

http_code() { curl -s -o /dev/null -m 5 -w '%{http_code}' "$1" || true; }
http_code_is() { # http_code_is URL REGEX
  [[ "$(http_code "$1")" =~ ^($2)$ ]]
}

# ---------------------------------------------------------------------------------------------
# Ports

listening_ports() { # all TCP ports something listens on (any address), one per line
  ss -Htln | awk '{ n = split($4, a, ":"); print a[n] }' | sort -un
}

port_in_use() {
  # grep without -q reads all input: an early exit would fail the pipeline (pipefail)
  listening_ports | grep -x "$1" >/dev/null
}

# Prints the ports in use within [FROM, FROM + NEXEFII_PORT_BLOCK), one per line.
ports_in_use_in_block() {
  listening_ports | awk -v lo="$1" -v hi="$(($1 + NEXEFII_PORT_BLOCK))" '$1 >= lo && $1 < hi'
}

# Local ports of every TCP socket in any state (listening, connected, TIME_WAIT) and of every
# UDP socket: a port an outgoing connection holds is as taken for bind() as a listening one.
ports_taken() {
  ss -Htuan | awk '{ n = split($5, a, ":"); print a[n] }' | sort -un
}

# The kernel's ephemeral port range ("LOW HIGH"): outgoing connections take their local ports
# from it at any moment, so a server port inside it can be taken between the check and the bind.
ephemeral_port_range() {
  local range
  range="$(cat /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true)"
  [[ "$range" =~ ^[[:space:]]*([0-9]+)[[:space:]]+([0-9]+)[[:space:]]*$ ]] || range="32768 60999"
  echo $range
}

# Prints "yes" if [BASE, BASE + NEXEFII_PORT_BLOCK) overlaps the ephemeral range.
block_in_ephemeral_range() { # block_in_ephemeral_range BASE
  local low high
  read -r low high < <(ephemeral_port_range)
  (($1 <= high && $1 + NEXEFII_PORT_BLOCK - 1 >= low)) && echo yes || true
}

# Picks a port base for NEXEFII_PORT_BASE=auto: a block of NEXEFII_PORT_BLOCK ports from 20000 on
# that lies wholly outside the kernel's ephemeral range (below it, or above it when it starts too
# low) and of which no port is taken by any socket.
allocate_port_base() {
  local low high bases
  read -r low high < <(ephemeral_port_range)
  # below the range first (shuffled, so parallel stacks rarely race for one block), above it only
  # when the range starts too low
  bases="$(
    ((low - NEXEFII_PORT_BLOCK >= 20000)) && seq 20000 "$NEXEFII_PORT_BLOCK" $((low - NEXEFII_PORT_BLOCK)) | shuf
    ((high + 1 <= 65536 - NEXEFII_PORT_BLOCK)) && seq $((high + 1 > 20000 ? high + 1 : 20000)) "$NEXEFII_PORT_BLOCK" \
      $((65536 - NEXEFII_PORT_BLOCK)) | shuf
    true
  )"
  [[ -n "$bases" ]] || die "no block of $NEXEFII_PORT_BLOCK ports from 20000 outside the ephemeral range $low-$high (/proc/sys/net/ipv4/ip_local_port_range); set NEXEFII_PORT_BASE"
  ports_taken | awk -v block="$NEXEFII_PORT_BLOCK" -v bases="$bases" '
    { used[$1] = 1 }
    END {
      n = split(bases, b, "\n")
      for (i = 1; i <= n; i++) {
        free = 1
        for (p = b[i]; p < b[i] + block; p++) if (p in used) { free = 0; break }
        if (free) { print b[i]; exit 0 }
      }
      exit 1
    }' || die "no free block of $NEXEFII_PORT_BLOCK ports from 20000 outside the ephemeral range $low-$high"
}

require_free_port() { # require_free_port SERVICE PORT
  if port_in_use "$2"; then
    die "$1: port $2 on 127.0.0.1 is already in use (another stack? see 'ss -ltnp | grep :$2'; choose other ports with NEXEFII_PORT_BASE=... or NEXEFII_PORT_BASE=auto)"
  fi
}

# ---------------------------------------------------------------------------------------------
# Users: servers that refuse to run as root (PostgreSQL) or drop root (Mosquitto) run as their
# Debian service user when the stack is started by root, else as the current user.

service_user() { # service_user DEBIAN_USER
  if [[ $EUID -eq 0 ]]; then echo "$1"; else id -un; fi
}

run_as() { # run_as USER COMMAND...
  local user="$1"
  shift
  if [[ "$user" == "$(id -un)" ]]; then
    "$@"
  else
    runuser -u "$user" -- "$@"
  fi
}

# A directory owned by USER for the state of one server. It lives in the stack directory; if
# USER cannot reach that path (e.g. the checkout is under /root, mode 700), the state goes to
# /var/tmp/nexefii-<hash>/NAME and the stack directory holds a symlink to it, which reset.sh
# follows.
service_dir() { # service_dir NAME USER -> path
  local name="$1" user="$2" dir="$NEXEFII_STACK_DIR/$1"
  if [[ -L "$dir" ]]; then
    readlink -f "$dir"
    return 0
  fi
  mkdir -p "$dir"
  if [[ "$user" != "$(id -un)" ]]; then
    chown "$user:" "$dir"
    if ! runuser -u "$user" -- test -w "$dir" 2>/dev/null; then
      rmdir "$dir" 2>/dev/null || die "$dir: not reachable by user $user and not empty"
      local hash outside
      hash="$(printf '%s' "$NEXEFII_STACK_DIR" | sha256sum | cut -c1-12)"
      outside="/var/tmp/nexefii-$hash/$name"
      # A shared /tmp-like folder: refuse one that someone else prepared.
      if [[ -e "/var/tmp/nexefii-$hash" && "$(stat -c %u "/var/tmp/nexefii-$hash")" != "$EUID" ]]; then
        die "/var/tmp/nexefii-$hash exists and belongs to another user"
      fi
      mkdir -p "$outside"
      chmod 755 "/var/tmp/nexefii-$hash"
      chown "$user:" "$outside"
      chmod 700 "$outside"
      ln -s "$outside" "$dir"
      dir="$outside"
    fi
  fi
  echo "$dir"
}

# ---------------------------------------------------------------------------------------------
# Secrets: generated once into the stack's secrets directory, never into the repository.

secret() { # secret NAME -> value (created on first use)
  local file="$NEXEFII_SECRETS_DIR/$1"
  if [[ ! -s "$file" ]]; then
    (umask 077 && openssl rand -hex 24 >"$file")
  fi
  cat "$file"
}

# ---------------------------------------------------------------------------------------------
# Background processes: each runs in its own session (process group), its pid in run/NAME.pid,
# its output in logs/NAME.log.

daemon_pid() { # prints the pid if NAME runs
  local file="$NEXEFII_RUN_DIR/$1.pid" pid
  [[ -f "$file" ]] || return 1
  pid="$(<"$file")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

# daemon_status NAME DETAIL -> one status line; return code as NAME_status documents
daemon_status() {
  local pid
  if pid="$(daemon_pid "$1")"; then
    printf 'running (pid %s) %s\n' "$pid" "$2"
    return 0
  elif [[ -f "$NEXEFII_RUN_DIR/$1.pid" ]]; then
    printf 'DOWN (pid %s gone; see %s)\n' "$(<"$NEXEFII_RUN_DIR/$1.pid")" "$NEXEFII_LOG_DIR"
    return 1
  fi
  echo "not running"
  return 2
}

daemon_start() { # daemon_start NAME LOGFILE COMMAND...
  local name="$1" logfile="$2"
  shift 2
  mkdir -p "$NEXEFII_RUN_DIR" "$(dirname "$logfile")"
  printf '\n===== %s: starting %s =====\n' "$(date -Is)" "$name" >>"$logfile"
  # setsid: own process group, so stop signals reach the server and its children, and a
  # Ctrl-C in the terminal reaches up.sh only (which then stops everything in order).
  # 8>&-: servers must not inherit up.sh's lock on the stack directory.
  setsid "$@" </dev/null >>"$logfile" 2>&1 8>&- &
  echo $! >"$NEXEFII_RUN_DIR/$name.pid"
}

daemon_stop() { # daemon_stop NAME [TIMEOUT_S]
  local name="$1" timeout="${2:-30}" pid
  pid="$(daemon_pid "$name")" || {
    rm -f "$NEXEFII_RUN_DIR/$name.pid"
    return 0
  }
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  if ! wait_until "stopping $name" "$timeout" "" _process_group_gone "$pid"; then
    log_warn "$name did not stop within ${timeout}s: killing it"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    wait_until "killing $name" 10 "" _process_group_gone "$pid" || true
  fi
  rm -f "$NEXEFII_RUN_DIR/$name.pid"
}

_process_group_gone() {
  ! kill -0 -- "-$1" 2>/dev/null && ! kill -0 "$1" 2>/dev/null
}

# ---------------------------------------------------------------------------------------------
# Downloads through Maven (Maven Central), cached in NEXEFII_CACHE_DIR.

maven_fetch() { # maven_fetch GROUP:ARTIFACT:VERSION:TYPE DEST_DIR -> downloads into DEST_DIR
  local artifact="$1" dest="$2"
  mkdir -p "$dest"
  log_info "downloading $artifact from Maven Central (once; cached in $NEXEFII_CACHE_DIR)"
  # Run outside the repository so Maven does not load the project's poms.
  (cd "$dest" && mvn -B -q -Dstyle.color=never "$NEXEFII_MAVEN_DEPENDENCY_PLUGIN:copy" \
    -Dartifact="$artifact" -DoutputDirectory="$dest" -Dmdep.overWriteReleases=false) \
    >>"$NEXEFII_LOG_DIR/maven.log" 2>&1 || {
    show_log_tail "$NEXEFII_LOG_DIR/maven.log" 30
    die "download of $artifact failed (is Maven Central reachable?)"
  }
}

# Serialises cache updates between stacks started at the same time.
with_cache_lock() {
  mkdir -p "$NEXEFII_CACHE_DIR"
  (
    flock -w 900 9 || die "could not lock $NEXEFII_CACHE_DIR/.lock"
    "$@"
  ) 9>"$NEXEFII_CACHE_DIR/.lock"
}

# ---------------------------------------------------------------------------------------------
# stack.env: the resolved settings the tests (Java Properties format) and scripts read.

declare -ga STACK_ENV_KEYS=()
stack_env_set() { # stack_env_set KEY VALUE
  local key="$1" value="$2"
  [[ "$value" != *$'\n'* ]] || die "stack.env value of $key contains a newline"
  printf -v "$key" '%s' "$value"
  # shellcheck disable=SC2163 # exporting the variable named by $key
  export "$key"
  local k
  for k in "${STACK_ENV_KEYS[@]}"; do [[ "$k" == "$key" ]] && return 0; done
  STACK_ENV_KEYS+=("$key")
}

stack_env_write() {
  local tmp="$NEXEFII_STACK_ENV.tmp" key
  (
    umask 077
    {
      echo "# Nexefii stack settings, written by integration-tests/stack/up.sh at $(date -Is)."
      echo "# KEY=value lines: java.util.Properties and 'set -a; . stack.env' both read it."
      echo "# Holds generated dev/test secrets: keep it out of version control."
      for key in "${STACK_ENV_KEYS[@]}"; do printf '%s=%s\n' "$key" "${!key}"; done
    } >"$tmp"
  )
  mv -f "$tmp" "$NEXEFII_STACK_ENV"
}

# ---------------------------------------------------------------------------------------------
# Steps: each file in steps.d/ registers one service with stack_step NAME "Description" and
# defines NAME_start (start it if not running; may return before it is ready), and optionally
# NAME_ready (wait until it is ready), NAME_stop, NAME_status and NAME_summary (lines for the
# banner up.sh prints). NAME_status prints one line and returns 0 if the service runs, 1 if it
# was started but is down, 2 if it is not started (disabled, skipped or stopped by down.sh).
# A step that needs another one ready first calls stack_require OTHER.

declare -ga STACK_STEPS=()
declare -gA STACK_STEP_TITLE=()
declare -gA STACK_STEP_READY=()

stack_step() { # stack_step NAME DESCRIPTION
  STACK_STEPS+=("$1")
  # shellcheck disable=SC2034 # read by up.sh
  STACK_STEP_TITLE[$1]="$2"
}

stack_load_steps() {
  local f dir
  for f in "$NEXEFII_STACK_SCRIPTS"/steps.d/*.sh; do
    # shellcheck source=/dev/null
    source "$f"
  done
  # Extra step directories (colon separated), for steps kept outside this folder.
  local IFS=:
  for dir in ${NEXEFII_EXTRA_STEP_DIRS:-}; do
    for f in "$dir"/*.sh; do
      # shellcheck source=/dev/null
      [[ -e "$f" ]] && source "$f"
    done
  done
}

step_defined() { declare -F "$1" >/dev/null; }

stack_require() { # stack_require NAME... : waits until those steps are ready
  local name
  for name in "$@"; do
    [[ -n "${STACK_STEP_READY[$name]:-}" ]] && continue
    # Not in a condition: errexit must stay active inside the step's function.
    if step_defined "${name}_ready"; then "${name}_ready"; fi
    STACK_STEP_READY[$name]=1
  done
}
