import 'server-only';
import type { Db } from '@/lib/db/client';
import { env, isPostgresUrl } from '@/lib/env';
import { runWorker, type GradeFn } from './worker-loop';

export type QueueKind = 'table' | 'pg-boss';
export type Log = (line: string) => void;

export type ConsumeOptions = {
  grade: GradeFn;
  /** Parallel grading jobs in this process. */
  concurrency: number;
  /** consume() resolves once this is aborted and the jobs in flight have been stored. */
  signal: AbortSignal;
  log?: Log;
};

/**
 * One contract for both transports (docs/decisions/008-pg-boss-queue.md). The submissions table is
 * the source of truth either way: a row is written PENDING before enqueue(), a consumer claims it
 * with the conditional claim and stores the grade with the conditional completeJob, so duplicate
 * or retried messages grade a submission at most once.
 */
export interface JobQueue {
  readonly kind: QueueKind;
  /** Tells consumers a PENDING row exists. A no-op for the table queue (the row is the job). */
  enqueue(submissionId: string): Promise<void>;
  /** Grades jobs until options.signal aborts. */
  consume(options: ConsumeOptions): Promise<void>;
  close(): Promise<void>;
}

export type JobQueueOptions = {
  db: Db;
  url: string;
  /** Defaults to `table` on SQLite and `pg-boss` on PostgreSQL (GRADING_QUEUE overrides). */
  kind?: QueueKind;
  /** `producer` (web app: enqueue only) or `worker` (also runs pg-boss maintenance). */
  role: 'producer' | 'worker';
  leaseMs: number;
  maxJobAttempts?: number;
  /** Table queue: poll interval. */
  pollMs?: number;
  pgBoss?: {
    schema?: string;
    sweepAfterMs?: number;
    sweepIntervalMs?: number;
    pollingIntervalSeconds?: number;
    maintenanceIntervalSeconds?: number;
  };
  log?: Log;
};

export function queueKindFor(url: string, setting?: QueueKind): QueueKind {
  if (!isPostgresUrl(url)) {
    if (setting === 'pg-boss') throw new Error('GRADING_QUEUE=pg-boss needs a PostgreSQL DATABASE_URL');
    return 'table';
  }
  return setting ?? 'pg-boss';
}

export async function createJobQueue(options: JobQueueOptions): Promise<JobQueue> {
  const kind = options.kind ?? queueKindFor(options.url);
  if (kind === 'table') return new TableJobQueue(options);
  // Loaded only when used: a SQLite deployment never touches pg-boss.
  const { createPgBossQueue } = await import('./pg-boss-queue');
  return createPgBossQueue(options);
}

/** The default transport: workers poll the submissions table (lib/queue/worker-loop.ts). */
class TableJobQueue implements JobQueue {
  readonly kind = 'table' as const;
  constructor(private readonly options: JobQueueOptions) {}

  async enqueue(): Promise<void> {}

  async consume({ grade, concurrency, signal, log }: ConsumeOptions): Promise<void> {
    await runWorker({
      db: this.options.db,
      grade,
      concurrency,
      signal,
      log: log ?? this.options.log,
      leaseMs: this.options.leaseMs,
      pollMs: this.options.pollMs,
      maxJobAttempts: this.options.maxJobAttempts,
    });
  }

  async close(): Promise<void> {}
}

type Holder = { promise?: Promise<JobQueue>; url?: string };
const holder: Holder = ((globalThis as { __jobQueueHolder?: Holder }).__jobQueueHolder ??= {});

/** The web app's producer queue: one per process (dev hot reloads reuse it). */
export function getJobQueue(db: Db): Promise<JobQueue> {
  const config = env();
  if (!holder.promise || holder.url !== config.DATABASE_URL) {
    holder.url = config.DATABASE_URL;
    const promise = createJobQueue({
      db,
      url: config.DATABASE_URL,
      kind: queueKindFor(config.DATABASE_URL, config.GRADING_QUEUE),
      role: 'producer',
      leaseMs: config.GRADER_LEASE_MS,
    });
    // A failed start (database briefly down) is retried on the next submission, not cached.
    promise.catch(() => {
      if (holder.promise === promise) holder.promise = undefined;
    });
    holder.promise = promise;
  }
  return holder.promise;
}
