#!/usr/bin/env bash
# Seeds a running stack's cloud through its public API (idempotent): creates every property of
# the stack's gateways.conf (as platform-admin) and registers each gateway with its client
# certificate (as that property's admin, user admin-<suffix> of the test realm, or platform-admin).
#   seed-stack.sh [STACK_ENV]    default: $NEXEFII_STACK_DIR/stack.env or target/stack/stack.env
set -euo pipefail
env_file="${1:-${NEXEFII_STACK_DIR:-$(cd "$(dirname "$0")/.." && pwd)/target/stack}/stack.env}"
[[ -f "$env_file" ]] || { echo "no stack.env at $env_file" >&2; exit 1; }
set -a
# shellcheck disable=SC1090
. "$env_file"
set +a
[[ -n "${NEXEFII_CLOUD_URL:-}" ]] || { echo "the stack runs no cloud (NEXEFII_CLOUD_URL empty)" >&2; exit 1; }

token() { # token USER PASSWORD
  curl -fsS -d grant_type=password -d client_id="$NEXEFII_OIDC_MOBILE_CLIENT_ID" -d scope=openid \
    --data-urlencode username="$1" --data-urlencode password="$2" "$NEXEFII_OIDC_TOKEN_URL" |
    python3 -c 'import sys, json; print(json.load(sys.stdin)["access_token"])'
}
post() { # post TOKEN PATH JSON -> prints HTTP status
  curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $1" -H 'Content-Type: application/json' \
    -d "$3" "$NEXEFII_CLOUD_URL$2"
}

admin="$(token platform-admin test-platform-admin-pass)"
while read -r property gateway; do
  [[ -z "$property" || "$property" == \#* ]] && continue
  code="$(post "$admin" /api/v1/properties "{\"propertyId\":\"$property\",\"name\":\"$property\"}")"
  case "$code" in 201) echo "property $property created" ;; 409) ;; *) echo "property $property: HTTP $code" >&2; exit 1 ;; esac
  pem="$(python3 -c 'import json, sys; print(json.dumps(open(sys.argv[1]).read()))' "$NEXEFII_PKI_DIR/$gateway.crt")"
  code="$(post "$admin" "/api/v1/properties/$property/gateways" "{\"gatewayId\":\"$gateway\",\"certificatePem\":$pem}")"
  case "$code" in 201) echo "gateway $property/$gateway registered" ;; 409) ;; *) echo "gateway $gateway: HTTP $code" >&2; exit 1 ;; esac
done <"$NEXEFII_GATEWAYS_FILE"
echo "seeded $NEXEFII_CLOUD_URL"
