# shellcheck shell=bash disable=SC2034 # the variables are read by the other stack scripts
# Settings of the Nexefii development/test stack: every port, directory and version is an
# environment variable with a default. Sourced by the stack scripts, never run directly.
#
# Precedence: a variable already set in the environment wins; otherwise up.sh derives it from
# NEXEFII_PORT_BASE and the defaults below. The other scripts (down, status, tests) read the
# settings the running stack actually uses from "$NEXEFII_STACK_DIR/stack.env".

NEXEFII_STACK_SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
NEXEFII_REPO_DIR="${NEXEFII_REPO_DIR:-$(cd "$NEXEFII_STACK_SCRIPTS/../.." && pwd)}"

# All runtime state (data, logs, pids, generated certificates and secrets) lives here.
NEXEFII_STACK_DIR="${NEXEFII_STACK_DIR:-$NEXEFII_REPO_DIR/target/stack}"
# Downloaded distributions, shared by every stack of this user (a test stack beside the demo
# reuses the demo's downloads). reset.sh keeps it.
NEXEFII_CACHE_DIR="${NEXEFII_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/nexefii}"

# Every server binds to the loopback interface only.
NEXEFII_BIND_HOST=127.0.0.1

NEXEFII_KEYCLOAK_VERSION="${NEXEFII_KEYCLOAK_VERSION:-26.5.6}"
NEXEFII_PAYARA_MICRO_VERSION="${NEXEFII_PAYARA_MICRO_VERSION:-6.2025.10}"
NEXEFII_PAYARA_SERVER_VERSION="${NEXEFII_PAYARA_SERVER_VERSION:-6.2025.9}"
# Same version as the root pom's pluginManagement; called by coordinates because the
# downloads happen outside any module.
NEXEFII_MAVEN_DEPENDENCY_PLUGIN="${NEXEFII_MAVEN_DEPENDENCY_PLUGIN:-org.apache.maven.plugins:maven-dependency-plugin:3.8.1}"
NEXEFII_PG_BIN="${NEXEFII_PG_BIN:-/usr/lib/postgresql/15/bin}"

# Optional parts.
# Direct access grants (password grant) on the public mobile client: TEST ONLY. The committed
# realm has them off; this dev/test stack switches them on so tests and the demo can log in
# with curl. Set to false to get the production behaviour (authorization code + PKCE only).
NEXEFII_MOBILE_DIRECT_GRANTS="${NEXEFII_MOBILE_DIRECT_GRANTS:-true}"
# A read-only MQTT identity (nexefii-observer: may read every nexefii/v1 topic, write none) for
# tests that must watch traffic without taking over the cloud's client id. Off by default.
NEXEFII_MQTT_OBSERVER="${NEXEFII_MQTT_OBSERVER:-false}"
# Payara Server (admin console, deploys the EAR) is optional: true to start it as well.
NEXEFII_PAYARA_SERVER="${NEXEFII_PAYARA_SERVER:-false}"
# Skip the apt step (a machine that already has everything, or a user without root).
NEXEFII_SKIP_INSTALL="${NEXEFII_SKIP_INSTALL:-false}"
# Steps not to start, comma separated step names (e.g. "cloud" for the servers without the
# application): prereqs, certs, postgres, keycloak, mosquitto, cloud, payara-server, ...
NEXEFII_SKIP_STEPS="${NEXEFII_SKIP_STEPS:-}"
# JVM options. C1-only JIT (TieredStopAtLevel=1) starts Keycloak and Payara 2-4x faster on
# 2 cores and serves tests as fast; measurements in bench/ should clear them (full JIT).
NEXEFII_KEYCLOAK_JAVA_OPTS="${NEXEFII_KEYCLOAK_JAVA_OPTS--XX:TieredStopAtLevel=1}"
NEXEFII_CLOUD_JAVA_OPTS="${NEXEFII_CLOUD_JAVA_OPTS--Xmx768m -XX:TieredStopAtLevel=1}"
# The stack gateways' JVM (gateway.jar): C1-only for the same reason; bench/ clears it too.
NEXEFII_GATEWAY_JAVA_OPTS="${NEXEFII_GATEWAY_JAVA_OPTS--Xmx256m -XX:TieredStopAtLevel=1}"
# Readiness deadline of one service, in seconds.
NEXEFII_READY_TIMEOUT="${NEXEFII_READY_TIMEOUT:-300}"

# Port layout: NEXEFII_PORT_BASE + offset. "auto" picks a base whose whole block of 300 ports
# is free, so a test stack can run beside the demo.
NEXEFII_PORT_BASE="${NEXEFII_PORT_BASE:-17000}"
NEXEFII_PORT_BLOCK=300

# Offsets, documented in README.md. Payara Server takes its usual port layout from
# NEXEFII_PAYARA_PORTBASE (admin console +48, HTTP +80, ...). Gateways (other modules) use the
# block from NEXEFII_GATEWAY_PORT_BASE on (10 ports per gateway).
stack_port_offsets() {
  cat <<'EOF'
NEXEFII_CLOUD_PORT 0
NEXEFII_CLOUD_DATAGRID_PORT 1
NEXEFII_CLOUD_HTTPS_PORT 2
NEXEFII_PG_PORT 32
NEXEFII_KEYCLOAK_PORT 80
NEXEFII_MQTT_PORT 83
NEXEFII_KEYCLOAK_MANAGEMENT_PORT 90
NEXEFII_PAYARA_PORTBASE 100
NEXEFII_GATEWAY_PORT_BASE 200
EOF
}

# Derives every port not set explicitly from NEXEFII_PORT_BASE (which must be a number here).
stack_apply_port_base() {
  local name offset
  while read -r name offset; do
    if [[ -z "${!name:-}" ]]; then
      printf -v "$name" '%s' "$((NEXEFII_PORT_BASE + offset))"
    fi
  done < <(stack_port_offsets)
}

stack_derive_paths() {
  NEXEFII_LOG_DIR="$NEXEFII_STACK_DIR/logs"
  NEXEFII_RUN_DIR="$NEXEFII_STACK_DIR/run"
  NEXEFII_SECRETS_DIR="$NEXEFII_STACK_DIR/secrets"
  NEXEFII_PKI_DIR="$NEXEFII_STACK_DIR/pki"
  NEXEFII_STACK_ENV="$NEXEFII_STACK_DIR/stack.env"
}
stack_derive_paths

# Loads the settings of the stack in NEXEFII_STACK_DIR as up.sh wrote them (down, status,
# add-gateway). Returns 1 if that stack was never started.
stack_env_load() {
  [[ -f "$NEXEFII_STACK_ENV" ]] || return 1
  local line key value
  while IFS= read -r line; do
    # Split at the first "=" only ("read" with IFS='=' would drop a trailing "=").
    key="${line%%=*}" value="${line#*=}"
    [[ "$line" == *=* && "$key" =~ ^[A-Z_][A-Z0-9_]*$ ]] || continue
    printf -v "$key" '%s' "$value"
    # shellcheck disable=SC2163 # exporting the variable named by $key
    export "$key"
  done < "$NEXEFII_STACK_ENV"
  stack_derive_paths
}
