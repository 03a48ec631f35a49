#!/usr/bin/env bash
# Creates a property (tenant) in the Keycloak realm "nexefii": its first property administrator,
# a user with the realm role property-admin and the attribute property_id=<PROPERTY_ID> (the
# tenant claim in the user's access tokens). Uses kcadm.sh from the Keycloak distribution.
#
#   create-property.sh [options] PROPERTY_ID ADMIN_USERNAME ADMIN_EMAIL
#
#   --first-name NAME   admin's first name (default: Property)
#   --last-name NAME    admin's last name (default: PROPERTY_ID)
#   --password-stdin    read the admin's initial password from standard input
#                       (default: generate one and print it once)
#   --permanent         the password stays valid (tests); default: temporary, the admin must
#                       choose a new one at the first login
#
# Which Keycloak: by default the dev/test stack's (its stack.env in NEXEFII_STACK_DIR, default
# <repo>/target/stack). For another server set KEYCLOAK_URL, KEYCLOAK_ADMIN_USER,
# KEYCLOAK_ADMIN_PASSWORD and KCADM (path of kcadm.sh); KEYCLOAK_REALM defaults to nexefii.
#
# Keycloak only knows users: the property's record in the cloud (name, gateways, locks) is
# created through the cloud API by a platform-admin.
set -euo pipefail

die() {
  echo "error: $*" >&2
  exit 1
}
usage() {
  sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}

first_name=Property last_name="" password_stdin=false temporary=true
args=()
while (($#)); do
  case "$1" in
    --first-name) first_name="${2:?--first-name needs a value}" && shift ;;
    --last-name) last_name="${2:?--last-name needs a value}" && shift ;;
    --password-stdin) password_stdin=true ;;
    --permanent) temporary=false ;;
    -h | --help) usage 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) args+=("$1") ;;
  esac
  shift
done
((${#args[@]} == 3)) || usage 2
property="${args[0]}" username="${args[1]}" email="${args[2]}"
last_name="${last_name:-$property}"

# Same rule as the realm's user profile (property_id validator) and the MQTT topic levels.
[[ "$property" =~ ^[a-z0-9][a-z0-9-]{0,62}$ ]] || die "PROPERTY_ID must be a lower-case slug (a-z, 0-9, -): $property"
[[ "$username" =~ ^[a-z0-9][a-z0-9._-]{2,62}$ ]] || die "ADMIN_USERNAME must be 3-63 chars of a-z, 0-9, . _ -: $username"
[[ "$email" =~ ^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$ ]] || die "ADMIN_EMAIL is not an e-mail address: $email"

realm="${KEYCLOAK_REALM:-nexefii}"
if [[ -z "${KEYCLOAK_URL:-}" ]]; then
  repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  stack_env="${NEXEFII_STACK_DIR:-$repo/target/stack}/stack.env"
  [[ -f "$stack_env" ]] || die "no Keycloak given (KEYCLOAK_URL) and no running stack ($stack_env); start one with integration-tests/stack/up.sh"
  value_of() { sed -n "s/^$1=//p" "$stack_env"; }
  KEYCLOAK_URL="$(value_of NEXEFII_KEYCLOAK_URL)"
  KEYCLOAK_ADMIN_USER="$(value_of NEXEFII_KEYCLOAK_ADMIN_USER)"
  KEYCLOAK_ADMIN_PASSWORD="$(value_of NEXEFII_KEYCLOAK_ADMIN_PASSWORD)"
  KCADM="${KCADM:-$(value_of NEXEFII_KEYCLOAK_HOME)/bin/kcadm.sh}"
fi
: "${KEYCLOAK_ADMIN_USER:?set KEYCLOAK_ADMIN_USER}" "${KEYCLOAK_ADMIN_PASSWORD:?set KEYCLOAK_ADMIN_PASSWORD}"
[[ -x "${KCADM:-}" ]] || die "kcadm.sh not found (set KCADM): ${KCADM:-}"

if [[ "$password_stdin" == true ]]; then
  IFS= read -r password || die "no password on standard input"
  ((${#password} >= 12)) || die "the password needs at least 12 characters"
else
  password="$(openssl rand -base64 18 | tr '+/' '-_')"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
kcadm() { "$KCADM" "$@" --config "$work/kcadm.config"; }

# Secrets go through the environment and stdin, never the command line (visible in ps).
KC_CLI_PASSWORD="$KEYCLOAK_ADMIN_PASSWORD" kcadm config credentials --server "$KEYCLOAK_URL" \
  --realm master --user "$KEYCLOAK_ADMIN_USER" >/dev/null ||
  die "cannot log in to $KEYCLOAK_URL as $KEYCLOAK_ADMIN_USER"

if [[ "$(kcadm get users -r "$realm" -q "username=$username" -q exact=true --fields id --format csv --noquotes)" != "" ]]; then
  die "user $username already exists in realm $realm"
fi
existing="$(kcadm get users -r "$realm" -q "q=property_id:$property" --fields username --format csv --noquotes | paste -sd, -)"
[[ -z "$existing" ]] || echo "note: property $property already has users: $existing"

user_id="$(kcadm create users -r "$realm" -i \
  -s "username=$username" -s enabled=true \
  -s "email=$email" -s emailVerified=true \
  -s "firstName=$first_name" -s "lastName=$last_name" \
  -s "attributes.property_id=[\"$property\"]")"
jq -n --arg value "$password" --argjson temporary "$temporary" \
  '{type: "password", value: $value, temporary: $temporary}' |
  kcadm update "users/$user_id/reset-password" -r "$realm" -f - >/dev/null
kcadm add-roles -r "$realm" --uid "$user_id" --rolename property-admin

echo "property $property: admin $username ($email), role property-admin, user id $user_id"
if [[ "$password_stdin" != true ]]; then
  echo "initial password ($([[ "$temporary" == true ]] && echo "must be changed at first login" || echo permanent)): $password"
fi
