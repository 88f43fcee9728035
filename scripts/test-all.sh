#!/usr/bin/env bash
# Every test: unit + integration (SQLite and PostgreSQL), the course check, then e2e in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
export PORT=3100
export DATABASE_URL="file:./data/e2e.db"
source scripts/env-defaults.sh

step() { printf '\n==> %s\n' "$*"; }

step "Generating database clients and assets"
npm run --silent db:generate >/dev/null
npx tsx scripts/db-schemas.ts --check
npx tsx scripts/build-assets.ts

step "Type check"
npx tsc --noEmit -p .

step "Unit and integration tests (vitest; SQLite and PostgreSQL)"
# The course check below grades every mutant in the real sandbox; vitest need not do it in-process too.
HML_COURSE_CHECK_GRADES_MUTANTS=1 npx vitest run

step "Course check"
npm run --silent course:check

step "Production build"
npm run --silent build

step "Crash tests (production build: kill -9 the app mid-write, restart PostgreSQL under load, 1,000 concurrent submissions)"
npx vitest run -c vitest.crash.config.ts

step "End-to-end tests (Playwright, Debian Chromium)"
rm -f data/e2e.db data/e2e.db-wal data/e2e.db-shm
npm run --silent db:migrate >/dev/null
npm run --silent db:seed
npx playwright test
