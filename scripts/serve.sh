#!/usr/bin/env bash
# Runs the web app and one grading worker side by side; stopping this script stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env-defaults.sh

serve_pid=$$
# The worker exits on its own if this script dies, even by SIGKILL.
export HML_SUPERVISOR_PID=$$
worker_loop() {
  # The worker is restarted if it dies; jobs it held are re-claimed after their lease. The loop
  # ends with this script, even if the script itself was killed without running its trap.
  while kill -0 "$serve_pid" 2>/dev/null; do
    NODE_OPTIONS=--conditions=react-server node_modules/.bin/tsx scripts/grader-worker.ts || echo "[serve] grading worker exited ($?); restarting in 1 s" >&2
    sleep 1
  done
}
worker_loop &
loop_pid=$!

stop() {
  pkill -TERM -P "$loop_pid" 2>/dev/null || true
  kill "$loop_pid" 2>/dev/null || true
  [ -n "${next_pid:-}" ] && kill "$next_pid" 2>/dev/null || true
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

npx next start -p "$PORT" &
next_pid=$!
wait "$next_pid"
