/**
 * Helpers for the crash tests (test/crash/*.crash.ts): run the production build (`bash
 * scripts/serve.sh` = next start + grading worker) in its own process group, talk to it over HTTP
 * with a tiny cookie jar, and fire a deterministic per-user stream of writes whose outcomes are
 * recorded (acknowledged / rejected / in doubt). Needs `npm run build` first; see scripts/test-all.sh.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..', '..');

export function exerciseUuids(): string[] {
  const dirs = ['01-semi-supervised/01-label-spreading', '01-semi-supervised/02-pseudo-labeling', '01-semi-supervised/03-co-training'];
  return dirs.map((d) => (JSON.parse(readFileSync(path.join(root, 'exercises', d, 'meta.json'), 'utf8')) as { uuid: string }).uuid);
}

/** Deterministic PRNG (mulberry32) so a seed fixes the kill moment and the request mix. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type App = { proc: ChildProcess; port: number; base: string; output: () => string };

/** Starts serve.sh detached (own process group) and waits for /api/health. */
export async function startApp(port: number, databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<App> {
  const proc = spawn('bash', ['scripts/serve.sh'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      NEXTAUTH_URL: `http://localhost:${port}`,
      DATABASE_URL: databaseUrl,
      GRADER_LEASE_MS: '3000',
      GRADER_CONCURRENCY: '1',
      GRADING_SWEEP_AFTER_MS: '2000',
      SUBMIT_RATE_PER_MINUTE: '1000',
      ...extraEnv,
    },
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const base = `http://localhost:${port}`;
  const until = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (proc.exitCode !== null || Date.now() > until) {
      killGroup(proc, 'SIGKILL');
      throw new Error(`app on ${port} did not become healthy:\n${out.slice(-3000)}`);
    }
    await sleep(200);
  }
  return { proc, port, base, output: () => out };
}

export function killGroup(proc: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-proc.pid!, signal);
  } catch {
    /* already gone */
  }
}

/** Sends SIGKILL to the whole group (next start, the worker loop and the worker) and waits for the port to close. */
export async function crash(app: App): Promise<void> {
  killGroup(app.proc, 'SIGKILL');
  await waitUntil(async () => {
    try {
      await fetch(`${app.base}/api/health`, { signal: AbortSignal.timeout(500) });
      return false;
    } catch {
      return true;
    }
  }, 10_000);
}

export async function stopApp(app: App): Promise<void> {
  killGroup(app.proc, 'SIGTERM');
  await sleep(300);
  killGroup(app.proc, 'SIGKILL');
}

export async function waitUntil(check: () => Promise<boolean>, ms: number, every = 200): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > until) return false;
    await sleep(every);
  }
}

/** A signed-in learner: a cookie jar plus same-origin JSON requests. */
export class Client {
  private cookies = new Map<string, string>();
  constructor(private base: string) {}

  setBase(base: string): void {
    this.base = base;
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(method: string, url: string, body?: unknown, form = false, timeoutMs = 10_000): Promise<Response> {
    const headers: Record<string, string> = { origin: this.base, cookie: this.cookieHeader() };
    let payload: string | undefined;
    if (body !== undefined) {
      headers['content-type'] = form ? 'application/x-www-form-urlencoded' : 'application/json';
      payload = form ? new URLSearchParams(body as Record<string, string>).toString() : JSON.stringify(body);
    }
    const res = await fetch(this.base + url, { method, headers, body: payload, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, i).trim(), pair!.slice(i + 1).trim());
    }
    return res;
  }

  async signUpAndIn(email: string, password: string): Promise<void> {
    const up = await this.request('POST', '/api/signup', { name: 'Crash', email, password });
    if (up.status !== 201 && up.status !== 409) throw new Error(`signup ${up.status}: ${await up.text()}`);
    await this.signIn(email, password);
  }

