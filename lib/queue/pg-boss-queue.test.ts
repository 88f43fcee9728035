import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Db } from '@/lib/db/client';
import { insertSubmission } from '@/lib/db/submissions';
import { createTestDb, stored } from '@/lib/db/test-db';
import { insertUser } from '@/lib/db/users';
import { listExercises } from '@/lib/exercises/catalogue';
import { errorResult } from '@/lib/grading/judge';
import type { GradeResult } from '@/lib/grading/result-schema';
import { createJobQueue, type JobQueue, type JobQueueOptions } from './job-queue';
import { DEFAULT_PG_BOSS_SCHEMA, GRADING_QUEUE_NAME, type PgBossJobQueue } from './pg-boss-queue';
import type { GradeFn } from './worker-loop';

// Real PostgreSQL: each run gets its own database (lib/db/test-db.ts), so pg-boss's schema in it
// is private to this file; the spawned `npm run worker` processes share it through DATABASE_URL.
const root = path.resolve(import.meta.dirname, '..', '..');
const exercise = listExercises().find((e) => e.meta.slug === 'label-spreading')!;
let db: Db;
let url: string;
let cleanup: () => Promise<void>;
const opened: JobQueue[] = [];

beforeAll(async () => {
  ({ db, url, cleanup } = await createTestDb('postgres'));
}, 60_000);
afterAll(async () => {
  await Promise.allSettled(opened.map((q) => q.close()));
  await cleanup();
});

async function open(role: 'producer' | 'worker', extra: Partial<JobQueueOptions['pgBoss']> = {}): Promise<PgBossJobQueue> {
  const queue = await createJobQueue({
    db,
    url,
    kind: 'pg-boss',
    role,
    leaseMs: 3000,
    log: () => {},
    pgBoss: { pollingIntervalSeconds: 0.5, sweepAfterMs: 60_000, sweepIntervalMs: 500, maintenanceIntervalSeconds: 1, ...extra },
  });
  opened.push(queue);
  return queue as PgBossJobQueue;
}

let learners = 0;

/** Each job gets its own learner: the database allows one submission in flight per learner. */
async function pending(code = 'x'): Promise<string> {
  learners += 1;
  const learner = await insertUser(db, { email: `boss-${learners}@example.test`, name: 'B', passwordHash: 'x' });
  const { submission } = stored(await insertSubmission(db, {
    userId: learner.id,
    exerciseUuid: exercise.meta.uuid,
    code,
    codeHash: 'h',
    seed: exercise.meta.seed,
    clientScore: null,
    idempotencyKey: null,
  }));
  return submission.id;
}

/** A stand-in grader that records every call; slow enough for racers to overlap. */
function fakeGrader(calls: string[], ms = 50): GradeFn {
  return async (job) => {
    calls.push(job.id);
    await new Promise((r) => setTimeout(r, ms));
    const result = { ...errorResult('GRADER_ERROR', undefined, 'fake-v1', ms), status: 'pass', score: 1 } as GradeResult;
    return { result, graderVersion: 'fake-v1' };
  };
}

function consume(queue: JobQueue, grade: GradeFn, concurrency = 1) {
  const controller = new AbortController();
  const done = queue.consume({ grade, concurrency, signal: controller.signal, log: () => {} });
  return {
    stop: async () => {
      controller.abort();
      await done;
    },
  };
}

async function waitFor<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms: number): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const rows = (ids: string[]) => db.submission.findMany({ where: { id: { in: ids } } });
const allDone = (list: { status: string }[]) => list.every((s) => s.status === 'DONE');

async function jobsFor(id: string): Promise<number> {
  const result = await db.$queryRawUnsafe<{ n: bigint }[]>(
    `SELECT count(*) AS n FROM ${DEFAULT_PG_BOSS_SCHEMA}.job WHERE name = $1 AND singleton_key = $2`,
    GRADING_QUEUE_NAME,
    id,
  );
  return Number(result[0]!.n);
}

