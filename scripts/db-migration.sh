#!/usr/bin/env bash
# Writes a new migration for both SQLite and PostgreSQL from the change in prisma/schema.prisma.
# `prisma migrate dev` needs a shadow database and a native engine; diffing the schema against the
# snapshot taken at the previous migration needs neither.
set -euo pipefail
name="${1:?usage: npm run db:migration -- <name>}"
cd "$(dirname "$0")/.."
npx tsx scripts/db-schemas.ts
ts="$(date -u +%Y%m%d%H%M%S)"
for target in sqlite postgres; do
  if [ "$target" = sqlite ]; then
    schema=prisma/schema.prisma; dir=prisma/migrations; url="file:./data/migration-scratch.db"
  else
    schema=prisma/postgres/schema.prisma; dir=prisma/postgres/migrations; url="${MIGRATION_PG_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
  fi
  mkdir -p "$dir"
  snapshot="$dir/schema.snapshot.prisma"
  if [ -f "$snapshot" ]; then from=(--from-schema-datamodel "$snapshot"); else from=(--from-empty); fi
  sql="$(DATABASE_URL="$url" npx prisma migrate diff "${from[@]}" --to-schema-datamodel "$schema" --script)"
  if ! grep -qvE '^\s*(--.*)?$' <<<"$sql"; then echo "$target: no schema change"; continue; fi
  mkdir -p "$dir/${ts}_${name}"
  printf '%s\n' "$sql" > "$dir/${ts}_${name}/migration.sql"
  cp "$schema" "$snapshot"
  [ -f "$dir/migration_lock.toml" ] || printf 'provider = "%s"\n' "$([ $target = sqlite ] && echo sqlite || echo postgresql)" > "$dir/migration_lock.toml"
  echo "$target: wrote $dir/${ts}_${name}/migration.sql"
done