  async signIn(email: string, password: string): Promise<void> {
    this.cookies.clear();
    const csrf = (await (await this.request('GET', '/api/auth/csrf')).json()) as { csrfToken: string };
    const res = await this.request(
      'POST',
      '/api/auth/callback/credentials',
      { csrfToken: csrf.csrfToken, email, password, json: 'true', callbackUrl: `${this.base}/dashboard` },
      true,
    );
    await res.text();
    if (![...this.cookies.keys()].some((k) => k.includes('session-token'))) {
      throw new Error(`sign-in of ${email} failed (${res.status})`);
    }
  }
}

export type Outcome = 'ack' | 'rejected' | 'doubt';
export type DraftOp = { user: number; exercise: string; code: string; seq: number; outcome: Outcome };
export type SubmitOp = { user: number; key: string; outcome: Outcome; status?: number; id?: string };

function classify(status: number | undefined): Outcome {
  if (status === undefined || status >= 500) return 'doubt';
  if (status >= 200 && status < 300) return 'ack';
  return 'rejected';
}

/**
 * One learner's stream: draft PUTs (increasing seq, rotating exercises) interleaved with submission
 * POSTs with fresh idempotency keys, plus an occasional retry of an acknowledged key. Sequential per
 * learner, so at most one of its requests is in flight when the server dies. Runs until `stop()`.
 */
export async function writeStream(opts: {
  client: Client;
  user: number;
  tag: string;
  random: () => number;
  exercises: string[];
  drafts: DraftOp[];
  submits: SubmitOp[];
  stopped: () => boolean;
  maxOps?: number;
}): Promise<void> {
  const { client, user, tag, random, exercises, drafts, submits } = opts;
  let seq = 0;
  for (let i = 0; !opts.stopped() && i < (opts.maxOps ?? 10_000); i++) {
    const exercise = exercises[Math.floor(random() * exercises.length)]!;
    if (random() < 0.6) {
      seq++;
      const op: DraftOp = { user, exercise, seq, code: `// ${tag} user ${user} draft ${seq}\n`, outcome: 'doubt' };
      drafts.push(op);
      try {
        const res = await client.request('PUT', `/api/drafts/${exercise}`, { code: op.code });
        await res.text();
        op.outcome = classify(res.status);
      } catch {
        op.outcome = 'doubt';
      }
    } else {
      const acked = submits.filter((s) => s.user === user && s.outcome === 'ack');
      const retry = acked.length > 0 && random() < 0.25 ? acked[Math.floor(random() * acked.length)]! : undefined;
      const key = retry ? retry.key : `${tag}-u${user}-s${i}`;
      const op: SubmitOp = { user, key, outcome: 'doubt' };
      submits.push(op);
      try {
        const res = await client.request('POST', '/api/submissions', {
          exerciseId: exercise,
          code: `export const attempt = ${i}; // ${tag}\n`,
          idempotencyKey: key,
        });
        op.status = res.status;
        const body = (await res.json().catch(() => ({}))) as { id?: string };
        op.id = body.id;
        op.outcome = classify(res.status);
      } catch {
        op.outcome = 'doubt';
      }
    }
  }
}

/** Per key: 'ack' if any request with it was acknowledged, else 'doubt' if any was in doubt, else 'rejected'. */
export function keyVerdicts(submits: SubmitOp[]): Map<string, Outcome> {
  const out = new Map<string, Outcome>();
  for (const s of submits) {
    const prev = out.get(s.key);
    if (s.outcome === 'ack' || prev === 'ack') out.set(s.key, 'ack');
    else if (s.outcome === 'doubt' || prev === 'doubt') out.set(s.key, 'doubt');
    else out.set(s.key, 'rejected');
  }
  return out;
}

/**
 * The stored draft for (user, exercise) must be the last acknowledged PUT or a later one that was
 * in doubt (never an older one, never missing if any PUT was acknowledged).
 */
