# shellcheck shell=bash
# Optional (NEXEFII_PAYARA_SERVER=true): Payara Server with its admin console, deploying the
# EAR cloud-ear builds. The distribution comes from Maven Central
# (fish.payara.distributions:payara, zip) into the cache; the domain "nexefii" lives in the
# stack directory with its usual port layout from NEXEFII_PAYARA_PORTBASE, every listener bound
# to 127.0.0.1, and a generated admin password. Like the cloud on Payara Micro, the server gets
# every stack.env key as an environment variable (MicroProfile Config).

stack_step payara_server "Payara Server $NEXEFII_PAYARA_SERVER_VERSION (optional, EAR + admin console)"

_ps_home() { echo "$NEXEFII_CACHE_DIR/payara-server-$NEXEFII_PAYARA_SERVER_VERSION/payara6"; }
_ps_domains() { echo "$NEXEFII_STACK_DIR/payara-server"; }
_ps_admin_port() { echo $((NEXEFII_PAYARA_PORTBASE + 48)); }
_ps_http_port() { echo $((NEXEFII_PAYARA_PORTBASE + 80)); }
_ps_enabled() { [[ "$NEXEFII_PAYARA_SERVER" == true ]]; }

_ps_asadmin() { # asadmin as the domain's admin, password from a file (never the command line)
  "$(_ps_home)/bin/asadmin" --host "$NEXEFII_BIND_HOST" --port "$(_ps_admin_port)" --user admin \
    --passwordfile "$(_ps_domains)/admin.pass" "$@"
}

_ps_ear() {
  if [[ -n "${NEXEFII_CLOUD_EAR:-}" ]]; then
    [[ -f "$NEXEFII_CLOUD_EAR" ]] || die "NEXEFII_CLOUD_EAR=$NEXEFII_CLOUD_EAR does not exist"
    echo "$NEXEFII_CLOUD_EAR"
    return 0
  fi
  local ears
  ears="$(ls -t "$NEXEFII_REPO_DIR"/cloud-ear/target/*.ear "$NEXEFII_REPO_DIR"/cloud-ear/*/target/*.ear 2>/dev/null || true)"
  [[ -n "$ears" ]] && head -n 1 <<<"$ears"
}

_ps_ensure_dist() {
  [[ -x "$(_ps_home)/bin/asadmin" ]] && return 0
  local downloads="$NEXEFII_CACHE_DIR/downloads" zip dir
  zip="$downloads/payara-$NEXEFII_PAYARA_SERVER_VERSION.zip"
  [[ -s "$zip" ]] || maven_fetch "fish.payara.distributions:payara:$NEXEFII_PAYARA_SERVER_VERSION:zip" "$downloads"
  dir="$(dirname "$(_ps_home)")"
  log_info "unpacking $(basename "$zip")"
  rm -rf "$dir.unpack"
  mkdir -p "$dir.unpack"
  unzip -q "$zip" -d "$dir.unpack"
  rm -rf "$dir"
  mv "$dir.unpack" "$dir"
}

_ps_create_domain() {
  local domains pw base
  domains="$(_ps_domains)"
  base="$NEXEFII_PAYARA_PORTBASE"
  [[ -d "$domains/nexefii" ]] && return 0
  mkdir -p "$domains"
  pw="$(secret payara-admin.pass)"
  (umask 077 && printf 'AS_ADMIN_PASSWORD=%s\n' "$pw" >"$domains/admin.pass")
  log_info "creating domain nexefii (port base $base)"
  "$(_ps_home)/bin/asadmin" --user admin --passwordfile "$domains/admin.pass" create-domain \
    --domaindir "$domains" --portbase "$base" --nopassword=false --savelogin=false nexefii \
    >>"$NEXEFII_LOG_DIR/payara-server.log" 2>&1 || {
    show_log_tail "$NEXEFII_LOG_DIR/payara-server.log" 20
    die "asadmin create-domain failed"
  }
  # Bind every listener to loopback: explicit any-address listeners, listeners without an address
  # (which means all interfaces) and the data grid (whose sockets also need bind.any=false).
  # The embedded JMS broker is switched off: the cloud talks MQTT, and its lazy listener would
  # bind all interfaces.
  local xml="$domains/nexefii/config/domain.xml"
  # shellcheck disable=SC2016 # ${JMS_PROVIDER_PORT} is a Payara variable, not a shell one
  sed -i \
    -e 's/address="0\.0\.0\.0"/address="127.0.0.1"/g' \
    -e '/<network-listener /{/ address=/!s/<network-listener /<network-listener address="127.0.0.1" /}' \
    -e 's/<hazelcast-runtime-configuration /<hazelcast-runtime-configuration interface="127.0.0.1" das-bind-address="127.0.0.1" /' \
    -e '0,/<java-config [^>]*>/s//&\n        <jvm-options>-Dhazelcast.socket.bind.any=false<\/jvm-options>/' \
    -e '0,/<config name="server-config"[^>]*>/s//&\n      <jms-service type="DISABLED" default-jms-host="default_JMS_host"><jms-host name="default_JMS_host" host="localhost" port="${JMS_PROVIDER_PORT}"><\/jms-host><\/jms-service>/' \
    "$xml"
}

