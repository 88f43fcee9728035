#!/usr/bin/env bash
# Runs the web app and one grading worker side by side; stopping this script stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env-defaults.sh

worker_loop() {
  # The worker is restarted if it dies; jobs it held are re-claimed after their lease.
  while true; do
    npm run --silent worker || echo "[serve] grading worker exited ($?); restarting in 1 s" >&2
    sleep 1
  done
}
worker_loop &
worker_pid=$!
trap 'kill -- -$$ 2>/dev/null || kill $worker_pid 2>/dev/null; exit 0' INT TERM EXIT
npx next start -p "$PORT"
