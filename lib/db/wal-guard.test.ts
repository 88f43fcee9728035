import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { setLogSink } from '@/lib/log';
import { createDb, type Db } from './client';
import { runWalLoad } from './wal-guard-load';
import { sqliteFilePath, startWalGuard, type SqlRunner } from './wal-guard';

const MiB = 1024 * 1024;
const THRESHOLD = 2 * MiB;
const INTERVAL_MS = 50;
// The guard looks every INTERVAL_MS, so the file may pass the threshold by what the writer
// appends before the checkpoint takes the write lock: ~250 KiB per interval when the timer is on
// time (measured peaks 2.2-2.4 MiB), more when a loaded CI machine delays the timer (400 writes/s
// x ~12 KiB is ~1 MiB per 200 ms of delay). 4 MiB of margin absorbs that and stays far below the
// unguarded run (12-15 MiB within the same 3 s), which is the difference this test is about.
const LIMIT = THRESHOLD + 4 * MiB;
const LOAD = { seconds: 3, writesPerSecond: 400, payloadBytes: 4096, readerConnections: 2, holdMs: 300 };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hml-wal-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// Like createTestDb('sqlite') but without migrations (the load brings its own table): they cost
// seconds of CPU that other test files running alongside need. Starting from an empty file also
// covers the guard's read-before-checkpoint (see lib/db/wal-guard.ts).
async function sqlite(walGuard: false | { thresholdBytes: number; intervalMs: number }): Promise<{ db: Db; dbPath: string }> {
  const dbPath = path.join(tempDir(), 'test.db');
  const db = await createDb(`file:${dbPath}`, { walGuard });
  cleanups.unshift(() => db.$disconnect());
  return { db, dbPath };
}

// Through the app's own connection: a second SQLite copy in this process would not share its locks.
async function contents(db: Db): Promise<{ integrity: string; rows: number }> {
  const [check] = await db.$queryRawUnsafe<Array<{ integrity_check: string }>>('PRAGMA integrity_check');
  const [count] = await db.$queryRawUnsafe<Array<{ n: bigint }>>('SELECT count(*) AS n FROM wal_load');
  return { integrity: check!.integrity_check, rows: Number(count!.n) };
}

test('without the guard, overlapping readers and a steady writer grow the WAL past the threshold', async () => {
  const { db, dbPath } = await sqlite(false);
  const result = await runWalLoad({ dbPath, ...LOAD });
  // Well past the threshold (12-15 MiB on a quiet machine; half the write rate still clears this).
  expect(result.maxWalBytes).toBeGreaterThan(2 * THRESHOLD);
  expect(result.failed).toBe(0);
  expect(await contents(db)).toEqual({ integrity: 'ok', rows: result.acked });
}, 20_000);

test('with the guard, the WAL stays under the threshold and every acknowledged write survives', async () => {
  const lines: Array<Record<string, unknown>> = [];
  const restore = setLogSink((line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  try {
    const { db, dbPath } = await sqlite({ thresholdBytes: THRESHOLD, intervalMs: INTERVAL_MS });
    const result = await runWalLoad({ dbPath, ...LOAD });
    const checkpoints = lines.filter((l) => l.msg === 'db: wal checkpoint');

    expect(result.maxWalBytes).toBeLessThanOrEqual(LIMIT);
    expect(checkpoints.length).toBeGreaterThan(0);
    expect(checkpoints.every((l) => Number(l.walBytesBefore) > THRESHOLD)).toBe(true);
    // Readers may keep one attempt busy on a loaded machine; the guard must still get through.
    expect(checkpoints.some((l) => l.busy === 0)).toBe(true);
    expect(result.failed).toBe(0);
    expect(await contents(db)).toEqual({ integrity: 'ok', rows: result.acked });
  } finally {
    restore();
  }
}, 20_000);

type Answer = { busy: number; log: number; checkpointed: number };
const DONE: Answer = { busy: 0, log: 0, checkpointed: 0 };

/** A stand-in connection that records its statements and answers checkpoints in turn (the last repeats). */
function fakeConnection(...answers: Answer[]): { db: SqlRunner; statements: string[] } {
  const statements: string[] = [];
  const db: SqlRunner = {
    $queryRawUnsafe: async <T>(sql: string) => {
      statements.push(sql);
      if (!sql.includes('wal_checkpoint')) return [{}] as T;
      return [answers.length > 1 ? answers.shift() : answers[0]] as T;
    },
  };
  return { db, statements };
}

function fileOfBytes(bytes: number): string {
  const dbPath = path.join(tempDir(), 'x.db');
  writeFileSync(`${dbPath}-wal`, Buffer.alloc(bytes));
  return dbPath;
}

async function logged(run: () => Promise<void>): Promise<Array<Record<string, unknown>>> {
  const lines: Array<Record<string, unknown>> = [];
  const restore = setLogSink((line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  try {
    await run();
  } finally {
    restore();
  }
  return lines;
}

test('a WAL at its threshold is left alone and journal_size_limit is a quarter of it', async () => {
  const { db, statements } = fakeConnection(DONE);
  const guard = await startWalGuard(db, fileOfBytes(4096), { thresholdBytes: 4096, intervalMs: 60_000 });
  guard.stop();
  expect(await guard.check()).toBeUndefined();
  expect(statements).toEqual(['PRAGMA journal_size_limit = 1024']);
});

test('after a checkpoint that readers kept busy the guard waits before trying again', async () => {
  const { db, statements } = fakeConnection({ busy: 1, log: 40, checkpointed: 40 });
  const guard = await startWalGuard(db, fileOfBytes(8192), { thresholdBytes: 4096, intervalMs: 60_000 });
  guard.stop();
  const lines = await logged(async () => {
    expect((await guard.check())?.busy).toBe(1);
    expect(await guard.check()).toBeUndefined();
  });
  expect(statements.filter((sql) => sql.includes('wal_checkpoint'))).toHaveLength(1);
  expect(lines).toMatchObject([{ level: 'warn', msg: 'db: wal checkpoint', busy: 1, retryInMs: 120_000 }]);
});

test("when another connection's checkpoint holds the lock the guard tries again at once", async () => {
  const locked: Answer = { busy: 1, log: -1, checkpointed: -1 };
  const { db } = fakeConnection(locked, locked, DONE);
  const guard = await startWalGuard(db, fileOfBytes(8192), { thresholdBytes: 4096, intervalMs: 60_000 });
  guard.stop();
  const lines = await logged(async () => {
    expect(await guard.check()).toMatchObject({ busy: 0, attempts: 3 });
  });
  expect(lines).toMatchObject([{ level: 'info', msg: 'db: wal checkpoint', busy: 0, attempts: 3 }]);
});

test('in-memory SQLite has no WAL file to guard', () => {
  expect(sqliteFilePath('file::memory:')).toBeUndefined();
  expect(sqliteFilePath(':memory:')).toBeUndefined();
  expect(sqliteFilePath('file:./data/app.db')).toBe(path.resolve('data/app.db'));
});
