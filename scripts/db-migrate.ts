/** Applies migrations to DATABASE_URL: SQLite via `prisma migrate deploy`, PostgreSQL via our runner. */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { migratePostgres } from '../lib/db/migrate-postgres';

const root = path.resolve(import.meta.dirname, '..');
const url = process.env.DATABASE_URL ?? 'file:./data/app.db';

if (/^postgres(ql)?:\/\//.test(url)) {
  const applied = await migratePostgres(url, path.join(root, 'prisma', 'postgres', 'migrations'));
  console.log(applied.length ? `Applied ${applied.join(', ')}` : 'PostgreSQL schema is up to date.');
} else {
  const file = url.replace(/^file:/, '');
  mkdirSync(path.dirname(path.resolve(root, file)), { recursive: true });
  execFileSync(path.join(root, 'node_modules', '.bin', 'prisma'), ['migrate', 'deploy'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url },
    stdio: 'inherit',
  });
}
