/**
 * Load test against running app instances: N signed-in learners save drafts and submit real
 * exercise code for a fixed time; then the queue is drained and the history is checked against
 * the database (Jepsen-style: every request is recorded as invoke, then ok / fail / info).
 *
 *   npm run bench:load -- --base http://127.0.0.1:3500[,http://127.0.0.1:3501] \
 *     [--db file:./data/load.db | --db postgresql://...] [--learners 200] [--seconds 120] \
 *     [--exercise co-training] [--code solution|starter] [--ramp-seconds 30] [--drain-seconds 600] [--json out.json]
 *
 * Learners join over --ramp-seconds (learner i starts at i/N of it), as a class arrives, rather
 * than all in the same second; acknowledgement latency is reported for the whole run and for the
 * steady state after the ramp. --code starter submits the exercise's starter file (graded fail in
 * a fraction of the solution's time: a light job, like an unfinished attempt).
 *
 * --db defaults to DATABASE_URL. The database must be the one the instances use; the check only
 * looks at the learners this run created (fresh emails), so other rows do not matter.
 *
 * Outcomes: ok = acknowledged (202) or refused for sure (fail: 4xx, the server answered that it
 * did not store anything); info = unknown (network error after one retry with the same
 * idempotency key, or 5xx): the submission may or may not exist, and the check allows both.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { checkHistory, type SubmitRecord } from './lib/load-history-check';
import { openLoadDb, toMs } from './lib/load-db-reader';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const BASES = option('base', 'http://127.0.0.1:3500').split(',').map((b) => b.replace(/\/$/, ''));
const DB_URL = option('db', process.env.DATABASE_URL ?? 'file:./data/load.db');
const LEARNERS = Number(option('learners', '200'));
const SECONDS = Number(option('seconds', '120'));
const EXERCISE = option('exercise', 'co-training');
const CODE = option('code', 'solution');
const RAMP_SECONDS = Number(option('ramp-seconds', '30'));
const DRAIN_SECONDS = Number(option('drain-seconds', '900'));
const JSON_OUT = option('json', '');
const DRAFT_EVERY_MS = Number(option('draft-every-ms', '3000'));
const SETUP_PARALLEL = Number(option('setup-parallel', '8'));
const REQUEST_TIMEOUT_MS = 30_000;

const root = path.resolve(import.meta.dirname, '..');

// ---------------------------------------------------------------- exercise (real, from the repo)
function findExercise(slug: string): { uuid: string; code: string } {
  if (CODE !== 'solution' && CODE !== 'starter') throw new Error('--code is solution or starter');
  for (const mod of readdirSync(path.join(root, 'exercises'))) {
    for (const dir of readdirSync(path.join(root, 'exercises', mod))) {
      if (dir.replace(/^\d+-/, '') !== slug) continue;
      const meta = JSON.parse(readFileSync(path.join(root, 'exercises', mod, dir, 'meta.json'), 'utf8'));
      const file = CODE === 'starter' ? path.join(root, 'exercises', mod, dir, 'starter.ts') : path.join(root, 'graders', mod, dir, 'solution.ts');
      const code = readFileSync(file, 'utf8');
      return { uuid: meta.uuid, code };
    }
  }
  throw new Error(`no exercise ${slug}`);
}
const exercise = findExercise(EXERCISE);

// ---------------------------------------------------------------- history (Jepsen style)
type OpType = 'invoke' | 'ok' | 'fail' | 'info';
type Op = { type: OpType; f: 'signup' | 'signin' | 'draft' | 'submit'; learner: number; t: number; value?: unknown; status?: number; ms?: number };
const history: Op[] = [];
const t0 = performance.now();
const now = () => performance.now() - t0;
const record = (op: Omit<Op, 't'>) => history.push({ ...op, t: now() });

// ---------------------------------------------------------------- HTTP with cookies
type Learner = { i: number; email: string; password: string; base: string; cookies: Map<string, string>; userId?: string };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function storeCookies(learner: Learner, response: Response): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const eq = pair!.indexOf('=');
    learner.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
  }
}
const cookieHeader = (l: Learner) => [...l.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

async function request(learner: Learner, method: string, url: string, body?: string, type = 'application/json'): Promise<Response> {
  const headers: Record<string, string> = { origin: learner.base, cookie: cookieHeader(learner) };
  if (body !== undefined) headers['content-type'] = type;
  const response = await fetch(`${learner.base}${url}`, {
    method,
    headers,
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  storeCookies(learner, response);
  return response;
}

/** Set-up is not what is measured: retry a failed sign-up / sign-in a few times (409 = created by an earlier try). */
async function setUpWithRetry(learner: Learner): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await setUp(learner, attempt > 1);
    } catch (error) {
      if (attempt >= 4) throw error;
      console.log(`set-up of learner ${learner.i} failed (${String(error)}); retrying`);
      learner.cookies.clear();
      await sleep(1000 * attempt);
    }
  }
}

