#!/usr/bin/env bash
# Shows which servers of the stack in NEXEFII_STACK_DIR run. Exit code: 0 all started servers
# run, 1 one of them is down, 3 nothing runs.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$NEXEFII_STACK_SCRIPTS/lib.sh"

if ! stack_env_load; then
  echo "no stack in $NEXEFII_STACK_DIR (never started)"
  exit 3
fi
stack_load_steps

running=0 down=0
echo "Stack $NEXEFII_STACK_DIR (port base $NEXEFII_PORT_BASE, logs $NEXEFII_LOG_DIR)"
for step in "${STACK_STEPS[@]}"; do
  step_defined "${step}_status" || continue
  rc=0
  line="$("${step}_status" 2>&1)" || rc=$?
  printf '  %-10s %s\n' "$step" "$line"
  case $rc in
    0) running=$((running + 1)) ;;
    1) down=$((down + 1)) ;;
  esac
done
((down == 0)) || exit 1
((running > 0)) || exit 3
