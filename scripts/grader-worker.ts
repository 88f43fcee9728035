/**
 * A grading worker: takes submissions from the grading queue (lib/queue/job-queue.ts) and grades
 * each in a fresh jailed process. On PostgreSQL the queue is pg-boss by default; run any number of
 * these against one database to scale out. With SQLite (table queue), `npm start` runs one next to
 * the web app.
 */
import os from 'node:os';
import { getDb } from '../lib/db/client';
import { env } from '../lib/env';
import { createJobQueue, queueKindFor } from '../lib/queue/job-queue';
import { closeDefaultPool } from '../lib/grading/sandbox/pool';
import { gradeCode } from '../lib/grading/server-grade';

const config = env();
const concurrency = config.GRADER_CONCURRENCY ?? Math.max(1, os.cpus().length - 1);
const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => controller.abort());
}
// Orphaned (the launcher died without signalling us): stop, rather than keep grading unseen.
const parent = process.ppid;
const supervisor = Number(process.env.HML_SUPERVISOR_PID ?? 0);
setInterval(() => {
  if (process.ppid !== parent || (supervisor > 0 && !isAlive(supervisor))) controller.abort();
}, 1000).unref();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const db = await getDb();
const queue = await createJobQueue({
  db,
  url: config.DATABASE_URL,
  kind: queueKindFor(config.DATABASE_URL, config.GRADING_QUEUE),
  role: 'worker',
  leaseMs: config.GRADER_LEASE_MS,
  pgBoss: { sweepAfterMs: config.GRADING_SWEEP_AFTER_MS },
});
console.log(
  `[worker] grading with concurrency ${concurrency} on ${config.DATABASE_URL.split(':')[0]} (${queue.kind} queue)`,
);
await queue.consume({
  concurrency,
  signal: controller.signal,
  grade: async (job) => {
    const result = await gradeCode({ exercise: job.exerciseUuid, code: job.code });
    return { result, graderVersion: result.graderVersion };
  },
});
await queue.close();
await closeDefaultPool();
await db.$disconnect();
process.exit(0);
