import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Db } from '@/lib/db/client';
import { insertSubmission } from '@/lib/db/submissions';
import { createTestDb, stored } from '@/lib/db/test-db';
import { insertUser } from '@/lib/db/users';
import { listExercises } from '@/lib/exercises/catalogue';

const root = path.resolve(import.meta.dirname, '..', '..');
let db: Db;
let url: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ db, url, cleanup } = await createTestDb('sqlite'));
});
afterAll(async () => cleanup());

function startWorker(): ChildProcess {
  return spawn('npm', ['run', '--silent', 'worker'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, GRADER_LEASE_MS: '3000', GRADER_CONCURRENCY: '1' },
    detached: true,
    stdio: 'ignore',
  });
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, ms: number): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('a worker killed with SIGKILL mid-job loses nothing: the job is re-claimed after its lease and graded once', async () => {
  const exercise = listExercises().find((e) => e.meta.slug === 'label-spreading')!;
  const solution = readFileSync(path.join(root, 'graders', exercise.relDir, 'solution.ts'), 'utf8');
  const user = await insertUser(db, { email: 'crash@example.test', name: 'C', passwordHash: 'x' });
  const { submission } = stored(await insertSubmission(db, {
    userId: user.id,
    exerciseUuid: exercise.meta.uuid,
    code: solution,
    codeHash: 'h',
    seed: exercise.meta.seed,
    clientScore: null,
    idempotencyKey: null,
  }));
  const read = () => db.submission.findUniqueOrThrow({ where: { id: submission.id } });

  const first = startWorker();
  const claimed = await waitFor(read, (s) => s.status === 'GRADING', 60_000);
  expect(claimed.status).toBe('GRADING');
  process.kill(-first.pid!, 'SIGKILL');

  const second = startWorker();
  try {
    const graded = await waitFor(read, (s) => s.status === 'DONE', 90_000);
    expect(graded.status).toBe('DONE');
    expect(graded.score).toBe(1);
    expect(graded.jobAttempts).toBe(2);
    expect(await db.submission.count({ where: { userId: user.id } })).toBe(1);
  } finally {
    process.kill(-second.pid!, 'SIGTERM');
  }
}, 180_000);