export function allowedDrafts(drafts: DraftOp[]): Map<string, { mustExist: boolean; allowed: Set<string> }> {
  const out = new Map<string, { mustExist: boolean; allowed: Set<string> }>();
  const groups = new Map<string, DraftOp[]>();
  for (const d of drafts) {
    const k = `${d.user}|${d.exercise}`;
    groups.set(k, [...(groups.get(k) ?? []), d]);
  }
  for (const [k, ops] of groups) {
    const lastAck = ops.reduce((m, o) => (o.outcome === 'ack' ? Math.max(m, o.seq) : m), 0);
    const allowed = new Set(ops.filter((o) => o.seq >= lastAck && o.outcome !== 'rejected' && (o.seq === lastAck || o.outcome === 'doubt')).map((o) => o.code));
    out.set(k, { mustExist: lastAck > 0, allowed });
  }
  return out;
}

/** Read access to the app's database for the checks, SQLite or PostgreSQL. */
export type Store = {
  one<T>(sql: string, params: unknown[]): Promise<T | undefined>;
  all<T>(sql: string, params: unknown[]): Promise<T[]>;
};

/** `?` placeholders become `$1..$n` for PostgreSQL. */
export function pgSql(sql: string): string {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
}

/**
 * Every acknowledged submission is stored exactly once (under the id the client was given),
 * every refused one (4xx) not at all, every in-doubt one at most once; each draft is the last
 * acknowledged save or a later in-doubt one.
 */
export async function checkWrites(store: Store, opts: { tag: string; users: number; submits: SubmitOp[]; drafts: DraftOp[] }): Promise<void> {
  const { tag, users, submits, drafts } = opts;
  const { expect } = await import('vitest');
  const userIds = new Map<number, string>();
  for (let u = 0; u < users; u++) {
    const row = await store.one<{ id: string }>('SELECT id FROM "User" WHERE email = ?', [`crash-${tag}-${u}@example.test`]);
    userIds.set(u, row!.id);
  }
  for (const [key, verdict] of keyVerdicts(submits)) {
    const user = submits.find((s) => s.key === key)!.user;
    const rows = await store.all<{ id: string }>('SELECT id FROM "Submission" WHERE "userId" = ? AND "idempotencyKey" = ?', [userIds.get(user), key]);
    if (verdict === 'ack') expect(rows.length, `acknowledged ${key}`).toBe(1);
    else if (verdict === 'rejected') expect(rows.length, `rejected ${key}`).toBe(0);
    else expect(rows.length, `in-doubt ${key}`).toBeLessThanOrEqual(1);
    // The body can be lost after the status line when the server dies; check the id when we have it.
    for (const s of submits.filter((x) => x.key === key && x.outcome === 'ack' && x.id)) {
      expect(rows[0]?.id, `id of ${key}`).toBe(s.id);
    }
  }
  for (const [k, rule] of allowedDrafts(drafts)) {
    const [user, exercise] = k.split('|');
    const row = await store.one<{ code: string }>('SELECT code FROM "Draft" WHERE "userId" = ? AND "exerciseUuid" = ?', [userIds.get(Number(user)), exercise]);
    if (rule.mustExist) expect(row, `draft ${k}`).toBeDefined();
    if (row) expect(rule.allowed.has(row.code), `draft ${k} = ${JSON.stringify(row.code)}`).toBe(true);
  }
}

/** Waits until every submission of this run is DONE; returns the rows (status, attempts, key). */
export async function waitAllGraded(store: Store, tag: string, ms: number): Promise<{ done: boolean; rows: Array<{ status: string; idempotencyKey: string }> }> {
  const sql = `SELECT status, "idempotencyKey" FROM "Submission" WHERE "idempotencyKey" LIKE ?`;
  const done = await waitUntil(async () => (await store.all<{ status: string }>(sql, [`${tag}-%`])).every((r) => r.status === 'DONE'), ms, 250);
  return { done, rows: await store.all(sql, [`${tag}-%`]) };
}

/**
 * After the restart: everything stored gets graded, with one row per key; retries of acknowledged
 * keys return the same row; a brand-new submission is accepted and graded.
 */
