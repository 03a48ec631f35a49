#!/usr/bin/env bash
# Adds a gateway to the stack in NEXEFII_STACK_DIR: issues its client certificate and PKCS12
# keystore (CN = gateway id) from the development CA, adds it to the stack's gateway list,
# regenerates the broker ACL and makes a running Mosquitto reload it (SIGHUP).
#   add-gateway.sh PROPERTY_ID GATEWAY_ID      e.g. add-gateway.sh hotel-c gw-c1
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$NEXEFII_STACK_SCRIPTS/lib.sh"

(($# == 2)) || die "usage: add-gateway.sh PROPERTY_ID GATEWAY_ID"
property="$1" gateway="$2"

stack_env_load || die "no stack in $NEXEFII_STACK_DIR: run up.sh first"
stack_load_steps
valid_identity "$property" || die "invalid property id '$property' (a-z, 0-9, -)"
valid_identity "$gateway" || die "invalid gateway id '$gateway' (a-z, 0-9, -)"
case "$gateway" in nexefii-*) die "gateway ids starting with 'nexefii-' are reserved" ;; esac

gateways_ensure_file
if gateways_list | awk '{ print $2 }' | grep -x "$gateway" >/dev/null; then
  existing="$(gateways_list | awk -v g="$gateway" '$2 == g { print $1 }')"
  [[ "$existing" == "$property" ]] || die "gateway $gateway already belongs to property $existing"
  log_info "gateway $gateway of $property already present"
else
  echo "$property $gateway" >>"$NEXEFII_GATEWAYS_FILE"
fi

pki_ensure_client "$gateway" "$property"
mosquitto_write_acl "$(_mq_dir)/acl"
mosquitto_reload

# Keep stack.env's gateway list in step with the file.
gateways=()
while read -r p g; do gateways+=("$p/$g"); done < <(gateways_list)
sed -i "s|^NEXEFII_GATEWAYS=.*|NEXEFII_GATEWAYS=$(IFS=, && echo "${gateways[*]}")|" "$NEXEFII_STACK_ENV"

log_ok "gateway $gateway (property $property): $NEXEFII_PKI_DIR/$gateway.{crt,key,p12}, topics nexefii/v1/$property/$gateway/..."