test('a submission enqueued twice (a retried request) is queued once and graded once', async () => {
  const producer = await open('producer');
  const id = await pending();
  await producer.enqueue(id);
  await producer.enqueue(id);
  expect(await jobsFor(id)).toBe(1);

  const calls: string[] = [];
  const worker = consume(await open('worker'), fakeGrader(calls));
  try {
    const [row] = await waitFor(() => rows([id]), allDone, 15_000);
    expect(row!.status).toBe('DONE');
    expect(row!.score).toBe(1);
    expect(row!.jobAttempts).toBe(1);
    expect(row!.graderVersionId).toBe('fake-v1');
  } finally {
    await worker.stop();
  }
  expect(calls).toEqual([id]);
}, 30_000);

test('two consumers racing over duplicate messages grade each submission exactly once', async () => {
  const producer = await open('producer');
  const ids: string[] = [];
  for (let i = 0; i < 8; i++) ids.push(await pending(`race ${i}`));
  // Bypass the singleton key so every submission really has two messages for the racers.
  const raw = new PgBoss({ connectionString: url, schema: DEFAULT_PG_BOSS_SCHEMA, supervise: false, schedule: false });
  await raw.start();
  try {
    for (const id of ids) {
      await producer.enqueue(id);
      await raw.send(GRADING_QUEUE_NAME, { submissionId: id });
    }
  } finally {
    await raw.stop({ graceful: false });
  }

  const calls: string[] = [];
  const a = consume(await open('worker'), fakeGrader(calls), 2);
  const b = consume(await open('worker'), fakeGrader(calls), 2);
  try {
    const graded = await waitFor(() => rows(ids), allDone, 20_000);
    expect(graded.filter((s) => s.status === 'DONE')).toHaveLength(ids.length);
    expect(graded.every((s) => s.jobAttempts === 1)).toBe(true);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
  expect([...calls].sort()).toEqual([...ids].sort());
}, 40_000);

test('the sweeper enqueues a PENDING row whose app died before sending it', async () => {
  const id = await pending('never sent');
  expect(await jobsFor(id)).toBe(0);
  const calls: string[] = [];
  const worker = consume(await open('worker', { sweepAfterMs: 1000 }), fakeGrader(calls));
  try {
    const [row] = await waitFor(() => rows([id]), allDone, 15_000);
    expect(row!.status).toBe('DONE');
    expect(row!.jobAttempts).toBe(1);
  } finally {
    await worker.stop();
  }
  expect(calls).toEqual([id]);
  expect(await jobsFor(id)).toBe(1);
}, 30_000);

function startWorker(): ChildProcess {
  return spawn('npm', ['run', '--silent', 'worker'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: url,
      GRADING_QUEUE: 'pg-boss',
      GRADER_LEASE_MS: '3000',
      GRADER_CONCURRENCY: '1',
      GRADING_SWEEP_AFTER_MS: '1000',
    },
    detached: true,
    stdio: 'ignore',
  });
}

test('a pg-boss worker killed with SIGKILL mid-job: another worker grades the job once', async () => {
  const solution = readFileSync(path.join(root, 'graders', exercise.relDir, 'solution.ts'), 'utf8');
  const id = await pending(solution);
  await (await open('producer')).enqueue(id);
  const read = async () => (await rows([id]))[0]!;

  const first = startWorker();
  let second: ChildProcess | undefined;
  try {
    const claimed = await waitFor(read, (s) => s.status === 'GRADING', 30_000);
    expect(claimed.status).toBe('GRADING');
    process.kill(-first.pid!, 'SIGKILL');

    second = startWorker();
    const graded = await waitFor(read, (s) => s.status === 'DONE', 40_000);
    expect(graded.status).toBe('DONE');
    expect(graded.score).toBe(1);
    expect(graded.jobAttempts).toBe(2);
    expect(await db.submission.count({ where: { id } })).toBe(1);
    // The dead worker's job was still `active`; the sweeper sent a fresh one for the expired lease.
    expect(await jobsFor(id)).toBeGreaterThanOrEqual(2);
  } finally {
    try {
      process.kill(-first.pid!, 'SIGKILL');
    } catch {}
    if (second) process.kill(-second.pid!, 'SIGTERM');
  }
}, 90_000);