export async function checkAfterRestart(store: Store, opts: { app: App; clients: Client[]; submits: SubmitOp[]; tag: string; exercise: string; gradeWithinMs: number }): Promise<void> {
  const { app, clients, submits, tag, exercise } = opts;
  const { expect } = await import('vitest');
  for (const c of clients) c.setBase(app.base);
  const t0 = Date.now();
  const left = (await store.all<{ status: string }>(`SELECT status FROM "Submission" WHERE "idempotencyKey" LIKE ?`, [`${tag}-%`])).filter((r) => r.status !== 'DONE');
  console.log(`[crash ${tag}] after restart: ${left.map((r) => r.status).join(', ') || 'nothing'} left to grade`);
  const { done, rows } = await waitAllGraded(store, tag, opts.gradeWithinMs);
  console.log(`[crash ${tag}] ${rows.length} stored submissions graded within ${Date.now() - t0} ms`);
  expect(done, `not graded: ${JSON.stringify(rows.filter((r) => r.status !== 'DONE'))}`).toBe(true);
  expect(new Set(rows.map((r) => r.idempotencyKey)).size).toBe(rows.length);
  for (const s of submits.filter((x) => x.outcome === 'ack' && x.id).slice(0, 3)) {
    const res = await clients[s.user]!.request('POST', '/api/submissions', { exerciseId: exercise, code: 'x', idempotencyKey: s.key });
    expect(res.status, `retry of ${s.key}`).toBe(202);
    expect(((await res.json()) as { id: string }).id).toBe(s.id);
  }
  const fresh = await clients[0]!.request('POST', '/api/submissions', { exerciseId: exercise, code: 'export const after = 1;\n', idempotencyKey: `${tag}-after-restart` });
  expect(fresh.status).toBe(202);
  const { id } = (await fresh.json()) as { id: string };
  const graded = await waitUntil(async () => (await store.one<{ status: string }>('SELECT status FROM "Submission" WHERE id = ?', [id]))?.status === 'DONE', opts.gradeWithinMs, 250);
  expect(graded, 'new submission after restart graded').toBe(true);
  console.log(`[crash ${tag}] new submission graded; checks after restart took ${Date.now() - t0} ms`);
}

export function sqliteStore(db: import('better-sqlite3').Database): Store {
  return {
    one: async <T>(sql: string, params: unknown[]) => db.prepare(sql).get(...params) as T | undefined,
    all: async <T>(sql: string, params: unknown[]) => db.prepare(sql).all(...params) as T[],
  };
}

export function pgStore(pool: import('pg').Pool): Store {
  return {
    one: async <T>(sql: string, params: unknown[]) => (await pool.query(pgSql(sql), params)).rows[0] as T | undefined,
    all: async <T>(sql: string, params: unknown[]) => (await pool.query(pgSql(sql), params)).rows as T[],
  };
}

/** Starts one stream per client; returns the records and a function that stops them and waits. */
export function startStreams(clients: Client[], seed: number, tag: string, exercises: string[]) {
  const drafts: DraftOp[] = [];
  const submits: SubmitOp[] = [];
  let stopped = false;
  const streams = clients.map((client, user) =>
    writeStream({ client, user, tag, random: rng(seed * 100 + user), exercises, drafts, submits, stopped: () => stopped }),
  );
  return {
    drafts,
    submits,
    stop: async () => {
      stopped = true;
      await Promise.all(streams);
    },
    summary: () =>
      `${drafts.filter((d) => d.outcome === 'ack').length} drafts and ${submits.filter((s) => s.outcome === 'ack').length} submissions acknowledged, ` +
      `${drafts.filter((d) => d.outcome === 'doubt').length + submits.filter((s) => s.outcome === 'doubt').length} in doubt, ` +
      `${submits.filter((s) => s.outcome === 'rejected').length} submissions refused`,
  };
}

export async function signUpUsers(app: App, tag: string, n: number): Promise<Client[]> {
  const clients: Client[] = [];
  for (let u = 0; u < n; u++) {
    const c = new Client(app.base);
    await c.signUpAndIn(`crash-${tag}-${u}@example.test`, 'crash-test-pass');
    clients.push(c);
  }
  return clients;
}
