#!/usr/bin/env bash
# Stops the stack in NEXEFII_STACK_DIR and deletes all its state: databases, realm, broker
# data, certificates, secrets, logs. The next up.sh starts from scratch (downloads stay cached).
#   reset.sh           wipe the stack directory
#   reset.sh --cache   also delete the download cache (NEXEFII_CACHE_DIR)
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$NEXEFII_STACK_SCRIPTS/lib.sh"

wipe_cache=false
case "${1:-}" in
  --cache) wipe_cache=true ;;
  "") ;;
  *) die "usage: reset.sh [--cache]" ;;
esac

"$NEXEFII_STACK_SCRIPTS/down.sh"
stack_env_load || true

if [[ -d "$NEXEFII_STACK_DIR" ]]; then
  # Server state kept outside the stack directory (see service_dir in lib.sh).
  for link in "$NEXEFII_STACK_DIR"/*; do
    if [[ -L "$link" && "$(readlink "$link")" == /var/tmp/nexefii-* ]]; then
      target="$(readlink "$link")"
      rm -rf "$target"
      rmdir "$(dirname "$target")" 2>/dev/null || true
    fi
  done
  rm -rf "$NEXEFII_STACK_DIR"
  log_ok "deleted $NEXEFII_STACK_DIR"
fi
if [[ "$wipe_cache" == true ]]; then
  rm -rf "$NEXEFII_CACHE_DIR"
  log_ok "deleted $NEXEFII_CACHE_DIR"
fi
