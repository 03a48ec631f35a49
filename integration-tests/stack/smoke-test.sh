#!/usr/bin/env bash
# Checks a running stack (NEXEFII_STACK_DIR) from the outside: Keycloak tokens and clients,
# Mosquitto mTLS and topic ACLs, PostgreSQL roles and row-level security, loopback-only
# listeners. Prints one line per check and "N passed, N failed"; exit 1 if any check failed.
#
# The MQTT ACL checks connect as nexefii-cloud (or nexefii-observer when
# NEXEFII_MQTT_OBSERVER=true), gw-a1 and gw-b1: they are skipped while the cloud runs, and take
# over the sessions of running gateways gw-a1/gw-b1 for a moment.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$NEXEFII_STACK_SCRIPTS/lib.sh"
stack_env_load || die "no stack in $NEXEFII_STACK_DIR: run up.sh first"

passed=0 failed=0
check() { # check DESCRIPTION COMMAND...
  local desc="$1"
  shift
  if "$@"; then
    passed=$((passed + 1))
    printf '  %sok%s    %s\n' "$_c_green" "$_c_off" "$desc"
  else
    failed=$((failed + 1))
    printf '  %sFAIL%s  %s\n' "$_c_red" "$_c_off" "$desc"
  fi
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# ---------------------------------------------------------------------------------------------
log_section "Keycloak: realm $NEXEFII_KEYCLOAK_REALM at $NEXEFII_KEYCLOAK_URL"

# jwt_claims TOKEN -> JSON payload (base64url, unpadded)
jwt_claims() {
  local part
  part="$(cut -d. -f2 <<<"$1" | tr '_-' '/+')"
  while ((${#part} % 4)); do part+='='; done
  base64 -d <<<"$part"
}

password_token() { # password_token USER PASSWORD -> access token
  curl -s -m 10 "$NEXEFII_OIDC_TOKEN_URL" -d grant_type=password -d client_id=nexefii-mobile \
    --data-urlencode "username=$1" --data-urlencode "password=$2" | jq -r '.access_token // empty'
}

claims_match() { # claims_match CLAIMS_FILE JQ_EXPRESSION
  jq -e "$2" "$1" >/dev/null
}

if [[ "$NEXEFII_OIDC_MOBILE_DIRECT_GRANTS" == true ]]; then
  token="$(password_token staff-a test-staff-a-pass)"
  jwt_claims "$token" >"$work/staff-a.json" || echo '{}' >"$work/staff-a.json"
  check "staff-a gets a token (direct grant, test only)" test -n "$token"
  check "iss is $NEXEFII_OIDC_ISSUER" claims_match "$work/staff-a.json" ".iss == \"$NEXEFII_OIDC_ISSUER\""
  check "aud contains nexefii-api" claims_match "$work/staff-a.json" '[.aud] | flatten | index("nexefii-api") != null'
  check "property_id is hotel-a" claims_match "$work/staff-a.json" '.property_id == "hotel-a"'
  check "groups contains staff" claims_match "$work/staff-a.json" '.groups | index("staff") != null'
  check "token lives at most 300 s (exp - iat)" claims_match "$work/staff-a.json" '(.exp - .iat) <= 300'
  check "upn is staff-a (MicroProfile JWT)" claims_match "$work/staff-a.json" '.upn == "staff-a"'

  jwt_claims "$(password_token guest-b1 test-guest-b1-pass)" >"$work/guest-b1.json" || echo '{}' >"$work/guest-b1.json"
  check "guest-b1: property_id hotel-b, groups [guest]" claims_match "$work/guest-b1.json" \
    '.property_id == "hotel-b" and .groups == ["guest"]'
  jwt_claims "$(password_token platform-admin test-platform-admin-pass)" >"$work/pa.json" || echo '{}' >"$work/pa.json"
  check "platform-admin: groups [platform-admin], no property_id" claims_match "$work/pa.json" \
    '.groups == ["platform-admin"] and (has("property_id") | not)'
  check "a wrong password gets no token" test -z "$(password_token staff-a wrong-password)"
else
  log_info "direct grants are off (NEXEFII_MOBILE_DIRECT_GRANTS=false): password-grant checks skipped"
  check "the mobile client refuses the password grant" test -z "$(password_token staff-a test-staff-a-pass)"
fi

cc_token="$(curl -s -m 10 "$NEXEFII_OIDC_TOKEN_URL" -d grant_type=client_credentials \
  -u "nexefii-integration:$NEXEFII_OIDC_INTEGRATION_CLIENT_SECRET" | jq -r '.access_token // empty')"
jwt_claims "$cc_token" >"$work/cc.json" 2>/dev/null || echo '{}' >"$work/cc.json"
check "nexefii-integration: client credentials token with aud nexefii-api" claims_match "$work/cc.json" \
  '([.aud] | flatten | index("nexefii-api") != null) and .property_id == "hotel-a" and .groups == ["property-admin"]'
check "nexefii-integration: a wrong secret is refused" test "$(curl -s -o /dev/null -w '%{http_code}' -m 10 \
  "$NEXEFII_OIDC_TOKEN_URL" -d grant_type=client_credentials -u nexefii-integration:wrong)" = 401
location="$(curl -s -o /dev/null -m 10 -w '%{redirect_url}' "$NEXEFII_OIDC_AUTHORIZATION_URL?client_id=nexefii-mobile&response_type=code&scope=openid&redirect_uri=http://127.0.0.1:8765/callback&state=s1")"
check "nexefii-mobile: authorization code without PKCE is refused" grep -q 'error=invalid_request' <<<"$location"
check "nexefii-mobile: authorization code with PKCE S256 shows the login page" test "$(http_code \
  "$NEXEFII_OIDC_AUTHORIZATION_URL?client_id=nexefii-mobile&response_type=code&scope=openid&redirect_uri=http://127.0.0.1:8765/callback&state=s1&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256")" = 200
check "nexefii-mobile: a foreign redirect URI is refused" test "$(http_code \
  "$NEXEFII_OIDC_AUTHORIZATION_URL?client_id=nexefii-mobile&response_type=code&scope=openid&redirect_uri=https://attacker.test/cb&state=s1&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256")" = 400
check "JWKS published at $NEXEFII_OIDC_JWKS_URL" bash -c "curl -fsS -m 10 '$NEXEFII_OIDC_JWKS_URL' | jq -e '.keys | map(select(.alg == \"RS256\")) | length > 0' >/dev/null"

# ---------------------------------------------------------------------------------------------
log_section "Mosquitto: $NEXEFII_MQTT_URL"

pki="$NEXEFII_PKI_DIR"
watcher=nexefii-cloud
[[ "$NEXEFII_MQTT_OBSERVER" == true ]] && watcher=nexefii-observer

mqtt() { # mqtt mosquitto_pub|mosquitto_sub IDENTITY ARGS...
  local tool="$1" id="$2"
  shift 2
  "$tool" -h "$NEXEFII_MQTT_HOST" -p "$NEXEFII_MQTT_PORT" --cafile "$pki/ca.crt" \
    --cert "$pki/$id.crt" --key "$pki/$id.key" "$@"
}

# Deterministic "not delivered" check without waiting for a timeout: IDENTITY subscribes with
# a persistent session and disconnects; the forbidden message is published, then an allowed
# marker; IDENTITY reconnects and gets its queued messages in order. If the first one is the
# marker, the forbidden message was never delivered.
# first_delivered IDENTITY "SUB_TOPIC..." -- PUBLISHER TOPIC PAYLOAD -- PUBLISHER TOPIC PAYLOAD
first_delivered() {
  local id="$1" topics=() t
  read -ra topics <<<"$2"
  # -i is required with -c; the broker replaces it with the certificate CN anyway.
  local sub_args=(-c -i "$id" -q 1)
  for t in "${topics[@]}"; do sub_args+=(-t "$t"); done
  # The client id is the certificate CN: a publisher with the subscriber's identity would take
  # over (or wipe) the subscriber's session and prove nothing.
  [[ "$4" != "$id" && "$8" != "$id" ]] || return 1
  mqtt mosquitto_sub "$id" "${sub_args[@]}" -E >/dev/null 2>&1 || return 1
  mqtt mosquitto_pub "$4" -q 1 -t "$5" -m "$6" >/dev/null 2>&1 || true
  mqtt mosquitto_pub "$8" -q 1 -t "$9" -m "${10}" >/dev/null 2>&1 || return 1
  mqtt mosquitto_sub "$id" "${sub_args[@]}" -C 1 -W 10 -v 2>/dev/null || true
  # End the persistent session again.
  mqtt mosquitto_sub "$id" -t "${topics[0]}" -E >/dev/null 2>&1 || true
}

# Connecting as nexefii-cloud takes over the running cloud's session (client id = CN), and the
# test messages would reach it: identity checks run only while the cloud is not running.
if [[ -s "$NEXEFII_RUN_DIR/cloud.pid" ]] && kill -0 "$(<"$NEXEFII_RUN_DIR/cloud.pid")" 2>/dev/null &&
  [[ "${NEXEFII_SMOKE_MQTT:-}" != force ]]; then
  log_info "the cloud is running: ACL checks skipped (they would take over its MQTT session; NEXEFII_SMOKE_MQTT=force runs them anyway)"
else
  got="$(first_delivered "$watcher" "nexefii/v1/+/+/evt" -- gw-a1 nexefii/v1/hotel-a/gw-a1/evt own-event -- gw-a1 nexefii/v1/hotel-a/gw-a1/evt marker)" || true
  check "gw-a1 publishes to its own evt topic; $watcher receives it" test "$got" = "nexefii/v1/hotel-a/gw-a1/evt own-event"
  got="$(first_delivered "$watcher" "nexefii/v1/+/+/evt" -- gw-a1 nexefii/v1/hotel-b/gw-b1/evt forged -- gw-a1 nexefii/v1/hotel-a/gw-a1/evt marker)" || true
  check "gw-a1 publishing to hotel-b's evt topic is dropped" test "$got" = "nexefii/v1/hotel-a/gw-a1/evt marker"
  got="$(first_delivered gw-a1 "nexefii/v1/hotel-b/gw-b1/cmd nexefii/v1/hotel-a/gw-a1/cmd" -- nexefii-cloud nexefii/v1/hotel-b/gw-b1/cmd for-b -- nexefii-cloud nexefii/v1/hotel-a/gw-a1/cmd for-a)" || true
  check "gw-a1 subscribed to hotel-b's cmd topic receives nothing from it" test "$got" = "nexefii/v1/hotel-a/gw-a1/cmd for-a"
  got="$(first_delivered gw-a1 "nexefii/v1/hotel-a/gw-a1/cmd" -- nexefii-cloud nexefii/v1/hotel-b/gw-b1/cmd for-b -- nexefii-cloud nexefii/v1/hotel-a/gw-a1/cmd from-cloud)" || true
  check "gw-a1 receives its commands from the cloud" test "$got" = "nexefii/v1/hotel-a/gw-a1/cmd from-cloud"

  # MQTT 5 tells the publisher: PUBACK reason "not authorized".
  publish_v5() { # publish_v5 IDENTITY TOPIC -> the client's complaints (empty if accepted)
    mqtt mosquitto_pub "$1" -V mqttv5 -q 1 -t "$2" -m v5-probe 2>&1 || true
  }
  check "MQTT 5: gw-a1 publishing its own evt is accepted" test -z "$(publish_v5 gw-a1 nexefii/v1/hotel-a/gw-a1/evt)"
  check "MQTT 5: gw-a1 publishing its own cmd (read-only channel) is not authorized" \
    grep -q 'Not authorized' <<<"$(publish_v5 gw-a1 nexefii/v1/hotel-a/gw-a1/cmd)"
  check "MQTT 5: gw-a1 publishing hotel-b's evt is not authorized" \
    grep -q 'Not authorized' <<<"$(publish_v5 gw-a1 nexefii/v1/hotel-b/gw-b1/evt)"
  check "MQTT 5: the cloud publishing a gateway's evt is not authorized" \
    grep -q 'Not authorized' <<<"$(publish_v5 nexefii-cloud nexefii/v1/hotel-a/gw-a1/evt)"
  check "MQTT 5: the cloud publishing a gateway's status is not authorized" \
    grep -q 'Not authorized' <<<"$(publish_v5 nexefii-cloud nexefii/v1/hotel-a/gw-a1/status)"
  got="$(first_delivered "$watcher" "nexefii/v1/+/+/status" -- gw-a1 nexefii/v1/hotel-b/gw-b1/status forged-offline -- gw-b1 nexefii/v1/hotel-b/gw-b1/status online)" || true
  check "gw-a1 cannot report status for gw-b1; gw-b1 can" test "$got" = "nexefii/v1/hotel-b/gw-b1/status online"
fi

check "a client without a certificate is refused" bash -c "! mosquitto_pub -h $NEXEFII_MQTT_HOST -p $NEXEFII_MQTT_PORT --cafile '$pki/ca.crt' -t x -m y 2>/dev/null"
check "a plain (non-TLS) client is refused" bash -c "! mosquitto_pub -h $NEXEFII_MQTT_HOST -p $NEXEFII_MQTT_PORT -t x -m y 2>/dev/null"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=gw-a1 \
  -keyout "$work/rogue.key" -out "$work/rogue.crt" 2>/dev/null
check "a certificate from another CA (CN=gw-a1) is refused" bash -c "! mosquitto_pub -h $NEXEFII_MQTT_HOST -p $NEXEFII_MQTT_PORT --cafile '$pki/ca.crt' --cert '$work/rogue.crt' --key '$work/rogue.key' -t x -m y 2>/dev/null"

# ---------------------------------------------------------------------------------------------
log_section "PostgreSQL: $NEXEFII_DB_URL"

sql_as() { # sql_as ROLE PASSWORD SQL -> unaligned output
  PGPASSWORD="$2" psql -X -q -At -v ON_ERROR_STOP=1 -h "$NEXEFII_DB_HOST" -p "$NEXEFII_DB_PORT" \
    -U "$1" -d "$NEXEFII_DB_NAME" -c "$3" 2>&1
}
app() { sql_as "$NEXEFII_DB_USER" "$NEXEFII_DB_PASSWORD" "$1"; }
owner() { sql_as "$NEXEFII_DB_OWNER_USER" "$NEXEFII_DB_OWNER_PASSWORD" "$1"; }

check "the application role logs in" test "$(app 'SELECT current_user')" = "$NEXEFII_DB_USER"
check "application role: not superuser, not BYPASSRLS" test \
  "$(app 'SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user')" = "f|f"
check "owner role: not superuser, not BYPASSRLS" test \
  "$(owner 'SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user')" = "f|f"
check "the application role cannot create tables" bash -c \
  "PGPASSWORD='$NEXEFII_DB_PASSWORD' psql -X -q -h $NEXEFII_DB_HOST -p $NEXEFII_DB_PORT -U $NEXEFII_DB_USER -d $NEXEFII_DB_NAME -c 'CREATE TABLE smoke_forbidden (id int)' 2>/dev/null; test \$? -ne 0"
owner "DROP TABLE IF EXISTS stack_smoke_rls;
  CREATE TABLE stack_smoke_rls (property_id text NOT NULL, note text);
  ALTER TABLE stack_smoke_rls ENABLE ROW LEVEL SECURITY;
  CREATE POLICY tenant ON stack_smoke_rls USING (property_id = current_setting('nexefii.property_id', true));
  INSERT INTO stack_smoke_rls VALUES ('hotel-a', 'a'), ('hotel-b', 'b');" >/dev/null
check "row-level security applies to the application role" test \
  "$(app "SET nexefii.property_id = 'hotel-a'; SELECT string_agg(note, ',') FROM stack_smoke_rls")" = "a"
check "without a tenant the application role sees no rows" test \
  "$(app "SELECT count(*) FROM stack_smoke_rls")" = "0"
owner "DROP TABLE stack_smoke_rls" >/dev/null

# ---------------------------------------------------------------------------------------------
log_section "Listeners"

# Every socket a stack process listens on must be bound to 127.0.0.1.
stack_pgids() {
  local f
  for f in "$NEXEFII_RUN_DIR"/*.pid; do
    [[ -s "$f" ]] && ps -o pgid= -p "$(<"$f")" 2>/dev/null | tr -d ' '
  done | sort -u
}
exposed() {
  local pgids pid addr
  pgids="$(stack_pgids)"
  ss -Hltunp | while read -r _ _ _ _ addr _ rest; do
    grep -o 'pid=[0-9]*' <<<"$rest" | cut -d= -f2 | while read -r pid; do
      if grep -qx "$(ps -o pgid= -p "$pid" | tr -d ' ')" <<<"$pgids" &&
        [[ "$addr" != 127.0.0.1:* && "$addr" != "[::ffff:127.0.0.1]:"* ]]; then
        echo "$addr (pid $pid)"
      fi
    done
  done
}
exposed_now="$(exposed)"
check "no stack process listens beyond 127.0.0.1${exposed_now:+: $exposed_now}" test -z "$exposed_now"

echo
echo "smoke-test: $passed passed, $failed failed"
((failed == 0))