async function setUp(learner: Learner, retry = false): Promise<void> {
  record({ type: 'invoke', f: 'signup', learner: learner.i });
  const up = await request(learner, 'POST', '/api/signup', JSON.stringify({ name: `Load ${learner.i}`, email: learner.email, password: learner.password }));
  await up.arrayBuffer();
  const created = up.status === 201 || (retry && up.status === 409);
  record({ type: created ? 'ok' : 'fail', f: 'signup', learner: learner.i, status: up.status });
  if (!created) throw new Error(`signup ${learner.email}: ${up.status}`);
  record({ type: 'invoke', f: 'signin', learner: learner.i });
  const csrf = (await (await request(learner, 'GET', '/api/auth/csrf')).json()) as { csrfToken: string };
  const form = new URLSearchParams({ csrfToken: csrf.csrfToken, email: learner.email, password: learner.password, json: 'true', callbackUrl: learner.base });
  const signin = await request(learner, 'POST', '/api/auth/callback/credentials', form.toString(), 'application/x-www-form-urlencoded');
  await signin.arrayBuffer();
  const ok = [...learner.cookies.keys()].some((k) => k.endsWith('next-auth.session-token'));
  record({ type: ok ? 'ok' : 'fail', f: 'signin', learner: learner.i, status: signin.status });
  if (!ok) throw new Error(`sign-in ${learner.email}: ${signin.status}, no session cookie`);
}

// ---------------------------------------------------------------- the learners' loops
const counters = { draftOk: 0, draftFail: 0, submitOk: 0, submit409: 0, submit429: 0, submit503: 0, submitOtherFail: 0, submitInfo: 0, networkRetries: 0 };
const ackLatencies: number[] = [];
/** Acknowledgements whose request started after the ramp (steady state). */
const steadyAckLatencies: number[] = [];
let steadyFrom = Infinity;
const allSubmitLatencies: number[] = [];
const drafts: { ms: number }[] = [];
/** Server-Timing handler durations (lib/http/responses.ts): the server's share of each latency. */
const handlerMs = { ack: [] as number[], draft: [] as number[] };
const handlerDuration = (response: Response): number | undefined => {
  const match = /handler;dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '');
  return match ? Number(match[1]) : undefined;
};

const rampDelay = (learner: Learner) => (learner.i / LEARNERS) * RAMP_SECONDS * 1000;

async function draftLoop(learner: Learner, end: number): Promise<void> {
  await sleep(rampDelay(learner) + Math.random() * DRAFT_EVERY_MS);
  // As the workspace does (components/exercise/use-draft.ts): one editor session, numbered edits.
  const session = randomUUID();
  let seq = 0;
  while (now() < end) {
    seq += 1;
    const code = `${exercise.code}\n// draft ${learner.i} ${Math.round(now())}\n`;
    record({ type: 'invoke', f: 'draft', learner: learner.i });
    const start = performance.now();
    try {
      const response = await request(learner, 'PUT', `/api/drafts/${exercise.uuid}`, JSON.stringify({ code, session, seq }));
      await response.arrayBuffer();
      const ms = performance.now() - start;
      if (response.ok) {
        counters.draftOk++;
        drafts.push({ ms });
        const handler = handlerDuration(response);
        if (handler !== undefined) handlerMs.draft.push(handler);
        record({ type: 'ok', f: 'draft', learner: learner.i, status: response.status, ms });
      } else {
        counters.draftFail++;
        record({ type: 'fail', f: 'draft', learner: learner.i, status: response.status, ms });
      }
    } catch (error) {
      counters.draftFail++;
      record({ type: 'info', f: 'draft', learner: learner.i, value: String(error) });
    }
    await sleep(Math.min(DRAFT_EVERY_MS * (0.5 + Math.random()), Math.max(0, end - now())));
  }
}