payara_server_start() {
  _ps_enabled || {
    log_info "not enabled (NEXEFII_PAYARA_SERVER=true starts it)"
    return 0
  }
  stack_env_set NEXEFII_PAYARA_ADMIN_URL "http://$NEXEFII_BIND_HOST:$(_ps_admin_port)"
  stack_env_set NEXEFII_PAYARA_ADMIN_USER admin
  stack_env_set NEXEFII_PAYARA_ADMIN_PASSWORD "$(secret payara-admin.pass)"
  stack_env_set NEXEFII_PAYARA_HTTP_URL "http://$NEXEFII_BIND_HOST:$(_ps_http_port)"
  if payara_server_status >/dev/null 2>&1; then
    log_info "already running"
    return 0
  fi
  require_free_port "Payara Server admin" "$(_ps_admin_port)"
  require_free_port "Payara Server HTTP" "$(_ps_http_port)"
  with_cache_lock _ps_ensure_dist
  _ps_create_domain
  stack_require postgres mosquitto keycloak
  stack_env_write
  log_info "starting domain nexefii: admin console http://$NEXEFII_BIND_HOST:$(_ps_admin_port)/"
  touch "$NEXEFII_LOG_DIR/payara-server.log"
  ln -sfn "$(_ps_domains)/nexefii/logs/server.log" "$NEXEFII_LOG_DIR/payara-server-domain.log"
  # start-domain forks the server and returns once it is up (its own readiness check).
  "$(_ps_home)/bin/asadmin" start-domain --domaindir "$(_ps_domains)" nexefii \
    >>"$NEXEFII_LOG_DIR/payara-server.log" 2>&1 8>&- || {
    show_log_tail "$NEXEFII_LOG_DIR/payara-server.log" 30
    die "asadmin start-domain failed"
  }
  cp "$(_ps_domains)/nexefii/config/pid" "$NEXEFII_RUN_DIR/payara-server.pid"

  local ear
  ear="$(_ps_ear || true)"
  if [[ -z "$ear" ]]; then
    log_info "no EAR in cloud-ear (build it: mvn -pl cloud-ear -am package, or set NEXEFII_CLOUD_EAR)"
    return 0
  fi
  stack_env_set NEXEFII_CLOUD_EAR "$ear"
  log_info "deploying $(basename "$ear")"
  _ps_asadmin deploy --force=true --name nexefii-cloud "$ear" >>"$NEXEFII_LOG_DIR/payara-server.log" 2>&1 || {
    show_log_tail "$(_ps_domains)/nexefii/logs/server.log" 40
    die "deployment of $(basename "$ear") on Payara Server failed"
  }
}

payara_server_ready() {
  _ps_enabled || return 0
  wait_until "Payara Server admin" "$NEXEFII_READY_TIMEOUT" "$(daemon_pid payara-server || true)" \
    http_code_is "http://$NEXEFII_BIND_HOST:$(_ps_admin_port)/" '200|302'
  log_ok "ready: admin console http://$NEXEFII_BIND_HOST:$(_ps_admin_port)/ (user admin, NEXEFII_PAYARA_ADMIN_PASSWORD)"
}

payara_server_stop() {
  [[ -d "$(_ps_domains)/nexefii" ]] || return 0
  if daemon_pid payara-server >/dev/null; then
    log_info "stopping Payara Server"
    "$(_ps_home)/bin/asadmin" stop-domain --domaindir "$(_ps_domains)" nexefii >/dev/null 2>&1 ||
      daemon_stop payara-server 60
  fi
  rm -f "$NEXEFII_RUN_DIR/payara-server.pid"
}

payara_server_status() {
  daemon_status payara-server "admin http://127.0.0.1:$((NEXEFII_PAYARA_PORTBASE + 48))/"
}

payara_server_summary() {
  _ps_enabled || return 0
  echo "  Payara Srv   admin console $NEXEFII_PAYARA_ADMIN_URL/ (admin, NEXEFII_PAYARA_ADMIN_PASSWORD)  apps $NEXEFII_PAYARA_HTTP_URL/"
}
