# shellcheck shell=bash
# Keycloak with the project realm (keycloak-realm/nexefii-realm.json), imported at the first
# start. The distribution comes from Maven Central (org.keycloak:keycloak-quarkus-dist), is
# unpacked and built once into the cache; each stack runs it from its own home directory
# (its own H2 database, import folder and transaction logs) whose lib/, themes/ and providers/
# point into the cache. Production mode (start --optimized) with HTTP on 127.0.0.1 only and a
# fixed hostname, so the token issuer is always http://127.0.0.1:<port>/realms/nexefii.

stack_step keycloak "Keycloak $NEXEFII_KEYCLOAK_VERSION (realm nexefii)"

NEXEFII_KEYCLOAK_REALM="${NEXEFII_KEYCLOAK_REALM:-nexefii}"
NEXEFII_KEYCLOAK_ADMIN_USER="${NEXEFII_KEYCLOAK_ADMIN_USER:-admin}"
# Build-time options, baked into the cached distribution by "kc.sh build".
_KC_BUILD_OPTIONS=(--db=dev-file --health-enabled=true)

_kc_dist() { echo "$NEXEFII_CACHE_DIR/keycloak-$NEXEFII_KEYCLOAK_VERSION"; }
_kc_home() { echo "$NEXEFII_STACK_DIR/keycloak"; }
_kc_url() { echo "http://$NEXEFII_BIND_HOST:$NEXEFII_KEYCLOAK_PORT"; }
_kc_issuer() { echo "$(_kc_url)/realms/$NEXEFII_KEYCLOAK_REALM"; }

_kc_ensure_dist() {
  local dist marker
  dist="$(_kc_dist)"
  marker="$dist/.nexefii-build"
  if [[ ! -x "$dist/bin/kc.sh" ]]; then
    local downloads="$NEXEFII_CACHE_DIR/downloads" zip
    zip="$downloads/keycloak-quarkus-dist-$NEXEFII_KEYCLOAK_VERSION.zip"
    [[ -s "$zip" ]] || maven_fetch "org.keycloak:keycloak-quarkus-dist:$NEXEFII_KEYCLOAK_VERSION:zip" "$downloads"
    log_info "unpacking $(basename "$zip")"
    rm -rf "$dist.unpack"
    mkdir -p "$dist.unpack"
    unzip -q "$zip" -d "$dist.unpack"
    rm -rf "$dist"
    mv "$dist.unpack/keycloak-$NEXEFII_KEYCLOAK_VERSION" "$dist"
    rm -rf "$dist.unpack"
  fi
  if [[ "$(cat "$marker" 2>/dev/null)" != "${_KC_BUILD_OPTIONS[*]}" ]]; then
    log_info "building the Keycloak distribution once (${_KC_BUILD_OPTIONS[*]}); takes ~30 s"
    (cd "$dist" && env -u JAVA_OPTS bin/kc.sh build "${_KC_BUILD_OPTIONS[@]}") \
      >>"$NEXEFII_LOG_DIR/keycloak-build.log" 2>&1 || {
      show_log_tail "$NEXEFII_LOG_DIR/keycloak-build.log" 30
      die "kc.sh build failed"
    }
    echo "${_KC_BUILD_OPTIONS[*]}" >"$marker"
  fi
}

_kc_prepare_home() {
  local dist home
  dist="$(_kc_dist)"
  home="$(_kc_home)"
  mkdir -p "$home/data/import"
  # bin/ is copied (kc.sh derives the home directory from its own real path); conf/ is copied
  # so each stack could change it; the large read-only parts are links into the cache.
  if [[ "$(cat "$home/.dist" 2>/dev/null)" != "$dist" ]]; then
    rm -rf "${home:?}/bin" "${home:?}/conf"
    cp -r "$dist/bin" "$dist/conf" "$home/"
    echo "$dist" >"$home/.dist"
  fi
  local part
  for part in lib providers themes; do ln -sfn "$dist/$part" "$home/$part"; done
  # Imported only while the realm does not exist yet (reset.sh starts from the file again).
  cp "$NEXEFII_REPO_DIR/keycloak-realm/nexefii-realm.json" "$home/data/import/"
}

