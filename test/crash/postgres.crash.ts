/**
 * Issue 6 on PostgreSQL: (1) kill -9 the app mid-stream and restart it; (2) restart the PostgreSQL
 * server itself under load and check the running app (web + pg-boss worker) recovers by itself.
 * Uses its own database on the local server (127.0.0.1:5432) and always leaves the server running.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { readdirSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  checkAfterRestart,
  checkWrites,
  crash,
  exerciseUuids,
  pgStore,
  rng,
  root,
  signUpUsers,
  sleep,
  startApp,
  startStreams,
  stopApp,
  waitUntil,
  type App,
} from './harness';

const PORT = 3601;
const USERS = 3;
const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const NAME = `hml_crash_${process.pid}`;
const url = (() => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${NAME}`;
  return u.toString();
})();
const running = new Set<App>();
let pool: pg.Pool;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function pgReady(): boolean {
  try {
    execFileSync('pg_isready', ['-h', '127.0.0.1', '-p', '5432', '-t', '1'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function waitForPostgres(ms: number): Promise<boolean> {
  return waitUntil(async () => pgReady(), ms, 100);
}

function newPool(): pg.Pool {
  const p = new pg.Pool({ connectionString: url, max: 2 });
  p.on('error', () => {});
  return p;
}

beforeAll(async () => {
  await admin(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${NAME}`);
  const env = { ...process.env, DATABASE_URL: url };
  execFileSync('npm', ['run', '--silent', 'db:migrate'], { cwd: root, env, stdio: 'pipe' });
  execFileSync('npm', ['run', '--silent', 'db:seed'], { cwd: root, env, stdio: 'pipe' });
  pool = newPool();
}, 60_000);

afterAll(async () => {
  for (const app of running) await stopApp(app);
  await pool?.end().catch(() => {});
  // Whatever happened, leave the server up for the rest of the run.
  if (!pgReady()) {
    execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', clusterVersion(), 'main', 'start'], { stdio: 'ignore' });
    await waitForPostgres(30_000);
  }
  await admin(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
}, 60_000);

function clusterVersion(): string {
  return readdirSync('/etc/postgresql').sort()[0]!;
}

test('PostgreSQL, SIGKILL mid-stream (seed 41): acknowledged writes survive exactly once; the rest is graded after restart', async () => {
  const seed = 41;
  const tag = `p${seed}`;
  const exercises = exerciseUuids();
  let app = await startApp(PORT, url);
  running.add(app);
  const clients = await signUpUsers(app, tag, USERS);
  const load = startStreams(clients, seed, tag, exercises);
  const killAfter = 500 + Math.floor(rng(seed)() * 1000);
  await sleep(killAfter);
  await crash(app);
  running.delete(app);
  await load.stop();
  console.log(`[crash ${tag}] SIGKILL after ${killAfter} ms: ${load.summary()}`);
  expect(load.drafts.some((d) => d.outcome === 'ack')).toBe(true);
  await checkWrites(pgStore(pool), { tag, users: USERS, submits: load.submits, drafts: load.drafts });

  app = await startApp(PORT, url);
  running.add(app);
  try {
    await checkAfterRestart(pgStore(pool), { app, clients, submits: load.submits, tag, exercise: exercises[0]!, gradeWithinMs: 40_000 });
  } finally {
    await stopApp(app);
    running.delete(app);
  }
}, 120_000);

test('PostgreSQL restarted under load: the running app and worker recover without manual steps', async () => {
  const seed = 53;
  const tag = `r${seed}`;
  const exercises = exerciseUuids();
  const app = await startApp(PORT, url);
  running.add(app);
  try {
    const clients = await signUpUsers(app, tag, USERS);
    const load = startStreams(clients, seed, tag, exercises);
    const restartAfter = 500 + Math.floor(rng(seed)() * 1000);
    await sleep(restartAfter);
    const t0 = Date.now();
    // Asynchronously, so the learners' requests keep coming while the server is down.
    await promisify(execFile)('pg_ctlcluster', ['--skip-systemctl-redirect', clusterVersion(), 'main', 'restart'], { timeout: 60_000 });
    expect(await waitForPostgres(30_000), 'PostgreSQL back after restart').toBe(true);
    const back = Date.now();

    // New requests succeed within a bounded time once the server is back.
    const probe = clients[0]!;
    const recovered = await waitUntil(async () => {
      try {
        const res = await probe.request('GET', `/api/drafts/${exercises[0]}`, undefined, false, 2000);
        await res.text();
        return res.status === 200 || res.status === 404;
      } catch {
        return false;
      }
    }, 15_000, 100);
    const recoveredAfter = Date.now() - back;
    expect(recovered, 'app answers from the database within 15 s of PostgreSQL being back').toBe(true);
    await sleep(1000); // a little more load on the recovered pool
    await load.stop();
    console.log(`[crash ${tag}] PostgreSQL restart after ${restartAfter} ms took ${back - t0} ms; app recovered ${recoveredAfter} ms later; ${load.summary()}`);

    await pool.end().catch(() => {});
    pool = newPool();
    await checkWrites(pgStore(pool), { tag, users: USERS, submits: load.submits, drafts: load.drafts });
    // Every write after the restart that was acknowledged is in the data checked above; now the worker
    // (same process, never restarted) must grade everything stored, and new submissions too.
    await checkAfterRestart(pgStore(pool), { app, clients, submits: load.submits, tag, exercise: exercises[0]!, gradeWithinMs: 40_000 });
    expect(app.proc.exitCode, 'the app kept running').toBeNull();
  } finally {
    await stopApp(app);
    running.delete(app);
  }
}, 120_000);
