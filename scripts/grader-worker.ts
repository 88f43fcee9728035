/**
 * A grading worker: pulls submissions from the database queue and grades each in a fresh jailed
 * process. Run any number of these against one PostgreSQL database to scale out; with SQLite,
 * `npm start` runs one next to the web app.
 */
import os from 'node:os';
import { getDb } from '../lib/db/client';
import { env } from '../lib/env';
import { runWorker } from '../lib/queue/worker-loop';
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
console.log(`[worker] grading with concurrency ${concurrency} on ${config.DATABASE_URL.split(':')[0]}`);
await runWorker({
  db,
  concurrency,
  leaseMs: config.GRADER_LEASE_MS,
  signal: controller.signal,
  grade: async (job) => {
    const result = await gradeCode({ exercise: job.exerciseUuid, code: job.code });
    return { result, graderVersion: result.graderVersion };
  },
});
await closeDefaultPool();
await db.$disconnect();
process.exit(0);
