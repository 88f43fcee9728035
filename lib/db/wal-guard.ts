import 'server-only';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { log } from '@/lib/log';

/**
 * Bounds the SQLite `-wal` file. SQLite's own auto-checkpoint is PASSIVE: it copies frames back
 * into the database but can only start the WAL over when no reader still uses it, so a steady
 * write load under constantly overlapping readers grows the file without limit ("checkpoint
 * starvation"). Every `intervalMs` the guard reads the file's size; above `thresholdBytes` it runs
 * `PRAGMA wal_checkpoint(TRUNCATE)` on the app's own connection.
 *
 * TRUNCATE rather than RESTART: both wait (busy_timeout) for the readers of old snapshots to finish
 * while holding the write lock, then start the WAL over; TRUNCATE also cuts the file to 0 bytes.
 * RESTART leaves the file at its high-water size until the next commit trims it to
 * journal_size_limit, so a size-based guard would see the same big number and fire again.
 */

const MiB = 1024 * 1024;

export type WalGuardSettings = {
  /** Checkpoint when the `-wal` file is larger than this. */
  thresholdBytes: number;
  /** How often the file's size is read (one stat() call; the checkpoint runs only above the threshold). */
  intervalMs: number;
  /** Longest pause before retrying after checkpoints that readers kept busy. */
  maxBackoffMs: number;
};

export const WAL_GUARD_DEFAULTS: WalGuardSettings = {
  thresholdBytes: 64 * MiB,
  intervalMs: 5_000,
  maxBackoffMs: 5 * 60_000,
};

/** What the guard needs from a connection: one raw query (a Prisma client fits). */
export type SqlRunner = { $queryRawUnsafe<T = unknown>(query: string): PromiseLike<T> };

// busy = 1 when it could not finish; log / checkpointed = frames in the WAL / copied back (both 0
// after a TRUNCATE, both -1 when another connection's checkpoint held the checkpoint lock)
const CheckpointRow = z.object({ busy: z.coerce.number(), log: z.coerce.number(), checkpointed: z.coerce.number() });
export type WalCheck = z.infer<typeof CheckpointRow> & {
  walBytesBefore: number;
  walBytesAfter: number;
  durationMs: number;
  attempts: number;
};

// SQLite does not wait for the checkpoint lock, and a writer past 1000 WAL pages takes it for its
// automatic PASSIVE checkpoint after every commit: try a few more times before giving up.
const LOCK_ATTEMPTS = 10;
const LOCK_RETRY_MS = 100;

export type WalGuard = {
  walPath: string;
  /** One look at the file (what the interval does); the checkpoint's result if one ran. */
  check(): Promise<WalCheck | undefined>;
  stop(): void;
};

/** The file @prisma/adapter-better-sqlite3 opens for a `file:` URL (it strips the prefix only). */
export function sqliteFilePath(url: string): string | undefined {
  const file = url.replace(/^file:/, '');
  return file === '' || file === ':memory:' ? undefined : path.resolve(file);
}

async function fileBytes(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (error) {
    // no -wal file: no connection has it open yet, or the last one closed and removed it
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

export async function startWalGuard(db: SqlRunner, dbPath: string, settings: Partial<WalGuardSettings> = {}): Promise<WalGuard> {
  const { thresholdBytes, intervalMs, maxBackoffMs } = { ...WAL_GUARD_DEFAULTS, ...settings };
  const walPath = `${dbPath}-wal`;
  // When the WAL starts over without the guard (an auto-checkpoint that found no readers), SQLite
  // trims the file to this. A quarter of the threshold keeps a one-off spike from tripping the
  // guard later, and at the default (16 MiB) is 4x the ~4 MiB a 1000-page auto-checkpoint cycles
  // through, so ordinary cycles do not shrink and regrow the file.
  await db.$queryRawUnsafe(`PRAGMA journal_size_limit = ${Math.floor(thresholdBytes / 4)}`);

  let running = false;
  let busyStreak = 0;
  let retryAt = 0;

  async function checkpointOnce(): Promise<z.infer<typeof CheckpointRow> & { durationMs: number }> {
    // A connection that opened the file while it was empty and has not read since has no WAL
    // handle; the checkpoint then opens one with a read that it holds itself and waits out the
    // whole busy_timeout on its own lock (seen with SQLite 3.49 and 3.53). Any read first avoids that.
    await db.$queryRawUnsafe('SELECT 1 FROM sqlite_schema LIMIT 1');
    const started = performance.now();
    // Blocks this process (better-sqlite3 is synchronous) and other writers until old readers finish
    const rows = await db.$queryRawUnsafe<unknown[]>('PRAGMA wal_checkpoint(TRUNCATE)');
    return { ...CheckpointRow.parse(rows[0]), durationMs: Math.round(performance.now() - started) };
  }

  async function checkpoint(walBytesBefore: number): Promise<WalCheck> {
    let attempts = 1;
    let result = await checkpointOnce();
    while (result.busy && result.log === -1 && attempts < LOCK_ATTEMPTS) {
      await delay(LOCK_RETRY_MS);
      attempts += 1;
      result = await checkpointOnce();
    }
    return { ...result, walBytesBefore, walBytesAfter: await fileBytes(walPath), attempts };
  }

  async function check(): Promise<WalCheck | undefined> {
    if (running) return undefined;
    running = true;
    try {
      const walBytesBefore = await fileBytes(walPath);
      if (walBytesBefore <= thresholdBytes || Date.now() < retryAt) return undefined;
      const result = await checkpoint(walBytesBefore);
      const fields = { walPath, thresholdBytes, mode: 'TRUNCATE', ...result };
      if (result.busy) {
        // A long reader (a backup, a CLI session) outlasted busy_timeout: back off so it is not met
        // with a stall every interval. Checkpoint-lock contention (log -1) costs no stall: next tick.
        const locked = result.log === -1;
        if (!locked) busyStreak += 1;
        const retryInMs = locked ? intervalMs : Math.min(intervalMs * 2 ** busyStreak, maxBackoffMs);
        retryAt = locked ? 0 : Date.now() + retryInMs;
        log.warn('db: wal checkpoint', { ...fields, retryInMs });
      } else {
        busyStreak = 0;
        retryAt = 0;
        log.info('db: wal checkpoint', fields);
      }
      return result;
    } finally {
      running = false;
    }
  }

  const timer = setInterval(() => {
    check().catch((error: unknown) => log.error('db: wal guard failed', { walPath, error }));
  }, intervalMs);
  // Never the reason a process stays alive (scripts, tests, the worker's shutdown).
  timer.unref();
  return { walPath, check, stop: () => clearInterval(timer) };
}

type Registry = Map<string, WalGuard>;
// On globalThis like lib/db/client.ts's holder, so dev hot reloads see the same guards.
const guards: Registry = ((globalThis as { __walGuards?: Registry }).__walGuards ??= new Map());

/**
 * At most one guard per database file per process: a newer client for the same file takes over
 * from the previous one. No guard for in-memory databases.
 */
export async function guardSqliteWal(
  db: SqlRunner,
  url: string,
  settings: Partial<WalGuardSettings> = {},
): Promise<WalGuard | undefined> {
  const dbPath = sqliteFilePath(url);
  if (!dbPath) return undefined;
  guards.get(dbPath)?.stop();
  const guard = await startWalGuard(db, dbPath, settings);
  const registered: WalGuard = {
    ...guard,
    stop: () => {
      guard.stop();
      if (guards.get(dbPath) === registered) guards.delete(dbPath);
    },
  };
  guards.set(dbPath, registered);
  return registered;
}
