# shellcheck shell=bash
# The cloud application (cloud-ear) as a WAR on Payara Micro, on 127.0.0.1 only. Skipped with
# a message while no WAR is built. Configuration reaches the application through MicroProfile
# Config from environment variables: every key of stack.env is exported to it (NEXEFII_DB_URL
# is the property nexefii.db.url, MP_JWT_VERIFY_ISSUER is mp.jwt.verify.issuer, ...).

stack_step cloud "Cloud application on Payara Micro $NEXEFII_PAYARA_MICRO_VERSION"

_cloud_jar() { echo "$NEXEFII_CACHE_DIR/downloads/payara-micro-$NEXEFII_PAYARA_MICRO_VERSION.jar"; }
_cloud_url() { echo "http://$NEXEFII_BIND_HOST:$NEXEFII_CLOUD_PORT"; }
# HTTPS (server certificate from the development CA) for what gateways fetch: signed package downloads.
_cloud_https_url() { echo "https://$NEXEFII_BIND_HOST:$NEXEFII_CLOUD_HTTPS_PORT"; }

# NEXEFII_CLOUD_WAR wins; else the WAR cloud-ear builds (newest if several).
_cloud_war() {
  if [[ -n "${NEXEFII_CLOUD_WAR:-}" ]]; then
    [[ -f "$NEXEFII_CLOUD_WAR" ]] || die "NEXEFII_CLOUD_WAR=$NEXEFII_CLOUD_WAR does not exist"
    echo "$NEXEFII_CLOUD_WAR"
    return 0
  fi
  local wars
  wars="$(ls -t "$NEXEFII_REPO_DIR"/cloud-ear/target/*.war "$NEXEFII_REPO_DIR"/cloud-ear/*/target/*.war 2>/dev/null || true)"
  [[ -n "$wars" ]] && head -n 1 <<<"$wars"
}

_cloud_ensure_jar() {
  [[ -s "$(_cloud_jar)" ]] ||
    maven_fetch "fish.payara.extras:payara-micro:$NEXEFII_PAYARA_MICRO_VERSION:jar" "$NEXEFII_CACHE_DIR/downloads"
}

cloud_start() {
  if daemon_pid cloud >/dev/null; then
    log_info "already running"
    stack_env_set NEXEFII_CLOUD_URL "$(_cloud_url)"
    return 0
  fi
  local war
  war="$(_cloud_war || true)"
  if [[ -z "$war" ]]; then
    log_info "skipped: no WAR in cloud-ear/target (build it: mvn -pl cloud-ear -am package, or set NEXEFII_CLOUD_WAR)"
    stack_env_set NEXEFII_CLOUD_URL ""
    return 0
  fi
  stack_env_set NEXEFII_CLOUD_URL "$(_cloud_url)"
  stack_env_set NEXEFII_CLOUD_WAR "$war"
  stack_env_set NEXEFII_CLOUD_HTTPS_URL "$(_cloud_https_url)"
  stack_env_set NEXEFII_PACKAGES_DOWNLOAD_BASE_URL "$(_cloud_https_url)"
  require_free_port "Payara Micro" "$NEXEFII_CLOUD_PORT"
  require_free_port "Payara Micro HTTPS" "$NEXEFII_CLOUD_HTTPS_PORT"
  require_free_port "Payara Micro data grid" "$NEXEFII_CLOUD_DATAGRID_PORT"
  with_cache_lock _cloud_ensure_jar
  # The application reads its settings at boot: database, broker and token issuer first.
  stack_require postgres mosquitto keycloak

  local root="$NEXEFII_STACK_DIR/payara-micro"
  rm -rf "$root"
  mkdir -p "$root/tmp"
  pki_ensure_server cloud
  local pki="$NEXEFII_PKI_DIR"
  (umask 077 && openssl pkcs12 -export -in "$pki/cloud.crt" -inkey "$pki/cloud.key" -certfile "$pki/ca.crt" \
    -name cloud -out "$root/https.p12" -passout "pass:$(pki_password)")
  # Payara Micro has no bind-address flag: the HTTP listener and the data grid (Hazelcast
  # runs even with --nocluster) are bound to 127.0.0.1 by pre-boot commands.
  cat >"$root/preboot.asadmin" <<EOF
set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=$NEXEFII_BIND_HOST
set configs.config.server-config.network-config.network-listeners.network-listener.https-listener.address=$NEXEFII_BIND_HOST
set hazelcast-runtime-configuration.interface=$NEXEFII_BIND_HOST
set hazelcast-runtime-configuration.start-port=$NEXEFII_CLOUD_DATAGRID_PORT
set hazelcast-runtime-configuration.auto-increment-port=false
EOF
  stack_env_write
  log_info "deploying $(basename "$war") at $(_cloud_url)/"
  # Readiness looks only at what this start logs.
  touch "$NEXEFII_LOG_DIR/cloud.log"
  wc -c <"$NEXEFII_LOG_DIR/cloud.log" >"$NEXEFII_RUN_DIR/cloud.log-offset"
  # stack.env is the application's environment (MicroProfile Config maps NEXEFII_X_Y to
  # nexefii.x.y); exported variables already hold its values.
  local java_opts
  read -ra java_opts <<<"$NEXEFII_CLOUD_JAVA_OPTS"
  # jakarta.json.provider: without it every Json.createReader/createObjectBuilder looks the JSON-P
  # provider up with a ServiceLoader scan of the WAR's class path; MicroProfile JWT's verifier
  # does three per token verified (bench/FINDINGS.md, scenario 5). Parsson is Payara's own provider.
  daemon_start cloud "$NEXEFII_LOG_DIR/cloud.log" \
    java "${java_opts[@]}" -Djava.io.tmpdir="$root/tmp" -Dhazelcast.socket.bind.any=false \
    -Djakarta.json.provider=org.eclipse.parsson.JsonProviderImpl \
    -Djavax.net.ssl.keyStore="$root/https.p12" -Djavax.net.ssl.keyStoreType=PKCS12 \
    -Djavax.net.ssl.keyStorePassword="$(pki_password)" \
    -jar "$(_cloud_jar)" \
    --nocluster --disablephonehome \
    --port "$NEXEFII_CLOUD_PORT" \
    --sslport "$NEXEFII_CLOUD_HTTPS_PORT" --sslcert cloud \
    --rootdir "$root/runtime" \
    --prebootcommandfile "$root/preboot.asadmin" \
    --contextroot / \
    --deploy "$war"
}

