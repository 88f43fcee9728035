import 'server-only';
import PgBoss from 'pg-boss';
import type { Db } from '@/lib/db/client';
import { claimJob, selectStaleJobs } from '@/lib/db/grading-jobs';
import type { ConsumeOptions, JobQueue, JobQueueOptions, Log } from './job-queue';
import { processJob, type GradeFn } from './worker-loop';

export const GRADING_QUEUE_NAME = 'grading';
export const DEFAULT_PG_BOSS_SCHEMA = 'pgboss';

type JobData = { submissionId: string };

/**
 * PostgreSQL transport: pg-boss carries only the submission id (singletonKey = id, queue policy
 * `short`: at most one waiting job per submission, so a retried enqueue adds nothing). The
 * handler claims the row conditionally and completes it conditionally, so a pg-boss retry after
 * a crash, a duplicate message or a sweeper re-send grades each submission at most once.
 */
export async function createPgBossQueue(options: JobQueueOptions): Promise<JobQueue> {
  const log = options.log ?? ((line: string) => console.log(line));
  const schema = options.pgBoss?.schema ?? DEFAULT_PG_BOSS_SCHEMA;
  const maxJobAttempts = options.maxJobAttempts ?? 3;
  const boss = new PgBoss({
    connectionString: options.url,
    schema,
    application_name: `hml-grading-${options.role}`,
    max: options.role === 'worker' ? 4 : 2,
    // Only workers expire and archive jobs; the web app just sends.
    supervise: options.role === 'worker',
    schedule: false,
    maintenanceIntervalSeconds: options.pgBoss?.maintenanceIntervalSeconds ?? 30,
  });
  boss.on('error', (error: Error) => log(`[queue] pg-boss: ${error.message}`));
  await boss.start();
  // Idempotent: the first process to start creates the queue, later ones keep its settings.
  // Two workers starting together on a fresh database can deadlock inside create_queue; the loser
  // simply tries again.
  await retryOnDeadlock(() => boss.createQueue(GRADING_QUEUE_NAME, {
    name: GRADING_QUEUE_NAME,
    policy: 'short',
    // A job whose worker died is retried after its expiry; the row's own jobAttempts decides
    // when to give up (GRADER_ERROR), so pg-boss just needs a few more tries than that.
    retryLimit: maxJobAttempts + 2,
    retryDelay: 1,
    expireInSeconds: Math.ceil(options.leaseMs / 1000) + 5,
  }));
  return new PgBossJobQueue(boss, schema, options, maxJobAttempts, log);
}

export class PgBossJobQueue implements JobQueue {
  readonly kind = 'pg-boss' as const;
  private readonly db: Db;

  constructor(
    private readonly boss: PgBoss,
    private readonly schema: string,
    private readonly options: JobQueueOptions,
    private readonly maxJobAttempts: number,
    private readonly log: Log,
  ) {
    this.db = options.db;
  }

  async enqueue(submissionId: string): Promise<void> {
    await this.boss.send(GRADING_QUEUE_NAME, { submissionId } satisfies JobData, { singletonKey: submissionId });
  }

  async consume({ grade, concurrency, signal, log = this.log }: ConsumeOptions): Promise<void> {
    if (signal.aborted) return;
    const inFlight = new Set<Promise<void>>();
    const handler = async (jobs: PgBoss.Job<JobData>[]) => {
      for (const job of jobs) {
        const task = this.handle(job.data.submissionId, grade, log);
        inFlight.add(task);
        try {
          await task;
        } finally {
          inFlight.delete(task);
        }
      }
    };
    // v10 runs one handler call at a time per work() registration: one registration per slot.
    // Its loop also sleeps out the polling interval after every fetch, even a fruitful one, which
    // capped each slot at one job per interval; notifying the worker after a job skips that sleep,
    // so a busy queue is drained back to back and an idle one is still polled gently.
    for (let i = 0; i < concurrency; i++) {
      let workerId = '';
      workerId = await this.boss.work<JobData>(
        GRADING_QUEUE_NAME,
        { batchSize: 1, pollingIntervalSeconds: this.options.pgBoss?.pollingIntervalSeconds ?? 1 },
        async (jobs) => {
          await handler(jobs);
          if (jobs.length > 0 && workerId) this.boss.notifyWorker(workerId);
        },
      );
    }
    const sweepAfterMs = this.options.pgBoss?.sweepAfterMs ?? 30_000;
    const sweepIntervalMs = this.options.pgBoss?.sweepIntervalMs ?? Math.min(sweepAfterMs, 10_000);
    let sweeping: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      sweeping = sweeping.then(() =>
        this.sweep(sweepAfterMs).catch((error: unknown) =>
          log(`[queue] sweep failed: ${error instanceof Error ? error.message : String(error)}`),
        ),
      );
    }, sweepIntervalMs);
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    clearInterval(timer);
    await this.boss.offWork(GRADING_QUEUE_NAME);
    await sweeping;
    await Promise.allSettled(inFlight);
  }

  /** One message: claim the row (or find it done / held elsewhere), grade, store conditionally. */
  private async handle(submissionId: string, grade: GradeFn, log: Log): Promise<void> {
    // A throw here (database unreachable) fails the pg-boss job, which retries it.
    const job = await claimJob(this.db, submissionId, this.options.leaseMs);
    if (!job) {
      log(`[worker] ${submissionId} skipped: already graded or held by a live lease`);
      return;
    }
    await processJob(this.db, job, grade, this.maxJobAttempts, log);
  }

  /**
   * Re-enqueues rows that have no live job: PENDING rows older than `pendingOlderThanMs` (the app
   * died between insert and send, or send failed) and GRADING rows whose lease expired (their
   * worker died; its pg-boss job is still `active` until pg-boss expires it, so it does not count).
   * Returns how many jobs were sent.
   */
  async sweep(pendingOlderThanMs: number): Promise<number> {
    const stale = await selectStaleJobs(this.db, { pendingBefore: new Date(Date.now() - pendingOlderThanMs) });
    if (stale.length === 0) return 0;
    const { rows } = await this.boss
      .getDb()
      .executeSql(
        `SELECT singleton_key AS key, state::text AS state FROM ${this.schema}.job
         WHERE name = $1 AND singleton_key = ANY($2::text[]) AND state < 'completed'`,
        [GRADING_QUEUE_NAME, stale.map((s) => s.id)],
      );
    const live = new Map<string, string[]>();
    for (const row of rows as { key: string; state: string }[]) {
      live.set(row.key, [...(live.get(row.key) ?? []), row.state]);
    }
    let sent = 0;
    for (const row of stale) {
      const states = live.get(row.id) ?? [];
      const covered = row.status === 'PENDING' ? states.length > 0 : states.some((s) => s !== 'active');
      if (covered) continue;
      if (await this.boss.send(GRADING_QUEUE_NAME, { submissionId: row.id } satisfies JobData, { singletonKey: row.id })) {
        sent++;
        this.log(`[queue] swept ${row.id} (${row.status}) back into the queue`);
      }
    }
    return sent;
  }

  async close(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}

async function retryOnDeadlock<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (error) {
      const deadlock = (error as { code?: string }).code === '40P01' || /deadlock detected/i.test(String(error));
      if (!deadlock || i >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * i + Math.random() * 100));
    }
  }
}
