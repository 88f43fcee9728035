/**
 * D1 / D7, 1,000 concurrent submissions: 100 signed-in learners × 10 submissions (every other one
 * followed by a draft save), 50 requests in flight, against the production build with its grading
 * worker, on SQLite in its default configuration (D1) and on PostgreSQL with pg-boss (D7).
 * Write contention must never reach a learner as a lock error or a 500, and the history must hold:
 * every acknowledged submission stored once and graded once, nothing stored for a refusal, never
 * two submissions of one learner in flight. Latency is printed, not asserted (docs/benchmarks.md).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, expect, test } from 'vitest';
import {
  formatLatency,
  LOCK_ERRORS,
  planLoad,
  possibleFinalDrafts,
  runLoad,
  signUpUsersConcurrently,
  watchInFlight,
} from './concurrent-load';
import { checkWrites, exerciseUuids, pgStore, root, sqliteStore, startApp, stopApp, waitAllGraded, type App, type Store } from './harness';

const USERS = 100;
const PER_USER = 10;
const CONCURRENCY = 50;
// A draft save after every other submission: 500 more writes to contend with, while the load
// phase still leaves room in the ~90 s a database gets (the drain of ~100 queued jobs takes ~40 s).
const DRAFT_EVERY = 2;
// Limits high enough that contention, not 429/503, decides the answers; lease and sweep at their
// production defaults (harness.startApp shortens them for the kill tests, which this is not).
const EXTRA_ENV = { SUBMIT_RATE_PER_MINUTE: '1000', QUEUE_CAPACITY: '1000', GRADER_LEASE_MS: '120000', GRADING_SWEEP_AFTER_MS: '30000' };
const SUBMIT_ANSWERS = [202, 409, 429, 503];
const PG_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const PG_NAME = `hml_d7_${process.pid}`;

const running = new Set<App>();
const cleanups: Array<() => Promise<void>> = [];

afterAll(async () => {
  for (const app of running) await stopApp(app);
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
}, 60_000);

function migrate(url: string): void {
  execFileSync('npm', ['run', '--silent', 'db:migrate'], { cwd: root, env: { ...process.env, DATABASE_URL: url }, stdio: 'pipe' });
}

async function pgAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function runD1(opts: { name: string; tag: string; port: number; url: string; store: Store; seed: number }): Promise<void> {
  const { name, tag, store } = opts;
  const log = (line: string) => console.log(`[${name}] ${line}`);
  const app = await startApp(opts.port, opts.url, EXTRA_ENV);
  running.add(app);
  try {
    const tSetup = Date.now();
    const clients = await signUpUsersConcurrently(app, tag, USERS);
    log(`${USERS} learners signed up and in: ${Date.now() - tSetup} ms`);

    // exerciseUuids()[0] is label-spreading: for code that exports nothing its grade is mostly the
    // sandbox child (co-training's trusted prepare alone costs ~56 ms a job, label-spreading's ~6 ms).
    const exercises = exerciseUuids();
    const plan = planLoad({ tag, users: USERS, perUser: PER_USER, draftEvery: DRAFT_EVERY, seed: opts.seed, draftExercises: exercises });
    const watch = watchInFlight(store);
    const load = await runLoad({ clients, plan, concurrency: CONCURRENCY, exercise: exercises[0]!, timeoutMs: 30_000 });
    const inFlight = await watch.stop();
    const { submits, drafts } = load;
    const count = (status: number) => submits.filter((s) => s.status === status).length;
    log(
      `${submits.length} submissions + ${drafts.length} draft saves at concurrency ${CONCURRENCY} in ${Math.round(load.wallMs)} ms: ` +
        `202 ×${count(202)}, 409 ×${count(409)}, 429 ×${count(429)}, 503 ×${count(503)}; ` +
        `queue depth max ${inFlight.maxPending} over ${inFlight.samples} samples`,
    );
    log(formatLatency('acknowledgement (202)', submits.filter((s) => s.status === 202).map((s) => s.end - s.start)));
    log(formatLatency('all submission answers', submits.map((s) => s.end - s.start)));
    log(formatLatency('draft saves', drafts.map((d) => d.end - d.start)));

    // Every request got a definite answer; no lock error or 500 reached a learner.
    const all = [...submits, ...drafts];
    expect(all.filter((r) => r.status === undefined).map((r) => r.error)).toEqual([]);
    expect(submits.filter((s) => !SUBMIT_ANSWERS.includes(s.status!)).map((s) => `${s.key}: ${s.status} ${s.body}`)).toEqual([]);
    expect(drafts.filter((d) => d.status !== 200).map((d) => `${d.code.trim()}: ${d.status} ${d.body}`)).toEqual([]);
    expect(all.filter((r) => LOCK_ERRORS.test(r.body)).map((r) => r.body)).toEqual([]);
    // A 409 needs a stored submission of that learner, so every learner has at least one 202.
    expect(new Set(submits.filter((s) => s.status === 202).map((s) => s.user)).size, 'learners with a 202').toBe(USERS);

    // One learner never had two submissions in flight at any sampled instant.
    expect(inFlight.violations).toEqual([]);

    // Acknowledged keys are stored once under the id the learner was given (every 202 of a key
    // carries that id); refused keys not at all; and the run stored nothing else.
    await checkWrites(store, { tag, users: USERS, submits, drafts: [] });
    const ackedKeys = [...new Set(submits.filter((s) => s.status === 202).map((s) => s.key))].sort();
    for (const key of ackedKeys) {
      expect(new Set(submits.filter((s) => s.key === key && s.status === 202).map((s) => s.id)).size, `ids of ${key}`).toBe(1);
    }
    const stored = await store.all<{ key: string }>(
      `SELECT s."idempotencyKey" AS key FROM "Submission" s JOIN "User" u ON u.id = s."userId" WHERE u.email LIKE ?`,
      [`crash-${tag}-%`],
    );
    expect(stored.map((r) => r.key).sort()).toEqual(ackedKeys);

    // Each draft holds a save that no other acknowledged save of it strictly followed.
    const finals = possibleFinalDrafts(drafts);
    const draftRows = await store.all<{ email: string; exerciseUuid: string; code: string }>(
      `SELECT u.email, d."exerciseUuid", d.code FROM "Draft" d JOIN "User" u ON u.id = d."userId" WHERE u.email LIKE ?`,
      [`crash-${tag}-%`],
    );
    expect(draftRows.length).toBe(finals.size);
    for (const row of draftRows) {
      const user = Number(/-(\d+)@/.exec(row.email)![1]);
      const allowed = finals.get(`${user}|${row.exerciseUuid}`);
      expect(allowed?.has(row.code), `draft of learner ${user}, ${row.exerciseUuid} = ${JSON.stringify(row.code)}`).toBe(true);
    }

    // The queue drains: every stored row DONE, graded by exactly one claim, with one outcome.
    const tDrain = Date.now();
    const { done } = await waitAllGraded(store, tag, 90_000);
    const graded = await store.all<{ status: string; outcome: string | null; jobAttempts: number }>(
      `SELECT status, outcome, "jobAttempts" FROM "Submission" WHERE "idempotencyKey" LIKE ?`,
      [`${tag}-%`],
    );
    const outcomes = graded.reduce<Record<string, number>>((m, r) => ({ ...m, [String(r.outcome)]: (m[String(r.outcome)] ?? 0) + 1 }), {});
    log(`${graded.length} stored submissions drained ${Date.now() - tDrain} ms after the load; outcomes ${JSON.stringify(outcomes)}`);
    const output = app.output();
    const gradeMs = [...output.matchAll(/\[worker\] \S+ \w+ [\d.]+ in (\d+) ms/g)].map((m) => Number(m[1]));
    log(formatLatency('grading per job (worker log)', gradeMs));

    // Logs first: a worker write that hit a lock leaves its job GRADING until the lease expires,
    // and the log line says why far better than "not graded" would.
    expect(output.split('\n').filter((l) => LOCK_ERRORS.test(l) || l.includes('api: unhandled error'))).toEqual([]);
    expect(done, `not graded: ${graded.filter((r) => r.status !== 'DONE').length}`).toBe(true);
    expect(graded.filter((r) => !['pass', 'fail', 'error'].includes(r.outcome ?? '') || Number(r.jobAttempts) !== 1)).toEqual([]);
  } finally {
    await stopApp(app);
    running.delete(app);
  }
}

test('D1: 1,000 concurrent submissions on SQLite (default configuration): no lock error reaches a learner, every acknowledged submission is stored and graded exactly once', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hml-d1-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  const url = `file:${path.join(dir, 'd1.db')}`;
  migrate(url);
  const db = new Database(path.join(dir, 'd1.db'));
  cleanups.push(async () => void db.close());
  await runD1({ name: 'D1 SQLite', tag: 'd1', port: 3620, url, store: sqliteStore(db), seed: 1 });
}, 180_000);

test('D7: 1,000 concurrent submissions on PostgreSQL with pg-boss: no P2028 or 500 reaches a learner, every acknowledged submission is stored and graded exactly once', async () => {
  await pgAdmin(`DROP DATABASE IF EXISTS ${PG_NAME} WITH (FORCE)`);
  await pgAdmin(`CREATE DATABASE ${PG_NAME}`);
  cleanups.push(() => pgAdmin(`DROP DATABASE IF EXISTS ${PG_NAME} WITH (FORCE)`));
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${PG_NAME}`;
  const url = u.toString();
  migrate(url);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('error', () => {});
  cleanups.push(() => pool.end());
  await runD1({ name: 'D7 PostgreSQL', tag: 'd7', port: 3621, url, store: pgStore(pool), seed: 7 });
}, 180_000);
