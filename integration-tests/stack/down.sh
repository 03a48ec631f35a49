#!/usr/bin/env bash
# Stops every server of the stack in NEXEFII_STACK_DIR, in reverse start order, using the pids
# recorded in its run/ folder. Keeps all data: up.sh starts again where it stopped.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$NEXEFII_STACK_SCRIPTS/lib.sh"

if ! stack_env_load; then
  log_info "no stack in $NEXEFII_STACK_DIR (never started): nothing to stop"
  exit 0
fi
stack_load_steps

for ((i = ${#STACK_STEPS[@]} - 1; i >= 0; i--)); do
  step="${STACK_STEPS[$i]}"
  if step_defined "${step}_stop"; then "${step}_stop"; fi
done

# Anything of this stack still listening is a bug worth seeing.
left="$(listening_ports | grep -xFf "$NEXEFII_RUN_DIR/ports" 2>/dev/null || true)"
if [[ -n "$left" ]]; then
  log_warn "ports of this stack still in use: $(echo "$left" | tr '\n' ' ')(check: ss -ltnp)"
  exit 1
fi
log_ok "stack stopped ($NEXEFII_STACK_DIR; data kept, reset.sh wipes it)"