const submits: SubmitRecord[] = [];

async function submitLoop(learner: Learner, end: number): Promise<void> {
  await sleep(rampDelay(learner) + Math.random() * 3000);
  while (now() < end) {
    const key = `load-${randomUUID()}`;
    const body = JSON.stringify({ exerciseId: exercise.uuid, code: exercise.code, idempotencyKey: key });
    record({ type: 'invoke', f: 'submit', learner: learner.i, value: key });
    let waitMs = 2000 + Math.random() * 3000; // "thinking" before the next submission
    for (let attempt = 0; attempt < 2; attempt++) {
      const start = performance.now();
      try {
        const response = await request(learner, 'POST', '/api/submissions', body);
        const text = await response.text();
        const ms = performance.now() - start;
        allSubmitLatencies.push(ms);
        if (response.status === 202) {
          const id = (JSON.parse(text) as { id: string }).id;
          counters.submitOk++;
          ackLatencies.push(ms);
          const handler = handlerDuration(response);
          if (handler !== undefined) handlerMs.ack.push(handler);
          if (start - t0 >= steadyFrom) steadyAckLatencies.push(ms);
          submits.push({ learner: learner.i, userId: learner.userId!, key, outcome: 'ok', id, status: 202 });
          record({ type: 'ok', f: 'submit', learner: learner.i, value: { key, id }, status: 202, ms });
        } else if (response.status >= 500) {
          // 503 (queue full) is a definite refusal; any other 5xx is an unknown outcome
          const definite = response.status === 503 && /not submitted/.test(text);
          if (definite) counters.submit503++;
          else counters.submitInfo++;
          submits.push({ learner: learner.i, userId: learner.userId!, key, outcome: definite ? 'fail' : 'info', status: response.status });
          record({ type: definite ? 'fail' : 'info', f: 'submit', learner: learner.i, value: { key }, status: response.status, ms });
          waitMs = Number(response.headers.get('retry-after') ?? '5') * 1000;
        } else {
          if (response.status === 409) counters.submit409++;
          else if (response.status === 429) counters.submit429++;
          else counters.submitOtherFail++;
          submits.push({ learner: learner.i, userId: learner.userId!, key, outcome: 'fail', status: response.status });
          record({ type: 'fail', f: 'submit', learner: learner.i, value: { key }, status: response.status, ms });
          if (response.status === 409 || response.status === 429) waitMs = Number(response.headers.get('retry-after') ?? '5') * 1000;
        }
        break;
      } catch (error) {
        if (attempt === 0) {
          counters.networkRetries++;
          await sleep(200);
          continue; // one retry with the same idempotency key
        }
        counters.submitInfo++;
        submits.push({ learner: learner.i, userId: learner.userId!, key, outcome: 'info' });
        record({ type: 'info', f: 'submit', learner: learner.i, value: { key, error: String(error) } });
      }
    }
    await sleep(Math.min(waitMs, Math.max(0, end - now())));
  }
}

// ---------------------------------------------------------------- stats helpers
function quantile(values: number[], q: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
/** n, p50, p95 and p99 of one series (sorted once). */
function spread(values: number[]): { n: number; p50: number; p95: number; p99: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: values.length, p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), p99: quantile(sorted, 0.99) };
}
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');