keycloak_start() {
  stack_env_set NEXEFII_KEYCLOAK_URL "$(_kc_url)"
  stack_env_set NEXEFII_KEYCLOAK_MANAGEMENT_URL "http://$NEXEFII_BIND_HOST:$NEXEFII_KEYCLOAK_MANAGEMENT_PORT"
  stack_env_set NEXEFII_KEYCLOAK_REALM "$NEXEFII_KEYCLOAK_REALM"
  stack_env_set NEXEFII_KEYCLOAK_HOME "$(_kc_home)"
  stack_env_set NEXEFII_KEYCLOAK_ADMIN_USER "$NEXEFII_KEYCLOAK_ADMIN_USER"
  stack_env_set NEXEFII_KEYCLOAK_ADMIN_PASSWORD "$(secret keycloak-admin.pass)"
  stack_env_set NEXEFII_OIDC_ISSUER "$(_kc_issuer)"
  stack_env_set NEXEFII_OIDC_JWKS_URL "$(_kc_issuer)/protocol/openid-connect/certs"
  stack_env_set NEXEFII_OIDC_TOKEN_URL "$(_kc_issuer)/protocol/openid-connect/token"
  stack_env_set NEXEFII_OIDC_AUTHORIZATION_URL "$(_kc_issuer)/protocol/openid-connect/auth"
  stack_env_set NEXEFII_OIDC_AUDIENCE nexefii-api
  stack_env_set NEXEFII_OIDC_MOBILE_CLIENT_ID nexefii-mobile
  stack_env_set NEXEFII_OIDC_MOBILE_DIRECT_GRANTS "$NEXEFII_MOBILE_DIRECT_GRANTS"
  stack_env_set NEXEFII_OIDC_INTEGRATION_CLIENT_ID nexefii-integration
  # The standard MicroProfile JWT settings, read by the cloud from the environment.
  stack_env_set MP_JWT_VERIFY_ISSUER "$(_kc_issuer)"
  stack_env_set MP_JWT_VERIFY_PUBLICKEY_LOCATION "$(_kc_issuer)/protocol/openid-connect/certs"
  stack_env_set MP_JWT_VERIFY_AUDIENCES nexefii-api

  if daemon_pid keycloak >/dev/null; then
    log_info "already running"
    return 0
  fi
  require_free_port Keycloak "$NEXEFII_KEYCLOAK_PORT"
  require_free_port "Keycloak management" "$NEXEFII_KEYCLOAK_MANAGEMENT_PORT"
  with_cache_lock _kc_ensure_dist
  _kc_prepare_home
  log_info "starting on $(_kc_url) (management $NEXEFII_BIND_HOST:$NEXEFII_KEYCLOAK_MANAGEMENT_PORT)"
  # Environment, not arguments: the admin password must not show in the process list. The
  # bootstrap admin is created at the first start only.
  local admin_password
  admin_password="$(secret keycloak-admin.pass)"
  JAVA_OPTS_KC_HEAP="-Xms64m -Xmx512m" \
    JAVA_OPTS_APPEND="$NEXEFII_KEYCLOAK_JAVA_OPTS" \
    KC_BOOTSTRAP_ADMIN_USERNAME="$NEXEFII_KEYCLOAK_ADMIN_USER" \
    KC_BOOTSTRAP_ADMIN_PASSWORD="$admin_password" \
    daemon_start keycloak "$NEXEFII_LOG_DIR/keycloak.log" \
    env -u JAVA_OPTS "$(_kc_home)/bin/kc.sh" start --optimized \
    --http-enabled=true \
    --http-host="$NEXEFII_BIND_HOST" \
    --http-port="$NEXEFII_KEYCLOAK_PORT" \
    --http-management-port="$NEXEFII_KEYCLOAK_MANAGEMENT_PORT" \
    --hostname="$(_kc_url)" \
    --cache=local \
    --import-realm \
    --log-console-color=false
  # Readiness is awaited in keycloak_ready, so the next steps run while Keycloak boots.
}

keycloak_ready() {
  local pid
  pid="$(daemon_pid keycloak)" || {
    show_log_tail "$NEXEFII_LOG_DIR/keycloak.log"
    die "Keycloak is not running"
  }
  wait_until "Keycloak health" "$NEXEFII_READY_TIMEOUT" "$pid" \
    http_code_is "$NEXEFII_KEYCLOAK_MANAGEMENT_URL/health/ready" 200 || {
    show_log_tail "$NEXEFII_LOG_DIR/keycloak.log"
    return 1
  }
  local issuer
  issuer="$(curl -fsS -m 10 "$(_kc_issuer)/.well-known/openid-configuration" | jq -r .issuer)" ||
    die "realm $NEXEFII_KEYCLOAK_REALM missing: see $NEXEFII_LOG_DIR/keycloak.log"
  [[ "$issuer" == "$(_kc_issuer)" ]] || die "unexpected issuer $issuer (expected $(_kc_issuer))"
  _keycloak_configure
  log_ok "ready: issuer $issuer"
}