_cloud_log_since_start() {
  local offset
  offset="$(cat "$NEXEFII_RUN_DIR/cloud.log-offset" 2>/dev/null || echo 0)"
  tail -c "+$((offset + 1))" "$NEXEFII_LOG_DIR/cloud.log"
}

# Succeeds once the boot is over, deployed or failed (Payara Micro may hang after a failed
# boot instead of exiting).
_cloud_boot_over() {
  _cloud_log_since_start | grep -E 'Deployed [0-9]+ archive|Failed to start' >/dev/null
}

_cloud_deploy_failed() {
  _cloud_log_since_start | grep -E 'Exception while loading the app|Failed to start|Deployed 0 archive' >/dev/null
}

cloud_ready() {
  local pid
  pid="$(daemon_pid cloud)" || return 0 # skipped
  local ready_url="${NEXEFII_CLOUD_READY_URL:-$(_cloud_url)/health/ready}"
  if ! wait_until "Payara Micro deployment" "$NEXEFII_READY_TIMEOUT" "$pid" _cloud_boot_over; then
    show_log_tail "$NEXEFII_LOG_DIR/cloud.log" 60
    return 1
  fi
  if _cloud_deploy_failed; then
    _cloud_log_since_start | grep -E -A3 'Exception while loading the app|Failed to start' | head -n 20 >&2 || true
    log_error "$(basename "$NEXEFII_CLOUD_WAR") failed to deploy on Payara Micro: see $NEXEFII_LOG_DIR/cloud.log"
    return 1
  fi
  if ! wait_until "cloud readiness ($ready_url)" "$NEXEFII_READY_TIMEOUT" "$pid" \
      http_code_is "$ready_url" 200; then
    show_log_tail "$NEXEFII_LOG_DIR/cloud.log" 60
    return 1
  fi
  log_ok "ready: $(_cloud_url)/"
}

cloud_stop() {
  if daemon_pid cloud >/dev/null; then log_info "stopping Payara Micro"; fi
  daemon_stop cloud 60
}

cloud_status() {
  daemon_status cloud "${NEXEFII_CLOUD_URL:-}"
}

cloud_summary() {
  if [[ -n "${NEXEFII_CLOUD_URL:-}" ]]; then
    echo "  Cloud        $NEXEFII_CLOUD_URL/  health $NEXEFII_CLOUD_URL/health  (Payara Micro, $(basename "$NEXEFII_CLOUD_WAR"))"
  else
    echo "  Cloud        not started (no WAR built yet)"
  fi
}