// ---------------------------------------------------------------- main
async function main(): Promise<void> {
  const db = await openLoadDb(DB_URL, root);
  const run = randomUUID().slice(0, 8);
  const learners: Learner[] = Array.from({ length: LEARNERS }, (_, i) => ({
    i,
    email: `load-${run}-${i}@example.com`,
    password: `load-pass-${run}-${i}`,
    base: BASES[i % BASES.length]!,
    cookies: new Map(),
  }));
  console.log(`bench:load ${LEARNERS} learners on ${BASES.join(', ')}, ${SECONDS} s (ramp ${RAMP_SECONDS} s), exercise ${EXERCISE} ${CODE} (${exercise.uuid}), db ${DB_URL.replace(/\/\/[^@]*@/, '//')}`);

  // set-up: sign up + sign in, a few at a time (bcrypt cost 10 on the server)
  const setupStart = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: SETUP_PARALLEL }, async () => {
      while (next < learners.length) await setUpWithRetry(learners[next++]!);
    }),
  );
  const ids = await db.userIds(learners.map((l) => l.email));
  for (const l of learners) l.userId = ids.get(l.email);
  const userIds = learners.map((l) => l.userId!).filter(Boolean);
  if (userIds.length !== LEARNERS) throw new Error(`only ${userIds.length} of ${LEARNERS} users found in the database: wrong --db?`);
  console.log(`set-up: ${LEARNERS} sign-ups + sign-ins in ${((performance.now() - setupStart) / 1000).toFixed(1)} s`);

  // load phase
  const loadStart = now();
  const end = loadStart + SECONDS * 1000;
  steadyFrom = loadStart + RAMP_SECONDS * 1000;
  const depth: { s: number; pending: number }[] = [];
  const sampler = setInterval(() => {
    db.pending().then((pending) => depth.push({ s: Math.round((now() - loadStart) / 1000), pending })).catch(() => {});
  }, 5000);
  depth.push({ s: 0, pending: await db.pending() });
  // Every latency here is measured by this process: if its own event loop stalls, all of them grow.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  await Promise.all(learners.flatMap((l) => [draftLoop(l, end), submitLoop(l, end)]));
  const loadEnd = now();
  loopDelay.disable();
  // The histogram holds the intervals between 10 ms ticks: the lag is what exceeds 10 ms.
  const lag = (ns: number) => Math.max(0, ns / 1e6 - 10);
  const generatorLoopMs = { p50: lag(loopDelay.percentile(50)), p99: lag(loopDelay.percentile(99)), max: lag(loopDelay.max) };
  const loadSeconds = (loadEnd - loadStart) / 1000;
  console.log(`load phase done after ${loadSeconds.toFixed(1)} s; draining the queue…`);

  // drain
  const drainStart = now();
  while ((await db.inFlight(userIds)) > 0) {
    if (now() - drainStart > DRAIN_SECONDS * 1000) {
      console.log(`queue not drained after ${DRAIN_SECONDS} s`);
      break;
    }
    await sleep(1000);
  }
  clearInterval(sampler);
  depth.push({ s: Math.round((now() - loadStart) / 1000), pending: await db.pending() });
  const drainSeconds = (now() - drainStart) / 1000;

  // history check
  const rows = await db.rows(userIds);
  await db.close();
  const { problems, acknowledged, lost, notGraded, duplicated, unacknowledged, fromInfo } = checkHistory(rows, submits);
  const pass = problems.length === 0;

  // numbers
  const graded = rows.filter((r) => r.gradedAt !== null).map((r) => toMs(r.gradedAt!)).sort((a, b) => a - b);
  const gradingSpan = graded.length > 1 ? (graded.at(-1)! - graded[0]!) / 1000 : NaN;
  const jobsPerSecond = graded.length > 1 ? (graded.length - 1) / gradingSpan : NaN;
  const outcomes = rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.outcome ?? 'none']: (acc[r.outcome ?? 'none'] ?? 0) + 1 }), {});
  const summary = {
    date: new Date().toISOString(),
    machine: { nproc: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, load: os.loadavg().map((x) => x.toFixed(1)).join(' ') },
    bases: BASES,
    learners: LEARNERS,
    seconds: SECONDS,
    exercise: EXERCISE,
    loadSeconds,
    generatorLoopMs,
    drainSeconds,
    counters,
    rampSeconds: RAMP_SECONDS,
    code: CODE,
    steadyAckMs: spread(steadyAckLatencies),
    ackMs: { n: ackLatencies.length, p50: quantile(ackLatencies, 0.5), p95: quantile(ackLatencies, 0.95), p99: quantile(ackLatencies, 0.99), max: Math.max(...ackLatencies) },
    allSubmitMs: spread(allSubmitLatencies),
    draftMs: { n: drafts.length, p50: quantile(drafts.map((d) => d.ms), 0.5), p95: quantile(drafts.map((d) => d.ms), 0.95) },
    handlerMs: { ack: spread(handlerMs.ack), draft: spread(handlerMs.draft) },
    draftsPerSecond: counters.draftOk / loadSeconds,
    graded: graded.length,
    gradingSpanSeconds: gradingSpan,
    jobsPerSecond,
    outcomes,
    depth,
    check: { pass, acknowledged, rows: rows.length, lost, notGraded, duplicated, unacknowledged, fromInfo, problems: problems.slice(0, 50) },
    historyOps: history.length,
  };

  console.log(`\nsubmissions: ${counters.submitOk} acknowledged (202), ${counters.submit409} × 409 (in flight), ${counters.submit429} × 429, ${counters.submit503} × 503, ${counters.submitOtherFail} other refusals, ${counters.submitInfo} unknown (info), ${counters.networkRetries} network retries`);
  console.log(`generator event-loop lag: p50 ${f1(generatorLoopMs.p50)} ms, p99 ${f1(generatorLoopMs.p99)} ms, max ${f1(generatorLoopMs.max)} ms (its own stalls are in every latency below)`);
  console.log(`ack latency (202): p50 ${f1(summary.ackMs.p50)} ms, p95 ${f1(summary.ackMs.p95)} ms, p99 ${f1(summary.ackMs.p99)} ms, max ${f1(summary.ackMs.max)} ms (n=${summary.ackMs.n})`);
  console.log(`ack latency (202) after the ${RAMP_SECONDS} s ramp: p50 ${f1(summary.steadyAckMs.p50)} ms, p95 ${f1(summary.steadyAckMs.p95)} ms, p99 ${f1(summary.steadyAckMs.p99)} ms (n=${summary.steadyAckMs.n})`);
  console.log(`all submit responses: p50 ${f1(summary.allSubmitMs.p50)} ms, p95 ${f1(summary.allSubmitMs.p95)} ms, p99 ${f1(summary.allSubmitMs.p99)} ms (n=${summary.allSubmitMs.n})`);
  const h = summary.handlerMs;
  console.log(`  of which in our handler (Server-Timing): ack p50 ${f1(h.ack.p50)} / p95 ${f1(h.ack.p95)} / p99 ${f1(h.ack.p99)} ms, draft p50 ${f1(h.draft.p50)} / p95 ${f1(h.draft.p95)} / p99 ${f1(h.draft.p99)} ms`);
  console.log(`drafts: ${counters.draftOk} saved (${f1(summary.draftsPerSecond)}/s), ${counters.draftFail} failed; latency p50 ${f1(summary.draftMs.p50)} ms, p95 ${f1(summary.draftMs.p95)} ms`);
  console.log(`grading: ${graded.length} graded over ${f1(gradingSpan)} s = ${jobsPerSecond.toFixed(2)} jobs/s; outcomes ${JSON.stringify(outcomes)}; drained in ${f1(drainSeconds)} s after the load`);
  console.log(`queue depth (PENDING every 5 s): ${depth.map((d) => `${d.s}s:${d.pending}`).join(' ')}`);
  console.log(`\nHISTORY CHECK (${history.length} ops): ${acknowledged} acknowledged, ${rows.length} rows; lost ${lost}, not finally graded ${notGraded}, duplicated ${duplicated}, rows without an acknowledgement ${unacknowledged}, rows from unknown-outcome requests ${fromInfo}`);
  for (const p of problems.slice(0, 20)) console.log(`  - ${p}`);
  console.log(pass ? 'PASS' : 'FAIL');
  if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify({ summary, history }, null, 1));
  process.exit(pass ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
