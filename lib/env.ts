import { z } from 'zod';

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, 'DATABASE_URL must start with file: (SQLite) or postgresql://')
    .default('file:./data/app.db'),
  NEXTAUTH_SECRET: z.string().min(32, 'NEXTAUTH_SECRET must be at least 32 characters').optional(),
  NEXTAUTH_URL: z.url().default('http://localhost:3000'),
  /** Parallel grading jobs per worker process; defaults to cores - 1 (at least 1). */
  GRADER_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  /** How long a claimed job is reserved for its worker; a crashed worker's jobs return after it. */
  GRADER_LEASE_MS: z.coerce.number().int().min(1000).default(120_000),
  /**
   * Queue transport. `table`: workers poll the submissions table (the only choice on SQLite).
   * `pg-boss`: the default on PostgreSQL; see docs/decisions/008-pg-boss-queue.md.
   */
  GRADING_QUEUE: z.enum(['table', 'pg-boss']).optional(),
  /** pg-boss workers re-enqueue PENDING rows older than this that have no queued job. */
  GRADING_SWEEP_AFTER_MS: z.coerce.number().int().min(1000).default(30_000),
  /** Per-learner grade requests allowed per minute before 429. */
  SUBMIT_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  /** Jobs waiting in the queue before new submissions get 503. */
  QUEUE_CAPACITY: z.coerce.number().int().min(1).default(200),
  /** Bearer token that may read GET /api/metrics without an admin session; unset = admins only. */
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  /**
   * '1' lets the grader run learner code WITHOUT a network namespace (development machines only);
   * read by lib/grading/sandbox/jail-mode.ts, validated here so a typo fails fast.
   */
  GRADER_INSECURE_NO_NETNS: z.enum(['', '0', '1']).optional(),
  /** Sandbox child processes kept warm per grading process (lib/grading/sandbox/pool.ts). */
  GRADER_POOL_SIZE: z.coerce.number().int().min(1).max(64).optional(),
  /**
   * SQLite only: when the `-wal` file passes this many MiB, lib/db/wal-guard.ts runs a TRUNCATE
   * checkpoint (constant overlapping readers would otherwise let it grow without bound).
   */
  SQLITE_WAL_CHECKPOINT_MB: z.coerce.number().int().min(1).max(65_536).default(64),
});
export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

/** Validated environment; throws with every problem listed at first use, so bad config fails fast. */
export function env(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid environment:\n${problems}`);
  }
  if (parsed.data.NODE_ENV === 'production' && !parsed.data.NEXTAUTH_SECRET) {
    throw new Error('Invalid environment:\n  NEXTAUTH_SECRET: required in production');
  }
  cached = parsed.data;
  return cached;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}
