import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Db } from '@/lib/db/client';
import { createTestDb, type DbKind } from '@/lib/db/test-db';
import { insertUser } from '@/lib/db/users';
import { listExercises } from '@/lib/exercises/catalogue';
import { HttpError } from '@/lib/http/responses';
import { acceptSubmission, SubmissionBodySchema } from './accept';

/**
 * A8 and A3 on one database. Each database gets its own test file (accept.test.ts, accept.postgres.test.ts):
 * acceptSubmission reads DATABASE_URL once per process, and vitest gives each file its own worker.
 */
export function acceptSubmissionTests(kind: DbKind): void {
  let db: Db;
  let cleanup: () => Promise<void>;
  const exerciseId = listExercises()[0]!.meta.uuid;

  beforeAll(async () => {
    const created = await createTestDb(kind);
    db = created.db;
    cleanup = created.cleanup;
    // acceptSubmission reads the validated env once; point it at this database with tight limits.
    process.env.DATABASE_URL = created.url;
    process.env.SUBMIT_RATE_PER_MINUTE = '3';
    process.env.QUEUE_CAPACITY = '4';
  });
  afterAll(async () => cleanup());

  async function student() {
    const user = await insertUser(db, { email: `s${Math.random().toString(36).slice(2)}@example.test`, name: 'S', passwordHash: 'x' });
    return { ...user, role: 'student' as const };
  }

  async function finishAll(userId: string) {
    await db.submission.updateMany({ where: { userId }, data: { status: 'DONE', outcome: 'fail', score: 0 } });
  }

  function statusOf(error: unknown): number | undefined {
    return error instanceof HttpError ? error.status : undefined;
  }

  test(`${kind}: a forged score, user or status in the body is ignored: the row is pending, unscored and ours`, async () => {
    const me = await student();
    const body = SubmissionBodySchema.parse({ exerciseId, code: 'x', score: 1, passed: true, userId: 'other', status: 'DONE' });
    const { submission } = await acceptSubmission(me, body);
    const row = await db.submission.findUniqueOrThrow({ where: { id: submission.id } });
    expect(row.userId).toBe(me.id);
    expect(row.status).toBe('PENDING');
    expect(row.score).toBeNull();
  });

  test(`${kind}: with notifyLater the row is stored before the answer and the queue is told only afterwards`, async () => {
    const me = await student();
    const later: Array<() => Promise<void>> = [];
    const { submission, created } = await acceptSubmission(me, { exerciseId, code: 'later' }, { notifyLater: (task) => later.push(task) });
    expect(created).toBe(true);
    expect((await db.submission.findUniqueOrThrow({ where: { id: submission.id } })).status).toBe('PENDING');
    expect(later).toHaveLength(1);
    await later[0]!();
    if (kind === 'postgres') {
      const jobs = await db.$queryRawUnsafe<Array<{ n: bigint }>>(`SELECT COUNT(*) AS n FROM pgboss.job WHERE singleton_key = $1`, submission.id);
      expect(Number(jobs[0]!.n)).toBe(1);
    }
    await finishAll(me.id);
  });

  test(`${kind}: a second submission while one is being graded gets 409`, async () => {
    const me = await student();
    await acceptSubmission(me, { exerciseId, code: 'a' });
    const error = await acceptSubmission(me, { exerciseId, code: 'b' }).catch((e: unknown) => e);
    expect(statusOf(error)).toBe(409);
  });

  test(`${kind}: of concurrent submissions from one learner exactly one is accepted, the others get 409`, async () => {
    const me = await student();
    const results = await Promise.allSettled(
      ['c1', 'c2', 'c3'].map((code, i) => acceptSubmission(me, { exerciseId, code, idempotencyKey: `concurrent-${i}` })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refusals = results.flatMap((r) => (r.status === 'rejected' ? [statusOf(r.reason)] : []));
    expect(refusals).toEqual([409, 409]);
    expect(await db.submission.count({ where: { userId: me.id } })).toBe(1);
    await finishAll(me.id);
  });

  test(`${kind}: past the per-minute limit a learner gets 429 with Retry-After`, async () => {
    const me = await student();
    for (let i = 0; i < 3; i++) {
      await acceptSubmission(me, { exerciseId, code: `v${i}` });
      await finishAll(me.id);
    }
    const error = await acceptSubmission(me, { exerciseId, code: 'v4' }).catch((e: unknown) => e);
    expect(statusOf(error)).toBe(429);
    expect((error as HttpError).headers['Retry-After']).toBe('60');
  });

  test(`${kind}: a retry with the same idempotency key returns the first submission even past the limits`, async () => {
    const me = await student();
    const first = await acceptSubmission(me, { exerciseId, code: 'k', idempotencyKey: 'retry-key-1' });
    const again = await acceptSubmission(me, { exerciseId, code: 'k', idempotencyKey: 'retry-key-1' });
    expect(again.submission.id).toBe(first.submission.id);
    expect(again.created).toBe(false);
  });

  test(`${kind}: when the queue is full new submissions get 503 and nothing is stored`, async () => {
    await db.submission.updateMany({ data: { status: 'DONE' } });
    for (let i = 0; i < 4; i++) await acceptSubmission(await student(), { exerciseId, code: 'q' });
    const me = await student();
    const error = await acceptSubmission(me, { exerciseId, code: 'q' }).catch((e: unknown) => e);
    expect(statusOf(error)).toBe(503);
    expect(await db.submission.count({ where: { userId: me.id } })).toBe(0);
  });

  test(`${kind}: an unknown exercise gets 404`, async () => {
    const error = await acceptSubmission(await student(), {
      exerciseId: '00000000-0000-4000-8000-000000000000',
      code: 'x',
    }).catch((e: unknown) => e);
    expect(statusOf(error)).toBe(404);
  });
}
