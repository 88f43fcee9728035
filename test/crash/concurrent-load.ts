/**
 * Helpers for D1/D7 (test/crash/d1-concurrent.crash.ts): many signed-in learners firing submissions
 * and draft saves at a fixed concurrency, every request recorded with its timing and answer, plus
 * the checks that only make sense for overlapping requests (a learner's own requests may race).
 */
import { Client, rng, type App, type Outcome, type Store, type SubmitOp } from './harness';

/** Errors that mean a lock or transaction timeout escaped to a caller (SQLite busy, Prisma P2028). */
export const LOCK_ERRORS = /database is locked|SQLITE_BUSY|P2028|Unable to start a transaction/i;

/** Runs `fn` over `items` with at most `concurrency` calls in flight, in item order. */
export async function runPool<T>(items: T[], concurrency: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
}

/**
 * Same accounts as harness.signUpUsers (`crash-<tag>-<n>@example.test`), a few at a time: sign-up
 * and sign-in are bcrypt-bound on the server, so overlapping them only hides the HTTP round trips.
 */
export async function signUpUsersConcurrently(app: App, tag: string, n: number, concurrency = 4): Promise<Client[]> {
  const clients = Array.from({ length: n }, () => new Client(app.base));
  await runPool(clients, concurrency, (c, u) => c.signUpAndIn(`crash-${tag}-${u}@example.test`, 'crash-test-pass'));
  return clients;
}

export type Timed = { start: number; end: number; status?: number; body: string; error?: string };
export type SubmitRecord = SubmitOp & Timed;
export type DraftRecord = Timed & { user: number; exercise: string; code: string; outcome: Outcome };
export type PlannedOp =
  | { kind: 'submit'; user: number; key: string; code: string }
  | { kind: 'draft'; user: number; exercise: string; code: string };

/**
 * Per learner `perUser` submissions (some repeat an earlier key of theirs, as a retry or a double
 * click would), every `draftEvery`-th followed by a draft save, then one seeded shuffle of
 * everything: a learner's requests land anywhere in the run, so two of theirs are often in flight.
 */
export function planLoad(opts: { tag: string; users: number; perUser: number; draftEvery: number; seed: number; draftExercises: string[] }): PlannedOp[] {
  const random = rng(opts.seed);
  const ops: PlannedOp[] = [];
  for (let user = 0; user < opts.users; user++) {
    const keys: string[] = [];
    for (let k = 0; k < opts.perUser; k++) {
      const retry = keys.length > 0 && random() < 0.15;
      const key = retry ? keys[Math.floor(random() * keys.length)]! : `${opts.tag}-u${user}-s${k}`;
      if (!retry) keys.push(key);
      // Wrong on purpose (exports nothing the grader asks for): graded in well under a second.
      ops.push({ kind: 'submit', user, key, code: `export const attempt = ${k}; // ${opts.tag}\n` });
      if ((k + 1) % opts.draftEvery !== 0) continue;
      const exercise = opts.draftExercises[Math.floor(random() * opts.draftExercises.length)]!;
      ops.push({ kind: 'draft', user, exercise, code: `// ${opts.tag} user ${user} draft ${k}\n` });
    }
  }
  for (let i = ops.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [ops[i], ops[j]] = [ops[j]!, ops[i]!];
  }
  return ops;
}

/** Fires the plan and records every request: start and end (ms since the run began), status, body. */
export async function runLoad(opts: { clients: Client[]; plan: PlannedOp[]; concurrency: number; exercise: string; timeoutMs: number }) {
  const submits: SubmitRecord[] = [];
  const drafts: DraftRecord[] = [];
  const t0 = performance.now();
  await runPool(opts.plan, opts.concurrency, async (op) => {
    const client = opts.clients[op.user]!;
    const timed: Timed = { start: performance.now() - t0, end: 0, body: '' };
    try {
      const res =
        op.kind === 'submit'
          ? await client.request('POST', '/api/submissions', { exerciseId: opts.exercise, code: op.code, idempotencyKey: op.key }, false, opts.timeoutMs)
          : await client.request('PUT', `/api/drafts/${op.exercise}`, { code: op.code }, false, opts.timeoutMs);
      timed.status = res.status;
      timed.body = await res.text();
    } catch (error) {
      timed.error = error instanceof Error ? error.message : String(error);
    }
    timed.end = performance.now() - t0;
    const outcome = timed.status === undefined || timed.status >= 500 ? 'doubt' : timed.status < 300 ? 'ack' : 'rejected';
    if (op.kind === 'submit') {
      const id = outcome === 'ack' ? idOf(timed.body) : undefined;
      submits.push({ ...timed, user: op.user, key: op.key, outcome, id });
    } else {
      drafts.push({ ...timed, user: op.user, exercise: op.exercise, code: op.code, outcome });
    }
  });
  return { submits, drafts, wallMs: performance.now() - t0 };
}

function idOf(body: string): string | undefined {
  try {
    return (JSON.parse(body) as { id?: string }).id;
  } catch {
    return undefined;
  }
}

export function percentiles(values: number[]): { n: number; p50: number; p95: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : NaN);
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN };
}

export function formatLatency(label: string, values: number[]): string {
  const p = percentiles(values);
  const ms = (x: number) => `${Math.round(x)} ms`;
  return `${label}: n=${p.n} p50 ${ms(p.p50)} p95 ${ms(p.p95)} p99 ${ms(p.p99)} max ${ms(p.max)}`;
}

/**
 * Concurrent saves of one draft have no single "last" write; linearizability still rules out any
 * acknowledged save that finished before another acknowledged save began. Returns, per
 * `user|exercise`, the codes the stored draft may hold.
 */
export function possibleFinalDrafts(drafts: DraftRecord[]): Map<string, Set<string>> {
  const groups = new Map<string, DraftRecord[]>();
  for (const d of drafts.filter((x) => x.outcome === 'ack')) {
    const k = `${d.user}|${d.exercise}`;
    groups.set(k, [...(groups.get(k) ?? []), d]);
  }
  const out = new Map<string, Set<string>>();
  for (const [k, ops] of groups) {
    out.set(k, new Set(ops.filter((x) => !ops.some((y) => y.start > x.end)).map((x) => x.code)));
  }
  return out;
}

/**
 * Samples the submissions table while the load runs: a learner with two rows PENDING/GRADING at
 * one instant (one consistent read) breaks the one-in-flight rule. Also records the queue depth.
 */
export function watchInFlight(store: Store, everyMs = 50) {
  const violations: string[] = [];
  let samples = 0;
  let maxPending = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const rows = await store.all<{ userId: string; n: number | string; pending: number | string }>(
        `SELECT "userId", COUNT(*) AS n, SUM(CASE WHEN status = 'PENDING' THEN 1 ELSE 0 END) AS pending
           FROM "Submission" WHERE status IN ('PENDING', 'GRADING') GROUP BY "userId"`,
        [],
      );
      samples++;
      maxPending = Math.max(maxPending, rows.reduce((s, r) => s + Number(r.pending), 0));
      for (const r of rows) if (Number(r.n) > 1) violations.push(`${r.userId}: ${r.n} in flight`);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      return { samples, maxPending, violations };
    },
  };
}
