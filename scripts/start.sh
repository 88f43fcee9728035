#!/usr/bin/env bash
# One command from a fresh clone to a running app: install, migrate, seed, build, serve.
# Embedded default: SQLite at data/app.db. Set DATABASE_URL=postgresql://... to use PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> Installing dependencies"
  npm ci --no-audit --no-fund
fi

source scripts/env-defaults.sh
echo "==> Preparing the database ($DATABASE_URL)"
npm run --silent db:generate
npm run --silent db:migrate
npm run --silent db:seed

echo "==> Building"
npm run --silent build

echo "==> Serving on $NEXTAUTH_URL (demo accounts: see README)"
exec bash scripts/serve.sh
