import 'server-only';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDb, type CreateDbOptions, type Db } from './client';
import { migratePostgres } from './migrate-postgres';

export type DbKind = 'sqlite' | 'postgres';

export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

const root = path.resolve(import.meta.dirname, '..', '..');

/**
 * A fresh, migrated database for one test file: a temp SQLite file, or a new PostgreSQL database
 * on the local server. Migrations are applied with the real `prisma migrate deploy`.
 */
export async function createTestDb(
  kind: DbKind,
  options: CreateDbOptions = {},
): Promise<{ db: Db; url: string; cleanup: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'hml-db-'));
    const url = `file:${path.join(dir, 'test.db')}`;
    migrateSqlite(url);
    const db = await createDb(url, options);
    return {
      db,
      url,
      cleanup: async () => {
        await db.$disconnect();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `hml_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(POSTGRES_ADMIN_URL, name);
  await migratePostgres(url, path.join(root, 'prisma', 'postgres', 'migrations'));
  const db = await createDb(url, options);
  return {
    db,
    url,
    cleanup: async () => {
      await db.$disconnect();
      const again = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

function migrateSqlite(url: string): void {
  execFileSync(path.join(root, 'node_modules', '.bin', 'prisma'), ['migrate', 'deploy'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url },
    stdio: 'pipe',
  });
}

/** Tests that insert one submission at a time expect it stored; a refusal is a test bug. */
export function stored<T extends object>(result: T | { inFlight: true }): T {
  if ('inFlight' in result) throw new Error('insertSubmission refused: the user already has a submission in flight');
  return result;
}
