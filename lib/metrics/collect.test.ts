import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Db } from '@/lib/db/client';
import { createTestDb, type DbKind } from '@/lib/db/test-db';
import { insertUser } from '@/lib/db/users';
import { collectMetrics } from './collect';

const kinds: DbKind[] = ['sqlite', 'postgres'];
const dbs = new Map<DbKind, { db: Db; cleanup: () => Promise<void> }>();

beforeAll(async () => {
  for (const kind of kinds) dbs.set(kind, await createTestDb(kind));
});
afterAll(async () => {
  for (const { cleanup } of dbs.values()) await cleanup();
});

test.each(kinds)('%s: queue depth, outcomes, latency window and error verdicts', async (kind) => {
  const db = dbs.get(kind)!.db;
  const learner = async (n: number) =>
    (await insertUser(db, { email: `m-${kind}-${n}@example.test`, name: 'M', passwordHash: 'x' })).id;
  const userId = await learner(0);
  const base = { userId, exerciseUuid: 'e', code: 'x', codeHash: 'h', seed: 1 };
  const t0 = new Date('2026-01-01T00:00:00Z');
  const at = (s: number) => new Date(t0.getTime() + s * 1000);
  await db.submission.createMany({
    data: [
      // one in flight per learner (the database enforces it)
      { ...base, status: 'PENDING' },
      { ...base, userId: await learner(1), status: 'PENDING' },
      { ...base, userId: await learner(2), status: 'GRADING' },
      { ...base, status: 'DONE', outcome: 'pass', createdAt: at(0), gradedAt: at(1.5) },
      { ...base, status: 'DONE', outcome: 'fail', createdAt: at(10), gradedAt: at(10.3) },
      { ...base, status: 'DONE', outcome: 'error', createdAt: at(20), gradedAt: at(32), result: JSON.stringify({ verdict: 'TIMEOUT' }) },
      { ...base, status: 'DONE', outcome: 'error', createdAt: at(40), gradedAt: at(41), result: 'not json' },
    ],
  });
  const snapshot = await collectMetrics(db);
  expect(snapshot.queue).toEqual({ PENDING: 2, GRADING: 1 });
  expect(snapshot.outcomes).toEqual({ none: 3, pass: 1, fail: 1, error: 2 });
  expect([...snapshot.latenciesSeconds].sort((a, b) => a - b)).toEqual([0.3, 1, 1.5, 12]);
  expect(snapshot.errorVerdicts).toEqual({ TIMEOUT: 1, UNKNOWN: 1 });

  // the window keeps only the most recently graded
  const two = await collectMetrics(db, 2);
  expect([...two.latenciesSeconds].sort((a, b) => a - b)).toEqual([1, 12]);
  expect(two.errorVerdicts).toEqual({ TIMEOUT: 1, UNKNOWN: 1 });
});
