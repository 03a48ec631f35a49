# shellcheck shell=bash
# The stack's gateways: one OSGi JVM per line of the gateway list (hotel-a/gw-a1, hotel-b/gw-b1),
# each with simulated locks on all three protocols (the generic simulator, BLE and ZigBee in their
# SIMULATED modes, TCP against its own standalone controller simulator process), the durable event
# store, the lock router, the cloud connector (mTLS with the gateway's certificate from the stack's
# CA), the policy cache and the local HTTPS unlock API (dev keystore generated here, Keycloak issuer
# and JWKS of the stack). The publisher requires a durable listener: no event is acknowledged before
# the event store has it.
#
# Each gateway is what a site runs: the platform, bundles/com.nexefii.gateway.runtime/target/gateway.jar
# (or NEXEFII_GATEWAY_JAR), and the signed deployment packages kura-deployment-packages builds (core,
# simulator, BLE, TCP, ZigBee; or every *.dp of NEXEFII_GATEWAY_PACKAGES), copied into the provisioning
# folder gateways/<id>/config/packages. At its first start the gateway installs them through its
# verified installer, which trusts the certificate that signed them (kura-deployment-packages/target/
# dev-signing/dp-signer.pem, or NEXEFII_DP_CERTIFICATE) as gateways/<id>/config/dp-signers.pem.
# The step is skipped with a message while the jar or the packages are not built, like the cloud
# without its WAR.
#
# NEXEFII_GATEWAYS_RUN (comma-separated gateway ids) starts only those of the list; default all.
# NEXEFII_GATEWAY_ALLOWED_ORIGINS (comma-separated) are the web origins whose pages may call the
# local API from a browser (CORS); default the cloud's URL (where the web app is served).
#
# Ports from NEXEFII_GATEWAY_PORT_BASE, 10 per gateway in list order: +0 local API (HTTPS),
# +1 TCP controller simulator, +2 its control port (console commands, e.g. "status"), +3 the web
# console (user admin, password NEXEFII_GATEWAY_<i>_CONSOLE_PASSWORD in stack.env).
# Configuration: typed .config files (Felix ConfigAdmin format) in gateways/<id>/config, read by
# Felix FileInstall; data (installed bundles, configuration, log, event store, replay set, policy)
# in gateways/<id>/data. When the packages differ from those of the gateway's last start (a rebuild),
# its installed bundles (data/framework) are dropped so it provisions the new ones: snapshot builds
# keep their bundle versions, and Deployment Admin updates a bundle only when its version changes.

stack_step gateways "Gateways (OSGi, simulated ZigBee/BLE/TCP locks)"

