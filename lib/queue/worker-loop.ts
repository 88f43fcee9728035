import 'server-only';
import type { Db } from '@/lib/db/client';
import { claimNextJob, completeJob, ensureGraderVersion, type ClaimedJob } from '@/lib/db/grading-jobs';
import { errorResult } from '@/lib/grading/judge';
import type { GradeResult } from '@/lib/grading/result-schema';

export type GradeFn = (job: ClaimedJob) => Promise<{ result: GradeResult; graderVersion: string }>;

export type WorkerOptions = {
  db: Db;
  grade: GradeFn;
  concurrency: number;
  /** Longer than any grading job (limits + start-up), so a live job is never stolen. */
  leaseMs?: number;
  pollMs?: number;
  /** A job whose worker crashed this many times is closed as GRADER_ERROR instead of retried. */
  maxJobAttempts?: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
};

/**
 * Pulls submissions from the database queue and grades them, `concurrency` at a time. Jobs are
 * claimed with a lease: if this process dies mid-job, another worker (or this one, restarted)
 * claims the job again after the lease and grades it exactly once (completeJob is conditional).
 */
export async function runWorker(options: WorkerOptions): Promise<void> {
  const { db, grade, concurrency, signal } = options;
  const leaseMs = options.leaseMs ?? 120_000;
  const pollMs = options.pollMs ?? 250;
  const maxJobAttempts = options.maxJobAttempts ?? 3;
  const log = options.log ?? ((line: string) => console.log(line));
  const running = new Set<Promise<void>>();

  while (!signal?.aborted) {
    if (running.size >= concurrency) {
      await Promise.race(running);
      continue;
    }
    let job: ClaimedJob | null = null;
    try {
      job = await claimNextJob(db, leaseMs);
    } catch (error) {
      log(`[worker] claim failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!job) {
      await sleep(pollMs, signal);
      continue;
    }
    const task = processJob(db, job, grade, maxJobAttempts, log).finally(() => running.delete(task));
    running.add(task);
  }
  await Promise.allSettled(running);
}

/** Grades one claimed job and stores the grade conditionally; shared by every queue backend. */
export async function processJob(
  db: Db,
  job: ClaimedJob,
  grade: GradeFn,
  maxJobAttempts: number,
  log: (line: string) => void,
): Promise<void> {
  const started = Date.now();
  let result: GradeResult;
  let graderVersion = 'unknown';
  if (job.jobAttempts > maxJobAttempts) {
    result = errorResult('GRADER_ERROR', 'Grading was interrupted several times.', graderVersion, 0);
  } else {
    try {
      ({ result, graderVersion } = await grade(job));
    } catch (error) {
      log(`[worker] grading ${job.id} crashed: ${error instanceof Error ? error.stack : String(error)}`);
      result = errorResult('GRADER_ERROR', undefined, graderVersion, Date.now() - started);
    }
  }
  try {
    await ensureGraderVersion(db, graderVersion, job.exerciseUuid);
    const stored = await completeJob(db, job.id, {
      outcome: result.status,
      score: result.score,
      resultJson: JSON.stringify(result),
      graderVersionId: graderVersion,
    });
    log(`[worker] ${job.id} ${result.status} ${result.score} in ${Date.now() - started} ms${stored ? '' : ' (already completed elsewhere)'}`);
  } catch (error) {
    // Left GRADING: the lease expires and the job is graded again; nothing acknowledged is lost.
    log(`[worker] storing ${job.id} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
