/**
 * Issue 6: kill -9 the app (next start + grading worker, SQLite) in the middle of a stream of draft
 * saves and submissions, restart it, and check nothing acknowledged was lost or duplicated and every
 * stored submission is graded once. Runs against the production build; see scripts/test-all.sh.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  checkAfterRestart,
  checkWrites,
  crash,
  exerciseUuids,
  rng,
  root,
  signUpUsers,
  sleep,
  sqliteStore,
  startApp,
  startStreams,
  stopApp,
  type App,
} from './harness';

const PORT = 3600;
const USERS = 4;
let dir: string;
let template: string;
const running = new Set<App>();

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'hml-crash-sqlite-'));
  template = path.join(dir, 'template.db');
  const env = { ...process.env, DATABASE_URL: `file:${template}` };
  execFileSync('npm', ['run', '--silent', 'db:migrate'], { cwd: root, env, stdio: 'pipe' });
  execFileSync('npm', ['run', '--silent', 'db:seed'], { cwd: root, env, stdio: 'pipe' });
}, 60_000);

afterAll(async () => {
  for (const app of running) await stopApp(app);
  rmSync(dir, { recursive: true, force: true });
});

for (const seed of [11, 23, 37]) {
  test(`SQLite, SIGKILL mid-stream (seed ${seed}): acknowledged writes survive exactly once; the rest is graded after restart`, async () => {
    const file = path.join(dir, `crash-${seed}.db`);
    copyFileSync(template, file);
    const url = `file:${file}`;
    const tag = `s${seed}`;
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

    // The file as the crash left it (the WAL is recovered on open): intact, holding every acknowledged write.
    const sqlite = new Database(file);
    try {
      expect(sqlite.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
      await checkWrites(sqliteStore(sqlite), { tag, users: USERS, submits: load.submits, drafts: load.drafts });
    } finally {
      sqlite.close();
    }

    // Restart: the worker comes up with the app and grades what was left PENDING/GRADING, once.
    app = await startApp(PORT, url);
    running.add(app);
    const db = new Database(file, { readonly: true });
    try {
      await checkAfterRestart(sqliteStore(db), { app, clients, submits: load.submits, tag, exercise: exercises[0]!, gradeWithinMs: 40_000 });
    } finally {
      db.close();
      await stopApp(app);
      running.delete(app);
    }
  }, 120_000);
}
