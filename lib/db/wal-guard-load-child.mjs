// One process of the WAL-growth load (lib/db/wal-guard-load.ts): a steady writer, or a reader
// holding overlapping read transactions. A process, not a worker thread: the app's connection
// (Prisma's adapter) bundles its own copy of better-sqlite3, and two SQLite copies in one process
// do not see each other's POSIX locks, so a checkpoint could ignore the readers entirely. Plain JS
// so vitest and tsx can both start it without a TypeScript loader. Options arrive as argv[2]
// (JSON); the parent sends 'stop', and the result goes back once over IPC.
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';

const { role, dbPath, progressEveryMs, ...options } = JSON.parse(process.argv[2]);
let stopped = false;
process.on('message', (message) => {
  if (message === 'stop') stopped = true;
});
// a parent that died without saying stop must not leave this process running
process.on('disconnect', () => {
  stopped = true;
});
const running = () => !stopped;
const walBytes = () => statSync(`${dbPath}-wal`, { throwIfNoEntry: false })?.size ?? 0;

function open() {
  // the app's settings (docs/decisions/003-sqlite-durability.md)
  const db = new Database(dbPath, { timeout: 5000 });
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE IF NOT EXISTS wal_load (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, payload BLOB NOT NULL)');
  return db;
}

function timed(run, into) {
  const started = performance.now();
  const value = run();
  into.push(performance.now() - started);
  return value;
}

async function writer({ writesPerSecond, payloadBytes }) {
  const db = open();
  const insert = db.prepare('INSERT INTO wal_load (at, payload) VALUES (?, ?)');
  const periodMs = 1000 / writesPerSecond;
  const writeMs = [];
  let acked = 0;
  let failed = 0;
  let maxWalBytes = 0;
  let lastError;
  let nextProgress = Date.now();
  const t0 = performance.now();
  while (running()) {
    const started = performance.now();
    try {
      timed(() => insert.run(Date.now(), randomBytes(payloadBytes)), writeMs);
      acked += 1;
    } catch (error) {
      failed += 1;
      lastError = String(error);
    }
    // the exact peak: the file only grows at a commit
    maxWalBytes = Math.max(maxWalBytes, walBytes());
    if (Date.now() >= nextProgress) {
      if (process.connected) process.send({ progress: { acked, maxWalBytes } });
      nextProgress += progressEveryMs;
    }
    // steady, not catching up: after a stall the rate resumes instead of bursting
    await sleep(Math.max(0, periodMs - (performance.now() - started)));
  }
  const seconds = (performance.now() - t0) / 1000;
  db.close();
  return { acked, failed, seconds, maxWalBytes, writeMs, lastError };
}

async function reader({ connections, holdMs, readEveryMs }) {
  // Connection i starts i/connections of a hold later, so one always holds a transaction while
  // another ends its own and begins the next: there is never a moment without a reader.
  const t0 = performance.now();
  const readers = Array.from({ length: connections }, (_, i) => {
    const db = open();
    return {
      db,
      begin: db.prepare('BEGIN'),
      commit: db.prepare('COMMIT'),
      // recent rows: pages that live in the WAL, found through its index
      read: db.prepare('SELECT id, length(payload) AS n FROM wal_load ORDER BY id DESC LIMIT 20'),
      startAt: t0 + (i * holdMs) / connections,
      endsAt: Infinity,
    };
  });
  const readMs = [];
  let errors = 0;
  let lastError;
  let announced = false;
  while (running()) {
    for (const r of readers) {
      const now = performance.now();
      try {
        if (r.db.inTransaction && now >= r.endsAt) r.commit.run();
        if (!r.db.inTransaction && now >= r.startAt) {
          r.begin.run();
          r.endsAt = now + holdMs;
        }
        // the first read of a transaction takes its snapshot; later ones keep reading it
        if (r.db.inTransaction) timed(() => r.read.all(), readMs);
      } catch (error) {
        errors += 1;
        lastError = String(error);
      }
    }
    if (!announced) {
      // the writer starts only now, so it never runs without a reader
      if (process.connected) process.send({ ready: true });
      announced = true;
    }
    await sleep(readEveryMs);
  }
  for (const r of readers) {
    if (r.db.inTransaction) r.commit.run();
    r.db.close();
  }
  return { readMs, errors, lastError };
}

const result = await (role === 'writer' ? writer(options) : reader(options));
if (process.connected) process.send({ result }, () => process.disconnect());