_gw_jar() {
  local jar="${NEXEFII_GATEWAY_JAR:-$NEXEFII_REPO_DIR/bundles/com.nexefii.gateway.runtime/target/gateway.jar}"
  [[ -f "$jar" ]] && echo "$jar"
}
# The signed packages every stack gateway provisions, one file per line; nothing when one is missing.
_gw_packages() {
  local name file files=()
  if [[ -n "${NEXEFII_GATEWAY_PACKAGES:-}" ]]; then
    ls "$NEXEFII_GATEWAY_PACKAGES"/*.dp 2>/dev/null || true
    return 0
  fi
  for name in core lock.simulator lock.ble lock.tcp lock.zigbee; do
    file="$(ls -t "$NEXEFII_REPO_DIR/kura-deployment-packages/com.nexefii.dp.$name/target/"*.dp 2>/dev/null | head -n 1 || true)"
    [[ -n "$file" ]] || return 0
    files+=("$file")
  done
  printf '%s\n' "${files[@]}"
}
_gw_dp_certificate() {
  local file="${NEXEFII_DP_CERTIFICATE:-$NEXEFII_REPO_DIR/kura-deployment-packages/target/dev-signing/dp-signer.pem}"
  [[ -f "$file" ]] && echo "$file"
}
# Puts the packages in the gateway's provisioning folder and the signer's certificate beside its
# configuration; a different set than last time drops the installed bundles (see the top).
_gw_provisioning() { # _gw_provisioning GATEWAY CERTIFICATE PACKAGE...
  local gateway="$1" certificate="$2" dir digest
  shift 2
  dir="$(_gw_dir "$gateway")"
  mkdir -p "$dir/config/packages" "$dir/data"
  digest="$(cat "$certificate" "$@" | sha256sum | cut -d' ' -f1)"
  if [[ -d "$dir/data/framework" && "$(cat "$dir/data/packages.sha256" 2>/dev/null)" != "$digest" ]]; then
    log_info "$gateway: new packages: its installed bundles are dropped, it provisions them again"
    rm -rf "$dir/data/framework"
  fi
  rm -f "$dir/config/packages/"*.dp
  cp "$@" "$dir/config/packages/"
  cp "$certificate" "$dir/config/dp-signers.pem"
  echo "$digest" >"$dir/data/packages.sha256"
}
_gw_tcp_sim_jar() {
  local jars
  jars="$(ls -t "$NEXEFII_REPO_DIR"/bundles/com.nexefii.lock.tcp.simulator/target/com.nexefii.lock.tcp.simulator-*-runnable.jar 2>/dev/null || true)"
  [[ -n "$jars" ]] && head -n 1 <<<"$jars"
}
_gw_dir() { echo "$NEXEFII_STACK_DIR/gateways/$1"; }
_gw_port() { # _gw_port INDEX OFFSET
  echo "$((NEXEFII_GATEWAY_PORT_BASE + 10 * $1 + $2))"
}
# MQTT identity that may read every status topic without taking over the cloud's session.
_gw_watcher() { [[ "${NEXEFII_MQTT_OBSERVER:-false}" == true ]] && echo nexefii-observer; }

# Writes the gateway's typed configuration files (Felix .config: I"..." integer, B"..." boolean).
_gw_write_config() { # _gw_write_config INDEX PROPERTY GATEWAY
  local index="$1" property="$2" gateway="$3" dir conf data
  dir="$(_gw_dir "$gateway")"
  conf="$dir/config" data="$dir/data"
  mkdir -p "$conf" "$data"
  local password api_port tcp_port
  password="$(pki_password)"
  api_port="$(_gw_port "$index" 0)"
  tcp_port="$(_gw_port "$index" 1)"
  (
    umask 077
    cat >"$conf/com.nexefii.gateway.deploy.config" <<EOF
trustedCertificateFiles=["$conf/dp-signers.pem"]
EOF
    cat >"$conf/com.nexefii.lock.events.config" <<EOF
propertyId="$property"
gatewayId="$gateway"
dataDirectory="$data/events"
requireDurableListener=B"true"
EOF
    cat >"$conf/com.nexefii.event.store.config" <<EOF
dataDirectory="$data/store"
EOF
    cat >"$conf/com.nexefii.cloud.connector.config" <<EOF
brokerUrl="ssl://$NEXEFII_BIND_HOST:$NEXEFII_MQTT_PORT"
keystorePath="$NEXEFII_PKI_DIR/$gateway.p12"
keystorePassword="$password"
truststorePath="$NEXEFII_TLS_TRUSTSTORE"
truststorePassword="$NEXEFII_TLS_TRUSTSTORE_PASSWORD"
dataDirectory="$data/connector"
EOF
    cat >"$conf/com.nexefii.policy.cache.config" <<EOF
dataDirectory="$data/policy"
EOF
    cat >"$conf/com.nexefii.local.api.config" <<EOF
bindAddress="$NEXEFII_BIND_HOST"
port=I"$api_port"
keystorePath="$dir/local-api.p12"
keystorePassword="$password"
keyPassword="$password"
keystoreType="PKCS12"
tokenIssuer="$NEXEFII_OIDC_ISSUER"
tokenAudience="$NEXEFII_OIDC_AUDIENCE"
jwksUrl="$NEXEFII_OIDC_JWKS_URL"
dataDirectory="$data/local-api"
allowedOrigins=[$(_gw_allowed_origins)]
EOF
    cat >"$conf/com.nexefii.lock.simulator-sim.config" <<EOF
adapterId="sim"
lockCount=I"2"
latencyMinMillis=I"50"
latencyMaxMillis=I"150"
EOF
    cat >"$conf/com.nexefii.lock.ble-ble.config" <<EOF
nexefii.lock.adapter.id="ble"
transport="SIMULATED"
locks=["ble-101@AA:BB:CC:DD:EE:01","ble-102@AA:BB:CC:DD:EE:02"]
.masterKey="$(_gw_secret_base64 "$gateway-ble-master-key")"
simulatedConnectMinMs=L"50"
simulatedConnectMaxMs=L"200"
EOF
    cat >"$conf/com.nexefii.lock.zigbee.simulator-net.config" <<EOF
networkId="$gateway"
lockCount=I"2"
EOF
    cat >"$conf/com.nexefii.lock.zigbee-zigbee.config" <<EOF
nexefii.lock.adapter.id="zigbee"
dongleType="SIMULATED"
serialPort="$gateway"
dataDirectory="$data/zigbee"
EOF
    cat >"$conf/com.nexefii.lock.tcp-tcp.config" <<EOF
adapterId="tcp"
host="$NEXEFII_BIND_HOST"
port=I"$tcp_port"
key="$(secret "$gateway-tcp-key")"
EOF
  )
}

_gw_secret_base64() { # 48 random bytes as base64, generated once
  local file="$NEXEFII_SECRETS_DIR/$1"
  [[ -s "$file" ]] || (umask 077 && openssl rand -base64 48 | tr -d '\n' >"$file")
  cat "$file"
}

# Felix .config string array of the allowed origins, e.g. "http://127.0.0.1:8080"
_gw_allowed_origins() {
  local origins="${NEXEFII_GATEWAY_ALLOWED_ORIGINS:-${NEXEFII_CLOUD_URL:-}}" origin out=()
  IFS=',' read -ra list <<<"$origins"
  for origin in "${list[@]}"; do
    [[ -n "$origin" ]] && out+=("\"$origin\"")
  done
  (IFS=',' && echo "${out[*]}")
}

# Development TLS keystore of the local API: key and certificate issued by the stack's dev CA
# (SAN IP:127.0.0.1, DNS:localhost), with the CA in the chain, so clients that trust the dev CA
# (the browser tests, staff devices of the dev stack) verify it. A test fixture.
_gw_local_api_keystore() { # _gw_local_api_keystore PROPERTY GATEWAY
  local file name="$2-local-api"
  file="$(_gw_dir "$2")/local-api.p12"
  # a keystore from before the CA issued it (self-signed) is replaced
  [[ -s "$file" && -s "$file.ca-issued" ]] && return 0
  pki_ensure_server "$name"
  (umask 077 && openssl pkcs12 -export -in "$NEXEFII_PKI_DIR/$name.crt" -inkey "$NEXEFII_PKI_DIR/$name.key" \
    -certfile "$NEXEFII_PKI_DIR/ca.crt" -name gateway -out "$file" -passout "pass:$(pki_password)") ||
    die "openssl could not create $file"
  echo "$NEXEFII_PKI_DIR/$name.crt" >"$file.ca-issued"
}

# Whether NEXEFII_GATEWAYS_RUN lets this gateway start.
_gw_runs() { [[ -z "${NEXEFII_GATEWAYS_RUN:-}" || ",$NEXEFII_GATEWAYS_RUN," == *",$1,"* ]]; }

# The cloud knows only registered gateways: register them (idempotent) before they connect.
_gw_seed_cloud() {
  [[ -n "${NEXEFII_CLOUD_URL:-}" ]] || return 0
  local seed="$NEXEFII_REPO_DIR/cloud-ear/seed-stack.sh"
  [[ -x "$seed" || -f "$seed" ]] || return 0
  stack_env_write
  bash "$seed" "$NEXEFII_STACK_ENV" >>"$NEXEFII_LOG_DIR/seed.log" 2>&1 || {
    show_log_tail "$NEXEFII_LOG_DIR/seed.log" 20
    die "seeding the cloud with the stack's properties and gateways failed"
  }
  log_info "cloud seeded with the gateways (log: $NEXEFII_LOG_DIR/seed.log)"
}

gateways_start() {
  local jar tcp_jar certificate packages=()
  jar="$(_gw_jar || true)"
  tcp_jar="$(_gw_tcp_sim_jar || true)"
  certificate="$(_gw_dp_certificate || true)"
  mapfile -t packages < <(_gw_packages)
  if [[ -z "$jar" || -z "$tcp_jar" || -z "$certificate" || ${#packages[@]} -eq 0 ]]; then
    log_info "skipped: no gateway build (mvn install -DskipTests builds gateway.jar and the signed packages; or set NEXEFII_GATEWAY_JAR, NEXEFII_GATEWAY_PACKAGES, NEXEFII_DP_CERTIFICATE)"
    return 0
  fi
  stack_require certs mosquitto keycloak cloud
  _gw_seed_cloud

  local index=0 property gateway gateways=() gateway_java_opts
  read -ra gateway_java_opts <<<"$NEXEFII_GATEWAY_JAVA_OPTS"
  while read -r property gateway; do
    if ! _gw_runs "$gateway"; then
      index=$((index + 1))
      continue
    fi
    gateways+=("$property/$gateway")
    local dir api_port tcp_port control_port console_port
    dir="$(_gw_dir "$gateway")"
    api_port="$(_gw_port "$index" 0)"
    tcp_port="$(_gw_port "$index" 1)"
    control_port="$(_gw_port "$index" 2)"
    console_port="$(_gw_port "$index" 3)"
    stack_env_set "NEXEFII_GATEWAY_${index}_ID" "$gateway"
    stack_env_set "NEXEFII_GATEWAY_${index}_PROPERTY" "$property"
    stack_env_set "NEXEFII_GATEWAY_${index}_LOCAL_API_URL" "https://$NEXEFII_BIND_HOST:$api_port"
    stack_env_set "NEXEFII_GATEWAY_${index}_LOCAL_API_KEYSTORE" "$dir/local-api.p12"
    stack_env_set "NEXEFII_GATEWAY_${index}_TCP_CONTROL_PORT" "$control_port"
    stack_env_set "NEXEFII_GATEWAY_${index}_CONSOLE_URL" "http://$NEXEFII_BIND_HOST:$console_port/system/console"
    stack_env_set "NEXEFII_GATEWAY_${index}_CONSOLE_PASSWORD" "$(secret "$gateway-console-password")"
    mkdir -p "$dir"
    _gw_local_api_keystore "$property" "$gateway"
    _gw_write_config "$index" "$property" "$gateway"

    if daemon_pid "tcp-sim-$gateway" >/dev/null; then
      log_info "$gateway: TCP controller simulator already running"
    else
      require_free_port "TCP controller simulator of $gateway" "$tcp_port"
      require_free_port "TCP simulator control of $gateway" "$control_port"
      # The simulator quits at the end of its console input: give it one that never ends.
      daemon_start "tcp-sim-$gateway" "$NEXEFII_LOG_DIR/tcp-sim-$gateway.log" \
        bash -c 'tail -f /dev/null | exec "$@"' tcp-sim \
        java -Xmx64m -XX:TieredStopAtLevel=1 -jar "$tcp_jar" --port "$tcp_port" --locks 2 \
        --key "$(secret "$gateway-tcp-key")" --control-port "$control_port"
    fi
    if daemon_pid "gateway-$gateway" >/dev/null; then
      log_info "$gateway: already running"
    else
      _gw_provisioning "$gateway" "$certificate" "${packages[@]}"
      # its own copy: a rebuild meanwhile cannot pull the jar away from under the running JVM
      cp "$jar" "$dir/gateway.jar"
      require_free_port "local API of $gateway" "$api_port"
      require_free_port "web console of $gateway" "$console_port"
      log_info "starting $gateway ($property): local API https://$NEXEFII_BIND_HOST:$api_port, TCP locks on :$tcp_port"
      # Readiness looks only at what this start logs.
      touch "$NEXEFII_LOG_DIR/gateway-$gateway.log"
      wc -c <"$NEXEFII_LOG_DIR/gateway-$gateway.log" >"$NEXEFII_RUN_DIR/gateway-$gateway.log-offset"
      NEXEFII_CONSOLE_PASSWORD="$(secret "$gateway-console-password")" \
        daemon_start "gateway-$gateway" "$NEXEFII_LOG_DIR/gateway-$gateway.log" \
        java "${gateway_java_opts[@]}" -jar "$dir/gateway.jar" --config "$dir/config" --data "$dir/data" --port "$console_port" --host "$NEXEFII_BIND_HOST"
    fi
    index=$((index + 1))
  done < <(gateways_list)
  stack_env_set NEXEFII_GATEWAYS_STARTED "$(IFS=, && echo "${gateways[*]}")"
}

# Ready = the gateway's birth message (status ONLINE, retained) is on the broker, and its local
# API answers over TLS (401 to an unauthenticated unlock).
_gw_online() { # _gw_online PROPERTY GATEWAY
  local id
  id="$(_gw_watcher)"
  if [[ -n "$id" ]]; then
    mosquitto_sub -h "$NEXEFII_MQTT_HOST" -p "$NEXEFII_MQTT_PORT" --cafile "$NEXEFII_PKI_DIR/ca.crt" \
      --cert "$NEXEFII_PKI_DIR/$id.crt" --key "$NEXEFII_PKI_DIR/$id.key" -i "$id" \
      -t "nexefii/v1/$1/$2/status" -C 1 -W 3 2>/dev/null | grep -q ONLINE
  else
    # Without the observer identity (it would take over the cloud's session to read): the
    # connector's own report of this start (birth follows the connect).
    local offset
    offset="$(cat "$NEXEFII_RUN_DIR/gateway-$2.log-offset" 2>/dev/null || echo 0)"
    tail -c "+$((offset + 1))" "$NEXEFII_LOG_DIR/gateway-$2.log" | grep -q 'CloudLink - Connected to ssl://'
  fi
}
_gw_api_up() { # _gw_api_up URL
  local code
  code="$(curl -sk -o /dev/null -m 5 -w '%{http_code}' -X POST "$1/api/v1/locks/sim-1/unlock" || true)"
  [[ "$code" == 401 ]]
}

gateways_ready() {
  local index=0 property gateway pid url
  while read -r property gateway; do
    if ! pid="$(daemon_pid "gateway-$gateway")"; then # skipped
      index=$((index + 1))
      continue
    fi
    url="https://$NEXEFII_BIND_HOST:$(_gw_port "$index" 0)"
    if ! wait_until "$gateway local API ($url)" "$NEXEFII_READY_TIMEOUT" "$pid" _gw_api_up "$url" ||
      ! wait_until "$gateway birth message (status ONLINE)" "$NEXEFII_READY_TIMEOUT" "$pid" \
        _gw_online "$property" "$gateway"; then
      show_log_tail "$NEXEFII_LOG_DIR/gateway-$gateway.log" 60
      return 1
    fi
    log_ok "$gateway ($property) ready: ONLINE on MQTT, local API $url"
    index=$((index + 1))
  done < <(gateways_list)
}

gateways_stop() {
  local property gateway
  while read -r property gateway; do
    if daemon_pid "gateway-$gateway" >/dev/null; then log_info "stopping gateway $gateway"; fi
    daemon_stop "gateway-$gateway" 30
    daemon_stop "tcp-sim-$gateway" 10
  done < <(gateways_list 2>/dev/null || true)
}

gateways_status() {
  local property gateway rc=2 line=()
  while read -r property gateway; do
    if daemon_pid "gateway-$gateway" >/dev/null; then
      line+=("$gateway up")
      ((rc == 1)) || rc=0
    elif [[ -f "$NEXEFII_RUN_DIR/gateway-$gateway.pid" ]]; then
      line+=("$gateway DOWN")
      rc=1
    fi
  done < <(gateways_list 2>/dev/null || true)
  if ((${#line[@]} == 0)); then
    echo "not running"
    return 2
  fi
  echo "${line[*]}"
  return "$rc"
}

gateways_summary() {
  local index=0 property gateway
  while read -r property gateway; do
    if daemon_pid "gateway-$gateway" >/dev/null; then
      echo "  Gateway      $gateway ($property): local API https://$NEXEFII_BIND_HOST:$(_gw_port "$index" 0)  locks sim-*, ble-101/102, zigbee-*, tcp-*; log $NEXEFII_LOG_DIR/gateway-$gateway.log"
      echo "               web console http://$NEXEFII_BIND_HOST:$(_gw_port "$index" 3)/system/console  (admin / $(secret "$gateway-console-password"))"
    fi
    index=$((index + 1))
  done < <(gateways_list 2>/dev/null || true)
}
