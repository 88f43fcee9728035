#!/usr/bin/env bash
# Starts a whole stack from the production build, runs `npm run bench:load` against it, stops it.
#
#   bash scripts/bench-load-stack.sh sqlite   [bench:load options…]   # 1 app + its worker (npm start)
#   bash scripts/bench-load-stack.sh postgres [bench:load options…]   # 2 apps + 2 workers, pg-boss
#
# Needs `npm run build` first. Uses ports 3501-3502 and a fresh database each run (data/load.db, or
# the PostgreSQL database hml_load on PG_ADMIN_URL). Extra env (GRADER_CONCURRENCY, …) passes through.
set -euo pipefail
cd "$(dirname "$0")/.."
shape="${1:?usage: bench-load-stack.sh sqlite|postgres [bench:load options]}"
shift
export PORT=3501
source scripts/env-defaults.sh
# The bench measures the queue and the grader, not the per-learner minute limit.
export SUBMIT_RATE_PER_MINUTE="${SUBMIT_RATE_PER_MINUTE:-1000}"
pids=()
stop() { for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || true; done; }
trap stop EXIT

wait_up() {
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "http://127.0.0.1:$1/api/health" && return 0
    sleep 0.5
  done
  echo "app on port $1 did not start" >&2
  return 1
}

if [ "$shape" = sqlite ]; then
  export DATABASE_URL="file:./data/load.db"
  rm -f data/load.db data/load.db-wal data/load.db-shm
  npm run --silent db:migrate >/dev/null
  setsid bash scripts/serve.sh >data/load-app.log 2>&1 &
  pids+=($!)
  wait_up 3501
  bases="http://127.0.0.1:3501"
else
  admin="${PG_ADMIN_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
  psql "$admin" -qc 'DROP DATABASE IF EXISTS hml_load WITH (FORCE)' -c 'CREATE DATABASE hml_load' >/dev/null
  export DATABASE_URL="${admin%/*}/hml_load"
  npm run --silent db:migrate >/dev/null
  for port in 3501 3502; do
    PORT=$port NEXTAUTH_URL="http://localhost:$port" setsid npx next start -p "$port" >"data/load-app-$port.log" 2>&1 &
    pids+=($!)
  done
  wait_up 3501
  wait_up 3502
  # Started apart: pg-boss creates its schema on first start.
  for n in 1 2; do
    setsid npm run --silent worker >"data/load-worker-$n.log" 2>&1 &
    pids+=($!)
    sleep 5
  done
  bases="http://127.0.0.1:3501,http://127.0.0.1:3502"
fi

echo "stack: $shape, $(nproc) cores, GRADER_CONCURRENCY=${GRADER_CONCURRENCY:-default}, $(date -u +%FT%TZ)"
# The generator stands in for clients on other machines. Sharing these cores, it must not wait for
# a CPU behind the server it measures, or its own lag lands in every latency it reports (measured:
# ack p95 150 ms with it at nice 0, 55 ms at nice -5, the server's own share unchanged; 2026-12-08).
# As root it runs at nice -5 in an autogroup of its own; bench:load prints its event-loop lag.
setsid nice -n -5 npm run --silent bench:load -- --base "$bases" --db "$DATABASE_URL" "$@" &
generator=$!
pids+=("$generator")
echo -5 >"/proc/$generator/autogroup" 2>/dev/null || true
wait "$generator"
