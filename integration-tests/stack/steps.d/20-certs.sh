# shellcheck shell=bash
# Development CA and certificates (created only when missing): broker server certificate, the
# cloud's client certificate, one client certificate per gateway, a probe identity for
# readiness checks, PKCS12 keystores and a truststore for Java.
# DEV/TEST FIXTURES generated at runtime into the stack directory; never committed.

source "$NEXEFII_STACK_SCRIPTS/pki.sh"

stack_step certs "Development CA and certificates"

certs_start() {
  pki_ensure_ca
  pki_ensure_truststore
  pki_ensure_server broker
  pki_ensure_client nexefii-cloud cloud
  # Connects to prove the broker accepts mTLS; has no topic rights at all.
  pki_ensure_client nexefii-probe probe
  if [[ "$NEXEFII_MQTT_OBSERVER" == true ]]; then pki_ensure_client nexefii-observer observer; fi
  gateways_ensure_file
  local property gateway gateways=()
  while read -r property gateway; do
    pki_ensure_client "$gateway" "$property"
    gateways+=("$property/$gateway")
  done < <(gateways_list)

  local dir="$NEXEFII_PKI_DIR"
  stack_env_set NEXEFII_CA_CERT "$dir/ca.crt"
  stack_env_set NEXEFII_CA_KEY "$dir/ca.key"
  stack_env_set NEXEFII_TLS_TRUSTSTORE "$dir/truststore.p12"
  stack_env_set NEXEFII_TLS_TRUSTSTORE_TYPE PKCS12
  stack_env_set NEXEFII_TLS_TRUSTSTORE_PASSWORD "$(pki_password)"
  stack_env_set NEXEFII_PKCS12_PASSWORD "$(pki_password)"
  stack_env_set NEXEFII_GATEWAYS "$(IFS=, && echo "${gateways[*]}")"
  stack_env_set NEXEFII_GATEWAYS_FILE "$NEXEFII_GATEWAYS_FILE"
  log_info "CA, broker, nexefii-cloud and ${#gateways[@]} gateway certificates in $dir"
}