_kc_admin_token() {
  # The password goes through stdin, not the command line.
  printf '%s' "$(secret keycloak-admin.pass)" |
    curl -fsS -m 10 "$(_kc_url)/realms/master/protocol/openid-connect/token" \
      -d grant_type=password -d client_id=admin-cli \
      --data-urlencode "username=$NEXEFII_KEYCLOAK_ADMIN_USER" \
      --data-urlencode "password@-" | jq -er .access_token
}

_kc_admin() { # _kc_admin TOKEN METHOD PATH [JSON]
  local args=(-fsS -m 10 -X "$2" -H "Authorization: Bearer $1")
  [[ $# -ge 4 ]] && args+=(-H 'Content-Type: application/json' --data "$4")
  curl "${args[@]}" "$(_kc_url)/admin/realms/$NEXEFII_KEYCLOAK_REALM$3"
}

# Reads the integration client's secret (generated by Keycloak at import, never in the
# repository) and applies the test-only direct-grant switch to the mobile client.
_keycloak_configure() {
  local token id secret_value current
  token="$(_kc_admin_token)" || die "Keycloak admin login failed (reset.sh if the secrets directory was lost)"
  id="$(_kc_admin "$token" GET "/clients?clientId=nexefii-integration" | jq -er '.[0].id')"
  secret_value="$(_kc_admin "$token" GET "/clients/$id/client-secret" | jq -er .value)"
  (umask 077 && printf '%s\n' "$secret_value" >"$NEXEFII_SECRETS_DIR/keycloak-integration-client.secret")
  stack_env_set NEXEFII_OIDC_INTEGRATION_CLIENT_SECRET "$secret_value"

  id="$(_kc_admin "$token" GET "/clients?clientId=nexefii-mobile" | jq -er '.[0].id')"
  current="$(_kc_admin "$token" GET "/clients/$id" | jq -r .directAccessGrantsEnabled)"
  if [[ "$current" != "$NEXEFII_MOBILE_DIRECT_GRANTS" ]]; then
    _kc_admin "$token" PUT "/clients/$id" "{\"directAccessGrantsEnabled\": $NEXEFII_MOBILE_DIRECT_GRANTS}" >/dev/null
    log_info "nexefii-mobile direct access grants: $NEXEFII_MOBILE_DIRECT_GRANTS (test only)"
  fi

  # The web app served by this stack's cloud (<cloud>/app/) logs in from the browser: its exact
  # origin (with port) must be a web origin, or Keycloak omits the CORS header on the token answer.
  local app_origin="http://$NEXEFII_BIND_HOST:$NEXEFII_CLOUD_PORT" client
  client="$(_kc_admin "$token" GET "/clients/$id")"
  if ! jq -e --arg o "$app_origin" '.webOrigins | index($o)' <<<"$client" >/dev/null; then
    _kc_admin "$token" PUT "/clients/$id" "$(jq -c --arg o "$app_origin" \
      '{webOrigins: ((.webOrigins // []) + [$o]), redirectUris: ((.redirectUris // []) + [$o + "/app/*"] | unique)}' \
      <<<"$client")" >/dev/null
    log_info "nexefii-mobile: web app origin $app_origin allowed"
  fi
}

keycloak_stop() {
  if daemon_pid keycloak >/dev/null; then log_info "stopping Keycloak"; fi
  daemon_stop keycloak 60
}

keycloak_status() {
  daemon_status keycloak "$(_kc_url) issuer $(_kc_issuer)"
}

keycloak_summary() {
  cat <<EOF
  Keycloak     $(_kc_url)  issuer $(_kc_issuer)
               admin console $(_kc_url)/admin/  user $NEXEFII_KEYCLOAK_ADMIN_USER, password in stack.env (NEXEFII_KEYCLOAK_ADMIN_PASSWORD)
  Test users   (TEST FIXTURES, password = test-<user>-pass; see keycloak-realm/README.md)
               hotel-a: guest-a1 guest-a2 (guest), staff-a (staff), admin-a (property-admin)
               hotel-b: guest-b1 (guest), staff-b (staff), admin-b (property-admin)
               platform-admin (platform-admin, no property)
               token: curl -d grant_type=password -d client_id=nexefii-mobile -d username=staff-a \\
                        -d password=test-staff-a-pass $(_kc_issuer)/protocol/openid-connect/token
EOF
  if [[ "$NEXEFII_MOBILE_DIRECT_GRANTS" != true ]]; then
    echo "               (direct grants are off: NEXEFII_MOBILE_DIRECT_GRANTS=false; use the PKCE flow)"
  fi
}
