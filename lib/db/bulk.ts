import 'server-only';
import type { Db } from './client';

/**
 * Bulk inserts for demo data, benchmarks and tests: createMany in chunks, so a cohort of
 * thousands loads in seconds. Application code never uses these.
 */

const CHUNK = 500;

export type BulkUser = { id: string; email: string; name: string; passwordHash: string; role: string; createdAt?: Date };

export async function insertUsersBulk(db: Db, users: ReadonlyArray<BulkUser>): Promise<void> {
  for (let i = 0; i < users.length; i += CHUNK) {
    await db.user.createMany({ data: users.slice(i, i + CHUNK).map((u) => ({ ...u, email: u.email.toLowerCase() })) });
  }
}

export async function insertMembersBulk(
  db: Db,
  members: ReadonlyArray<{ cohortId: string; userId: string; role: string; joinedAt?: Date }>,
): Promise<void> {
  for (let i = 0; i < members.length; i += CHUNK) {
    await db.cohortMember.createMany({ data: members.slice(i, i + CHUNK) });
  }
}

export type BulkSubmission = {
  userId: string;
  exerciseUuid: string;
  code: string;
  codeHash: string;
  seed: number;
  status: string;
  outcome: string | null;
  score: number | null;
  result: string | null;
  graderVersionId: string | null;
  createdAt: Date;
  gradedAt: Date | null;
};

export async function insertSubmissionsBulk(db: Db, rows: ReadonlyArray<BulkSubmission>, chunk = CHUNK): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) {
    await db.submission.createMany({ data: rows.slice(i, i + chunk) });
  }
}

export async function insertExtensionsBulk(
  db: Db,
  rows: ReadonlyArray<{ assignmentId: string; userId: string; dueAt: Date }>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db.extension.createMany({ data: rows.slice(i, i + CHUNK) });
  }
}

/** Planner statistics after a bulk load (PostgreSQL's autovacuum would do this within a minute). */
export async function analyze(db: Db, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await db.$executeRawUnsafe(dialect === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE');
}

/** The query plan of one statement, as text lines (EXPLAIN QUERY PLAN / EXPLAIN). */
export async function explain(db: Db, dialect: 'sqlite' | 'postgres', sql: string, params: unknown[]): Promise<string[]> {
  if (dialect === 'postgres') {
    const rows = await db.$queryRawUnsafe<Array<{ 'QUERY PLAN': string }>>(`EXPLAIN ${sql}`, ...params);
    return rows.map((r) => r['QUERY PLAN']);
  }
  const rows = await db.$queryRawUnsafe<Array<{ id: number; parent: number; detail: string }>>(`EXPLAIN QUERY PLAN ${sql}`, ...params);
  const depth = new Map<number, number>();
  return rows.map((r) => {
    const d = (depth.get(Number(r.parent)) ?? -1) + 1;
    depth.set(Number(r.id), d);
    return `${'  '.repeat(d)}${r.detail}`;
  });
}
