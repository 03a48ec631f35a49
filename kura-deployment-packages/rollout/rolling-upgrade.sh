#!/usr/bin/env bash
# Rolling upgrade of a fleet of gateways, one at a time, stopping at the first gateway whose install
# is refused, fails, or fails its health gate (and was rolled back by the gateway itself).
#
#   rolling-upgrade.sh GATEWAYS_FILE PACKAGE.dp
#
# GATEWAYS_FILE: one gateway web console base URL per line (https://gw-1.example:8443); blank lines
# and lines starting with # are skipped. Credentials: NEXEFII_CONSOLE_USER / NEXEFII_CONSOLE_PASSWORD
# (one technician account; per-gateway passwords can be given as https://user:password@host/ in the
# file instead). Extra curl options (a CA bundle: --cacert ca.pem): NEXEFII_CURL_OPTS.
#
# Each gateway gets the package through its Deployment Packages page (JSON API); the gateway verifies
# the signature, installs, health-checks and rolls back on its own. The script goes on only when the
# answer's outcome is installed, updated or unchanged. Exit codes: 0 all upgraded, 1 stopped at a
# gateway (named on stderr), 2 usage error.
set -uo pipefail

usage() { echo "usage: $0 GATEWAYS_FILE PACKAGE.dp" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
gateways_file=$1
package=$2
[[ -r $gateways_file ]] || { echo "cannot read $gateways_file" >&2; exit 2; }
[[ -r $package ]] || { echo "cannot read $package" >&2; exit 2; }

user=${NEXEFII_CONSOLE_USER:-admin}
password=${NEXEFII_CONSOLE_PASSWORD:-}
read -r -a curl_opts <<< "${NEXEFII_CURL_OPTS:-}"
timeout=${NEXEFII_INSTALL_TIMEOUT_SECONDS:-900}

mapfile -t gateways < <(grep -v '^[[:space:]]*\(#\|$\)' "$gateways_file")
total=${#gateways[@]}
[[ $total -gt 0 ]] || { echo "no gateway in $gateways_file" >&2; exit 2; }

done_count=0
for gateway in "${gateways[@]}"; do
    gateway=${gateway%/}
    echo "[$((done_count + 1))/$total] $gateway: installing $(basename "$package")..."
    auth=()
    [[ -n $password ]] && auth=(--user "$user:$password")
    body=$(curl --silent --show-error --max-time "$timeout" "${curl_opts[@]}" "${auth[@]}" \
        -H 'Accept: application/json' \
        -F action=install -F "deploymentpackage=@$package" \
        -w '\n%{http_code}' "$gateway/system/console/deployment") || {
        echo "STOP: $gateway did not answer ($body); $((total - done_count - 1)) gateway(s) not touched" >&2
        exit 1
    }
    status=${body##*$'\n'}
    answer=${body%$'\n'*}
    echo "  HTTP $status $answer"
    outcome=$(printf '%s' "$answer" | sed -n 's/.*"outcome"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' | tr '[:upper:]' '[:lower:]')
    # a refusal or rollback is problem+json: its title says what happened
    [[ -n $outcome ]] || outcome=$(printf '%s' "$answer" | sed -n 's/.*"title"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p')
    if [[ $status != 2* ]] || [[ ! $outcome =~ ^(installed|updated|unchanged)$ ]]; then
        echo "STOP: $gateway answered HTTP $status ${outcome:-without an outcome}; $((total - done_count - 1)) gateway(s) not touched" >&2
        exit 1
    fi
    done_count=$((done_count + 1))
done
echo "All $total gateway(s) run $(basename "$package")"
