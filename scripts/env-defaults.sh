# Sourced by the start, serve and test scripts: defaults for a local run.
mkdir -p data
export PORT="${PORT:-3000}"
export DATABASE_URL="${DATABASE_URL:-file:./data/app.db}"
export NEXTAUTH_URL="${NEXTAUTH_URL:-http://localhost:$PORT}"
if [ -z "${NEXTAUTH_SECRET:-}" ]; then
  # A per-checkout secret, created once and kept out of git (data/ is ignored).
  [ -s data/.auth-secret ] || node -e "process.stdout.write(require('node:crypto').randomBytes(32).toString('hex'))" > data/.auth-secret
  NEXTAUTH_SECRET="$(cat data/.auth-secret)"
  export NEXTAUTH_SECRET
fi
export NEXT_TELEMETRY_DISABLED=1
